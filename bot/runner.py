"""`make run`: start the action server, Rasa and the Telegram bridge, watch them, stop them.

Without TELEGRAM_BOT_TOKEN the terminal chat runs in the foreground instead of the bridge.
Each service logs to var/log/<name>.log. If a service dies it is restarted (at most
MAX_RESTARTS times); after that everything is stopped and the exit code says so.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import ROOT, Settings, to_environment

LOGGING_CONFIG = ROOT / "bot" / "logging.yml"
MAX_RESTARTS = 3
STARTUP_TIMEOUT_S = 180.0
PURGE_EVERY_S = 3600.0


@dataclass
class Service:
    """One process the assistant needs, how to start it and how to tell it is healthy."""

    name: str
    argv: list[str]
    health_url: str | None
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0

    def start(self) -> None:
        """Start the process in its own process group, logging to its file."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()

    def alive(self) -> bool:
        """True while the process runs."""
        return self.process is not None and self.process.poll() is None

    def healthy(self) -> bool:
        """True when the process runs and its health address answers 200."""
        if not self.alive():
            return False
        if self.health_url is None:
            return True
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self, timeout: float = 15.0) -> None:
        """Ask the process group to stop (SIGTERM), then force it (SIGKILL)."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        except ProcessLookupError:
            pass


def model_path() -> Path:
    """The trained model Rasa serves."""
    return ROOT / "models" / "current.tar.gz"


def _loopback(host: str) -> str:
    """The address to check a service on: itself, or 127.0.0.1 when it listens on all."""
    return "127.0.0.1" if host in ("", "0.0.0.0", "::") else host


def build_services(settings: Settings, python: str = sys.executable,
                   with_bridge: bool | None = None) -> list[Service]:
    """The processes to run, in start order (each may need the ones before it)."""
    log_dir = settings.var_dir / "log"
    env = {**to_environment(settings), "PYTHONPATH": str(ROOT),
           "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2",
           "PYTHONWARNINGS": "ignore::DeprecationWarning",
           # Rasa reports usage (and crashes, to Sentry) to its company unless told not to.
           "RASA_TELEMETRY_ENABLED": os.environ.get("RASA_TELEMETRY_ENABLED", "false")}
    services = [
        Service(
            name="action server",
            argv=[python, "-m", "rasa_sdk", "--actions", "actions",
                  "--port", str(settings.action_port),
                  "--logging-config_file", str(LOGGING_CONFIG)],
            health_url=f"http://127.0.0.1:{settings.action_port}/health",
            log_path=log_dir / "actions.log",
            # rasa-sdk listens on 0.0.0.0 unless told otherwise: keep it on loopback.
            env={**env, "SANIC_HOST": os.environ.get("ACTION_HOST", "127.0.0.1")},
        ),
        Service(
            name="rasa",
            argv=[python, "-m", "rasa", "run", "--model", str(model_path()),
                  "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
                  "--interface", "127.0.0.1", "--port", str(settings.rasa_port),
                  "--logging-config-file", str(LOGGING_CONFIG)],
            health_url=f"{settings.rasa_url}/",
            log_path=log_dir / "rasa.log",
            # RASA_WORKERS Sanic processes share the port; Rasa allows more than one only
            # with a lock store that is not in memory (LOCK_STORE_URL, bot/db/lock_store.py).
            env={**env, "SANIC_WORKERS": str(settings.rasa_workers)},
        ),
    ]
    services.append(
        Service(
            name="staff console",
            argv=[python, "-m", "bot", "console"],
            health_url=f"http://{_loopback(settings.console_host)}:{settings.console_port}"
                       "/healthz",
            log_path=log_dir / "console.log",
            env=env,
        )
    )
    if with_bridge if with_bridge is not None else settings.has_telegram:
        services.append(
            Service(
                name="telegram bridge",
                argv=[python, "-m", "bot", "bridge"],
                health_url=None,
                log_path=log_dir / "bridge.log",
                env=env,
            )
        )
    return services


class Supervisor:
    """Starts services in order, waits until each is healthy, restarts one that dies."""

    def __init__(self, services: list[Service], out=sys.stderr) -> None:  # type: ignore[no-untyped-def]
        self.services = services
        self._out = out
        self._stopping = threading.Event()

    def say(self, text: str) -> None:
        """One status line for the person running `make run`."""
        print(f"[run] {text}", file=self._out, flush=True)

    def start_all(self, timeout: float = STARTUP_TIMEOUT_S) -> bool:
        """Start every service and wait until it is healthy; False if one never was."""
        for service in self.services:
            self.say(f"starting {service.name} (log: {service.log_path})")
            service.start()
            if not self.wait_healthy(service, timeout):
                self.say(f"{service.name} did not become healthy; see {service.log_path}")
                return False
            self.say(f"{service.name} is up")
        return True

    def wait_healthy(self, service: Service, timeout: float) -> bool:
        """Poll the service's health until it answers, it dies, or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self._stopping.is_set():
            if service.healthy():
                return True
            if not service.alive():
                return False
            time.sleep(0.5)
        return False

    def check_once(self) -> bool:
        """Restart any service that died; False when one has died too often."""
        for service in self.services:
            if service.alive() or self._stopping.is_set():
                continue
            code = service.process.returncode if service.process else None
            if service.restarts >= MAX_RESTARTS:
                self.say(f"{service.name} stopped (exit code {code}) {service.restarts} "
                         f"times; stopping everything. See {service.log_path}")
                return False
            service.restarts += 1
            self.say(f"{service.name} stopped (exit code {code}); restarting "
                     f"({service.restarts}/{MAX_RESTARTS})")
            service.start()
            if not self.wait_healthy(service, STARTUP_TIMEOUT_S):
                self.say(f"{service.name} did not come back; see {service.log_path}")
        return True

    def watch(self, interval: float = 1.0) -> int:
        """Watch until stopped or a service fails for good."""
        while not self._stopping.is_set():
            if not self.check_once():
                return 1
            self._stopping.wait(interval)
        return 0

    def purge_periodically(self, settings: Settings, every: float = PURGE_EVERY_S) -> None:
        """Erase conversations inactive past the retention period, now and then hourly."""
        from bot.privacy import purge_now

        while not self._stopping.is_set():
            try:
                erased = purge_now(settings)
                if erased:
                    self.say(f"retention: erased {erased} inactive conversation(s)")
            except Exception as error:  # keep the assistant up; try again next round
                self.say(f"retention purge failed ({type(error).__name__}); will retry")
            self._stopping.wait(every)

    def stop_all(self) -> None:
        """Stop every service, the last started first."""
        self._stopping.set()
        for service in reversed(self.services):
            if service.alive():
                self.say(f"stopping {service.name}")
            service.stop()


def prepare(settings: Settings) -> None:
    """Before any process starts: migrate the database, load the sample programs (see
    bot.programs.seed), create missing keys once."""
    from bot.crypto import key_lines
    from bot.db.migrate import upgrade
    from bot.identity import load_or_create_key

    upgrade(settings.database_url)
    from bot.db.runtime import run_in_session
    from bot.programs.seed import load_sample

    # The clearly labelled sample programs, until real ones are imported or the sample is
    # archived (`python -m bot programs seed --archive`).
    run_in_session(load_sample, settings.database_url)
    load_or_create_key(settings.pseudonym_key_file)
    key_lines(settings.data_key_file)
    if settings.rasa_workers > 1:
        create_tracker_tables(settings.tracker_store_url)


def create_tracker_tables(url: str) -> None:
    """Create Rasa's tracker table before its workers start, so they don't race to create
    it (on PostgreSQL a loser logs "Could not create tables", or waits 5 s and retries)."""
    from rasa.core.tracker_store import SQLTrackerStore

    from bot.db.session import engine_for

    SQLTrackerStore.Base.metadata.create_all(engine_for(url))


def _without_password(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[-1]}"))


def describe_stores(settings: Settings) -> str:
    """One line on where things are kept and how many Rasa workers run (no passwords)."""
    locks = (f"Redis ({_without_password(settings.lock_store_url)})"
             if settings.lock_store_url else "in memory")
    return (f"Rasa workers: {settings.rasa_workers}; conversations: "
            f"{_without_password(settings.tracker_store_url)}; app data: "
            f"{_without_password(settings.database_url)}; conversation locks: {locks}")


def _has_admin(settings: Settings) -> bool:
    """True when the console has at least one active admin account."""
    from bot.accounts.auth import count_admins
    from bot.db.runtime import run_in_session

    return run_in_session(count_admins, settings.database_url) > 0


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM stops everything the same way Ctrl-C does."""
    raise KeyboardInterrupt


def run(settings: Settings) -> int:
    """Start everything; serve Telegram or the terminal chat; stop cleanly on Ctrl-C."""

    if not model_path().is_file():
        print("No trained model at models/current.tar.gz: run `make train` (make run does).",
              file=sys.stderr)
        return 2
    prepare(settings)
    supervisor = Supervisor(build_services(settings))
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        if not supervisor.start_all():
            return 1
        threading.Thread(target=supervisor.purge_periodically, args=(settings,),
                         daemon=True).start()
        supervisor.say(f"Staff console: {settings.console_url}")
        supervisor.say(describe_stores(settings))
        if not _has_admin(settings):
            supervisor.say("No console account yet. Create the first admin with: "
                           ".venv/bin/python -m bot users create-admin --username NAME")
        if settings.has_telegram:
            supervisor.say("Telegram bridge is running. Press Ctrl-C to stop.")
            return supervisor.watch()
        supervisor.say("No TELEGRAM_BOT_TOKEN set: opening the terminal chat.")
        watcher = threading.Thread(target=supervisor.watch, daemon=True)
        watcher.start()
        from bot.terminal import chat

        return chat(settings)
    except KeyboardInterrupt:
        return 0
    finally:
        supervisor.stop_all()
