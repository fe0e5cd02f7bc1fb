"""The real stack on loopback, for end-to-end tests and benchmarks.

Starts the same processes `make run` starts (action server, Rasa server with the trained
model, Telegram bridge), in a temporary data folder, with free ports, the bridge pointed at
a fake Telegram Bot API server.
"""

from __future__ import annotations

import secrets
import socket
import sys
from pathlib import Path

from bot.config import Settings, load_settings, to_environment
from bot.runner import (
    STARTUP_TIMEOUT_S,
    Service,
    Supervisor,
    build_services,
    model_path,
    prepare,
)

TEST_PSEUDONYM_KEY = "e2e-test-key-not-secret-0123456789abcdef"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def webhook_settings(path: str = "telegram-hook", secret: str | None = None) -> dict[str, str]:
    """Settings that put the bridge in webhook mode on a free loopback port."""
    port = free_port()
    return {
        "TELEGRAM_MODE": "webhook",
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/{path}",
        "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1",
        "TELEGRAM_WEBHOOK_PORT": str(port),
        "TELEGRAM_WEBHOOK_PATH": path,
        "TELEGRAM_WEBHOOK_SECRET": secret or secrets.token_urlsafe(24),
    }


class Stack:
    """Action server + Rasa (+ Telegram bridge) in their own processes, like `make run`."""

    def __init__(
        self,
        var_dir: Path,
        telegram_base_url: str | None = None,
        telegram_token: str = "",
        extra_env: dict[str, str] | None = None,
        log_to: object = None,
        startup_timeout: float = STARTUP_TIMEOUT_S,
    ) -> None:
        self.startup_timeout = startup_timeout  # seconds each process may take to be healthy
        environ = {
            "BOT_VAR_DIR": str(var_dir),
            "RASA_PORT": str(free_port()),
            "ACTION_PORT": str(free_port()),
            "CONSOLE_PORT": str(free_port()),
            "TELEGRAM_BOT_TOKEN": telegram_token,
            "TELEGRAM_BASE_URL": telegram_base_url or "",
            "LOG_LEVEL": "INFO",
            **(extra_env or {}),
        }
        self.settings: Settings = load_settings(environ)
        self._extra_env = {"PSEUDONYM_KEY": TEST_PSEUDONYM_KEY, **(extra_env or {})}
        self.supervisor = Supervisor(self._services(), out=log_to or sys.stderr)

    def _services(self) -> list[Service]:
        services = build_services(self.settings, with_bridge=bool(self.settings.telegram_token))
        for service in services:
            service.env.update(self._extra_env)
        return services

    @property
    def console_url(self) -> str:
        """The staff console's address."""
        return self.settings.console_url

    @property
    def env(self) -> dict[str, str]:
        """Environment a process needs to act as part of this stack."""
        return {**to_environment(self.settings), **self._extra_env}

    def service(self, name: str) -> Service:
        """One service by name ("action server", "rasa", "staff console", "telegram bridge")."""
        return next(s for s in self.supervisor.services if s.name == name)

    def start(self) -> None:
        """Migrate the database and start every service; raise if one is not healthy."""
        if not model_path().is_file():
            raise RuntimeError("no trained model: run `make train` first")
        prepare(self.settings)
        if not self.supervisor.start_all(self.startup_timeout):
            self.stop()
            raise RuntimeError("the stack did not start:\n" + self.logs_tail())

    def restart(self) -> None:
        """Stop every process and start them again (the data folder stays)."""
        self.supervisor.stop_all()
        self.supervisor = Supervisor(self._services(), out=self.supervisor._out)
        self.start()

    def stop(self) -> None:
        """Stop every process."""
        self.supervisor.stop_all()

    def log_files(self) -> list[Path]:
        """Every log file the stack's processes wrote."""
        return sorted((self.settings.var_dir / "log").glob("*.log"))

    def logs_tail(self, lines: int = 40) -> str:
        """The last lines of each log, for failure messages."""
        parts = []
        for path in self.log_files():
            text = path.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path.name}\n" + "\n".join(text))
        return "\n".join(parts)

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
