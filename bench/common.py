"""Shared helpers of the benchmarks: percentiles and the flat JSON reports in reports/."""

from __future__ import annotations

import json
import math
import os
import signal
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType

Number = int | float


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) of values, linearly interpolated like numpy's default."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0..100, not {q}")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def rounded(value: Number, digits: int = 3) -> Number:
    """Floats rounded to digits decimals; integers unchanged."""
    return round(value, digits) if isinstance(value, float) else value


def merge_report(path: Path, figures: Mapping[str, Number]) -> dict[str, Number]:
    """Merge figures into the flat {"name": number} JSON at path; return the merged whole."""
    report: dict[str, Number] = {}
    if path.exists():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8") or "{}")
        except ValueError as error:
            raise ValueError(f"{path} is not valid JSON; not overwriting it: {error}") from error
        if not isinstance(loaded, dict):
            raise ValueError(f"{path} does not hold a JSON object; not overwriting it")
        report.update(loaded)
    report.update({name: rounded(value) for name, value in figures.items()})
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, indent=2, sort_keys=True) + "\n"
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return report


def ready_to_run(model: Path) -> bool:
    """Before a benchmark that starts the stack: say so and return False without a trained
    model; make SIGTERM unwind like Ctrl-C so the stack's processes get stopped."""
    if not model.is_file():
        print(f"bench: no trained model at {model}: run `make train` first", file=sys.stderr)
        return False
    signal.signal(signal.SIGTERM, _interrupt)
    return True


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
