"""What a person can choose to share with a counselor: a summary of what they saved (job
profile, saved programs, saved record-relief answers, in plain words, never raw ids), and
the chat with the assistant so far. Caller owns the session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bot import catalog
from bot.assess import present as assess_present
from bot.assess.profile import load_profile
from bot.db import saved
from bot.handoff.present import t
from bot.handoff.store import MAX_BODY
from bot.programs import present as programs_present
from bot.programs.program_view import get_programs
from bot.relief import explain, flow
from bot.relief.knowledge import Kind
from bot.relief.screening import screen
from bot.relief.store import entries

TRANSCRIPT_MESSAGES = 40  # the newest messages of the chat, when the person shares it
MAX_RELIEF = 5  # saved record-relief answers in a summary (newest first)
# Turns that start a handoff: the chat shared stops at the newest one (what the assistant
# said about the handoff itself is no use to a counselor).
HANDOFF_START = "choose_human"


@dataclass(frozen=True)
class Summary:
    """What a summary holds for one person, as plain lines."""

    profile: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    relief_places: list[str] = field(default_factory=list)
    relief: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the person saved nothing a summary could show."""
        return not (self.profile or self.programs or self.relief)

    def sealed(self) -> dict[str, list[str]]:
        """What the counselor sees: a heading per part that has something in it."""
        parts = {t("summary_profile"): self.profile, t("summary_programs"): self.programs,
                 t("summary_relief"): self.relief}
        return {heading: lines for heading, lines in parts.items() if lines}


def _profile_lines(profile: Mapping[str, Any] | None) -> list[str]:
    if not profile:
        return []
    areas, done, answers = assess_present.profile_parts(profile)
    lines = []
    if areas:
        lines.append(t("summary_likes", areas=areas.lower()))
    if done:
        lines.append(t("summary_done", done=done))
    if answers:
        lines.append(t("summary_answers", answers=", ".join(answers)))
    # A profile with nothing in it still says the person made one.
    return lines or [t("item_profile")]


def _program_lines(session: Session, items: list[dict[str, Any]]) -> list[str]:
    marked = {int(i["program_id"]) for i in items if i.get("share") and "program_id" in i}
    ids = list(dict.fromkeys(int(i["program_id"]) for i in items if "program_id" in i))
    lines = []
    for program in get_programs(session, ids):  # programs no longer listed are left out
        key = "summary_program_marked" if program.id in marked else "summary_program"
        lines.append(t(key, name=program.name, where=programs_present.where(program),
                       cost=programs_present.cost(program)))
    return lines


def _relief(items: list[dict[str, Any]], today: dt.date) -> tuple[list[str], list[str]]:
    """The places and a headline per saved answer, rebuilt from today's checked facts."""
    places = entries()
    keys = [str(i.get("shown", "")) for i in items]
    known = [k for k in dict.fromkeys(keys) if flow.answers_from_key(k).jurisdiction in places]
    names: list[str] = []
    headlines: list[str] = []
    for key in known[:MAX_RELIEF]:
        entry = places[flow.answers_from_key(key).jurisdiction or ""]
        name = catalog.text("relief", "place_federal") if entry.kind is Kind.FEDERAL \
            else entry.name
        if name not in names:
            names.append(name)
        if "|" in key:
            messages = explain.explain(screen(flow.answers_from_key(key), entry, today), today)
        else:
            messages = explain.state_summary(entry, today)
        headlines.append(messages[0])
    return names, headlines


def build(session: Session, user_id: str, key_file: Path, today: dt.date) -> Summary:
    """The summary this person would share now."""
    profile = load_profile(session, user_id, key_file)
    programs = saved.saved_items(session, user_id, "program", key_file)
    relief = saved.saved_items(session, user_id, "relief", key_file)
    places, headlines = _relief(relief, today)
    return Summary(profile=_profile_lines(profile), programs=_program_lines(session, programs),
                   relief_places=places, relief=headlines)


def transcript(events: Iterable[Mapping[str, Any]],
               limit: int = TRANSCRIPT_MESSAGES) -> list[dict[str, str]]:
    """The newest messages of the chat as {"who": "person"|"assistant", "text": ...}.

    Typed messages only (a button press is a payload, not words); the chat stops at the
    newest request for a person, so the handoff's own messages are left out.
    """
    history = list(events)
    for index in range(len(history) - 1, -1, -1):
        event = history[index]
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if event.get("event") == "user" and intent == HANDOFF_START:
            history = history[: index + 1]
            break
    messages = []
    for event in history:
        text = str(event.get("text") or "").strip()
        if not text:
            continue
        if event.get("event") == "user" and not text.startswith("/"):
            messages.append({"who": "person", "text": text[:MAX_BODY]})
        elif event.get("event") == "bot":
            messages.append({"who": "assistant", "text": text[:MAX_BODY]})
    return messages[-limit:]
