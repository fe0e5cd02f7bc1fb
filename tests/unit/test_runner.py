"""The supervisor behind `make run`: starts, health-checks, restarts and stops processes."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from bot.config import load_settings
from bot.runner import MAX_RESTARTS, Service, Supervisor, build_services
from testsupport.stack import free_port


def test_services_without_token_are_action_server_rasa_and_console(tmp_path: Path) -> None:
    settings = load_settings({"BOT_VAR_DIR": str(tmp_path)})
    assert [s.name for s in build_services(settings)] == [
        "action server", "rasa", "staff console"]
    with_token = load_settings({"BOT_VAR_DIR": str(tmp_path), "TELEGRAM_BOT_TOKEN": "1:x"})
    names = [s.name for s in build_services(with_token)]
    assert names == ["action server", "rasa", "staff console", "telegram bridge"]
    console = build_services(with_token)[2]
    assert console.argv[-2:] == ["bot", "console"]
    assert console.health_url == "http://127.0.0.1:8080/healthz"
    rasa = build_services(with_token)[1]
    assert rasa.env["TRACKER_STORE_URL"].startswith("sqlite:///")
    assert rasa.env["ACTION_ENDPOINT_URL"].endswith("/webhook")


def test_rasa_sends_nothing_to_its_company(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Rasa's telemetry (and Sentry crash reports) stay off unless someone turns them on."""
    monkeypatch.delenv("RASA_TELEMETRY_ENABLED", raising=False)
    settings = load_settings({"BOT_VAR_DIR": str(tmp_path)})
    assert {s.env["RASA_TELEMETRY_ENABLED"] for s in build_services(settings)} == {"false"}


def test_a_dying_service_is_restarted_then_everything_stops(tmp_path: Path) -> None:
    out = io.StringIO()
    dying = Service("flaky", [sys.executable, "-c", "import sys; sys.exit(3)"], None,
                    tmp_path / "flaky.log")
    supervisor = Supervisor([dying], out=out)
    dying.start()
    dying.process.wait()
    for _ in range(MAX_RESTARTS):
        assert supervisor.check_once() is True
        dying.process.wait()
    assert supervisor.check_once() is False
    report = out.getvalue()
    assert "flaky stopped (exit code 3); restarting (1/3)" in report
    assert "stopping everything" in report


def test_health_url_decides_when_a_service_is_up_and_stop_ends_it(tmp_path: Path) -> None:
    port = free_port()
    server = Service("web", [sys.executable, "-m", "http.server", str(port), "--bind",
                             "127.0.0.1"], f"http://127.0.0.1:{port}/", tmp_path / "web.log")
    supervisor = Supervisor([server], out=io.StringIO())
    try:
        assert supervisor.start_all(timeout=30)
        assert server.healthy()
    finally:
        supervisor.stop_all()
    assert not server.alive()
