"""The check of one program row: text cells in, a clean `ProgramRecord` or plain errors out.

`validate_row` takes a mapping of column name -> text (a CSV row, a JSON object turned into
text, or a staff console form). Column names may be ours or ETPL aliases
(`schema.ALIASES`); the column set and the record types live in `bot.programs.schema`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from bot.programs import geo
from bot.programs.cells import FORMULA_START
from bot.programs.languages import ISO_639_1, LANGUAGE_BY_NAME
from bot.programs.schema import (
    COLUMN_KINDS,
    MAX_TEXT,
    ProgramRecord,
    ProviderRecord,
    RowError,
    resolve_columns,
)
from bot.us_states import STATES_AND_TERRITORIES

_STATE_BY_NAME = {name: code for code, name in STATES_AND_TERRITORIES.items()}
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
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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
        if code not in STATES_AND_TERRITORIES:
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
        parts = [value] if value.lower() in LANGUAGE_BY_NAME else _SPLIT_RE.split(value)
        for part in parts:
            if not part:
                continue
            word = part.lower()
            code = word if word in ISO_639_1 else LANGUAGE_BY_NAME.get(word)
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
            if value[:1] == "'" and (value[1:2] in FORMULA_START or value[1:2] == "-"):
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
