"""Record how long `rasa train` took: `python bench/record_train_time.py SECONDS [--report PATH]`.

The Makefile's model rule times the training with `date +%s` and calls this right after a
successful `rasa train`; it prints the time and merges {"train_seconds": N} into
reports/eval.json (the only figure of reports/eval.json that `make eval` does not measure).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

_REPO = str(Path(__file__).resolve().parent.parent)
if _REPO not in sys.path:  # `python bench/record_train_time.py` without PYTHONPATH
    sys.path.insert(0, _REPO)

from bench.common import merge_report  # noqa: E402
from bot.config import ROOT  # noqa: E402

REPORT = ROOT / "reports" / "eval.json"


def main(argv: list[str] | None = None) -> int:
    """Print the training time and merge it into the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seconds", type=float, help="wall-clock seconds `rasa train` took")
    parser.add_argument("--report", type=Path, default=REPORT, help="flat JSON report")
    args = parser.parse_args(argv)
    if args.seconds < 0:
        parser.error("seconds must not be negative")
    seconds = round(args.seconds)
    minutes, rest = divmod(seconds, 60)
    print(f"train_seconds {seconds} ({minutes} min {rest} s on {os.cpu_count()} CPUs), "
          f"merged into {args.report}")
    merge_report(args.report, {"train_seconds": seconds})
    return 0


if __name__ == "__main__":
    sys.exit(main())
