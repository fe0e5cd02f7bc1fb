"""Occupations the assessment can suggest: O*NET 29.3 profiles plus our plain words.

`data/catalog/occupations/occupations.csv` (built by `bot.assess.build_occupations`) holds
one row per O*NET occupation: its RIASEC interest levels, job zone, typical education and
two flags. `plain.yml` adds a plain title, a one-line summary and a preparation line for the
occupations people most often start in; every other occupation shows its O*NET title and
a preparation line by job zone (`ZONE_PREP`, our own words).

The flags only inform: `background_check` says that hiring or a licence often involves a
record check (so the assistant can mention record relief); it never hides an occupation.
"""

from __future__ import annotations

import csv
import threading
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.config import ROOT

CATALOG = ROOT / "data" / "catalog" / "occupations"
CSV_PATH = CATALOG / "occupations.csv"
PLAIN_PATH = CATALOG / "plain.yml"

AREAS = ("R", "I", "A", "S", "E", "C")

# How long preparation usually takes, by O*NET job zone (written for this project).
ZONE_PREP: dict[int, str] = {
    1: "You can start with little or no training. Someone shows you how.",
    2: "Some training on the job, from a few months to a year.",
    3: "A course, school or training on the job, often for one or two years.",
    4: "Most people in this job went to college for about four years.",
    5: "Many years of school, often after college.",
}


@dataclass(frozen=True)
class Occupation:
    """One occupation: O*NET facts and the plain words the assistant shows."""

    code: str
    title: str
    plain_title: str
    riasec: dict[str, float]  # "R".."C" -> O*NET interest level 1-7
    high_point: str  # e.g. "SC": the occupation's top interest letters, highest first
    job_zone: int  # 1 (little preparation) .. 5 (extensive)
    education: str  # plain phrase of the most common required education, or ""
    summary: str
    prep: str
    background_check: bool
    driving: bool

    def __hash__(self) -> int:  # riasec is a dict, so hash on the code (unique)
        return hash(self.code)


_LOCK = threading.Lock()
_CACHE: dict[str, Occupation] | None = None


def _read(csv_path: Path, plain_path: Path) -> dict[str, Occupation]:
    with open(plain_path, encoding="utf-8") as handle:
        plain = (yaml.safe_load(handle) or {}).get("occupations") or {}
    result: dict[str, Occupation] = {}
    with open(csv_path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["code"]
            entry = plain.get(code) or {}
            zone = int(row["job_zone"])
            result[code] = Occupation(
                code=code,
                title=row["title"],
                plain_title=str(entry.get("plain_title") or row["plain_title"] or row["title"]),
                riasec={area: float(row[area.lower()]) for area in AREAS},
                high_point=row["high_point"],
                job_zone=zone,
                education=row["education"],
                summary=str(entry.get("summary") or ""),
                prep=str(entry.get("prep") or ZONE_PREP.get(zone, "")),
                background_check=row["background_check"] == "1",
                driving=row["driving"] == "1",
            )
    return result


def load() -> dict[str, Occupation]:
    """All occupations by O*NET-SOC code (read once, then cached; treat as read-only)."""
    global _CACHE
    if _CACHE is None:
        with _LOCK:
            if _CACHE is None:
                _CACHE = _read(CSV_PATH, PLAIN_PATH)
    return _CACHE


def get(code: str) -> Occupation | None:
    """The occupation with this O*NET-SOC code ("35-2014.00"), or None."""
    return load().get(code)


def soc(code: str) -> str:
    """The SOC 2018 code of an O*NET-SOC code: "35-2014.00" -> "35-2014"."""
    return code.split(".", 1)[0]


def has_plain_entry(code: str) -> bool:
    """Whether plain.yml describes this occupation (a summary written for people)."""
    occupation = get(code)
    return bool(occupation and occupation.summary)
