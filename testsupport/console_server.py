"""The staff console in its own process, on a free loopback port, for browser tests.

Like `make run` starts it: the database is migrated and the sample programs loaded
(`bot.runner.prepare`), then `python -m bot console` (waitress) runs as a
`bot.runner.Service` with the settings passed through the environment.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from sqlalchemy.orm import Session

from bot.config import ROOT, Settings, load_settings, to_environment
from bot.runner import Service, prepare
from testsupport.stack import free_port

STARTUP_TIMEOUT_S = 60.0


class ConsoleServer:
    """`with ConsoleServer(tmp / "var") as console:` ... `console.url` ..."""

    def __init__(self, var_dir: Path, extra_env: dict[str, str] | None = None) -> None:
        self.var_dir = Path(var_dir)
        environ = {
            "BOT_VAR_DIR": str(self.var_dir),
            "CONSOLE_HOST": "127.0.0.1",
            "CONSOLE_PORT": str(free_port()),
            "LOG_LEVEL": "INFO",
            **(extra_env or {}),
        }
        self.settings: Settings = load_settings(environ)
        env = {
            **to_environment(self.settings),
            "PYTHONPATH": str(ROOT),
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONWARNINGS": "ignore::DeprecationWarning",
            **(extra_env or {}),
        }
        self.service = Service(
            name="staff console",
            argv=[sys.executable, "-m", "bot", "console"],
            health_url=f"{self.url}/healthz",
            log_path=self.var_dir / "log" / "console.log",
            env=env,
        )

    # --- where it is -------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The console's address, without a trailing slash."""
        return f"http://127.0.0.1:{self.settings.console_port}"

    @property
    def database_url(self) -> str:
        """The database the console uses."""
        return self.settings.database_url

    # --- start and stop ----------------------------------------------------------------

    def start(self) -> ConsoleServer:
        """Prepare the data folder, start the console, wait until /healthz answers."""
        self.var_dir.mkdir(parents=True, exist_ok=True)
        prepare(self.settings)
        self.service.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.service.healthy():
                return self
            if not self.service.alive():
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the staff console did not start:\n{self.log_tail()}")

    def stop(self) -> None:
        """Stop the console process (its data folder stays)."""
        self.service.stop()
        from bot.db.session import engine_for

        engine_for(self.database_url).dispose()

    def __enter__(self) -> ConsoleServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the console's log, for failure messages."""
        path = self.service.log_path
        if not path.is_file():
            return "(no log)"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    # --- data --------------------------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A database session on the console's database (closed after; commit yourself)."""
        from bot.db.session import session_factory

        session = session_factory(self.database_url)()
        try:
            yield session
        finally:
            session.close()

    def create_account(self, username: str, password: str, role: str,
                       display_name: str = "") -> None:
        """Add a console account (committed), as `python -m bot users create` does."""
        from bot.accounts.auth import create_account

        with self.session() as session:
            create_account(session, username, password, role, display_name, actor="test")
            session.commit()
