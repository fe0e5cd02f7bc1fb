"""Relief entries edited in the console: plain data round-trips, revisions are validated,
audited and overlaid on the files, and the store falls back to the files without a DB.

`session` and `settings` (a migrated temporary SQLite database) come from tests/conftest.py.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.accounts.models import AuditEvent
from bot.config import Settings
from bot.db.session import session_factory
from bot.relief import store
from bot.relief.knowledge import (
    DEFAULT_FOLDER,
    ReliefDataError,
    ReliefEntry,
    ReliefType,
    entry_from_data,
    entry_to_data,
    load_entries,
    load_entry,
)
from bot.relief.models import ReliefRevision
from bot.relief.revisions import (
    effective_entries,
    history,
    revision_signature,
    save_revision,
)
from bot.relief.terms import Likelihood, OffenseKind

FILES = sorted(DEFAULT_FOLDER.glob("*.yml"))


@pytest.fixture(scope="module")
def files() -> dict[str, ReliefEntry]:
    """The shipped entries, loaded once."""
    return load_entries()


@pytest.fixture()
def uses_database() -> Iterator[None]:
    """The store reads no database after the test (whatever the test pointed it at)."""
    yield
    store.use_database(None)


def _edited(entry: ReliefEntry, **changes: Any) -> dict[str, Any]:
    data = entry_to_data(entry)
    data.update(changes)
    return data


def _counts(session: Session) -> tuple[int, int]:
    revisions = session.execute(select(ReliefRevision)).scalars().all()
    events = session.execute(select(AuditEvent)).scalars().all()
    return len(revisions), len(events)


# ---------------------------------------------------------------------------------------
# Plain data
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_every_entry_round_trips_through_json(path: Path) -> None:
    entry = load_entry(path)
    data = json.loads(json.dumps(entry_to_data(entry)))
    assert entry_from_data(data, "x", entry.code) == entry
    assert entry_from_data(data, "x") == entry


def test_plain_data_has_values_not_python_objects(files: dict[str, ReliefEntry]) -> None:
    data = entry_to_data(files["ga"])
    assert data["kind"] == "state"
    assert isinstance(data["last_reviewed"], str)
    assert isinstance(data["citations"], list)
    assert isinstance(data["legal_help"][0], dict)
    assert "note" in data["legal_help"][0]
    assert "general_route_note" in data  # None is kept, not dropped


def test_data_errors_name_the_source_and_the_field(files: dict[str, ReliefEntry]) -> None:
    with pytest.raises(ReliefDataError) as error:
        entry_from_data(entry_to_data(files["ga"]), "console", "al")
    assert (error.value.file, error.value.field) == ("console", "code")


# ---------------------------------------------------------------------------------------
# Saving revisions
# ---------------------------------------------------------------------------------------


def test_a_saved_revision_becomes_the_effective_entry(
    session: Session, files: dict[str, ReliefEntry]
) -> None:
    data = _edited(files["ga"], time_limit="None", hurdles=["Warrants first", "Fees"])
    entry, changed = save_revision(session, "ga", data, "maria", "court site checked")
    session.commit()
    assert changed
    assert entry.time_limit == "None"
    effective = effective_entries(session)
    assert effective["ga"] == entry
    assert effective["al"] == files["al"]
    (revision,) = history(session, "ga")
    assert (revision.author, revision.note) == ("maria", "court site checked")
    assert entry_from_data(json.loads(revision.data), "x", "ga") == entry


def test_the_audit_row_lists_the_changed_fields(
    session: Session, files: dict[str, ReliefEntry]
) -> None:
    save_revision(session, "ga", _edited(files["ga"], fees="None"), "maria")
    session.commit()
    (event,) = session.execute(select(AuditEvent)).scalars().all()
    assert (event.actor, event.action, event.object_type, event.object_key) == (
        "maria", "update", "relief", "ga",
    )
    assert json.loads(event.details) == {"fees": [files["ga"].fees, "None"]}
    assert "fees" in event.summary


def test_an_unchanged_entry_writes_nothing(
    session: Session, files: dict[str, ReliefEntry]
) -> None:
    entry, changed = save_revision(session, "ga", entry_to_data(files["ga"]), "maria")
    assert (entry, changed) == (files["ga"], False)
    # Compared with the newest revision, not the file, once there is one.
    save_revision(session, "ga", _edited(files["ga"], fees="None"), "maria")
    _, changed = save_revision(session, "ga", _edited(files["ga"], fees="None"), "maria")
    assert not changed
    assert _counts(session) == (1, 1)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"confidence": "certain"}, "confidence"),
        ({"source": []}, "source"),
        ({"last_reviewed": "2026-13-01"}, "last_reviewed"),
        ({"last_reviewed": "soon"}, "last_reviewed"),
        ({"code": "al"}, "code"),
        ({"legal_help": [{"name": "x", "how": "y", "scope": "state"}]}, "legal_help"),
    ],
)
def test_invalid_data_names_the_field_and_writes_nothing(
    session: Session, files: dict[str, ReliefEntry], change: dict[str, Any], field: str
) -> None:
    with pytest.raises(ReliefDataError) as error:
        save_revision(session, "ga", _edited(files["ga"], **change), "maria")
    assert error.value.file == "console"
    assert error.value.field == field
    assert field in str(error.value)
    assert _counts(session) == (0, 0)


def test_a_code_without_a_file_entry_is_refused(
    session: Session, files: dict[str, ReliefEntry]
) -> None:
    with pytest.raises(ReliefDataError) as error:
        save_revision(session, "zz", _edited(files["ga"], code="zz"), "maria")
    assert error.value.field == "code"
    assert _counts(session) == (0, 0)


def test_history_is_newest_first_and_per_code(
    session: Session, files: dict[str, ReliefEntry]
) -> None:
    for fees in ("One", "Two", "Three"):
        save_revision(session, "ga", _edited(files["ga"], fees=fees), "maria", fees)
    save_revision(session, "al", _edited(files["al"], fees="Other"), "maria")
    session.commit()
    assert [r.note for r in history(session, "ga")] == ["Three", "Two", "One"]
    assert effective_entries(session)["ga"].fees == "Three"
    assert len(history(session, "al")) == 1
    count, highest = revision_signature(session)
    assert count == 4
    assert highest == max(r.id for r in history(session, "al") + history(session, "ga"))


def test_a_stored_revision_that_no_longer_validates_is_ignored(
    session: Session, files: dict[str, ReliefEntry]
) -> None:
    session.add(ReliefRevision(code="ga", data='{"code": "ga"}', author="old"))
    session.commit()
    assert effective_entries(session)["ga"] == files["ga"]


@pytest.mark.usefixtures("uses_database")
def test_the_rule_facts_are_saved_and_read_back(
    session: Session, settings: Settings, files: dict[str, ReliefEntry]
) -> None:
    """A console edit of an entry's rule facts (listed offenses, per-relief scopes, the wait
    after the sentence) goes through the revision and reaches the assistant's store."""
    listed = {**entry_to_data(files["pa"])["listed_offenses"], "theft": "unclear"}
    scopes = {"vacatur": "prostitution_related", "sealing": {"theft": "may_apply"}}
    saved_pa, _ = save_revision(session, "pa", _edited(files["pa"], listed_offenses=listed), "m")
    saved_il, _ = save_revision(
        session, "il", _edited(files["il"], scope_by_relief=scopes, waits_for_sentence=False), "m"
    )
    session.commit()
    assert saved_pa.listed_offenses[OffenseKind.THEFT] is Likelihood.UNCLEAR
    assert saved_il.scope_by_relief[ReliefType.SEALING] == {OffenseKind.THEFT: Likelihood.MAY_APPLY}
    assert not saved_il.waits_for_sentence
    (stored,) = history(session, "pa")
    assert json.loads(stored.data)["listed_offenses"] == listed
    store.use_database(settings.database_url)
    assert (store.entries()["pa"], store.entries()["il"]) == (saved_pa, saved_il)


def test_a_revision_saved_before_the_rule_facts_keeps_the_files_facts(
    session: Session, files: dict[str, ReliefEntry]
) -> None:
    old = _edited(files["il"], fees="None")
    for key in ("listed_offenses", "scope_by_relief", "waits_for_sentence"):
        del old[key]
    session.add(ReliefRevision(code="il", data=json.dumps(old), author="old"))
    session.commit()
    entry = effective_entries(session)["il"]
    assert entry.fees == "None"
    assert entry.scope_by_relief == files["il"].scope_by_relief and entry.waits_for_sentence


# ---------------------------------------------------------------------------------------
# The store the assistant reads
# ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("uses_database")
def test_the_store_shows_a_revision_once_saved(
    settings: Settings, session: Session, files: dict[str, ReliefEntry]
) -> None:
    store.use_database(settings.database_url)
    assert store.entries()["ga"] == files["ga"]
    save_revision(session, "ga", _edited(files["ga"], fees="None"), "maria")
    session.commit()
    assert store.entries()["ga"].fees == "None"
    assert store.entries()["al"] == files["al"]
    assert store.file_entries()["ga"] == files["ga"]


@pytest.mark.usefixtures("uses_database")
def test_the_store_falls_back_to_the_files_without_the_table(
    tmp_path: Path, files: dict[str, ReliefEntry], caplog: pytest.LogCaptureFixture
) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with session_factory(url)() as session:  # a database, but never migrated
        session.connection()
    store.use_database(url)
    with caplog.at_level(logging.WARNING, logger="bot.relief.store"):
        assert store.entries() == files
        assert store.entries() == files
    warnings = [r for r in caplog.records if r.name == "bot.relief.store"]
    assert len(warnings) == 1
    assert str(tmp_path) not in warnings[0].getMessage()


@pytest.mark.usefixtures("uses_database")
def test_the_store_does_not_create_a_missing_database_file(
    tmp_path: Path, files: dict[str, ReliefEntry]
) -> None:
    store.use_database(f"sqlite:///{tmp_path / 'missing.db'}")
    assert store.entries() == files
    assert not (tmp_path / "missing.db").exists()


@pytest.mark.usefixtures("uses_database")
def test_the_store_without_a_database_reads_the_files(files: dict[str, ReliefEntry]) -> None:
    store.use_database(None)
    assert store.entries() == files
