"""ZIP and city points from the offline zipcodes table; distances and boxes."""

from __future__ import annotations

import pytest

from bot.programs.geo import (
    bounding_box,
    city_point,
    miles,
    standard_zips,
    zip_place,
    zip_point,
)


def test_zip_point() -> None:
    assert zip_point("30303") == (33.7525, -84.3888)
    assert zip_point("30303-1234") == (33.7525, -84.3888)
    assert zip_point("00000") is None
    assert zip_point("") is None and zip_point(None) is None
    assert zip_place("77002") == ("Houston", "TX")


def test_city_point_is_case_insensitive_and_state_is_optional() -> None:
    houston = city_point("Houston", "TX")
    assert houston is not None
    assert city_point("  HOUSTON ") == houston  # most ZIPs: Texas, not Missouri
    assert city_point("houston", "mo") != houston
    assert miles(houston, zip_point("77002")) < 10  # type: ignore[arg-type]
    assert city_point("Nowhereville") is None
    assert city_point("Houston", "ZZ") is None
    assert city_point("") is None


def test_miles() -> None:
    atlanta, houston = zip_point("30303"), zip_point("77002")
    assert atlanta is not None and houston is not None
    assert miles(atlanta, houston) == pytest.approx(702, abs=5)
    assert miles(atlanta, atlanta) == 0


@pytest.mark.parametrize("radius", [1.0, 25.0, 100.0])
def test_bounding_box_holds_the_circle(radius: float) -> None:
    center = (47.6, -122.3)  # far north: longitude degrees are short
    lat_lo, lat_hi, lon_lo, lon_hi = bounding_box(center, radius)
    for point in ((lat_lo, center[1]), (lat_hi, center[1]), (center[0], lon_lo),
                  (center[0], lon_hi)):
        assert miles(center, point) >= radius * 0.999


def test_standard_zips() -> None:
    zips = standard_zips()
    assert len(zips) > 29_000 and "30303" in zips and zips == sorted(zips)
