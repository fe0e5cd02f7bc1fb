"""Points for US ZIP codes and cities, and distances, from the offline `zipcodes` package.

The centroid table (about 42,800 ZIPs with city, state, latitude and longitude) ships inside
the package: nothing is downloaded. It is read once, at first use (about half a second).
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict

Point = tuple[float, float]  # (latitude, longitude) in degrees

EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE_LAT = 69.05  # 2 * pi * R / 360

_lock = threading.Lock()
_zips: dict[str, Point] | None = None
_zip_city: dict[str, tuple[str, str]] = {}
_standard: list[str] = []
# lower-case city -> state -> (mean latitude, mean longitude, number of ZIPs)
_cities: dict[str, dict[str, tuple[float, float, int]]] = {}


def zip_entries() -> list[dict]:
    """The package's ZIP entries, without leaving its own cache of them behind.

    `zipcodes.list_all()` keeps all 42,789 entries (dicts holding lists: about 220,000
    objects) alive for good, which makes every full garbage collection of the process
    slower (measured: 300-400 ms pauses in the search benchmark). Its extension module
    hands out a fresh list instead; the public call is the fallback.
    """
    import zipcodes  # imported here: only processes that look places up pay for it

    native = getattr(zipcodes, "_zipcodes", None)
    if native is not None and hasattr(native, "list_all"):
        return native.list_all()
    return zipcodes.list_all()


def _load() -> dict[str, Point]:
    """Build compact ZIP and city tables once per process (about half a second)."""
    global _zips
    if _zips is not None:
        return _zips
    with _lock:
        if _zips is not None:
            return _zips
        zips: dict[str, Point] = {}
        # city -> state -> [sum lat, sum lon, count], for STANDARD ZIPs and for all others
        standard: dict[str, dict[str, list[float]]] = defaultdict(dict)
        other: dict[str, dict[str, list[float]]] = defaultdict(dict)
        for entry in zip_entries():
            try:
                point = (float(entry["lat"]), float(entry["long"]))
            except (TypeError, ValueError):
                continue
            code = entry["zip_code"]
            zips[code] = point
            city, state = entry["city"], entry["state"]
            _zip_city[code] = (city, state)
            # PO-box and single-company ZIPs sit on post offices and buildings, not on
            # neighbourhoods: a city's centre is the mean of its ordinary ZIPs when it has any.
            table = standard if entry["zip_code_type"] == "STANDARD" else other
            if table is standard:
                _standard.append(code)
            sums = table[city.lower()].setdefault(state, [0.0, 0.0, 0])
            sums[0] += point[0]
            sums[1] += point[1]
            sums[2] += 1
        for city in set(standard) | set(other):
            by_state: dict[str, tuple[float, float, int]] = {}
            for state in set(standard.get(city, {})) | set(other.get(city, {})):
                lat, lon, count = standard.get(city, {}).get(state) or other[city][state]
                by_state[state] = (lat / count, lon / count, int(count))
            _cities[city] = by_state
        _zips = zips
        return zips


def zip_point(zip5: str | None) -> Point | None:
    """The centroid of a 5-digit ZIP code, or None if it is not a known ZIP."""
    if not zip5:
        return None
    return _load().get(zip5.strip()[:5])


def standard_zips() -> list[str]:
    """Every ordinary ZIP code (not a PO-box or single-company one), in order."""
    _load()
    return sorted(_standard)


def zip_place(zip5: str) -> tuple[str, str] | None:
    """(city, state) of a ZIP code, or None."""
    _load()
    return _zip_city.get(zip5.strip()[:5])


def city_point(city: str | None, state: str | None = None) -> Point | None:
    """The mean of a city's ZIP centroids (case-insensitive).

    Without a state, the state where that city name has the most ZIPs wins (so "Houston"
    is Houston, Texas, not Houston, Missouri).
    """
    if not city:
        return None
    _load()
    by_state = _cities.get(" ".join(city.split()).lower())
    if not by_state:
        return None
    if state:
        found = by_state.get(state.strip().upper())
    else:
        found = max(by_state.values(), key=lambda mean: mean[2])
    return (found[0], found[1]) if found else None


def miles(a: Point, b: Point) -> float:
    """Great-circle (haversine) distance between two points, in miles."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(point: Point, radius_miles: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a box holding every point within the radius.

    Slightly larger than the circle (the poles and the 180th meridian do not occur in US
    data, so the box is not wrapped).
    """
    lat, lon = point
    dlat = radius_miles / MILES_PER_DEGREE_LAT
    cos_lat = max(math.cos(math.radians(min(89.0, abs(lat) + dlat))), 0.01)
    dlon = radius_miles / (MILES_PER_DEGREE_LAT * cos_lat)
    return (lat - dlat, lat + dlat, lon - dlon, lon + dlon)
