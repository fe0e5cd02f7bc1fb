"""The program column set and the validation of one row, independent of any file format.

`validate_row` takes a mapping of column name -> text (a CSV row, a JSON object turned into
text, or a staff console form) and returns a clean `ProgramRecord` or plain-language errors.
Column names may be the documented ones (docs/programs.md) or ETPL-style aliases
(`ALIASES`). Provider columns are prefixed `provider_`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache

from bot.programs import geo

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

US_STATES = {
    "AL": "alabama", "AK": "alaska", "AZ": "arizona", "AR": "arkansas", "CA": "california",
    "CO": "colorado", "CT": "connecticut", "DE": "delaware", "DC": "district of columbia",
    "FL": "florida", "GA": "georgia", "HI": "hawaii", "ID": "idaho", "IL": "illinois",
    "IN": "indiana", "IA": "iowa", "KS": "kansas", "KY": "kentucky", "LA": "louisiana",
    "ME": "maine", "MD": "maryland", "MA": "massachusetts", "MI": "michigan",
    "MN": "minnesota", "MS": "mississippi", "MO": "missouri", "MT": "montana",
    "NE": "nebraska", "NV": "nevada", "NH": "new hampshire", "NJ": "new jersey",
    "NM": "new mexico", "NY": "new york", "NC": "north carolina", "ND": "north dakota",
    "OH": "ohio", "OK": "oklahoma", "OR": "oregon", "PA": "pennsylvania",
    "RI": "rhode island", "SC": "south carolina", "SD": "south dakota", "TN": "tennessee",
    "TX": "texas", "UT": "utah", "VT": "vermont", "VA": "virginia", "WA": "washington",
    "WV": "west virginia", "WI": "wisconsin", "WY": "wyoming", "PR": "puerto rico",
    "VI": "virgin islands", "GU": "guam", "AS": "american samoa",
    "MP": "northern mariana islands",
}
_STATE_BY_NAME = {name: code for code, name in US_STATES.items()}

# ISO 639-1 (all 183 two-letter codes).
ISO_639_1 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr
ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw
ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr
ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
yo za zh zu
""".split())
# English names accepted in place of codes (ETPL LANGUAGES holds names); also used in
# reasons ("taught in Spanish").
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English", "es": "Spanish", "fr": "French", "ht": "Haitian Creole",
    "pt": "Portuguese", "zh": "Chinese", "vi": "Vietnamese", "ko": "Korean",
    "tl": "Tagalog", "ru": "Russian", "ar": "Arabic", "hi": "Hindi", "ur": "Urdu",
    "bn": "Bengali", "pl": "Polish", "uk": "Ukrainian", "th": "Thai", "km": "Khmer",
    "lo": "Lao", "my": "Burmese", "ne": "Nepali", "so": "Somali", "am": "Amharic",
    "ti": "Tigrinya", "sw": "Swahili", "fa": "Persian", "ps": "Pashto", "ja": "Japanese",
    "de": "German", "it": "Italian", "ro": "Romanian", "hy": "Armenian", "el": "Greek",
    "id": "Indonesian", "ms": "Malay", "pa": "Punjabi", "gu": "Gujarati", "ta": "Tamil",
    "te": "Telugu", "yo": "Yoruba", "ig": "Igbo", "ha": "Hausa", "mn": "Mongolian",
    "uz": "Uzbek", "tr": "Turkish", "he": "Hebrew", "sq": "Albanian", "qu": "Quechua",
}
_LANGUAGE_BY_NAME = {name.lower(): code for code, name in LANGUAGE_NAMES.items()} | {
    "mandarin": "zh", "cantonese": "zh", "creole": "ht", "kreyol": "ht", "farsi": "fa",
    "español": "es", "espanol": "es", "asl": "", "sign language": "",
}

# SOC major group -> typical RIASEC letters of its occupations. A rough, hand-made summary
# of O*NET interest profiles, used only as a weak ranking signal.
SOC_INTERESTS = {
    "11": "EC", "13": "CE", "15": "IC", "17": "RI", "19": "IR", "21": "SE", "23": "EC",
    "25": "SA", "27": "AE", "29": "IS", "31": "SR", "33": "RE", "35": "RE", "37": "RC",
    "39": "SA", "41": "EC", "43": "CE", "45": "R", "47": "RC", "49": "RI", "51": "RC",
    "53": "RC",
}

_BOOLEANS = dict.fromkeys(("yes", "y", "true", "t", "1", "x"), True) | dict.fromkeys(
    ("no", "n", "false", "f", "0"), False)
_KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,79}$")  # "@": made provider keys
_SOC_RE = re.compile(r"^\d{2}-\d{4}(\.\d{2})?$")
_CIP_RE = re.compile(r"^\d{2}(\.\d{2}(\d{2})?)?$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$|^https?://[^\s/$.?#][^\s]*$", re.I)
_DOMAIN_RE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?$", re.I)
_PHONE_RE = re.compile(r"^[0-9+()./ x-]{7,40}$|^[0-9+()./ -]{7,30}\s*(ext\.?|x)\s*\d{1,6}$", re.I)
_ZIP_RE = re.compile(r"(\d{3,5})(-\d{4})?")
_SEPARATORS_RE = re.compile(r"[\s\-]+")
_SPLIT_RE = re.compile(r"[\s;,]+")
_WORD_RE = re.compile(r"\w+")
_TERM_RE = re.compile(r"[^\W_]+")  # words without "_", a LIKE wildcard
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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


def provider_key_for(name: str, city: str, state: str) -> str:
    """A provider key made from its name and place, when the file gives none."""
    def slug(text: str) -> str:
        return "-".join(_WORD_RE.findall(text.lower()))

    place = slug(f"{city} {state}") if city else ""
    return (slug(name)[:80] + (f"@{place[:38]}" if place else "")) or "provider"


class _Row:
    """Parses the cells of one row, collecting errors and warnings as it goes."""

    def __init__(self, cells: dict[str, str], row: int, etpl_columns: set[str]) -> None:
        self.cells = cells
        self.row = row
        self.etpl = etpl_columns
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []

    def error(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.row, column, reason))

    def warn(self, column: str, reason: str) -> None:
        self.warnings.append(RowError(self.row, column, reason))

    def errors_on(self, *columns: str) -> bool:
        return any(e.column in columns for e in self.errors)

    def raw(self, column: str) -> str:
        return self.cells.get(column) or ""

    def text(self, column: str, required: bool = False) -> str:
        value = self.cells.get(column)
        if not value:
            if required:
                self.error(column, "required")
            return ""
        kind = COLUMN_KINDS[column]
        if not value.isprintable() and _CONTROL_RE.search(value):
            self.error(column, "has a control character (copy the text again without it)")
            return ""
        limit = MAX_TEXT.get(kind, 200)
        if len(value) > limit:
            self.error(column, f"is too long (at most {limit} characters)")
            return ""
        if kind == "email" and not _EMAIL_RE.match(value):
            self.error(column, "must be an email address like name@example.org")
            return ""
        if kind == "url":
            if _DOMAIN_RE.match(value):
                value = "https://" + value
            if not _URL_RE.match(value):
                self.error(column, "must be a web address like https://example.org")
                return ""
        if kind == "phone" and not _PHONE_RE.match(value):
            self.error(column, "must be a phone number like 404-555-0101")
            return ""
        return value

    def key(self, column: str, required: bool = False) -> str:
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, "required")
            return ""
        if not _KEY_RE.match(value):
            self.error(column, "must be 1 to 80 letters, digits or . _ : / @ - (no spaces)")
            return ""
        return value

    def boolean(self, column: str) -> bool | None:
        value = self.cells.get(column)
        if not value:
            return None
        answer = _BOOLEANS.get(value)
        if answer is None:
            answer = _BOOLEANS.get(value.lower())
        if answer is None and value == "2" and column in self.etpl:
            answer = False
        if answer is None:
            self.error(column, "must be yes or no (or blank)")
        return answer

    def number(self, column: str, money: bool = False) -> float | None:
        value = self.raw(column)
        if not value:
            return None
        cleaned = value.replace("$", "").replace(",", "").replace(" ", "")
        if money and cleaned.lower() == "free":
            return 0.0
        try:
            number = float(cleaned)
        except ValueError:
            number = float("nan")
        if number != number or number in (float("inf"), float("-inf")):
            self.error(column, "must be a number like 1200 or 0" if money
                       else "must be a number like 12")
            return None
        if number < 0:
            self.error(column, "can't be less than 0")
            return None
        if number > 10_000_000:
            self.error(column, "is too large")
            return None
        return number

    def coordinate(self, column: str, limit: float) -> float | None:
        value = self.raw(column)
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            self.error(column, "must be a number of degrees like 33.7525")
            return None
        if not -limit <= number <= limit:
            self.error(column, f"must be between -{limit:g} and {limit:g}")
            return None
        return number

    def state(self, column: str) -> str:
        value = self.raw(column)
        if not value:
            return ""
        code = value.upper() if len(value) == 2 else _STATE_BY_NAME.get(value.lower(), "")
        if code not in US_STATES:
            self.error(column, "must be a two-letter state code like GA")
            return ""
        return code

    def zip(self, column: str) -> str:
        value = self.cells.get(column)
        if not value:
            return ""
        if len(value) == 5 and value.isdigit() and value.isascii():
            return value
        match = _ZIP_RE.fullmatch(value)
        if not match:
            self.error(column, "ZIP must have 5 digits")
            return ""
        digits = match.group(1)
        if len(digits) < 5:
            # Spreadsheets drop leading zeros (02134 -> 2134).
            self.warn(column, f"ZIP {value} read as {digits.zfill(5)}")
            digits = digits.zfill(5)
        return digits

    def choice(self, column: str, synonyms: dict[str, str], message: str,
               default: str = "") -> str:
        value = self.cells.get(column)
        if not value:
            return default
        chosen = synonyms.get(value)
        if chosen is None:
            chosen = synonyms.get(_SEPARATORS_RE.sub("_", value.lower()))
        if chosen is None:
            self.error(column, message)
            return default
        return chosen

    def occupations(self, column: str) -> str:
        codes: list[str] = []
        for code in _SPLIT_RE.split(self.raw(column)):
            if not code:
                continue
            if not _SOC_RE.match(code):
                self.error(column, f"unknown occupation code {code!r}: use SOC codes like "
                           "35-2014")
                continue
            if code not in codes:
                codes.append(code)
        return " ".join(codes)

    def cip(self, column: str) -> str:
        value = self.raw(column)
        if not value:
            return ""
        if re.fullmatch(r"\d{6}", value):  # ETPL files often drop the dot
            value = f"{value[:2]}.{value[2:]}"
        if not _CIP_RE.match(value):
            self.error(column, "must be a CIP code like 12.0503")
            return ""
        return value

    def languages(self, column: str) -> list[str]:
        value = self.raw(column)
        codes: list[str] = []
        # Names may hold spaces ("Haitian Creole"); try the whole cell as one name first.
        parts = [value] if value.lower() in _LANGUAGE_BY_NAME else _SPLIT_RE.split(value)
        for part in parts:
            if not part:
                continue
            word = part.lower()
            code = word if word in ISO_639_1 else _LANGUAGE_BY_NAME.get(word)
            if code is None:
                self.error(column, f"unknown language {part!r}: use codes like en es")
                continue
            if code and code not in codes:
                codes.append(code)
        return codes

    def date(self, column: str, today: dt.date | None) -> dt.date | None:
        value = self.raw(column)
        if not value:
            self.error(column, "required")
            return None
        try:
            day = dt.date.fromisoformat(value[:10] if len(value) > 10 and value[10] in "T "
                                        else value)
        except ValueError:
            self.error(column, "must be a date like 2026-05-31")
            return None
        if today is not None and day > today:
            self.error(column, "is in the future")
            return None
        return day


_FORMATS = {
    "in_person": "in_person", "inperson": "in_person", "in_class": "in_person",
    "classroom": "in_person", "onsite": "in_person", "on_site": "in_person",
    "online": "online", "distance": "online", "remote": "online", "virtual": "online",
    "distance_learning": "online", "hybrid": "hybrid", "blended": "hybrid",
}
_STATUSES = {"active": "active", "archived": "archived", "inactive": "archived"}
_CHECKS = {
    "none": "none", "no": "none", "at_enrollment": "at_enrollment",
    "at_enrolment": "at_enrollment", "enrollment": "at_enrollment",
    "for_license": "for_license", "for_licence": "for_license", "license": "for_license",
    "unknown": "unknown",
}


def validate_row(
    raw: Mapping[str, str | None], row_number: int, *, today: dt.date | None = None
) -> tuple[ProgramRecord | None, list[RowError]]:
    """Check one row (column -> text) and build its record, or say what is wrong.

    Column names may be ours or ETPL aliases; unknown columns become warnings on the
    record. With `today`, a last_verified date in the future is an error.
    """
    columns = resolve_columns(tuple(raw))
    cells = {}
    for given, target in columns.canonical.items():
        value = raw.get(given)
        if value:
            value = value.strip()
            if value[:1] == "'" and (value[1:2] in _FORMULA_START or value[1:2] == "-"):
                value = value[1:]  # the guard csv_cell() put before a formula-like text
            if value:
                cells[target] = value
    r = _Row(cells, row_number, {columns.canonical[g] for g in columns.etpl})
    for given in columns.unknown:
        r.warn(given, "column is not used; it was ignored")

    key = r.key("key", required=True)
    name = r.text("name", required=True)
    status = r.choice("status", _STATUSES, "must be active or archived", "active")

    fmt = r.choice("format", _FORMATS, "must be in_person, online or hybrid")
    if not fmt:
        distance = r.boolean("distance_learning")
        if distance is not None:
            fmt = "online" if distance else "in_person"
        elif not r.raw("format"):
            r.error("format", "required")

    langs = r.languages("languages")
    if r.boolean("speaks_spanish") and "es" not in langs:
        langs = (langs or ["en"]) + ["es"]
    if not langs:
        langs = ["en"]

    cost = r.number("total_cost_usd", money=True)
    free = r.boolean("is_free")
    if free and cost is None:
        cost = 0.0
    elif free is not None and cost is not None and free != (cost == 0):
        r.error("is_free", f"says {'yes' if free else 'no'} but total_cost_usd is {cost:g}")

    # Provider
    p_name = r.text("provider_name", required=True)
    p_city = r.text("provider_city")
    p_state = r.state("provider_state")
    p_zip = r.zip("provider_zip")
    p_lat, p_lon = _point(r, "provider_lat", "provider_lon", p_zip, p_city, p_state)
    city = r.text("city")
    state = r.state("state")
    p_key = r.key("provider_key")
    if not p_key:
        # No key: the provider is known by its name and city (from a ZIP if need be).
        place_city, place_state = p_city or city, p_state or state
        if not place_city:
            place_city, place_state = geo.zip_place(p_zip or r.raw("zip")[:5]) or ("", "")
        p_key = provider_key_for(p_name, place_city, place_state)
    provider = ProviderRecord(
        key=p_key,
        name=p_name,
        website=r.text("provider_website"),
        phone=r.text("provider_phone"),
        email=r.text("provider_email"),
        address=r.text("provider_address"),
        city=p_city,
        state=p_state,
        zip=p_zip,
        lat=p_lat,
        lon=p_lon,
        description=r.text("provider_description"),
        survivor_specific=bool(r.boolean("provider_survivor_specific")),
        trauma_informed=bool(r.boolean("provider_trauma_informed")),
    )

    # Program site: its own, or (when all four are blank) the provider's.
    address = r.text("address")
    zip5 = r.zip("zip")
    if not (address or city or state or zip5 or r.raw("lat") or r.raw("lon")):
        address, city, state, zip5 = (provider.address, provider.city, provider.state,
                                      provider.zip)
        lat, lon = provider.lat, provider.lon
    else:
        lat, lon = _point(r, "lat", "lon", zip5, city, state)
    if fmt and fmt != "online" and lat is None and not r.errors_on("zip", "lat", "lon"):
        if not (zip5 or (city and state)):
            r.error("zip", "required: a ZIP, or city and state, for programs that are not "
                    "online")
        else:
            r.error("zip", "can't find this place: check the ZIP, or city and state, or "
                    "give lat and lon")

    bg = r.choice("background_check", _CHECKS,
                  "must be none, at_enrollment, for_license or unknown", "unknown")
    last_verified = r.date("last_verified", today)

    values = dict(
        description=r.text("description"),
        occupations=r.occupations("occupations"),
        cip_code=r.cip("cip_code"),
        keywords=r.text("keywords"),
        credential_name=r.text("credential_name"),
        leads_to_license=bool(r.boolean("leads_to_license")),
        total_cost_usd=cost,
        stipend=bool(r.boolean("stipend")),
        stipend_notes=r.text("stipend_notes"),
        childcare_onsite=bool(r.boolean("childcare_onsite")),
        childcare_assistance=bool(r.boolean("childcare_assistance")),
        daytime=bool(r.boolean("daytime")),
        evening=bool(r.boolean("evening")),
        weekend=bool(r.boolean("weekend")),
        part_time=bool(r.boolean("part_time")),
        length_weeks=r.number("length_weeks"),
        clock_hours=r.number("clock_hours"),
        languages=" ".join(langs),
        address=address,
        city=city,
        state=state,
        zip=zip5,
        lat=lat,
        lon=lon,
        requires_photo_id=r.boolean("requires_photo_id"),
        requires_ssn=r.boolean("requires_ssn"),
        requires_work_authorization=r.boolean("requires_work_authorization"),
        requires_hs_diploma=r.boolean("requires_hs_diploma"),
        background_check=bg,
        record_friendly=bool(r.boolean("record_friendly")),
        survivor_specific=bool(r.boolean("survivor_specific")),
        trauma_informed=bool(r.boolean("trauma_informed")),
        career_services=bool(r.boolean("career_services")),
        contact_phone=r.text("contact_phone"),
        contact_email=r.text("contact_email"),
        contact_url=r.text("contact_url"),
        how_to_enrol=r.text("how_to_enrol"),
        verified_by=r.text("verified_by"),
        is_sample=bool(r.boolean("is_sample")),
    )
    if r.errors or last_verified is None:
        return None, r.errors
    record = ProgramRecord(
        key=key, name=name, provider=provider, format=fmt, last_verified=last_verified,
        status=status, warnings=tuple(r.warnings), **values,  # type: ignore[arg-type]
    )
    return record, []


def _point(r: _Row, lat_col: str, lon_col: str, zip5: str, city: str,
           state: str) -> tuple[float | None, float | None]:
    """Coordinates given, or else the ZIP's centroid, or else the city's centre."""
    lat = r.coordinate(lat_col, 90)
    lon = r.coordinate(lon_col, 180)
    if (lat is None) != (lon is None):
        if not r.errors_on(lat_col, lon_col):
            r.error(lat_col if lat is None else lon_col, "give both lat and lon, or neither")
        return None, None
    if lat is not None:
        return lat, lon
    point = geo.zip_point(zip5) if zip5 else None
    if point is None and zip5:
        r.warn(lat_col.replace("lat", "zip"), f"ZIP {zip5} is not in the ZIP table")
    if point is None and city and state:
        point = geo.city_point(city, state)
    return point if point else (None, None)


_FORMULA_START = ("=", "+", "@", "\t", "\r")
_NUMBER_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def csv_cell(column: str, value: object) -> str:
    """A stored value as a CSV cell that a spreadsheet will not run as a formula.

    Text starting with = + @ (or - when it is not a number) gets a leading ' (the
    spreadsheet convention for "this is text"); import takes it off again, so an exported
    file imports back unchanged.
    """
    text = format_value(column, value)
    if text[:1] in _FORMULA_START or (text[:1] == "-" and not _NUMBER_RE.match(text)):
        return "'" + text
    return text


def format_value(column: str, value: object) -> str:
    """A stored value as the text the CSV column holds (the inverse of validation)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
