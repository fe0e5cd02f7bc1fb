"""Plain-language text for an `Assessment`: the same messages for the chat and the console.

Every sentence comes from the text catalog's area "relief"
(`data/catalog/texts/relief/<language>.yml`: keys + `str.format` parameters, read through
`bot.catalog`); this module only chooses and orders them. Facts copied
from an entry (hurdles, time limits, fees, general routes, referral notes) are shown in
the plain version the catalog keeps under `facts`, keyed by the entry's exact text, so a
staff edit of a fact can never leave a stale paraphrase: an unknown text is quoted as is.

The order is fixed: a short summary, the options, what to gather, what to know (with the
date the facts were last checked), and, always last, where to get free legal help and
"This is information, not legal advice."
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from bot import catalog
from bot.readability import ADDRESS
from bot.relief.knowledge import UNCLEAR, Kind, ReliefEntry, ReliefType
from bot.relief.options import GENERAL_ROUTE, JUVENILE_RELIEF, MAIN_OPTIONS, Option
from bot.relief.rules import FACT, Phrase
from bot.relief.screening import Assessment, summary_assessment
from bot.relief.terms import Likelihood

# Short enough to read on a phone screen in one go (Telegram's own limit is 4096).
MAX_MESSAGE = 900
# Information older than this gets a "laws change, please check" note.
STALE_AFTER_MONTHS = 12

GLOSSARY_TERMS = (
    "vacatur",
    "expungement",
    "sealing",
    "set_aside",
    "nondisclosure",
    "record_restriction",
    "t_visa",
    "affirmative_defense",
)

_RANK = {Likelihood.MAY_NOT_APPLY: 0, Likelihood.UNCLEAR: 1, Likelihood.MAY_APPLY: 2}


class _Writer:
    """Renders phrases for one explanation; remembers which legal words it has explained."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.facts = catalog.table("relief", "facts", language)
        self.months = catalog.text_list("relief", "months", language)
        self.offenses = catalog.table("relief", "offense", language)
        self.reliefs = catalog.table("relief", "relief", language)
        self.explained: set[ReliefType] = set()
        self.said: set[str] = set()

    # -- catalog access -----------------------------------------------------------------

    def t(self, key: str, **params: Any) -> str:
        return catalog.text("relief", key, self.language, **params)

    def fact(self, raw: str) -> tuple[str, str | None]:
        """The plain version of an entry's fact, and its citation if the catalog has one."""
        plain = self.facts.get(raw)
        if plain is None:
            return self.t("fact_fallback", text=raw), None
        if isinstance(plain, dict):
            return str(plain["text"]), plain.get("cite")
        return str(plain), None

    def day(self, iso: str) -> str:
        value = date.fromisoformat(iso)
        month = self.months[value.month - 1]
        return self.t("date_format", month=month, day=value.day, year=value.year)

    def relief_terms(self, values: str) -> str:
        terms = [self.reliefs[value]["term"] for value in values.split(",") if value]
        if len(terms) == 1:
            return str(terms[0])
        return self.t("join_and", first=", ".join(terms[:-1]), last=terms[-1])

    def params(self, phrase: Phrase) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, value in phrase.params:
            if name == "text":
                out[name] = self.fact(value)[0]
            elif name == "offense":
                out[name] = self.offenses[value]
            elif name in ("fits", "misses"):
                out[name] = self.relief_terms(value)
            elif name == "date":
                out[name] = self.day(value)
            else:
                out[name] = value
        return out

    def render(self, phrase: Phrase) -> str:
        if phrase.key == FACT:
            return self.fact(phrase.values["text"])[0]
        return self.t(phrase.key, **self.params(phrase))

    def cite(self, phrase: Phrase) -> str | None:
        return self.fact(phrase.values["text"])[1] if phrase.key == FACT else None

    def relief(self, relief: ReliefType) -> str:
        """The relief in plain words; its legal word is explained the first time only."""
        texts = self.reliefs[relief.value]
        if relief in self.explained:
            return str(texts["again"])
        self.explained.add(relief)
        return str(texts["first"])


def _place(writer: _Writer, entry: ReliefEntry) -> str:
    return writer.t("place_federal") if entry.kind is Kind.FEDERAL else entry.name


# ---------------------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------------------


def _summary(writer: _Writer, assessment: Assessment) -> str:
    entry = assessment.entry
    place = _place(writer, entry)
    main = [option for option in assessment.options if option.key in MAIN_OPTIONS]
    screened = assessment.screened
    parts = [writer.t("intro_screened" if screened else "intro_summary", place=place)]
    if not main:
        no_law = entry.trafficking_specific_relief is False
        parts.append(writer.t("head_no_law" if no_law else "head_law_unclear", place=place))
        parts.append(writer.t("head_other_ways"))
        return " ".join(parts)
    if any(option.key == JUVENILE_RELIEF for option in main):
        parts.append(writer.t("head_adult_no_law", place=place))
    if screened:
        best = max((option.likelihood for option in main), key=_RANK.__getitem__)
        parts.append(writer.t(f"head_{best.value}"))
    else:
        if entry.kind is Kind.FEDERAL:
            parts.append(writer.t("sum_federal"))
        elif entry.trafficking_specific_relief == UNCLEAR:
            parts.append(writer.t("sum_may_have_law", place=place))
        elif entry.trafficking_specific_relief is True:
            parts.append(writer.t("sum_has_law", place=place))
        parts.append(writer.t("sum_depends"))
    return " ".join(parts)


def _option_block(writer: _Writer, option: Option, screened: bool) -> str:
    if option.key == GENERAL_ROUTE:
        lead = writer.t("lead_general")
    elif screened:
        lead = writer.t(f"lead_{option.likelihood.value}")
    else:
        lead = writer.t(f"lead_summary_{option.key}")
    lines = [lead]
    lines.extend(writer.relief(relief) for relief in option.relief_types)
    if option.scope:
        lines.append(" ".join(writer.render(item) for item in option.scope))
    if screened:
        reasons = []
        for reason in option.reasons:
            text = writer.render(reason)
            if text not in writer.said:
                writer.said.add(text)
                reasons.append(text)
        if option.likelihood is Likelihood.MAY_APPLY and option.key != GENERAL_ROUTE:
            reasons.append(writer.t("fit_may_apply"))
        if reasons:
            lines.append(" ".join(reasons))
    citations = list(option.citations)
    citations.extend(c for c in (writer.cite(item) for item in option.scope) if c)
    if citations:
        lines.append(writer.t("citation_line", citations="; ".join(citations)))
    return "\n".join(lines)


def _ordered(options: Iterable[Option]) -> list[Option]:
    """Survivor relief by likelihood (may apply first), general routes last."""
    return sorted(
        options,
        key=lambda option: (option.key == GENERAL_ROUTE, -_RANK[option.likelihood]),
    )


def _gather(writer: _Writer, options: Iterable[Option]) -> list[str]:
    items: list[str] = []
    for option in options:
        if option.likelihood is Likelihood.MAY_NOT_APPLY:
            continue
        for item in option.gather:
            text = writer.t("bullet", text=writer.render(item))
            if text not in items:
                items.append(text)
    if not items:
        return []
    return [writer.t("gather_title"), *items, writer.t("gather_safe")]


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _cautions(writer: _Writer, assessment: Assessment) -> list[str]:
    """ "Good to know:" and a bullet per caution; empty when there is none."""
    bullets = [
        writer.t("bullet", text=writer.render(item))
        for item in assessment.cautions
        if item.key != "lawyer_check"
    ]
    return [writer.t("cautions_title"), *bullets] if bullets else []


def _closing(writer: _Writer, assessment: Assessment, today: date) -> str:
    """The check-with-a-lawyer note (when the entry needs it) and when facts were checked."""
    entry = assessment.entry
    closing = []
    if any(item.key == "lawyer_check" for item in assessment.cautions):
        closing.append(writer.t("lawyer_check"))
    reviewed = entry.last_reviewed
    closing.append(
        writer.t(
            "last_checked",
            month=writer.months[reviewed.month - 1],
            year=reviewed.year,
        )
    )
    if _months_between(reviewed, today) >= STALE_AFTER_MONTHS:
        closing.append(writer.t("stale"))
    return " ".join(closing)


def _legal_help(writer: _Writer, assessment: Assessment) -> str:
    lines = [writer.t("help_title")]
    for help_ in assessment.legal_help:
        lines.append(writer.t("help_item", name=help_.name, how=help_.how))
        if help_.note:
            lines.append(writer.t("help_note", text=writer.fact(help_.note)[0]))
    lines.append(writer.t("not_advice"))
    return "\n".join(lines)


def _pack(pieces: list[str], joiner: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Join pieces into as few messages as fit in `limit` characters, in order."""
    messages: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{joiner}{piece}" if current else piece
        if current and len(candidate) > limit:
            messages.append(current)
            current = piece
        else:
            current = candidate
    if current:
        messages.append(current)
    return messages


# ---------------------------------------------------------------------------------------
# Public
# ---------------------------------------------------------------------------------------


def explain(assessment: Assessment, today: date, language: str | None = None) -> list[str]:
    """The messages for an assessment; the last one is always where to get free legal help."""
    writer = _Writer(language)
    options = _ordered(assessment.options)
    messages = [_summary(writer, assessment)]
    blocks = [_option_block(writer, option, assessment.screened) for option in options]
    messages.extend(_pack(blocks, "\n\n"))
    messages.extend(_pack(_gather(writer, options), "\n"))
    cautions = _cautions(writer, assessment)
    closing = _closing(writer, assessment, today)
    if cautions:
        messages.extend(_pack([*cautions, closing], "\n"))
    else:  # nothing else to know: the date goes under the previous message
        messages.extend(_pack([messages.pop(), closing], "\n\n"))
    messages.append(_legal_help(writer, assessment))
    return messages


def state_summary(entry: ReliefEntry, today: date, language: str | None = None) -> list[str]:
    """The answer to "can I clear my record in X?", described from the entry alone."""
    return explain(summary_assessment(entry, today), today, language)


def legal_help(entry: ReliefEntry, today: date, language: str | None = None) -> str:
    """Where to get free legal help for a case in this place: the entry's own referrals,
    the state's first, then the national ones, and "information, not legal advice"."""
    return _legal_help(_Writer(language), summary_assessment(entry, today))


def glossary(term: str, language: str | None = None) -> str:
    """A legal word in plain words; `term` as in GLOSSARY_TERMS ("set-aside" also works)."""
    key = term.strip().lower().replace("-", "_").replace(" ", "_")
    key = catalog.table("relief", "glossary_aliases", language).get(key, key)
    if key not in GLOSSARY_TERMS:
        raise KeyError(f"unknown glossary term {term!r}; known: {', '.join(GLOSSARY_TERMS)}")
    return str(catalog.table("relief", "glossary", language)[key])


def citation_label(language: str | None = None) -> str:
    """The words that start every citation line (e.g. "Law:")."""
    return catalog.text("relief", "citation_line", language, citations="").strip()


def strip_citations(message: str, language: str | None = None) -> str:
    """The message without its citation lines: the part a person reads as sentences."""
    label = citation_label(language)
    return "\n".join(line for line in message.splitlines() if not line.strip().startswith(label))


def reading_text(message: str, language: str | None = None) -> str:
    """What a person reads as sentences: no citation lines, each address one word."""
    # Web and e-mail addresses: a person does not read them as words.
    return ADDRESS.sub("link", strip_citations(message, language))
