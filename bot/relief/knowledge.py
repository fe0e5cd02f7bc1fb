"""Record-relief knowledge base: one validated entry per jurisdiction, read from YAML.

The entries live in `data/catalog/relief/<code>.yml` (schema and sources in the README
there). They are facts copied from the project's reference, each with its citation, source,
confidence and date; they are pointers for the assistant to say what relief *may* exist and
where to get free legal help, never a decision about anyone's eligibility.

Every file is checked when it is loaded and any problem raises `ReliefDataError` naming the
file and the field, so a mistyped value fails the tests (and start-up) instead of reaching
a person as a wrong legal fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from dataclasses import fields as dataclass_fields
from datetime import date
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import yaml

from bot.config import ROOT
from bot.relief.knowledge_schema import (
    CODE,
    HELP_OPTIONAL,
    HELP_REQUIRED,
    ISO_DATE,
    OPTIONAL,
    REQUIRED,
    E,
    parse_yaml,
    type_name,
)
from bot.relief.terms import Likelihood, OffenseKind

DEFAULT_FOLDER = ROOT / "data" / "catalog" / "relief"

UNCLEAR = "unclear"
# A yes/no fact the reference may leave open: true, false or "unclear".
Coverage = bool | Literal["unclear"]

NATIONAL_CODE = "federal"
DISTRICT_CODE = "dc"


class Kind(str, Enum):
    """Which level of government the entry is about."""

    STATE = "state"
    DISTRICT = "district"
    FEDERAL = "federal"


class ReliefType(str, Enum):
    """What a relief does to a record (the terms are explained in the README)."""

    VACATUR = "vacatur"
    EXPUNGEMENT = "expungement"
    SEALING = "sealing"
    SET_ASIDE = "set_aside"
    NONDISCLOSURE = "nondisclosure"
    RECORD_RESTRICTION = "record_restriction"
    OTHER = "other"


class OffensesCovered(str, Enum):
    """Which offenses the trafficking-specific relief reaches (broadest relief of the entry)."""

    ALL = "all"
    NONVIOLENT = "nonviolent"
    PROSTITUTION_RELATED = "prostitution_related"
    LISTED = "listed"
    UNCLEAR = "unclear"
    NONE = "none"


class Documentation(str, Enum):
    """Whether official documentation of trafficking (T-visa, HHS letter...) is needed."""

    NOT_REQUIRED = "not_required"
    PRESUMPTION = "presumption"
    REQUIRED = "required"
    UNCLEAR = "unclear"


class BurdenOfProof(str, Enum):
    """The standard the person must meet; `varies` when the entry's reliefs differ."""

    PREPONDERANCE = "preponderance"
    CLEAR_AND_CONVINCING = "clear_and_convincing"
    VARIES = "varies"
    UNCLEAR = "unclear"


class Confidence(str, Enum):
    """The reference's mark: ✅ verified, ☑️ secondary, ⚠️ partial, ❓ unverified."""

    VERIFIED = "verified"
    SECONDARY = "secondary"
    PARTIAL = "partial"
    UNVERIFIED = "unverified"


# Entries with these marks must tell the person the facts may have changed.
NEEDS_LAWYER_CHECK = frozenset({Confidence.PARTIAL, Confidence.UNVERIFIED})


class Scope(str, Enum):
    """Where a legal-help referral works."""

    STATE = "state"
    NATIONAL = "national"


class ReliefDataError(ValueError):
    """A relief file that cannot be trusted: names the file, the field and the problem."""

    def __init__(self, file: str, field: str | None, problem: str) -> None:
        self.file = file
        self.field = field
        self.problem = problem
        where = f"{file}: field '{field}'" if field else file
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class LegalHelp:
    """A place to send a person for help with records, as named in the reference."""

    name: str
    how: str
    scope: Scope
    note: str | None = None


# Rule facts (README "Rule facts"): how each offense choice compares with a statute's list
# (a choice left out is unclear), and one relief's own scope where an entry's reliefs differ.
OffenseList = Mapping[OffenseKind, Likelihood]
ReliefScope = OffensesCovered | OffenseList


def _no_facts() -> Mapping[Any, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class ReliefEntry:
    """What one jurisdiction's law may offer trafficking survivors, with its citations."""

    code: str
    name: str
    kind: Kind
    citations: tuple[str, ...]
    trafficking_specific_relief: Coverage
    relief_types: tuple[ReliefType, ...]
    offenses_covered: OffensesCovered
    offenses_note: str
    covers_arrests: Coverage
    covers_convictions: Coverage
    covers_juvenile: Coverage
    time_limit: str | None
    documentation: Documentation | None
    burden_of_proof: BurdenOfProof | None
    hurdles: tuple[str, ...]
    fees: str | None
    general_route_note: str | None
    legal_help: tuple[LegalHelp, ...]
    source: tuple[str, ...]
    confidence: Confidence
    needs_lawyer_check: bool
    last_reviewed: date
    notes: tuple[str, ...] = ()
    bills_to_watch: tuple[str, ...] = ()
    # Read-only mappings, so left out of the hash (equality still compares them).
    listed_offenses: OffenseList = dataclass_field(default_factory=_no_facts, hash=False)
    scope_by_relief: Mapping[ReliefType, ReliefScope] = dataclass_field(
        default_factory=_no_facts, hash=False
    )
    waits_for_sentence: bool = False


# ---------------------------------------------------------------------------------------
# Field readers
# ---------------------------------------------------------------------------------------


class _Fields:
    """Typed access to one mapping of a file, raising `ReliefDataError` on any problem."""

    def __init__(self, data: Any, file: str, prefix: str = "") -> None:
        self.file = file
        self.prefix = prefix
        if not isinstance(data, Mapping):
            raise ReliefDataError(file, prefix or None, "expected a mapping of fields")
        self.data = data

    def error(self, key: str, problem: str) -> ReliefDataError:
        return ReliefDataError(self.file, f"{self.prefix}{key}", problem)

    def check_keys(self, required: tuple[str, ...], optional: tuple[str, ...]) -> None:
        for key in self.data:
            if key not in required and key not in optional:
                raise self.error(str(key), "unknown field (a typo?)")
        for key in required:
            if key not in self.data:
                raise self.error(key, "missing field")

    def text(self, key: str, *, nullable: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            want = "text or null" if nullable else "text"
            raise self.error(key, f"expected {want}, got {type_name(value)}")
        if not value.strip():
            raise self.error(key, "empty text (use null when there is nothing to say)")
        return value.strip()

    def required_text(self, key: str) -> str:
        value = self.text(key)
        assert value is not None
        return value

    def texts(self, key: str, *, default: tuple[str, ...] | None = None) -> tuple[str, ...]:
        if key not in self.data and default is not None:
            return default
        value = self.data.get(key)
        if not isinstance(value, list):
            raise self.error(key, f"expected a list, got {type_name(value)}")
        items = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.error(
                    f"{key}[{index}]", f"expected non-empty text, got {type_name(item)}"
                )
            items.append(item.strip())
        if len(set(items)) != len(items):
            raise self.error(key, "the same item is listed twice")
        return tuple(items)

    def flag(self, key: str, *, default: bool | None = None) -> bool:
        if key not in self.data and default is not None:
            return default
        value = self.data.get(key)
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {type_name(value)}")
        return value

    def coverage(self, key: str) -> Coverage:
        value = self.data.get(key)
        if isinstance(value, bool):
            return value
        if value == UNCLEAR:
            return UNCLEAR
        raise self.error(key, f"expected true, false or {UNCLEAR}, got {value!r}")

    def enum(self, key: str, kind: type[E], *, nullable: bool = False) -> E | None:
        value = self.data.get(key)
        return None if value is None and nullable else self.word(key, value, kind)

    def required_enum(self, key: str, kind: type[E]) -> E:
        return self.word(key, self.data.get(key), kind)

    def enums(self, key: str, kind: type[E]) -> tuple[E, ...]:
        values = self.texts(key)
        return tuple(self.word(f"{key}[{i}]", item, kind) for i, item in enumerate(values))

    def word(self, key: str, value: Any, kind: type[E]) -> E:
        """`value` (the data at `key`) as a member of `kind`."""
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            raise self.error(key, f"unknown value {value!r}; allowed: {allowed}") from None

    def offense_list(self, key: str, value: Any) -> OffenseList:
        """`value` (the data at `key`) as {offense choice: likelihood}."""
        if not isinstance(value, Mapping):
            raise self.error(key, f"expected offense: likelihood pairs, got {type_name(value)}")
        found = {}
        for name, word in value.items():
            offense = self.word(f"{key}.{name}", name, OffenseKind)
            if offense is OffenseKind.UNSURE:
                raise self.error(f"{key}.{name}", "never compared with a list (leave it out)")
            found[offense] = self.word(f"{key}.{name}", word, Likelihood)
        return MappingProxyType(found)

    def day(self, key: str) -> date:
        value = self.data.get(key)
        if not isinstance(value, str) or not ISO_DATE.match(value):
            raise self.error(key, f"bad date {value!r}: expected YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise self.error(key, f"bad date {value!r}: {exc}") from None


# ---------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------


def _legal_help(fields: _Fields) -> tuple[LegalHelp, ...]:
    raw = fields.data.get("legal_help")
    if not isinstance(raw, list) or not raw:
        raise fields.error("legal_help", "expected a non-empty list of referrals")
    helps = []
    for index, item in enumerate(raw):
        sub = _Fields(item, fields.file, prefix=f"legal_help[{index}].")
        sub.check_keys(HELP_REQUIRED, HELP_OPTIONAL)
        helps.append(
            LegalHelp(
                name=sub.required_text("name"),
                how=sub.required_text("how"),
                scope=sub.required_enum("scope", Scope),
                note=sub.text("note", nullable=True),
            )
        )
    if not any(help_.scope is Scope.NATIONAL for help_ in helps):
        raise fields.error("legal_help", "needs at least one national referral")
    return tuple(helps)


def _scope_by_relief(fields: _Fields) -> Mapping[ReliefType, ReliefScope]:
    """Each relief's own scope: an `offenses_covered` word or an offense list."""
    key = "scope_by_relief"
    raw = fields.data.get(key, {})
    if not isinstance(raw, Mapping):
        raise fields.error(key, f"expected a mapping of relief type: scope, got {type_name(raw)}")
    scopes: dict[ReliefType, ReliefScope] = {}
    for name, value in raw.items():
        part = f"{key}.{name}"
        scopes[fields.word(part, name, ReliefType)] = (
            fields.offense_list(part, value)
            if isinstance(value, Mapping)
            else fields.word(part, value, OffensesCovered)
        )
    return MappingProxyType(scopes)


def _check_rule_facts(entry: ReliefEntry, fields: _Fields) -> None:
    """The rule facts must fit the fields they refine."""
    listed = entry.offenses_covered is OffensesCovered.LISTED
    if listed and "listed_offenses" not in fields.data:
        # {} is a real answer (no choice can be matched with the list: all are unclear).
        raise fields.error("listed_offenses", "missing although offenses_covered is listed")
    if not listed and entry.listed_offenses:
        raise fields.error("listed_offenses", "only for offenses_covered: listed")
    if entry.scope_by_relief and (
        set(entry.scope_by_relief) != set(entry.relief_types) or len(entry.relief_types) < 2
    ):
        problem = "must name each of relief_types (two or more) and no other relief"
        raise fields.error("scope_by_relief", problem)
    if entry.waits_for_sentence and entry.time_limit is None:
        raise fields.error("waits_for_sentence", "true but time_limit is null")


def _check_consistency(entry: ReliefEntry, fields: _Fields, stem: str) -> None:
    """Rules across fields: what one field says must not contradict another."""
    if entry.code != stem:
        raise fields.error("code", f"{entry.code!r} does not match the file name {stem!r}")
    special = {NATIONAL_CODE: Kind.FEDERAL, DISTRICT_CODE: Kind.DISTRICT}
    expected_kind = special.get(entry.code, Kind.STATE)
    if entry.kind is not expected_kind:
        raise fields.error("kind", f"must be {expected_kind.value!r} for {entry.code!r}")
    wanted = entry.confidence in NEEDS_LAWYER_CHECK
    if entry.needs_lawyer_check is not wanted:
        raise fields.error(
            "needs_lawyer_check",
            f"must be {str(wanted).lower()} when confidence is {entry.confidence.value!r}",
        )
    if entry.trafficking_specific_relief is True:
        # An unverified entry may lack a citation when the reference found none (New Mexico).
        if not entry.citations and entry.confidence is not Confidence.UNVERIFIED:
            raise fields.error("citations", "empty although trafficking_specific_relief is true")
        if not entry.relief_types:
            raise fields.error("relief_types", "empty although trafficking_specific_relief is true")
        for key in ("documentation", "burden_of_proof"):
            if getattr(entry, key) is None:
                raise fields.error(key, "null although trafficking_specific_relief is true")
    if entry.offenses_covered is OffensesCovered.NONE and entry.relief_types:
        raise fields.error("offenses_covered", "'none' but relief_types is not empty")
    if not entry.relief_types and entry.offenses_covered not in (
        OffensesCovered.NONE,
        OffensesCovered.UNCLEAR,
    ):
        raise fields.error("offenses_covered", "must be none or unclear when relief_types is empty")


def _read_code(fields: _Fields) -> str:
    code = fields.required_text("code")
    if not CODE.match(code):
        raise fields.error("code", f"bad code {code!r}: a lowercase postal code or 'federal'")
    return code


def entry_from_data(data: Any, name: str, stem: str | None = None) -> ReliefEntry:
    """Validate one entry given as plain data (parsed YAML, or JSON from the console).

    `name` is what error messages call the source ("ga.yml", "console"); `stem` is the code
    the entry must have (a file's name without extension), or None to accept the data's own
    code. Any problem raises `ReliefDataError` naming the source and the field.
    """
    fields = _Fields(data, name)
    fields.check_keys(REQUIRED, OPTIONAL)

    code = _read_code(fields)
    entry = ReliefEntry(
        code=code,
        name=fields.required_text("name"),
        kind=fields.required_enum("kind", Kind),
        citations=fields.texts("citations"),
        trafficking_specific_relief=fields.coverage("trafficking_specific_relief"),
        relief_types=fields.enums("relief_types", ReliefType),
        offenses_covered=fields.required_enum("offenses_covered", OffensesCovered),
        offenses_note=fields.required_text("offenses_note"),
        covers_arrests=fields.coverage("covers_arrests"),
        covers_convictions=fields.coverage("covers_convictions"),
        covers_juvenile=fields.coverage("covers_juvenile"),
        time_limit=fields.text("time_limit", nullable=True),
        documentation=fields.enum("documentation", Documentation, nullable=True),
        burden_of_proof=fields.enum("burden_of_proof", BurdenOfProof, nullable=True),
        hurdles=fields.texts("hurdles"),
        fees=fields.text("fees", nullable=True),
        general_route_note=fields.text("general_route_note", nullable=True),
        legal_help=_legal_help(fields),
        source=fields.texts("source"),
        confidence=fields.required_enum("confidence", Confidence),
        needs_lawyer_check=fields.flag("needs_lawyer_check"),
        last_reviewed=fields.day("last_reviewed"),
        notes=fields.texts("notes", default=()),
        bills_to_watch=fields.texts("bills_to_watch", default=()),
        listed_offenses=fields.offense_list("listed_offenses", data.get("listed_offenses", {})),
        scope_by_relief=_scope_by_relief(fields),
        waits_for_sentence=fields.flag("waits_for_sentence", default=False),
    )
    if not entry.source:
        raise fields.error("source", "at least one source is needed")
    _check_consistency(entry, fields, code if stem is None else stem)
    _check_rule_facts(entry, fields)
    return entry


def load_entry(path: Path) -> ReliefEntry:
    """Read and validate one relief file; `ReliefDataError` names the file and the field."""
    name = path.name
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ReliefDataError(name, None, f"cannot be read as YAML: {exc}") from None
    return entry_from_data(data, name, path.stem)


def _plain(value: Any) -> Any:
    """One field's value as JSON-able data: enums as their values, dates as ISO text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, LegalHelp):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclass_fields(LegalHelp)}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {_plain(key): _plain(item) for key, item in value.items()}
    return value


def entry_to_data(entry: ReliefEntry) -> dict[str, Any]:
    """The entry as plain JSON-able data that `entry_from_data` reads back to an equal entry.

    Every field is present, in the schema's order (None stays None, empty lists and
    mappings stay).
    """
    return {f.name: _plain(getattr(entry, f.name)) for f in dataclass_fields(ReliefEntry)}


def load_entries(folder: Path | str = DEFAULT_FOLDER) -> dict[str, ReliefEntry]:
    """Every entry in `folder`, validated, by code (e.g. "ga", "dc", "federal")."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ReliefDataError(str(folder), None, "folder not found")
    stray = sorted(path.name for path in folder.glob("*.yaml"))
    if stray:
        # A file the loader would skip is a jurisdiction silently missing.
        raise ReliefDataError(stray[0], None, "use the .yml extension")
    entries: dict[str, ReliefEntry] = {}
    for path in sorted(folder.glob("*.yml")):
        entry = load_entry(path)
        entries[entry.code] = entry
    return entries
