"""`python -m bot programs import | export | seed`: the catalog from the command line."""

from __future__ import annotations

import argparse
import sys
from typing import Any

MAX_WARNINGS_SHOWN = 50


def add_parser(sub: Any) -> None:
    """Register the `programs` command on the main parser's subparsers."""
    programs = sub.add_parser("programs", help="training-program catalog: import, export, seed")
    actions = programs.add_subparsers(dest="programs_action", required=True)
    imp = actions.add_parser("import", help="check a CSV or JSON file and upsert its programs")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="check only; save nothing")
    imp.add_argument("--format", choices=["csv", "json"], default=None)
    exp = actions.add_parser("export", help="write the catalog to a CSV or JSON file")
    exp.add_argument("file")
    exp.add_argument("--format", choices=["csv", "json"], default=None)
    exp.add_argument("--include-archived", action="store_true")
    seed = actions.add_parser("seed", help="load the sample catalog (idempotent)")
    seed.add_argument("--archive", action="store_true",
                      help="archive the sample programs instead (before going live)")


def run(args: argparse.Namespace, database_url: str) -> int:
    """Run one `programs` action against the database; 0 = done, 1 = errors."""
    import datetime as dt

    from sqlalchemy import inspect

    from bot.db.session import engine_for, session_factory
    from bot.programs import catalog_export, catalog_import, seed

    if not inspect(engine_for(database_url)).has_table("program"):
        print("the database has no program tables yet: run `python -m bot db upgrade` "
              "(or make migrate) first")
        return 1
    factory = session_factory(database_url)
    action = args.programs_action
    with factory() as session:
        if action == "import":
            with session.begin():
                report = catalog_import.import_file(
                    session, args.file, fmt=args.format, dry_run=args.dry_run,
                    progress=sys.stderr.isatty(), today=dt.date.today())
            _print_report(report)
            return 1 if report.errors else 0
        if action == "export":
            with session.begin():
                count = catalog_export.export_file(session, args.file, args.format,
                                                   include_archived=args.include_archived)
            print(f"wrote {count} programs to {args.file}")
            return 0
        if action == "seed":
            with session.begin():
                if args.archive:
                    print(f"archived {seed.archive_sample(session)} sample programs")
                    return 0
                report = seed.load_sample(session)
            _print_report(report)
            return 1 if report.errors else 0
    return 2


def _print_report(report: Any) -> None:
    for warning in report.warnings[:MAX_WARNINGS_SHOWN]:
        whole = warning.row == 0 and not warning.column  # about the file or the catalog
        print(f"warning: {warning.reason if whole else warning}")
    if len(report.warnings) > MAX_WARNINGS_SHOWN:
        print(f"... and {len(report.warnings) - MAX_WARNINGS_SHOWN} more warnings")
    for error in report.errors:
        print(error)
    if report.errors:
        checked = f"checked {report.rows} rows: " if report.rows else ""
        count = len(report.errors)
        print(f"{checked}{count} error{'' if count == 1 else 's'}; nothing was saved")
        return
    if not report.rows:
        return
    if report.dry_run:
        outcome = " (dry run: nothing was saved)"
    else:
        outcome = "; saved" if report.created or report.updated else "; nothing to change"
    print(f"checked {report.rows} rows: {report.created} new, {report.updated} changed, "
          f"{report.unchanged} unchanged{outcome}")
