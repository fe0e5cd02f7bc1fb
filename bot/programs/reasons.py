"""Why a program fits a query, in short plain phrases ("teaches cooking", "free").

Worked out in Python for the few hits of a page; pure (no database), so the chat can also
explain a program it already holds. The phrases are the catalog's `programs` table
`reasons`, in the language the turn speaks (`bot.catalog.current()`); the person's own
words ("teaches {phrase}") stay as they wrote them.
"""

from __future__ import annotations

from bot import catalog
from bot.catalog import language_name
from bot.programs.program_view import ProgramView
from bot.programs.schema import terms_for
from bot.programs.search_query import Query, keyword_terms, occupation_terms


def reason(key: str, **params: object) -> str:
    """One reason phrase in the language the turn speaks."""
    return str(catalog.table("programs", "reasons")[key]).format(**params)


def reasons_for(view: ProgramView, query: Query, *, distance_miles: float | None,
                matched: bool = True) -> tuple[str, ...]:
    """Short plain phrases saying why this program fits (or where it does not)."""
    out: list[str] = []
    words = keyword_terms(query)
    occ = occupation_terms(query)
    if words or occ:
        terms = set(terms_for(view.name, view.keywords, view.credential_name,
                              " ".join(view.occupations)).split())
        taught = [phrase for phrase, s in words if _term_match(terms, s, len(s) < 3)]
        out.extend(reason("teaches", phrase=phrase) for phrase in list(dict.fromkeys(taught))[:2])
        if not taught and any(_term_match(terms, f"soc:{term}", len(term) == 7)
                              for term in occ):
            # Asked from a job ("Find training for this"); a typed topic says "teaches …".
            out.append(reason("picked_job"))
        if not matched:
            out.append(reason("other_field"))
    if view.format == "online":
        out.append(reason("online"))
    elif distance_miles is not None:
        out.append(_distance_phrase(distance_miles))
        if view.format == "hybrid":
            out.append(reason("partly_online"))
    if view.total_cost_usd == 0:
        out.append(reason("free"))
    elif view.total_cost_usd is not None and query.max_cost is not None:
        out.append(reason("costs", amount=f"{view.total_cost_usd:,.0f}"))
    if view.stipend:
        out.append(reason("stipend"))
    if view.childcare_onsite:
        out.append(reason("childcare_onsite"))
    elif view.childcare_assistance:
        out.append(reason("childcare_help"))
    for flag in ("daytime", "evening", "weekend", "part_time"):
        if flag in query.schedule and getattr(view, flag):
            out.append(reason(flag))
    if query.language and query.language.lower() != "en":
        name = language_name(query.language.lower(), default=query.language)
        out.append(reason("taught_in", language=name))
    for wanted, value, what in (
        (query.no_photo_id, view.requires_photo_id, "photo_id"),
        (query.no_ssn, view.requires_ssn, "ssn"),
        (query.no_work_authorization, view.requires_work_authorization, "work_permit"),
        (query.no_diploma, view.requires_hs_diploma, "diploma"),
    ):
        if wanted:
            out.append(reason(f"no_{what}" if value is False else f"ask_{what}"))
    if view.record_friendly or view.background_check == "none":
        out.append(reason("record_friendly"))
    if view.survivor_specific:
        out.append(reason("survivors"))
    elif view.trauma_informed:
        out.append(reason("trauma_informed"))
    return tuple(out)


def _term_match(terms: set[str], prefix: str, exact: bool) -> bool:
    return prefix in terms if exact else any(t.startswith(prefix) for t in terms)


def _distance_phrase(miles: float) -> str:
    if miles < 1:
        return reason("under_a_mile")
    rounded = round(miles)
    return reason("one_mile") if rounded == 1 else reason("miles", miles=rounded)
