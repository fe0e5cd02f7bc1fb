"""Build `data/catalog/occupations/occupations.csv` from the O*NET 29.3 text files.

Run from the repository root::

    python -m bot.assess.build_occupations [--onet /work/shared/data/onet-29.3] [--out FILE]

It keeps every occupation that has an interest profile (OI scale) and a job zone, and writes
one row per occupation, sorted by code, with: the O*NET title, our plain title (from
`plain.yml`, else the O*NET title), the six RIASEC interest levels (1-7), the high-point
letters, the job zone, the typical education in plain words, and two flags of our own
(`background_check`, `driving`; rules below). The output is deterministic: the same inputs
give the same bytes, and a test rebuilds it and compares it with the committed file.

The data is CC BY 4.0 (see ATTRIBUTION.md in the same folder); this script is how the
committed CSV is regenerated when the O*NET release or `plain.yml` changes.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from bot.config import ROOT

CATALOG = ROOT / "data" / "catalog" / "occupations"
DEFAULT_ONET = Path("/work/shared/data/onet-29.3")
DEFAULT_OUT = CATALOG / "occupations.csv"
DEFAULT_TITLES = CATALOG / "titles.csv"
PLAIN = CATALOG / "plain.yml"

AREAS = ("R", "I", "A", "S", "E", "C")
# Interests.tsv names the six OI elements by area; IH values 1-6 stand for R..C (0 = none).
_AREA_BY_NAME = {
    "Realistic": "R",
    "Investigative": "I",
    "Artistic": "A",
    "Social": "S",
    "Enterprising": "E",
    "Conventional": "C",
}
_HIGH_POINTS = ("First Interest High-Point", "Second Interest High-Point",
                "Third Interest High-Point")

# Required Level of Education (RL) categories -> plain phrases. The expected start of each
# category's O*NET description is checked against the Categories file when building, so a
# renumbered release fails loudly instead of mislabelling every occupation.
EDUCATION: dict[int, tuple[str, str]] = {
    1: ("Less than a High School Diploma", "no diploma needed"),
    2: ("High School Diploma", "high school diploma or GED"),
    3: ("Post-Secondary Certificate", "a certificate after high school"),
    4: ("Some College Courses", "some college classes"),
    5: ("Associate's Degree", "an associate's degree"),
    6: ("Bachelor's Degree", "a bachelor's degree"),
    7: ("Post-Baccalaureate Certificate", "a certificate after college"),
    8: ("Master's Degree", "a master's degree"),
    9: ("Post-Master's Certificate", "a certificate after a master's degree"),
    10: ("First Professional Degree", "a professional degree, like law or medicine"),
    11: ("Doctoral Degree", "a doctoral degree"),
    12: ("Post-Doctoral Training", "training after a doctoral degree"),
}

# Where hiring or licensing often involves a criminal background check. This only FLAGS an
# occupation so the assistant can say so plainly (and mention record relief); it never
# removes an occupation from anyone's results. Prefixes of O*NET-SOC codes, with the reason.
BACKGROUND_CHECK_RULES: tuple[tuple[str, str], ...] = (
    ("11-9031", "education and childcare administrators: work with children"),
    ("11-9032", "school administrators: work with children"),
    ("13-2011", "accountants: CPA licence boards ask about convictions"),
    ("21-", "social and community service: licences, work with vulnerable people"),
    ("23-1", "lawyers and judges: bar admission checks character"),
    ("25-", "teachers, teacher assistants, tutors, library staff in schools"),
    ("27-2022", "coaches and scouts: mostly work with young people"),
    ("29-", "healthcare practitioners and technicians (incl. pharmacy techs): licences"),
    ("31-", "healthcare support (aides, nursing and medical assistants): state registries"),
    ("33-", "protective service (security guards need a state guard card)"),
    ("39-1013", "gambling supervisors: casino licence"),
    ("39-301", "gambling dealers and writers: casino licence"),
    ("39-5011", "barbers: state licence"),
    ("39-5012", "hairdressers and cosmetologists: state licence"),
    ("39-5092", "manicurists and pedicurists: state licence"),
    ("39-5094", "skincare specialists: state licence"),
    ("39-9011", "childcare workers and nannies: childcare background checks"),
    ("39-9032", "recreation workers: often work with children"),
    ("39-9041", "residential advisors: live-in work with young or vulnerable people"),
    ("41-3021", "insurance sales agents: state licence"),
    ("41-3031", "securities sales agents: fingerprinting for registration"),
    ("41-9022", "real estate agents: state licence"),
    ("43-3041", "gambling cage workers: casino licence"),
    ("43-3071", "bank tellers: banks screen under federal law"),
    ("43-4141", "new accounts clerks: banks screen under federal law"),
    ("43-505", "postal service workers: federal hiring check"),
    ("49-9094", "locksmiths: some states license them"),
    ("53-2031", "flight attendants: airport security clearance"),
    ("53-3032", "heavy truck drivers: commercial licence, some need security checks"),
    ("53-3051", "school bus drivers: work with children"),
    ("53-3052", "transit bus drivers: commercial licence, passenger safety"),
    ("53-3053", "shuttle drivers and chauffeurs: for-hire licences"),
    ("53-3054", "taxi drivers: for-hire licences"),
)

# Occupations whose work is driving a vehicle on the road (a driver's licence and a car or
# a company vehicle): motor vehicle operators, couriers, valet parking.
DRIVING_RULES: tuple[tuple[str, str], ...] = (
    ("53-30", "motor vehicle operators: truck, bus, delivery, taxi, shuttle drivers"),
    ("43-5021", "couriers and messengers: mostly deliver by car"),
    ("43-5052", "postal mail carriers: most routes are driven"),
    ("53-6021", "parking attendants: park people's cars"),
)

COLUMNS = ("code", "title", "plain_title", "r", "i", "a", "s", "e", "c", "high_point",
           "job_zone", "education", "background_check", "driving")


def flagged(code: str, rules: Iterable[tuple[str, str]]) -> bool:
    """Whether an O*NET-SOC code starts with one of the rules' prefixes."""
    return any(code.startswith(prefix) for prefix, _why in rules)


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def _titles(onet: Path) -> dict[str, str]:
    return {row["O*NET-SOC Code"]: row["Title"] for row in _rows(onet / "Occupation Data.tsv")}


def _zones(onet: Path) -> dict[str, int]:
    return {row["O*NET-SOC Code"]: int(row["Job Zone"]) for row in _rows(onet / "Job Zones.tsv")}


def _interests(onet: Path) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    levels: dict[str, dict[str, float]] = {}
    high: dict[str, dict[str, int]] = {}
    for row in _rows(onet / "Interests.tsv"):
        code, name, scale = row["O*NET-SOC Code"], row["Element Name"], row["Scale ID"]
        if scale == "OI" and name in _AREA_BY_NAME:
            levels.setdefault(code, {})[_AREA_BY_NAME[name]] = float(row["Data Value"])
        elif scale == "IH" and name in _HIGH_POINTS:
            high.setdefault(code, {})[name] = int(float(row["Data Value"]))
    points = {
        code: "".join(AREAS[values[name] - 1] for name in _HIGH_POINTS
                      if 1 <= values.get(name, 0) <= 6)
        for code, values in high.items()
    }
    complete = {code: value for code, value in levels.items() if len(value) == len(AREAS)}
    return complete, points


def _check_categories(onet: Path) -> None:
    path = onet / "Education, Training, and Experience Categories.tsv"
    seen: dict[int, str] = {}
    for row in _rows(path):
        if row["Scale ID"] == "RL":
            seen[int(row["Category"])] = row["Category Description"]
    for number, (expected, _phrase) in EDUCATION.items():
        if not seen.get(number, "").startswith(expected):
            raise ValueError(f"{path}: RL category {number} is {seen.get(number)!r}, "
                             f"expected it to start with {expected!r}")


def _education(onet: Path) -> dict[str, str]:
    """The plain phrase of each occupation's most common required-education category."""
    _check_categories(onet)
    shares: dict[str, dict[int, float]] = {}
    for row in _rows(onet / "Education, Training, and Experience.tsv"):
        if row["Scale ID"] == "RL":
            shares.setdefault(row["O*NET-SOC Code"], {})[int(row["Category"])] = float(
                row["Data Value"])
    result = {}
    for code, by_category in shares.items():
        # Highest share; on a tie the lower (less schooling) category, so it is deterministic.
        best = min(by_category, key=lambda category: (-by_category[category], category))
        if by_category[best] > 0 and best in EDUCATION:
            result[code] = EDUCATION[best][1]
    return result


def load_plain(path: Path = PLAIN) -> dict[str, dict[str, str]]:
    """The hand-written plain entries of `plain.yml`, by O*NET-SOC code."""
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    entries = data.get("occupations") or {}
    return {str(code): dict(entry) for code, entry in entries.items()}


def build_rows(onet: Path, plain_path: Path = PLAIN) -> list[dict[str, str]]:
    """The CSV rows (strings), sorted by code."""
    titles = _titles(onet)
    zones = _zones(onet)
    levels, high_points = _interests(onet)
    education = _education(onet)
    plain = load_plain(plain_path)
    rows = []
    for code in sorted(set(levels) & set(zones)):
        title = titles.get(code, "")
        row = {
            "code": code,
            "title": title,
            "plain_title": str(plain.get(code, {}).get("plain_title") or title),
            "high_point": high_points.get(code, ""),
            "job_zone": str(zones[code]),
            "education": education.get(code, ""),
            "background_check": str(int(flagged(code, BACKGROUND_CHECK_RULES))),
            "driving": str(int(flagged(code, DRIVING_RULES))),
        }
        for area in AREAS:
            row[area.lower()] = f"{levels[code][area]:.2f}"
        rows.append(row)
    return rows


def render(rows: list[dict[str, str]]) -> str:
    """The CSV text of rows: header, "\\n" line ends, minimal quoting."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


# --- Job titles, for recognising "I was a line cook" --------------------------------------

# Titles are kept for occupations of job zones 1-3 only (where people start), and only when
# they are specific enough to name one kind of work.
TITLE_MAX_ZONE = 3
TITLE_MAX_WORDS = 4
TITLE_MAX_CHARS = 40
# A title shared by many occupations, or by occupations of different kinds, is too ambiguous
# to help: "Line Cook" (five kinds of cook, all in SOC minor group 35-20) is kept, "Cook"
# (cooks, chefs and factory cooking-machine operators) is not.
TITLE_MAX_CODES = 6
TITLE_MAX_GROUPS = 2  # SOC minor groups, the first five characters: "35-20"

# One-word titles are taken only from this reviewed list. Many one-word O*NET titles are
# everyday words ("Server", "Driver", "Helper", "Guide") or, for the people we serve, slang
# for commercial sex or drug work ("Stripper", "Hooker", "Escort", "Runner" are O*NET titles
# for paint, crane, tour and courier jobs). These words name one kind of work and nothing
# else; acronyms of care jobs are included.
ONE_WORD_TITLES = frozenset("""
    aesthetician babysitter baker barback barber barista bartender beautician bellhop
    blockmason bookkeeper bricklayer busboy busser butcher caregiver carpenter cashier caterer
    chambermaid chauffeur chocolatier cna concierge confectioner cosmetologist courier
    custodian dishwasher dispatcher dressmaker drywaller electrician embroiderer emt
    esthetician exterminator facialist farmworker florist gardener glazier groundskeeper
    haircutter hairdresser hairstylist hha housecleaner housekeeper janitor landscaper
    laundress launderer lifeguard locksmith lpn lvn machinist maid manicurist meatcutter
    nanny optician paraeducator paralegal paramedic paraprofessional pca pedicurist
    phlebotomist photographer plumber quilter receptionist roofer seamstress stna
    stocker stonemason tailor telemarketer trucker tutor typist upholsterer usher valet
    videographer waiter waitress waitstaff welder
""".split())

# Titles holding one of these words are dropped: they describe commercial sex or clubs as
# often as the O*NET job ("Exotic Dancer", "Art Model", "Companion", "Spa Attendant",
# "Cashier Hostess"), and matching them would turn a person's account of exploitation into a
# job suggestion.
SENSITIVE_TITLE_WORDS = frozenset("""
    adult bottle burlesque cam club companion companions dance dancer dancers dancing
    discotheque dope dopeman entertainer entertainment erotic escort escorts exotic figure
    gentleman gentlemen girl girls go hooker hostess hostesses lingerie lounge madam massage
    masseur masseuse mistress model modeling modelling models night nude pusher runner
    runners shot spa stripper strippers topless undraped vip
""".split())

# Titles made only of these words say nothing about the work ("Team Member", "General Helper").
GENERIC_TITLE_WORDS = frozenset("""
    a and apprentice assistant associate attendant clerk crew general helper i ii iii iv
    junior lead leader level manager member of officer operator person rep representative
    senior service services shift specialist sr staff supervisor team tech technician the
    trainee worker
""".split())


def clean_title(title: str) -> str:
    """Lower case words of a title: "&" -> "and", punctuation and apostrophes dropped."""
    text = title.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def _title_variants(title: str) -> list[str]:
    """A raw title and, when it has one, its parenthesised long or short form."""
    inside = re.findall(r"\(([^)]*)\)", title)
    outside = re.sub(r"\([^)]*\)", " ", title)
    variants = [outside]
    variants += [text for text in inside if len(text.split()) >= 2]
    return variants


def keep_title(title: str) -> bool:
    """Whether a cleaned title is specific and safe enough to match in free text."""
    words = title.split()
    if not words or len(words) > TITLE_MAX_WORDS or len(title) > TITLE_MAX_CHARS:
        return False
    if any(ch.isdigit() for ch in title):
        return False
    if any(word in SENSITIVE_TITLE_WORDS for word in words):
        return False
    if len(words) == 1:
        return words[0] in ONE_WORD_TITLES
    return not all(word in GENERIC_TITLE_WORDS for word in words)


def build_titles(onet: Path) -> list[tuple[str, str]]:
    """(cleaned title, space-separated codes) rows, sorted by title."""
    zones = _zones(onet)
    wanted = {code for code, zone in zones.items() if zone <= TITLE_MAX_ZONE}
    codes_by_title: dict[str, set[str]] = {}

    def add(code: str, raw: str) -> None:
        for variant in _title_variants(raw):
            title = clean_title(variant)
            if keep_title(title):
                codes_by_title.setdefault(title, set()).add(code)

    for row in _rows(onet / "Alternate Titles.tsv"):
        code = row["O*NET-SOC Code"]
        if code in wanted:
            add(code, row["Alternate Title"])
            if row.get("Short Title"):
                add(code, row["Short Title"])
    for row in _rows(onet / "Sample of Reported Titles.tsv"):
        if row["O*NET-SOC Code"] in wanted:
            add(row["O*NET-SOC Code"], row["Reported Job Title"])
    titles = _titles(onet)
    for code in sorted(wanted):  # the occupation's own title, when it is specific
        add(code, titles.get(code, ""))
    return [
        (title, " ".join(sorted(codes)))
        for title, codes in sorted(codes_by_title.items())
        if len(codes) <= TITLE_MAX_CODES and len({c[:5] for c in codes}) <= TITLE_MAX_GROUPS
    ]


def render_titles(rows: list[tuple[str, str]]) -> str:
    """The titles CSV text: header "title,codes", "\\n" line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("title", "codes"))
    writer.writerows(rows)
    return out.getvalue()


def build(onet: Path = DEFAULT_ONET, out: Path = DEFAULT_OUT, plain_path: Path = PLAIN,
          titles_out: Path | None = DEFAULT_TITLES) -> int:
    """Write the occupations CSV (and the titles CSV); return the number of occupations."""
    rows = build_rows(onet, plain_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(render(rows).encode("utf-8"))
    if titles_out is not None:
        titles_out.parent.mkdir(parents=True, exist_ok=True)
        titles_out.write_bytes(render_titles(build_titles(onet)).encode("utf-8"))
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onet", type=Path, default=DEFAULT_ONET,
                        help="folder of the O*NET 29.3 .tsv files")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="CSV to write")
    parser.add_argument("--titles", type=Path, default=DEFAULT_TITLES,
                        help="job titles CSV to write")
    parser.add_argument("--plain", type=Path, default=PLAIN, help="plain.yml to read")
    args = parser.parse_args(argv)
    count = build(args.onet, args.out, args.plain, args.titles)
    print(f"wrote {count} occupations to {args.out} and job titles to {args.titles}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
