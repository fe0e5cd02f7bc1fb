"""Record-relief entries edited in the console: saved as revisions the assistant uses."""

from __future__ import annotations

import json
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.relief import revisions
from bot.relief.knowledge import Confidence
from bot.relief.models import ReliefRevision
from tests.console.conftest import audit_rows, form_of, fresh

NEW_CITATION = "O.C.G.A. § 17-10-21 (as amended 2026)"
NEW_NOTE_LINE = "Checked with the clerk of the Fulton County court."
WHY = "read the statute on the legislature's site"


def relief_form(client: FlaskClient, code: str = "ga") -> dict[str, str]:
    page = client.get(f"/relief/{code}")
    assert page.status_code == 200
    return form_of(page.get_data(as_text=True), class_="program-form")["fields"]


def list_row(client: FlaskClient, name: str) -> str:
    html = client.get("/relief").get_data(as_text=True)
    match = re.search(rf'<a href="/relief/\w+">{re.escape(name)}</a></td>(.*?)</tr>', html,
                      re.S)
    assert match, f"no row for {name}"
    return match.group(1)


def revisions_of(session: Session, code: str = "ga") -> list[ReliefRevision]:
    return list(fresh(session).execute(
        select(ReliefRevision).where(ReliefRevision.code == code)).scalars())


def test_staff_edit_an_entry_and_the_assistant_uses_it(staff_client: FlaskClient,
                                                       db: Session) -> None:
    before = revisions.effective_entries(fresh(db))["ga"]
    assert NEW_CITATION not in before.citations
    fields = relief_form(staff_client)
    fields["citations"] += "\n" + NEW_CITATION
    fields["notes"] += "\n" + NEW_NOTE_LINE
    fields["confidence"] = "verified"
    fields["last_reviewed"] = "2026-11-01"
    fields["note"] = WHY
    response = staff_client.post("/relief/ga", data=fields)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/relief/ga")

    page = staff_client.get("/relief/ga").get_data(as_text=True)
    assert "Saved. The assistant uses the new text from now on." in page
    assert NEW_NOTE_LINE in page and "O.C.G.A. § 17-10-21 (as amended 2026)" in page
    assert "last reviewed 2026-11-01" in page

    entry = revisions.effective_entries(fresh(db))["ga"]
    assert entry.citations[-1] == NEW_CITATION
    assert entry.citations[:-1] == before.citations
    assert entry.notes[-1] == NEW_NOTE_LINE
    assert entry.confidence is Confidence.VERIFIED
    assert entry.last_reviewed.isoformat() == "2026-11-01"
    # What the form does not show is kept.
    assert entry.legal_help == before.legal_help
    assert entry.relief_types == before.relief_types

    history = re.search(r'<ul class="history">(.*?)</ul>', page, re.S)
    assert history and "sam" in history.group(1) and WHY in html_text(history.group(1))
    [revision] = revisions_of(db)
    assert (revision.author, revision.note) == ("sam", WHY)

    [row] = audit_rows(db, object_type="relief")
    assert (row.actor, row.action, row.object_key) == ("sam", "update", "ga")
    assert WHY in row.summary
    details = json.loads(row.details)
    assert set(details) == {"citations", "notes", "confidence", "last_reviewed"}
    assert details["confidence"] == ["secondary", "verified"]
    assert details["last_reviewed"][1] == "2026-11-01"


def html_text(html: str) -> str:
    return html.replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&")


def test_two_edits_make_a_history_newest_first(staff_client: FlaskClient, make_account,  # type: ignore[no-untyped-def]
                                               db: Session) -> None:
    fields = relief_form(staff_client)
    fields.update(fees="No fees", note="first change")
    assert staff_client.post("/relief/ga", data=fields).status_code == 302
    make_account("robin", "admin")
    other = staff_client.application.test_client()
    from tests.console.conftest import sign_in

    assert sign_in(other, "robin").status_code == 302
    fields = relief_form(other)
    fields.update(fees="Fees waived", note="second change")
    assert other.post("/relief/ga", data=fields).status_code == 302
    page = staff_client.get("/relief/ga").get_data(as_text=True)
    history = re.findall(r"<li>[^<]*· (\w+) · ([^<]*)</li>", page)
    assert history == [("robin", "second change"), ("sam", "first change")]
    assert revisions.effective_entries(fresh(db))["ga"].fees == "Fees waived"


def test_saving_the_form_unchanged_adds_no_revision(staff_client: FlaskClient,
                                                    db: Session) -> None:
    response = staff_client.post("/relief/ga", data=relief_form(staff_client))
    assert response.status_code == 302
    assert "Nothing was changed." in staff_client.get("/relief/ga").get_data(as_text=True)
    assert revisions_of(db) == []
    assert audit_rows(db, object_type="relief") == []


@pytest.mark.parametrize("code", ["pa", "il"])
def test_an_edit_keeps_the_rule_facts_the_form_does_not_show(staff_client: FlaskClient,
                                                             db: Session, code: str) -> None:
    before = revisions.effective_entries(fresh(db))[code]
    fields = relief_form(staff_client, code)
    fields.update(fees="No fees", note="fees checked")
    assert staff_client.post(f"/relief/{code}", data=fields).status_code == 302
    entry = revisions.effective_entries(fresh(db))[code]
    assert entry.fees == "No fees"
    assert (entry.listed_offenses, entry.scope_by_relief, entry.waits_for_sentence) == (
        before.listed_offenses, before.scope_by_relief, before.waits_for_sentence)
    assert entry.listed_offenses or entry.scope_by_relief  # PA: a list; IL: two scopes


@pytest.mark.parametrize(("change", "field_label", "problem"), [
    ({"source": ""}, "Sources (one per line)", "at least one source is needed"),
    ({"source": "  \n \n"}, "Sources (one per line)", "at least one source is needed"),
    ({"last_reviewed": "29/11/2026"}, "Last reviewed", "expected YYYY-MM-DD"),
    ({"last_reviewed": "2026-02-30"}, "Last reviewed", "bad date"),
    ({"last_reviewed": ""}, "Last reviewed", "expected YYYY-MM-DD"),
    ({"confidence": "certain"}, "How sure we are", "unknown value"),
    ({"citations": "A\nA"}, "Citations (one per line)", "listed twice"),
    ({"offenses_note": ""}, "What offenses it covers", ""),
])
def test_an_invalid_edit_names_the_field_and_saves_nothing(
        staff_client: FlaskClient, db: Session, change: dict[str, str], field_label: str,
        problem: str) -> None:
    before = revisions.effective_entries(fresh(db))["ga"]
    fields = relief_form(staff_client)
    fields.update(change, notes=fields["notes"] + "\nThis line must not be saved", note="x")
    response = staff_client.post("/relief/ga", data=fields)
    assert response.status_code == 400
    html = html_text(response.get_data(as_text=True))
    match = re.search(r'<div class="error" role="alert"><p>Nothing was saved\. ([^<]*)</p>', html)
    assert match, "no error shown"
    assert match.group(1).startswith(field_label + ":")
    assert problem in match.group(1)
    assert "This line must not be saved" in html  # what was typed is kept in the form
    assert revisions_of(db) == []
    assert audit_rows(db, object_type="relief") == []
    assert revisions.effective_entries(fresh(db))["ga"] == before


def test_unverified_entries_are_listed_with_check_with_a_lawyer(
        staff_client: FlaskClient, db: Session) -> None:
    assert "check with a lawyer" not in list_row(staff_client, "Georgia")
    fields = relief_form(staff_client)
    fields.update(confidence="unverified", needs_lawyer_check="yes",
                  note="statute text could not be found")
    response = staff_client.post("/relief/ga", data=fields)
    assert response.status_code == 302
    row = list_row(staff_client, "Georgia")
    assert "unverified" in row and "check with a lawyer" in row
    entry = revisions.effective_entries(fresh(db))["ga"]
    assert entry.confidence is Confidence.UNVERIFIED and entry.needs_lawyer_check
    [audit] = audit_rows(db, object_type="relief")
    assert audit.object_key == "ga"
    assert json.loads(audit.details)["confidence"] == ["secondary", "unverified"]


def test_unverified_always_carries_the_lawyer_warning(staff_client: FlaskClient,
                                                      db: Session) -> None:
    """Marking facts unverified turns on "check with a lawyer" even if the box was left
    empty: such facts are never shown as certain."""
    fields = relief_form(staff_client)
    fields.update(confidence="unverified")
    fields.pop("needs_lawyer_check", None)
    response = staff_client.post("/relief/ga", data=fields)
    assert response.status_code == 302
    entry = revisions.effective_entries(fresh(db))["ga"]
    assert entry.confidence.value == "unverified" and entry.needs_lawyer_check


def test_an_unknown_code_is_not_found(staff_client: FlaskClient, db: Session) -> None:
    assert staff_client.get("/relief/zz").status_code == 404
    fields = relief_form(staff_client)
    from tests.console.conftest import csrf

    fields["csrf_token"] = csrf(staff_client, "/relief")
    assert staff_client.post("/relief/zz", data=fields).status_code == 404
    assert fresh(db).execute(select(ReliefRevision)).first() is None


def test_staff_edit_the_rule_facts_and_the_screener_reads_them(staff_client: FlaskClient,
                                                              db: Session) -> None:
    from bot.relief.knowledge import OffensesCovered, ReliefType
    from bot.relief.terms import Likelihood, OffenseKind

    fields = relief_form(staff_client, "pa")
    assert fields["offense_theft"] == "may_not_apply"  # the reviewed file's list, shown
    fields.update(offense_theft="unclear", offense_violent="", note="list re-read")
    assert staff_client.post("/relief/pa", data=fields).status_code == 302
    listed = revisions.effective_entries(fresh(db))["pa"].listed_offenses
    assert listed[OffenseKind.THEFT] is Likelihood.UNCLEAR
    assert OffenseKind.VIOLENT not in listed  # "not said": left out of the list
    assert listed[OffenseKind.PROSTITUTION] is Likelihood.MAY_APPLY  # untouched

    fields = relief_form(staff_client, "il")
    assert fields["scope_vacatur"] == "prostitution_related"
    assert fields["waits_for_sentence"] == "yes"
    fields.update(scope_vacatur="nonviolent", note="scope checked")
    del fields["waits_for_sentence"]  # unticked: a browser sends nothing
    assert staff_client.post("/relief/il", data=fields).status_code == 302
    entry = revisions.effective_entries(fresh(db))["il"]
    assert entry.scope_by_relief[ReliefType.VACATUR] is OffensesCovered.NONVIOLENT
    assert entry.waits_for_sentence is False


def test_a_wait_without_a_time_limit_is_refused_by_name(staff_client: FlaskClient,
                                                        db: Session) -> None:
    code = next(code for code, entry in revisions.effective_entries(fresh(db)).items()
                if entry.time_limit is None)
    fields = relief_form(staff_client, code)
    assert "offense_theft" not in fields  # no offense list for a law that is not "listed"
    fields.update(waits_for_sentence="yes", note="x")
    response = staff_client.post(f"/relief/{code}", data=fields)
    assert response.status_code == 400
    assert ("The time limit starts when the sentence ends: true but time_limit is null"
            in response.get_data(as_text=True))
    assert revisions_of(db, code) == []
