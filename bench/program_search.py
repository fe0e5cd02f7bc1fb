"""Training-program search latency and import speed on a 100,000-program catalog.

Run from the repository root: `python bench/program_search.py [--programs N] [--queries M]`.
In a temporary folder it migrates a fresh SQLite database, writes N random programs (at
random real ZIP codes, a share of them online or hybrid, random costs, schedules,
languages and document needs) to a CSV file and imports it with the real import path
(`bot.programs.catalog_import.import_file`: validation, ZIP lookup, upsert), timed from
opening the file to the commit. It then runs M varied searches (ZIP, city or no place;
occupations and keywords or none; a random mix of hard filters; a few second pages), each
timed alone.

Prints p50/p95 search latency and the import rate, and merges `program_search_p50_ms`,
`program_search_p95_ms` and `program_import_rows_per_s` into reports/bench.json.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_REPO = str(Path(__file__).resolve().parent.parent)
if _REPO not in sys.path:  # `python bench/program_search.py` without PYTHONPATH
    sys.path.insert(0, _REPO)
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import dataclasses  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import random  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402

from bench.common import merge_report, percentile  # noqa: E402
from bot.config import ROOT  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from bot.db.session import session_factory  # noqa: E402
from bot.programs import schema  # noqa: E402
from bot.programs.catalog_import import import_file  # noqa: E402
from bot.programs.geo import standard_zips  # noqa: E402
from bot.programs.search import search  # noqa: E402
from bot.programs.search_query import Query  # noqa: E402

REPORT = ROOT / "reports" / "bench.json"
TODAY = dt.date(2026, 11, 29)
SEED = 20261129

# (SOC codes, keywords) of typical entry-level programs.
FIELDS = (
    ("35-2014 35-2021", "cooking kitchen cook chef food"),
    ("31-1131", "nursing nurse aide cna healthcare"),
    ("31-9092", "medical assistant clinic healthcare"),
    ("31-9097", "phlebotomy blood draw lab"),
    ("39-9011", "childcare daycare children"),
    ("39-5012", "hair cosmetology salon beauty"),
    ("39-5092", "nails manicure pedicure salon"),
    ("43-6014 43-9061", "office admin computer typing"),
    ("43-4051", "customer service call center"),
    ("53-7051 53-7062", "forklift warehouse logistics"),
    ("53-3032", "truck driving cdl"),
    ("15-1232", "computer it tech help desk"),
    ("51-6031", "sewing garment apparel"),
    ("47-2061 47-2031", "construction carpentry trades"),
    ("", "english esl language"),
    ("", "ged high school equivalency"),
    ("43-4081 35-3031", "hotel hospitality front desk"),
)
LANGUAGE_SETS = ("en", "en", "en", "en es", "en es", "es en", "en zh", "en vi", "en ht",
                 "en ko", "en ru", "en so am")
CITIES = (("Atlanta", "GA"), ("Houston", "TX"), ("Chicago", "IL"), ("Los Angeles", "CA"),
          ("Miami", "FL"), ("Seattle", "WA"), ("Denver", None), ("Phoenix", "AZ"))
YES_NO = ("yes", "no")


def write_catalog(path: Path, count: int, rng: random.Random, zips: list[str]) -> list[str]:
    """Write `count` random programs as CSV; return the ZIP of each in-person program."""
    used: list[str] = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=schema.EXPORT_COLUMNS)
        writer.writeheader()
        for n in range(count):
            occupations, keywords = rng.choice(FIELDS)
            fmt = rng.choices(("in_person", "online", "hybrid"), (75, 15, 10))[0]
            zip5 = rng.choice(zips)
            if fmt != "online":
                used.append(zip5)
            provider = n // 4  # about four programs per provider
            cost = rng.choice((0, 0, 0, 150, 400, 900, 1500, 3000, 6000))
            days_old = rng.randint(0, 500)
            writer.writerow({
                "key": f"bench-{n:06d}",
                "name": f"Program {n} {keywords.split()[0].title()}",
                "provider_key": f"bench-provider-{provider:05d}",
                "provider_name": f"Bench Provider {provider}",
                "description": "A generated program for the benchmark.",
                "occupations": occupations,
                "keywords": keywords,
                "total_cost_usd": str(cost),
                "stipend": rng.choice(("yes", "no", "no", "no")),
                "childcare_onsite": rng.choice(("yes", "no", "no", "no", "no")),
                "childcare_assistance": rng.choice(("yes", "no", "no")),
                "daytime": rng.choice(YES_NO),
                "evening": rng.choice(YES_NO),
                "weekend": rng.choice(("yes", "no", "no")),
                "part_time": rng.choice(YES_NO),
                "length_weeks": str(rng.randint(1, 52)),
                "format": fmt,
                "languages": rng.choice(LANGUAGE_SETS),
                "zip": zip5,
                "requires_photo_id": rng.choice(("yes", "no", "")),
                "requires_ssn": rng.choice(("yes", "no", "")),
                "requires_work_authorization": rng.choice(("yes", "no", "")),
                "requires_hs_diploma": rng.choice(("yes", "no", "no", "")),
                "background_check": rng.choice(schema.BACKGROUND_CHECKS),
                "record_friendly": rng.choice(("yes", "no", "no")),
                "survivor_specific": rng.choice(("yes", "no", "no", "no", "no")),
                "trauma_informed": rng.choice(YES_NO),
                "last_verified": (TODAY - dt.timedelta(days=days_old)).isoformat(),
                "status": rng.choices(("active", "archived"), (97, 3))[0],
            })
    return used


def random_query(rng: random.Random, zips: list[str]) -> Query:
    """A query like the chat builds: a place, perhaps a field, a few of the hard filters."""
    # The chat asks where before it searches, unless the person wants online programs only
    # (bot/programs/request.py needs_place): "none" is online-only here. Searches with no
    # place that are not online-only read every program; they are timed apart (main()).
    place = rng.choices(("zip", "city", "none"), (78, 12, 10))[0]
    occupations, keywords = rng.choice(FIELDS)
    what = rng.choices(("occupations", "keywords", "both", "none"), (35, 35, 10, 20))[0]
    city = rng.choice(CITIES)
    return Query(
        occupations=tuple(occupations.split()[:1]) if what in ("occupations", "both") else (),
        keywords=tuple(keywords.split()[:1]) if what in ("keywords", "both") else (),
        interests=tuple(rng.sample("RIASEC", 2)) if rng.random() < 0.3 else (),
        zip=rng.choice(zips) if place == "zip" else None,
        city=city[0] if place == "city" else None,
        state=city[1] if place == "city" else None,
        max_miles=rng.choice((5.0, 10.0, 25.0, 25.0, 50.0)),
        online_ok=rng.random() < 0.8,
        online_only=place == "none" or rng.random() < 0.05,
        in_person_only=rng.random() < 0.1,
        max_cost=rng.choice((None, None, None, 0.0, 500.0, 2000.0)),
        stipend=rng.random() < 0.15,
        childcare=rng.random() < 0.2,
        schedule=frozenset(rng.sample(schema.SCHEDULE_FLAGS, rng.choice((0, 0, 0, 1, 2)))),
        language=rng.choice((None, None, None, None, "es", "zh", "ht")),
        no_photo_id=rng.random() < 0.2,
        no_ssn=rng.random() < 0.15,
        no_work_authorization=rng.random() < 0.1,
        no_diploma=rng.random() < 0.15,
        record_friendly=rng.random() < 0.2,
    )


def main(argv: list[str] | None = None) -> int:
    """Build the catalog, import it, run the searches, print and merge the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--no-report", action="store_true", help="print only")
    args = parser.parse_args(argv)
    rng = random.Random(SEED)
    zips = standard_zips()  # via bot.programs.geo: zipcodes.list_all() would stay cached

    with tempfile.TemporaryDirectory(prefix="program-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'app.db'}"
        upgrade(url)
        csv_path = Path(folder) / "programs.csv"
        site_zips = write_catalog(csv_path, args.programs, rng, zips)
        print(f"wrote {args.programs:,} programs ({csv_path.stat().st_size / 1e6:.1f} MB)")

        factory = session_factory(url)
        start = time.perf_counter()
        with factory() as session, session.begin():
            report = import_file(session, csv_path, fmt="csv", progress=sys.stderr.isatty())
        import_s = time.perf_counter() - start
        if report.errors:
            print("import failed:", *report.errors[:5], sep="\n  ")
            return 1
        rows_per_s = args.programs / import_s
        print(f"import: {report.created:,} programs in {import_s:.2f} s = "
              f"{rows_per_s:,.0f} rows/s")

        # Start the searches as a serving process would: without the import's garbage.
        gc.collect()
        with factory() as session, session.begin():
            for query in (random_query(rng, site_zips) for _ in range(10)):  # warm caches
                search(session, query, today=TODAY)
        timings: list[float] = []
        outcomes: Counter[str] = Counter()
        with factory() as session:
            for n in range(args.queries):
                query = random_query(rng, site_zips)
                offset = 3 if n % 10 == 9 else 0
                start = time.perf_counter()
                result = search(session, query, today=TODAY, limit=3, offset=offset)
                timings.append((time.perf_counter() - start) * 1000)
                outcomes["relaxed" if result.relax else
                         "hits" if result.hits else "none"] += 1
            # Not part of the figures: no place and not online-only (the chat never sends
            # these; the console might). Every active program is a candidate.
            everywhere: list[float] = []
            for _ in range(20):
                query = dataclasses.replace(random_query(rng, site_zips), zip=None, city=None,
                                            online_only=False)
                start = time.perf_counter()
                search(session, query, today=TODAY)
                everywhere.append((time.perf_counter() - start) * 1000)
            session.rollback()

    print(f"search with no place, not online-only (apart): p50 "
          f"{percentile(everywhere, 50):.1f} ms, max {max(everywhere):.1f} ms")
    p50, p95 = percentile(timings, 50), percentile(timings, 95)
    print(f"search: {len(timings)} queries, p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
          f"max {max(timings):.1f} ms; outcomes {dict(outcomes)}")
    figures = {
        "program_search_p50_ms": round(p50, 2),
        "program_search_p95_ms": round(p95, 2),
        "program_import_rows_per_s": round(rows_per_s),
    }
    if not args.no_report:
        merge_report(REPORT, figures)
        print(f"merged into {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
