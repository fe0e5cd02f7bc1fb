"""`python -m bot programs import | export | seed`: output and exit codes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.__main__ import main
from tests.programs.conftest import FIXTURE_CATALOG


@pytest.fixture()
def env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The CLI's settings point at the test database."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path / "var"))
    return db_url


def test_dry_run_of_a_good_file(env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["programs", "import", str(FIXTURE_CATALOG), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "checked 15 rows: 15 new, 0 changed, 0 unchanged (dry run: nothing was saved)" in out
    assert main(["programs", "import", str(FIXTURE_CATALOG)]) == 0
    assert "15 new" in capsys.readouterr().out
    assert main(["programs", "import", str(FIXTURE_CATALOG)]) == 0
    assert "0 new, 0 changed, 15 unchanged; nothing to change" in capsys.readouterr().out


def test_errors_are_printed_by_row_and_column_with_exit_code_1(
        env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["key", "name", "provider_name", "format", "zip", "total_cost_usd",
                         "last_verified"])
        writer.writerow(["a", "A", "P", "online", "", "0", "2026-10-01"])
        writer.writerow(["b", "B", "P", "online", "", "lots", "2026-10-01"])
    assert main(["programs", "import", str(path), "--dry-run"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "row 3, column total_cost_usd: must be a number like 1200 or 0" in out
    assert out[-1] == "checked 2 rows: 1 error; nothing was saved"


def test_file_error_exit_code(env: str, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    assert main(["programs", "import", str(path)]) == 1
    assert "file: the file is empty" in capsys.readouterr().out


def test_json_format_option(env: str, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "catalog.txt"
    path.write_text('[{"key": "j", "name": "J", "provider_name": "P", "format": "online", '
                    '"last_verified": "2026-10-01"}]', encoding="utf-8")
    assert main(["programs", "import", str(path), "--format", "json"]) == 0
    assert "1 new" in capsys.readouterr().out


def test_export_and_seed(env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["programs", "seed"]) == 0
    assert "new" in capsys.readouterr().out
    assert main(["programs", "seed"]) == 0
    assert " 0 new, 0 changed" in capsys.readouterr().out
    out = tmp_path / "out.json"
    assert main(["programs", "export", str(out), "--format", "json"]) == 0
    assert "wrote" in capsys.readouterr().out and out.stat().st_size > 1000
    assert main(["programs", "seed", "--archive"]) == 0
    assert "archived" in capsys.readouterr().out
    assert main(["programs", "export", str(tmp_path / "none.csv")]) == 0
    assert "wrote 0 programs" in capsys.readouterr().out
    assert main(["programs", "export", str(tmp_path / "all.csv"), "--include-archived"]) == 0
    assert "wrote 0 programs" not in capsys.readouterr().out


def test_unmigrated_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path / "var"))
    assert main(["programs", "seed"]) == 1
    assert "db upgrade" in capsys.readouterr().out
