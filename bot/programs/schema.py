"""The program column set, the validated record types and how file columns map onto ours.

Independent of any file format: `bot.programs.validate` checks one row against this column
set; `bot.programs.cells` writes stored values back as cell text. Column names may be the
documented ones (docs/programs.md) or ETPL-style aliases (`ALIASES`). Provider columns are
prefixed `provider_`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import lru_cache

FORMATS = ("in_person", "online", "hybrid")
BACKGROUND_CHECKS = ("none", "at_enrollment", "for_license", "unknown")
STATUSES = ("active", "archived")
SCHEDULE_FLAGS = ("daytime", "evening", "weekend", "part_time")

# --- the column set -----------------------------------------------------------------------
# (column, kind, help) in export order. Kinds: text, longtext, key, bool, tristate, money,
# number, date, format, status, check, codes (occupations), cip, languages, state, zip,
# lat, lon, email, url, phone.
PROVIDER_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("provider_key", "key", "stable id of the provider; blank = made from name and city"),
    ("provider_name", "text", "required; the organisation's name"),
    ("provider_website", "url", "https://..."),
    ("provider_phone", "phone", "main phone number"),
    ("provider_email", "email", "main email address"),
    ("provider_address", "text", "street address"),
    ("provider_city", "text", ""),
    ("provider_state", "state", "two letters, e.g. GA"),
    ("provider_zip", "zip", "5 digits"),
    ("provider_lat", "lat", "blank = from the ZIP"),
    ("provider_lon", "lon", "blank = from the ZIP"),
    ("provider_description", "longtext", ""),
    ("provider_survivor_specific", "bool", "the organisation serves survivors"),
    ("provider_trauma_informed", "bool", "staff trained in trauma-informed practice"),
)
PROGRAM_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("key", "key", "required; stable id of the program, used to update it later"),
    ("name", "text", "required"),
    ("status", "status", "active (default) or archived"),
    ("description", "longtext", ""),
    ("occupations", "codes", "SOC / O*NET codes, e.g. 35-2014 35-2012"),
    ("cip_code", "cip", "e.g. 12.0503"),
    ("keywords", "longtext", "words people may search for, e.g. cooking kitchen chef"),
    ("credential_name", "text", "certificate or license earned"),
    ("leads_to_license", "bool", "prepares for a state license (boards may check records)"),
    ("total_cost_usd", "money", "total cost for the student; 0 = free; blank = not known"),
    ("stipend", "bool", "pays the student while training"),
    ("stipend_notes", "longtext", ""),
    ("childcare_onsite", "bool", ""),
    ("childcare_assistance", "bool", "helps find or pay for childcare"),
    ("daytime", "bool", "offers daytime classes"),
    ("evening", "bool", "offers evening classes"),
    ("weekend", "bool", "offers weekend classes"),
    ("part_time", "bool", "can be done part-time"),
    ("length_weeks", "number", ""),
    ("clock_hours", "number", ""),
    ("format", "format", "required; in_person, online or hybrid"),
    ("languages", "languages", "ISO 639-1 codes taught in, e.g. en es; blank = en"),
    ("address", "text", "program site; all four blank = the provider's"),
    ("city", "text", ""),
    ("state", "state", ""),
    ("zip", "zip", ""),
    ("lat", "lat", "blank = from the ZIP (or the city)"),
    ("lon", "lon", ""),
    ("requires_photo_id", "tristate", "blank = not known"),
    ("requires_ssn", "tristate", "blank = not known"),
    ("requires_work_authorization", "tristate", "blank = not known"),
    ("requires_hs_diploma", "tristate", "high school diploma or GED; blank = not known"),
    ("background_check", "check", "none, at_enrollment, for_license or unknown (default)"),
    ("record_friendly", "bool", "welcomes people with a criminal record"),
    ("survivor_specific", "bool", "designed for survivors"),
    ("trauma_informed", "bool", "staff trained in trauma-informed practice"),
    ("career_services", "bool", "job placement or case management"),
    ("contact_phone", "phone", ""),
    ("contact_email", "email", ""),
    ("contact_url", "url", ""),
    ("how_to_enrol", "longtext", "plain steps to sign up"),
    ("last_verified", "date", "required; date someone last checked this, YYYY-MM-DD"),
    ("verified_by", "text", "who checked (a role, not a person's full name)"),
    ("is_sample", "bool", "invented example data"),
)
# Accepted on import, never exported: they fill in other columns.
INPUT_ONLY_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("is_free", "bool", "yes = total_cost_usd 0 when that is blank"),
    ("speaks_spanish", "bool", "yes = add es to languages"),
    ("distance_learning", "bool", "yes = online, no = in_person when format is blank"),
)
EXPORT_COLUMNS: tuple[str, ...] = tuple(
    c[0] for c in PROGRAM_COLUMNS[:3] + PROVIDER_COLUMNS + PROGRAM_COLUMNS[3:]
)
COLUMN_KINDS: dict[str, str] = {
    c[0]: c[1] for c in PROGRAM_COLUMNS + PROVIDER_COLUMNS + INPUT_ONLY_COLUMNS
}
REQUIRED_COLUMNS = ("key", "name", "provider_name", "format", "last_verified")

# ETPL-style column names (NJ Training Explorer files, TPOT template) -> our columns.
# Keys are compared after lower-casing and turning spaces and hyphens into underscores.
ALIASES: dict[str, str] = {
    "programid": "key",
    "program_id": "key",
    "programname": "name",
    "program_name": "name",
    "officialname": "name",
    "providerid": "provider_key",
    "providername": "provider_name",
    "program_provider": "provider_name",
    "programdescription": "description",
    "totalcost": "total_cost_usd",
    "cost": "total_cost_usd",
    "fees": "total_cost_usd",
    "cipcode": "cip_code",
    "program_code": "cip_code",
    "program_soc": "occupations",
    "soc_codes": "occupations",
    "eveningcourses": "evening",
    "childcare": "childcare_onsite",
    "assistobtainingchildcare": "childcare_assistance",
    "zipcode": "zip",
    "zip_code": "zip",
    "distancelearning": "distance_learning",
    "online": "distance_learning",
    "totalclockhours": "clock_hours",
    "speakspanish": "speaks_spanish",
    "leadtolicense": "leads_to_license",
    "careerassist": "career_services",
    "credential_earned": "credential_name",
    "website": "contact_url",
    "how_to_enroll": "how_to_enrol",
}
# In ETPL files flags look coded 1 = yes, 2 = no (a guess, see the reference notes): these
# alias columns also read "2" as no.
ETPL_CODED = {
    "eveningcourses", "childcare", "assistobtainingchildcare", "distancelearning",
    "speakspanish", "leadtolicense", "careerassist",
}

MAX_TERM = 40  # longer "words" are not searchable (URLs, codes run together)
MAX_TERMS_BYTES = 1000  # PostgreSQL refuses index entries over about 2,700 bytes
MAX_TEXT = {"text": 200, "longtext": 5000, "url": 500, "email": 200, "phone": 40}

# SOC major group -> typical RIASEC letters of its occupations. A rough, hand-made summary
# of O*NET interest profiles, used only as a weak ranking signal.
SOC_INTERESTS = {
    "11": "EC", "13": "CE", "15": "IC", "17": "RI", "19": "IR", "21": "SE", "23": "EC",
    "25": "SA", "27": "AE", "29": "IS", "31": "SR", "33": "RE", "35": "RE", "37": "RC",
    "39": "SA", "41": "EC", "43": "CE", "45": "R", "47": "RC", "49": "RI", "51": "RC",
    "53": "RC",
}

_TERM_RE = re.compile(r"[^\W_]+")  # words without "_", a LIKE wildcard


@dataclass(frozen=True)
class RowError:
    """A problem with one cell (or, with row 0 and no column, with the whole file)."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        if self.row == 0:
            return f"file: {self.reason}" if not self.column else (
                f"column {self.column}: {self.reason}")
        where = f"row {self.row}"
        return f"{where}, column {self.column}: {self.reason}" if self.column else (
            f"{where}: {self.reason}")


@dataclass(frozen=True, slots=True)
class ProviderRecord:
    """A validated provider (the `provider_` columns of a row)."""

    key: str
    name: str
    website: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    lat: float | None = None
    lon: float | None = None
    description: str = ""
    survivor_specific: bool = False
    trauma_informed: bool = False

    def values(self) -> dict[str, object]:
        """Column values for the provider table."""
        return {name: getattr(self, name) for name in _PROVIDER_FIELDS}


@dataclass(frozen=True, slots=True)
class ProgramRecord:
    """A validated program row, ready to store; `warnings` are not part of its value."""

    key: str
    name: str
    provider: ProviderRecord
    format: str
    last_verified: dt.date
    status: str = "active"
    description: str = ""
    occupations: str = ""
    cip_code: str = ""
    keywords: str = ""
    credential_name: str = ""
    leads_to_license: bool = False
    total_cost_usd: float | None = None
    stipend: bool = False
    stipend_notes: str = ""
    childcare_onsite: bool = False
    childcare_assistance: bool = False
    daytime: bool = False
    evening: bool = False
    weekend: bool = False
    part_time: bool = False
    length_weeks: float | None = None
    clock_hours: float | None = None
    languages: str = "en"
    address: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    lat: float | None = None
    lon: float | None = None
    requires_photo_id: bool | None = None
    requires_ssn: bool | None = None
    requires_work_authorization: bool | None = None
    requires_hs_diploma: bool | None = None
    background_check: str = "unknown"
    record_friendly: bool = False
    survivor_specific: bool = False
    trauma_informed: bool = False
    career_services: bool = False
    contact_phone: str = ""
    contact_email: str = ""
    contact_url: str = ""
    how_to_enrol: str = ""
    verified_by: str = ""
    is_sample: bool = False
    warnings: tuple[RowError, ...] = field(default=(), compare=False)

    @property
    def is_free(self) -> bool:
        """Free means a known cost of zero."""
        return self.total_cost_usd == 0

    def values(self) -> dict[str, object]:
        """Column values for the program table (without ids and timestamps)."""
        out = {name: getattr(self, name) for name in _PROGRAM_FIELDS}
        out["is_free"] = self.is_free
        out["interests"] = interests_for(self.occupations)
        out["terms"] = self.terms()
        return out

    def terms(self) -> str:
        """The program's search terms (see `terms_for`)."""
        return terms_for(self.name, self.keywords, self.credential_name, self.occupations)


_PROVIDER_FIELDS = tuple(f.name for f in fields(ProviderRecord))
_PROGRAM_FIELDS = tuple(
    f.name for f in fields(ProgramRecord) if f.name not in ("provider", "warnings")
)


def terms_for(name: str, keywords: str, credential_name: str, occupations: str) -> str:
    """" cook cooking kitchen soc:35-2014 ": distinct lower-case words of the name, keywords
    and credential, then "soc:" + each SOC code, space-padded so a LIKE '% cook%' finds a
    word that starts with "cook". At most MAX_TERMS_BYTES (UTF-8): it sits in an index."""
    words = dict.fromkeys(f"soc:{soc(code)}" for code in occupations.split())
    words.update(dict.fromkeys(
        w for w in _TERM_RE.findall(f"{name} {keywords} {credential_name}".lower())
        if len(w) <= MAX_TERM
    ))
    text = " " + " ".join(words) + " "
    while len(text.encode("utf-8")) > MAX_TERMS_BYTES:
        text = text[:text.rstrip().rfind(" ") + 1]
    return text


def interests_for(occupations: str) -> str:
    """RIASEC letters typical of the occupations' SOC major groups (first seen first)."""
    letters: list[str] = []
    for code in occupations.split():
        for letter in SOC_INTERESTS.get(code[:2], ""):
            if letter not in letters:
                letters.append(letter)
    return "".join(letters[:6])


def soc(code: str) -> str:
    """An O*NET-SOC code without its ".00" style suffix ("35-2014.00" -> "35-2014")."""
    return code.strip().split(".", 1)[0]


def normalize_header(name: str) -> str:
    """Column name as compared: trimmed, lower case, spaces and hyphens as underscores."""
    return re.sub(r"[\s\-]+", "_", name.strip().lstrip("\ufeff").lower())


@dataclass(frozen=True)
class ColumnMap:
    """How the columns of one file (or form) map onto ours."""

    canonical: dict[str, str]  # given column name -> our column
    etpl: frozenset[str]  # given names whose flags are coded 1 = yes, 2 = no
    unknown: tuple[str, ...]
    notes: tuple[str, ...]  # columns named twice: which one is used
    duplicates: tuple[str, ...]  # the same column given twice under one name


@lru_cache(maxsize=64)
def resolve_columns(headers: tuple[str, ...]) -> ColumnMap:
    """Map given column names (ours or ETPL aliases) onto our columns."""
    canonical: dict[str, str] = {}
    etpl: set[str] = set()
    unknown: list[str] = []
    notes: list[str] = []
    duplicates: list[str] = []
    used: dict[str, str] = {}
    seen: set[str] = set()
    # Our own names first, so they win over an alias of the same column.
    ordered = sorted(headers, key=lambda h: normalize_header(h) not in COLUMN_KINDS)
    for header in ordered:
        if header in seen:
            duplicates.append(header)
            continue
        seen.add(header)
        norm = normalize_header(header)
        target = norm if norm in COLUMN_KINDS else ALIASES.get(norm)
        if target is None:
            if norm:
                unknown.append(header)
            continue
        if target in used:
            notes.append(f"columns {used[target]!r} and {header!r} both mean {target}; "
                         f"{used[target]!r} is used")
            continue
        used[target] = header
        canonical[header] = target
        if norm in ETPL_CODED:
            etpl.add(header)
    keep_order = [h for h in headers if h in unknown]
    return ColumnMap(canonical, frozenset(etpl), tuple(dict.fromkeys(keep_order)),
                     tuple(notes), tuple(dict.fromkeys(duplicates)))


def missing_required(columns: Iterable[str]) -> list[str]:
    """Required columns absent from a file's header (ours or an alias of them)."""
    present = set(resolve_columns(tuple(columns)).canonical.values())
    if "distance_learning" in present:
        present.add("format")
    return [c for c in REQUIRED_COLUMNS if c not in present]

