"""What the program search says: short result cards, one program in detail, the saved list.

Every reply that shows a sample listing says so. Listings not checked for six months are
labelled. Returns texts and buttons; the action only sends them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bot import catalog
from bot.catalog import language_name
from bot.programs.search import Hit, SearchResult
from bot.replies import Button, Reply, payload

MAX_REASONS = 5  # on a card; the details show everything


def t(key: str, language: str | None = None, **params: Any) -> str:
    """One text of the programs area of the catalog."""
    return catalog.text("programs", key, language, **params)


def _words(key: str, language: str) -> Mapping[str, str]:
    return catalog.table("programs", key, language)


def _menu(language: str) -> Button:
    return Button(t("button_menu", language), payload("menu"))


def _codes(value: Any) -> list[str]:
    if isinstance(value, str):
        return value.replace(";", " ").split()
    return list(value or [])


def month(day: dt.date | None, language: str | None = None) -> str:
    """"March 2026"."""
    if day is None:
        return "?"
    return f"{catalog.text_list('programs', 'months', language)[day.month - 1]} {day.year}"


def cost(program: Any, language: str | None = None) -> str:
    """"Free", "$1,200", or "Cost: ask them"; "pays you while you learn" when it does."""
    amount = getattr(program, "total_cost_usd", None)
    if getattr(program, "is_free", False) or amount == 0:
        text = t("free", language)
    elif amount is None:
        text = t("cost_unknown", language)
    else:
        text = t("cost", language, amount=f"{amount:,.0f}")
    if getattr(program, "stipend", False):
        text += ", " + t("stipend", language)
    return text


def schedule(program: Any, language: str | None = None) -> str:
    """"evenings, weekends · 12 weeks"."""
    words = _words("schedule_words", language)
    parts = [words[name] for name in ("daytime", "evening", "weekend", "part_time")
             if getattr(program, name, False)]
    text = ", ".join(parts).capitalize() if parts else t("schedule_unknown", language)
    weeks = getattr(program, "length_weeks", None)
    if weeks:
        text += " · " + t("weeks", language, weeks=int(weeks))
    return text


def where(program: Any, distance: float | None = None,
          language: str | None = None) -> str:
    """"Online", "Atlanta, GA (4 miles away)" or "Atlanta, GA or online"."""
    form = getattr(program, "format", "in_person")
    if form == "online":
        return t("online", language)
    place = ", ".join(p for p in (getattr(program, "city", None),
                                  getattr(program, "state", None)) if p) or "?"
    if distance is not None:
        place += f" ({t('miles', language, miles=max(1, round(distance)))})"
    if form == "hybrid":
        return t("hybrid_where", language, place=place)
    return place


def _card(number: int, hit: Hit, language: str) -> str:
    program = hit.program
    lines = [t("card", language, number=number, name=program.name,
               where=where(program, None, language),
               cost=cost(program, language), schedule=schedule(program, language))]
    if hit.reasons:
        lines.append(t("card_why", language, reasons=", ".join(hit.reasons[:MAX_REASONS])))
    if hit.stale:
        lines.append(t("stale", language, month=month(program.last_verified, language)))
    return "\n".join(lines)


def _sample_note(programs: Iterable[Any], language: str) -> list[str]:
    return [t("sample", language)] if any(getattr(p, "is_sample", False) for p in programs) \
        else []


def results(result: SearchResult, offset: int, asked_topic: bool = False,
            language: str | None = None) -> list[Reply]:
    """A page of results as cards, with details/save buttons and "more"; or, when nothing
    matched, which filter removed the most and an offer to drop it."""
    if not result.hits:
        if offset > 0:
            return [Reply(t("no_more", language), [_menu(language)])]
        lines = [t("none", language)]
        buttons: list[Button] = []
        if result.relax is not None:
            label = _words("filter_labels", language).get(result.relax.filter,
                                                          result.relax.label)
            lines.append(t("relax", language, label=label, count=result.relax.would_match))
            buttons.append(Button(t("button_relax", language), payload("relax_search")))
        else:
            lines.append(t("relax_none", language))
        buttons.append(_menu(language))
        return [Reply("\n".join(lines), buttons)]
    first, last = offset + 1, offset + len(result.hits)
    head = t("found_one", language) if result.total == 1 else t(
        "found", language, total=result.total, first=first, last=last)
    if asked_topic and result.matched < result.total and offset == 0:
        key = {0: "matched_none", 1: "matched_one"}.get(result.matched, "matched_some")
        head += "\n" + t(key, language, matched=result.matched)
    cards = [_card(first + i, hit, language) for i, hit in enumerate(result.hits)]
    note = _sample_note((h.program for h in result.hits), language)
    buttons = []
    for i, hit in enumerate(result.hits):
        number = first + i
        buttons.append(Button(t("button_details", language, number=number),
                               payload("program_details", program_id=hit.program.id)))
        buttons.append(Button(t("button_save", language, number=number),
                               payload("save_program", program_id=hit.program.id)))
    if last < result.total:
        buttons.append(Button(t("button_next", language), payload("more_results")))
    buttons.append(_menu(language))
    return [Reply("\n\n".join([head, *cards, *note]), buttons)]


def details(program: Any, today: dt.date, language: str | None = None) -> Reply:
    """One program in full: where, cost, hours, languages, what they ask for, how to join."""
    lines = [t("details_title", language, name=program.name)]
    provider = getattr(program, "provider_name", None)
    if provider:
        lines.append(t("details_by", language, provider=provider))
    if getattr(program, "description", None):
        lines.append(program.description)
    address = ", ".join(p for p in (getattr(program, "address", None),) if p)
    place = where(program, None, language)
    lines.append(t("details_where", language,
                   where=f"{address}, {place}" if address and program.format != "online"
                   else place))
    lines.append(t("details_cost", language, cost=cost(program, language)))
    lines.append(t("details_schedule", language, schedule=schedule(program, language)))
    languages = [language_name(c) for c in _codes(getattr(program, "languages", ()))]
    if languages:
        lines.append(t("details_languages", language, languages=", ".join(languages)))
    if getattr(program, "childcare_onsite", False):
        lines.append(t("details_childcare_onsite", language))
    elif getattr(program, "childcare_assistance", False):
        lines.append(t("details_childcare_help", language))
    needs = [word for field, word in _words("need_words", language).items()
             if getattr(program, field, False)]
    lines.append(t("details_needs", language, needs=", ".join(needs)) if needs
                 else t("details_needs_none", language))
    check = getattr(program, "background_check", "unknown")
    if getattr(program, "record_friendly", False):
        lines.append(t("details_record_friendly", language))
    if check in ("at_enrollment", "for_license", "unknown") and not (
            check == "unknown" and getattr(program, "record_friendly", False)):
        lines.append(t("details_check", language,
                       when=_words("check_words", language).get(check, check)))
    if getattr(program, "survivor_specific", False):
        lines.append(t("details_survivor", language))
    elif getattr(program, "trauma_informed", False):
        lines.append(t("details_trauma", language))
    if getattr(program, "credential_name", None):
        lines.append(t("details_credential", language, credential=program.credential_name))
    if getattr(program, "how_to_enrol", None):
        lines.append(t("details_enrol", language, how=program.how_to_enrol))
    contact = " · ".join(str(c) for c in (getattr(program, "contact_phone", None),
                                          getattr(program, "contact_email", None),
                                          getattr(program, "contact_url", None)) if c)
    if contact:
        lines.append(t("details_contact", language, contact=contact))
    verified = getattr(program, "last_verified", None)
    if verified is not None:
        lines.append(t("details_verified", language, date=month(verified, language)))
        if (today - verified).days > 182:
            lines.append(t("stale", language, month=month(verified, language)))
    lines += _sample_note([program], language)
    buttons = [
        Button(t("button_save_one", language), payload("save_program", program_id=program.id)),
        Button(t("button_share", language), payload("share_program", program_id=program.id)),
        _menu(language),
    ]
    return Reply("\n".join(lines), buttons)


def saved_list(programs: Sequence[Any], language: str | None = None) -> Reply:
    """The person's saved programs, with details and remove buttons."""
    if not programs:
        return Reply(t("saved_none", language), [_menu(language)])
    lines = [t("saved_list", language)]
    buttons = []
    for number, program in enumerate(programs, start=1):
        lines.append(f"{number}. {program.name}\n{where(program, None, language)} · "
                     f"{cost(program, language)}")
        buttons.append(Button(t("button_details", language, number=number),
                               payload("program_details", program_id=program.id)))
        buttons.append(Button(t("button_remove", language, number=number),
                               payload("remove_program", program_id=program.id)))
    lines += _sample_note(programs, language)
    buttons.append(_menu(language))
    return Reply("\n\n".join(lines), buttons)


def ask_place(language: str | None = None) -> Reply:
    """Where to look, with a one-tap "online"."""
    return Reply(t("ask_place", language), [
        Button(t("button_online", language), payload("search_programs", program_format="online")),
        _menu(language)])


def kept(key: str, language: str | None = None) -> Reply:
    """After saving or removing a program: what happened, and the way to the list."""
    return Reply(t(key, language), [Button(t("button_saved", language), payload("saved_programs")),
                                    _menu(language)])
