"""Why a program fits a query, in short plain phrases ("teaches cooking", "free").

Worked out in Python for the few hits of a page; pure (no database), so the chat can also
explain a program it already holds.
"""

from __future__ import annotations

from bot.catalog import language_name
from bot.programs.program_view import ProgramView
from bot.programs.schema import terms_for
from bot.programs.search_query import Query, keyword_terms, occupation_terms

REASON_OTHER_FIELD = "other kind of training"


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
        out.extend(f"teaches {phrase}" for phrase in list(dict.fromkeys(taught))[:2])
        if not taught and any(_term_match(terms, f"soc:{term}", len(term) == 7)
                              for term in occ):
            # Asked from a job ("Find training for this"); a typed topic says "teaches …".
            out.append("for a job you picked")
        if not matched:
            out.append(REASON_OTHER_FIELD)
    if view.format == "online":
        out.append("online")
    elif distance_miles is not None:
        out.append(_distance_phrase(distance_miles))
        if view.format == "hybrid":
            out.append("partly online")
    if view.total_cost_usd == 0:
        out.append("free")
    elif view.total_cost_usd is not None and query.max_cost is not None:
        out.append(f"costs ${view.total_cost_usd:,.0f}")
    if view.stipend:
        out.append("pays you while you train")
    if view.childcare_onsite:
        out.append("has childcare")
    elif view.childcare_assistance:
        out.append("helps with childcare")
    for flag, phrase in (("daytime", "daytime classes"), ("evening", "evening classes"),
                         ("weekend", "weekend classes"), ("part_time", "part-time")):
        if flag in query.schedule and getattr(view, flag):
            out.append(phrase)
    if query.language and query.language.lower() != "en":
        name = language_name(query.language.lower(), default=query.language)
        out.append(f"taught in {name}")
    for wanted, value, yes, ask in (
        (query.no_photo_id, view.requires_photo_id, "no photo ID needed",
         "ask if photo ID is needed"),
        (query.no_ssn, view.requires_ssn, "no Social Security number needed",
         "ask if a Social Security number is needed"),
        (query.no_work_authorization, view.requires_work_authorization,
         "no work permit needed", "ask if a work permit is needed"),
        (query.no_diploma, view.requires_hs_diploma, "no diploma needed",
         "ask if a diploma is needed"),
    ):
        if wanted:
            out.append(yes if value is False else ask)
    if view.record_friendly or view.background_check == "none":
        out.append("open to people with a record")
    if view.survivor_specific:
        out.append("made for survivors")
    elif view.trauma_informed:
        out.append("trauma-informed staff")
    return tuple(out)


def _term_match(terms: set[str], prefix: str, exact: bool) -> bool:
    return prefix in terms if exact else any(t.startswith(prefix) for t in terms)


def _distance_phrase(miles: float) -> str:
    if miles < 1:
        return "less than 1 mile away"
    rounded = round(miles)
    return f"{rounded} mile away" if rounded == 1 else f"{rounded} miles away"
