"""Throwaway PostgreSQL and Redis servers on loopback, for tests and benchmarks.

    with PostgresServer() as pg, RedisServer() as redis:
        pg.url                    # postgresql+psycopg2://bot:...@127.0.0.1:PORT/bot
        pg.new_database("tracker")  # another empty database owned by the same user
        redis.url                 # redis://127.0.0.1:PORT/0

Each server runs from a fresh temporary folder on a free port of 127.0.0.1 and is stopped
and deleted on exit, also when the body raised. When the programs are missing they are
installed with apt-get (Debian packages `postgresql` and `redis-server`), saying so on
stderr; when that is not possible a RuntimeError says why, so a test using them fails
instead of being skipped.

PostgreSQL refuses to run as root: initdb and the server run as the `postgres` system user
(created by the Debian package) through `setpriv` (or `runuser`). Durability is switched
off (fsync, synchronous_commit, full_page_writes): the data is thrown away anyway.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from testsupport.stack import free_port

_S = TypeVar("_S", bound="_Server")

START_TIMEOUT_S = 60.0
APT_TIMEOUT_S = 900.0
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _say(text: str) -> None:
    print(f"[servers] {text}", file=sys.stderr, flush=True)


def apt_install(*packages: str) -> None:
    """Install Debian packages (non-interactive); RuntimeError with apt's words if not."""
    apt = shutil.which("apt-get")
    if apt is None:
        raise RuntimeError(f"cannot install {' '.join(packages)}: apt-get is not available "
                           "(install them by hand)")
    if os.geteuid() != 0:
        raise RuntimeError(f"cannot install {' '.join(packages)}: apt-get needs root "
                           f"(run: sudo apt-get install -y {' '.join(packages)})")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # Wait for another apt/dpkg run (another test session, another agent) instead of failing.
    install = [apt, "-o", "DPkg::Lock::Timeout=300", "install", "-y",
               "--no-install-recommends", *packages]
    _say(f"installing {' '.join(packages)} with apt-get (once; this can take a minute)")
    started = time.monotonic()
    result = subprocess.run(install, env=env, capture_output=True, text=True,
                            timeout=APT_TIMEOUT_S, check=False)
    if result.returncode != 0:
        _say("apt-get install failed; updating the package lists and trying again")
        subprocess.run([apt, "-o", "DPkg::Lock::Timeout=300", "update"], env=env,
                       capture_output=True, text=True, timeout=APT_TIMEOUT_S, check=False)
        result = subprocess.run(install, env=env, capture_output=True, text=True,
                                timeout=APT_TIMEOUT_S, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-15:])
        raise RuntimeError(f"could not install {' '.join(packages)} with apt-get "
                           f"(exit code {result.returncode}):\n{tail}")
    _say(f"installed {' '.join(packages)} in {time.monotonic() - started:.0f} s")


def postgres_bin_dir(install: bool = True) -> Path:
    """The newest /usr/lib/postgresql/<version>/bin holding initdb and postgres."""

    def found() -> Path | None:
        dirs = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/postgres")]
        dirs = [d for d in dirs if (d / "initdb").is_file()]
        if not dirs:
            return None
        return max(dirs, key=lambda d: int(re.sub(r"\D", "", d.parent.name) or 0))

    bin_dir = found()
    if bin_dir is None and install:
        apt_install("postgresql")
        bin_dir = found()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/"
                           "postgres) and could not be installed")
    return bin_dir


def redis_server_binary(install: bool = True) -> str:
    """The path of redis-server, installing the package when it is missing."""
    binary = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None)
    if binary is None and install:
        apt_install("redis-server")
        binary = shutil.which("redis-server") or (
            "/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None)
    if binary is None:
        raise RuntimeError("redis-server is not installed and could not be installed")
    return binary


def _as_user(user: str) -> list[str]:
    """Command prefix that runs a program as `user` (exec'd, so signals reach it)."""
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", "--"]
    if shutil.which("runuser"):
        return ["runuser", "-u", user, "--"]
    raise RuntimeError(f"neither setpriv nor runuser is available to run as {user!r}")


def _stop_process(process: subprocess.Popen[bytes] | None, first: signal.Signals,
                  timeout: float = 15.0) -> None:
    """Send `first` to the process group, then SIGKILL when it does not end in time."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, first)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    except ProcessLookupError:
        pass


def _log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class _Server:
    """What both servers share: a process run from a temporary folder, both gone on exit."""

    stop_signal = signal.SIGTERM
    process: subprocess.Popen[bytes] | None
    directory: Path | None

    def start(self: _S) -> _S:
        raise NotImplementedError

    def stop(self) -> None:
        """Stop the server (with `stop_signal`, then SIGKILL) and delete its folder."""
        _stop_process(self.process, self.stop_signal)
        self.process = None
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None

    def __enter__(self: _S) -> _S:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()


class PostgresServer(_Server):
    """A PostgreSQL server of its own in a temporary folder, on 127.0.0.1:<free port>.

    `url` names the database `database` owned by `user` (password `password`, random by
    default); `new_database(name)` creates another one and returns its URL.
    """

    stop_signal = signal.SIGINT  # fast shutdown: clients are disconnected

    def __init__(self, user: str = "bot", password: str | None = None,
                 database: str = "bot", os_user: str = "postgres") -> None:
        for name in (user, database):
            if not _NAME.match(name):
                raise ValueError(f"not a plain SQL name: {name!r}")
        self.user = user
        self.password = password or secrets.token_hex(12)
        self.database = database
        self.os_user = os_user
        self.host = "127.0.0.1"
        self.port = 0
        self.directory: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self._argv: list[str] = []
        self._env: dict[str, str] = {}

    # --- addresses ---------------------------------------------------------------------

    def url_for(self, database: str) -> str:
        """SQLAlchemy URL of one database on this server, as the application user."""
        return (f"postgresql+psycopg2://{self.user}:{self.password}@{self.host}:{self.port}"
                f"/{database}")

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the main database."""
        return self.url_for(self.database)

    @property
    def socket_dir(self) -> Path:
        assert self.directory is not None, "the server is not started"
        return self.directory / "socket"

    @property
    def log_path(self) -> Path:
        assert self.directory is not None, "the server is not started"
        return self.directory / "postgres.log"

    # --- life cycle --------------------------------------------------------------------

    def start(self) -> PostgresServer:
        """initdb, start the server, create the user and the database."""
        bin_dir = postgres_bin_dir()
        try:
            owner = pwd.getpwnam(self.os_user)
        except KeyError as error:
            raise RuntimeError(f"no {self.os_user!r} system user (the Debian postgresql "
                               "package creates it)") from error
        self.directory = Path(tempfile.mkdtemp(prefix="test-postgres-"))
        try:
            self._start(bin_dir, owner)
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self, bin_dir: Path, owner: pwd.struct_passwd) -> None:
        assert self.directory is not None
        data = self.directory / "data"
        self.socket_dir.mkdir()
        for path in (self.directory, self.socket_dir):
            os.chown(path, owner.pw_uid, owner.pw_gid)
        self.directory.chmod(0o700)
        as_postgres = _as_user(self.os_user)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
               "LC_ALL": "C.UTF-8", "HOME": str(self.directory)}
        started = time.monotonic()
        result = subprocess.run(
            [*as_postgres, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
             "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions",
             "--auth-local=trust", "--auth-host=scram-sha-256"],
            cwd=self.directory, env=env, capture_output=True, text=True, check=False,
            timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed (exit code {result.returncode}):\n"
                               f"{result.stdout[-2000:]}{result.stderr[-2000:]}")
        last_error: str = ""
        for _attempt in range(3):  # the free port may be taken before the server binds it
            self.port = free_port()
            self._argv = [
                *as_postgres, str(bin_dir / "postgres"), "-D", str(data),
                "-p", str(self.port), "-k", str(self.socket_dir),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=300",
                "-c", "shared_buffers=64MB", "-c", "log_min_messages=warning"]
            self._env = env
            self._launch()
            if self._wait_ready():
                break
            last_error = _log_tail(self.log_path)
            _stop_process(self.process, signal.SIGQUIT, timeout=5)
        else:
            raise RuntimeError(f"PostgreSQL did not start:\n{last_error}")
        with self._admin() as cursor:
            cursor.execute(f'CREATE ROLE "{self.user}" LOGIN CREATEDB PASSWORD %s',
                           (self.password,))
        self.new_database(self.database)
        _say(f"PostgreSQL {bin_dir.parent.name} on 127.0.0.1:{self.port} "
             f"(ready in {time.monotonic() - started:.1f} s)")

    def _launch(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self._argv, cwd=self.directory, env=self._env, stdout=log,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
        log.close()

    def restart(self) -> None:
        """Stop the server (every client is disconnected) and start it again with the same
        data on the same port, as a database restart in production would."""
        self.halt()
        self.resume()

    def halt(self) -> None:
        """Stop the server, keeping its data and port, until `resume` (connections are
        refused meanwhile)."""
        _stop_process(self.process, signal.SIGINT)

    def resume(self) -> None:
        """Start a halted server again and wait until it takes connections."""
        self._launch()
        if not self._wait_ready():
            raise RuntimeError(f"PostgreSQL did not restart:\n{_log_tail(self.log_path)}")

    def _wait_ready(self) -> bool:
        import psycopg2

        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False
            try:
                psycopg2.connect(host=str(self.socket_dir), port=self.port, user="postgres",
                                 dbname="postgres", connect_timeout=2).close()
                return True
            except psycopg2.OperationalError:
                time.sleep(0.1)
        return False

    @contextlib.contextmanager
    def _admin(self) -> Iterator[Any]:
        """A cursor as the superuser over the Unix socket, in autocommit mode."""
        import psycopg2

        connection = psycopg2.connect(host=str(self.socket_dir), port=self.port,
                                      user="postgres", dbname="postgres")
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                yield cursor
        finally:
            connection.close()

    def new_database(self, name: str) -> str:
        """Create an empty database owned by the application user; its URL."""
        if not _NAME.match(name):
            raise ValueError(f"not a plain SQL name: {name!r}")
        with self._admin() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}" OWNER "{self.user}"')
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop a database (its connections are ended first)."""
        if not _NAME.match(name):
            raise ValueError(f"not a plain SQL name: {name!r}")
        with self._admin() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')



class RedisServer(_Server):
    """A Redis server of its own (no persistence) on 127.0.0.1:<free port>."""

    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = 0
        self.directory: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """redis://127.0.0.1:PORT/0"""
        return f"redis://{self.host}:{self.port}/0"

    @property
    def log_path(self) -> Path:
        assert self.directory is not None, "the server is not started"
        return self.directory / "redis.log"

    def client(self, db: int = 0):  # type: ignore[no-untyped-def]
        """A redis-py client of this server."""
        import redis

        return redis.Redis(host=self.host, port=self.port, db=db, socket_timeout=5)

    def start(self) -> RedisServer:
        """Start redis-server and wait until it answers PING."""
        binary = redis_server_binary()
        self.directory = Path(tempfile.mkdtemp(prefix="test-redis-"))
        try:
            self._start(binary)
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self, binary: str) -> None:
        import redis

        assert self.directory is not None
        started = time.monotonic()
        for _attempt in range(3):
            self.port = free_port()
            log = self.log_path.open("ab")
            self.process = subprocess.Popen(
                [binary, "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no", "--dir", str(self.directory),
                 "--daemonize", "no", "--logfile", ""],
                cwd=self.directory, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )
            log.close()
            deadline = time.monotonic() + START_TIMEOUT_S
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    if self.client().ping():
                        _say(f"Redis on 127.0.0.1:{self.port} "
                             f"(ready in {time.monotonic() - started:.1f} s)")
                        return
                except redis.RedisError:
                    time.sleep(0.05)
            _stop_process(self.process, signal.SIGKILL, timeout=5)
        raise RuntimeError(f"Redis did not start:\n{_log_tail(self.log_path)}")
