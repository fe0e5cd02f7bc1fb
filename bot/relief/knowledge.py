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

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml

from bot.config import ROOT

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


_REQUIRED = (
    "code",
    "name",
    "kind",
    "citations",
    "trafficking_specific_relief",
    "relief_types",
    "offenses_covered",
    "offenses_note",
    "covers_arrests",
    "covers_convictions",
    "covers_juvenile",
    "time_limit",
    "documentation",
    "burden_of_proof",
    "hurdles",
    "fees",
    "general_route_note",
    "legal_help",
    "source",
    "confidence",
    "needs_lawyer_check",
    "last_reviewed",
)
_OPTIONAL = ("notes", "bills_to_watch")
_HELP_REQUIRED = ("name", "how", "scope")
_HELP_OPTIONAL = ("note",)
_CODE = re.compile(r"^(?:[a-z]{2}|federal)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

E = TypeVar("E", bound=Enum)


# ---------------------------------------------------------------------------------------
# YAML: no implicit dates (we parse them ourselves, to name the field of a bad one), only
# true/false as booleans (YAML 1.1 would read "no" and "on" as booleans), no duplicate keys.
# ---------------------------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without timestamps or yes/no booleans, refusing duplicate keys."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    """Build a mapping, refusing a key given twice (the second would silently win)."""
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return dict(loader.construct_pairs(node))


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


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
            raise self.error(key, f"expected {want}, got {_type_name(value)}")
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
            raise self.error(key, f"expected a list, got {_type_name(value)}")
        items = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.error(
                    f"{key}[{index}]", f"expected non-empty text, got {_type_name(item)}"
                )
            items.append(item.strip())
        if len(set(items)) != len(items):
            raise self.error(key, "the same item is listed twice")
        return tuple(items)

    def flag(self, key: str) -> bool:
        value = self.data.get(key)
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {_type_name(value)}")
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
        if value is None and nullable:
            return None
        return _enum_value(value, kind, lambda problem: self.error(key, problem))

    def required_enum(self, key: str, kind: type[E]) -> E:
        value = self.enum(key, kind)
        assert value is not None
        return value

    def enums(self, key: str, kind: type[E]) -> tuple[E, ...]:
        values = self.texts(key)
        return tuple(
            _enum_value(item, kind, lambda problem, i=i: self.error(f"{key}[{i}]", problem))
            for i, item in enumerate(values)
        )

    def day(self, key: str) -> date:
        value = self.data.get(key)
        if not isinstance(value, str) or not _ISO_DATE.match(value):
            raise self.error(key, f"bad date {value!r}: expected YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise self.error(key, f"bad date {value!r}: {exc}") from None


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _enum_value(value: Any, kind: type[E], error: Any) -> E:
    allowed = ", ".join(member.value for member in kind)
    try:
        return kind(value)
    except ValueError:
        raise error(f"unknown value {value!r}; allowed: {allowed}") from None


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
        sub.check_keys(_HELP_REQUIRED, _HELP_OPTIONAL)
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


def _check_consistency(entry: ReliefEntry, fields: _Fields, stem: str) -> None:
    """Rules across fields: what one field says must not contradict another."""
    if entry.code != stem:
        raise fields.error("code", f"{entry.code!r} does not match the file name {stem!r}")
    expected_kind = (
        Kind.FEDERAL
        if entry.code == NATIONAL_CODE
        else Kind.DISTRICT
        if entry.code == DISTRICT_CODE
        else Kind.STATE
    )
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
    if not _CODE.match(code):
        raise fields.error("code", f"bad code {code!r}: a lowercase postal code or 'federal'")
    return code


def entry_from_data(data: Any, name: str, stem: str | None = None) -> ReliefEntry:
    """Validate one entry given as plain data (parsed YAML, or JSON from the console).

    `name` is what error messages call the source ("ga.yml", "console"); `stem` is the code
    the entry must have (a file's name without extension), or None to accept the data's own
    code. Any problem raises `ReliefDataError` naming the source and the field.
    """
    fields = _Fields(data, name)
    fields.check_keys(_REQUIRED, _OPTIONAL)

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
    )
    if not entry.source:
        raise fields.error("source", "at least one source is needed")
    _check_consistency(entry, fields, code if stem is None else stem)
    return entry


def load_entry(path: Path) -> ReliefEntry:
    """Read and validate one relief file; `ReliefDataError` names the file and the field."""
    name = path.name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
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
    return value


def entry_to_data(entry: ReliefEntry) -> dict[str, Any]:
    """The entry as plain JSON-able data that `entry_from_data` reads back to an equal entry.

    Every field is present, in the schema's order (None stays None, empty lists stay).
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
