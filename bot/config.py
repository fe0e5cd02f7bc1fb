"""Settings, read from the environment (and an optional `.env` file) in one place."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load_dotenv(path: Path) -> None:
    """Set variables from a `KEY=value` file without overriding the real environment."""
    if not path.is_file():
        return
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        value = value.strip().strip('"').strip("'")
        os.environ.setdefault(key.strip(), value)


class SettingsError(ValueError):
    """Settings that can't work together; the message says which and what to do."""


def normalise_database_url(url: str) -> str:
    """`postgresql://` and `postgres://` become `postgresql+psycopg2://` (the driver we
    ship; SQLAlchemy 1.4 rejects `postgres://`); other URLs are returned as they are."""
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg2://" + url[len(scheme):]
    return url


def _check_scale(lock_store_url: str, rasa_workers: int) -> None:
    """Several Rasa workers need a lock store they all share (Redis)."""
    if lock_store_url and not lock_store_url.startswith(("redis://", "rediss://")):
        raise SettingsError(f"LOCK_STORE_URL must be a redis:// or rediss:// address, not "
                            f"{lock_store_url.split(':', 1)[0]}://...")
    if rasa_workers < 1:
        raise SettingsError("RASA_WORKERS must be 1 or more")
    if rasa_workers > 1 and not lock_store_url:
        raise SettingsError(
            f"RASA_WORKERS={rasa_workers} needs LOCK_STORE_URL=redis://...: each Rasa worker "
            "is its own process, and only a shared lock store keeps one person's messages "
            "in order across them")


@dataclass(frozen=True)
class Settings:
    """Every setting the application reads; see `.env.example` for what each means."""

    var_dir: Path
    database_url: str
    tracker_store_url: str
    telegram_token: str
    telegram_base_url: str
    telegram_mode: str
    rasa_url: str
    rasa_port: int
    action_port: int
    action_url: str
    rasa_timeout_s: float
    pseudonym_key_file: Path
    data_key_file: Path
    log_level: str
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_path: str = "telegram"
    webhook_secret: str = ""
    retention_days: int = 30
    language: str = "en"
    console_host: str = "127.0.0.1"
    console_port: int = 8080
    console_public_url: str = ""
    console_secret_file: Path = Path("var/secrets/console.key")
    handoff_org: str = ""  # "" = the catalog's words ("our partner organisation")
    handoff_hours: str = ""  # "" = the catalog's words ("Monday to Friday, 9 am to 5 pm")
    # The same two in other languages (HANDOFF_ORG_ES, HANDOFF_HOURS_ES): code -> (org, hours)
    handoff_local: Mapping[str, tuple[str, str]] = dataclass_field(default_factory=dict)
    counselor_language: str = "en"  # what a shared summary is written in for counselors
    lock_store_url: str = ""
    rasa_workers: int = 1
    rasa_patience_s: float = 180.0
    rasa_slow_notice_s: float = 6.0

    @property
    def console_url(self) -> str:
        """Where staff open the console (what `make run` prints)."""
        return self.console_public_url or f"http://{self.console_host}:{self.console_port}"

    @property
    def has_telegram(self) -> bool:
        """True when a bot token is set, so the Telegram bridge runs."""
        return bool(self.telegram_token)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read settings from `environ`; without it, from the process environment plus `.env`,
    read once per process (`load_settings.cache_clear()` makes the next call read them again:
    for tests that change os.environ)."""
    if environ is None:
        return _process_settings()
    return _settings_from(environ)


@functools.cache
def _process_settings() -> Settings:
    """The process's settings: its environment, `.env` filling what it does not set."""
    _load_dotenv(ROOT / ".env")
    return _settings_from(os.environ)


load_settings.cache_clear = _process_settings.cache_clear  # type: ignore[attr-defined]


def _settings_from(env: Mapping[str, str]) -> Settings:
    """Settings from one mapping of variable names to values."""

    def get(name: str, default: str = "") -> str:
        return (env.get(name) or "").strip() or default

    var_dir = Path(get("BOT_VAR_DIR", str(ROOT / "var"))).resolve()
    rasa_port = int(get("RASA_PORT", "5005"))
    action_port = int(get("ACTION_PORT", "5055"))
    lock_store_url = get("LOCK_STORE_URL")
    try:
        rasa_workers = int(get("RASA_WORKERS", "1"))
    except ValueError as error:
        raise SettingsError("RASA_WORKERS must be a whole number") from error
    _check_scale(lock_store_url, rasa_workers)
    return Settings(
        var_dir=var_dir,
        database_url=normalise_database_url(
            get("DATABASE_URL", f"sqlite:///{var_dir / 'app.db'}")),
        tracker_store_url=normalise_database_url(
            get("TRACKER_STORE_URL", f"sqlite:///{var_dir / 'tracker.db'}")),
        telegram_token=get("TELEGRAM_BOT_TOKEN"),
        telegram_base_url=get("TELEGRAM_BASE_URL", "https://api.telegram.org/bot"),
        telegram_mode=get("TELEGRAM_MODE", "polling").lower(),
        rasa_url=get("RASA_URL", f"http://127.0.0.1:{rasa_port}"),
        rasa_port=rasa_port,
        action_port=action_port,
        action_url=get("ACTION_ENDPOINT_URL", f"http://127.0.0.1:{action_port}/webhook"),
        rasa_timeout_s=float(get("RASA_TIMEOUT_S", "60")),
        rasa_patience_s=float(get("RASA_PATIENCE_S", "180")),
        rasa_slow_notice_s=float(get("RASA_SLOW_NOTICE_S", "6")),
        pseudonym_key_file=Path(
            get("PSEUDONYM_KEY_FILE", str(var_dir / "secrets" / "pseudonym.key"))
        ),
        data_key_file=Path(get("DATA_KEY_FILE", str(var_dir / "secrets" / "data.keys"))),
        log_level=get("LOG_LEVEL", "INFO").upper(),
        webhook_url=get("TELEGRAM_WEBHOOK_URL"),
        webhook_listen=get("TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1"),
        webhook_port=int(get("TELEGRAM_WEBHOOK_PORT", "8443")),
        webhook_path=get("TELEGRAM_WEBHOOK_PATH", "telegram").strip("/"),
        webhook_secret=get("TELEGRAM_WEBHOOK_SECRET"),
        retention_days=int(get("RETENTION_DAYS", "30")),
        language=get("BOT_LANGUAGE", "en"),
        console_host=get("CONSOLE_HOST", "127.0.0.1"),
        console_port=int(get("CONSOLE_PORT", "8080")),
        console_public_url=get("CONSOLE_PUBLIC_URL").rstrip("/"),
        console_secret_file=Path(
            get("CONSOLE_SECRET_FILE", str(var_dir / "secrets" / "console.key"))
        ),
        handoff_org=get("HANDOFF_ORG"),
        handoff_hours=get("HANDOFF_HOURS"),
        handoff_local={
            name.split("_")[-1].lower(): (get(f"HANDOFF_ORG_{name.split('_')[-1]}"),
                                          get(f"HANDOFF_HOURS_{name.split('_')[-1]}"))
            for name in env if re.fullmatch(r"HANDOFF_(ORG|HOURS)_[A-Z]{2}", name)},
        counselor_language=get("COUNSELOR_LANGUAGE", "en").lower(),
        lock_store_url=lock_store_url,
        rasa_workers=rasa_workers,
    )


def to_environment(settings: Settings) -> dict[str, str]:
    """The settings as environment variables, so child processes read the same ones.

    Includes what `endpoints.yml` reads when Rasa starts (TRACKER_STORE_URL,
    LOCK_STORE_URL, ACTION_ENDPOINT_URL). RASA_WORKERS becomes Sanic's SANIC_WORKERS for
    the Rasa process only (bot/runner.py).
    """
    return {
        "BOT_VAR_DIR": str(settings.var_dir),
        "DATABASE_URL": settings.database_url,
        "TRACKER_STORE_URL": settings.tracker_store_url,
        "TELEGRAM_BOT_TOKEN": settings.telegram_token,
        "TELEGRAM_BASE_URL": settings.telegram_base_url,
        "TELEGRAM_MODE": settings.telegram_mode,
        "RASA_URL": settings.rasa_url,
        "RASA_PORT": str(settings.rasa_port),
        "ACTION_PORT": str(settings.action_port),
        "ACTION_ENDPOINT_URL": settings.action_url,
        "RASA_TIMEOUT_S": str(settings.rasa_timeout_s),
        "RASA_PATIENCE_S": str(settings.rasa_patience_s),
        "RASA_SLOW_NOTICE_S": str(settings.rasa_slow_notice_s),
        "PSEUDONYM_KEY_FILE": str(settings.pseudonym_key_file),
        "DATA_KEY_FILE": str(settings.data_key_file),
        "LOG_LEVEL": settings.log_level,
        "RETENTION_DAYS": str(settings.retention_days),
        "TELEGRAM_WEBHOOK_URL": settings.webhook_url,
        "TELEGRAM_WEBHOOK_LISTEN": settings.webhook_listen,
        "TELEGRAM_WEBHOOK_PORT": str(settings.webhook_port),
        "TELEGRAM_WEBHOOK_PATH": settings.webhook_path,
        "TELEGRAM_WEBHOOK_SECRET": settings.webhook_secret,
        "BOT_LANGUAGE": settings.language,
        "CONSOLE_HOST": settings.console_host,
        "CONSOLE_PORT": str(settings.console_port),
        "CONSOLE_PUBLIC_URL": settings.console_public_url,
        "CONSOLE_SECRET_FILE": str(settings.console_secret_file),
        "HANDOFF_ORG": settings.handoff_org,
        "HANDOFF_HOURS": settings.handoff_hours,
        **{f"HANDOFF_{kind}_{code.upper()}": value
           for code, pair in settings.handoff_local.items()
           for kind, value in zip(("ORG", "HOURS"), pair, strict=True) if value},
        "COUNSELOR_LANGUAGE": settings.counselor_language,
        "LOCK_STORE_URL": settings.lock_store_url,
        "RASA_WORKERS": str(settings.rasa_workers),
    }
