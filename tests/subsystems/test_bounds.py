"""Physical bounds on what a base mines and covers."""

import pytest

from lunarbase.constants import MOON_MASS
from lunarbase.subsystems import (
    bounds,
)


def test_moon_surface_area():
    # docs/references.md: 3.793e7 km^2 from the mean radius 1737.4 km.
    assert bounds.MOON_SURFACE_AREA == pytest.approx(3.793e13, rel=1e-3)


def test_mined_area():
    # 1 Mt of regolith at 1500 kg/m^3 stripped 3 m deep: 1e9 / 4500 m^2.
    assert bounds.mined_area(1e9, 1500.0, 3.0) == pytest.approx(1e9 / 4500.0)


def test_bounds_flags_mass_above_the_moon():
    figures, flags = bounds.check(2 * 7.342e22, 0.0, 0.0, 50e6, 1500.0, 3.0)
    assert figures["mass_lifted_share_of_moon"] == pytest.approx(2.0, rel=1e-3)
    assert any("Moon's mass" in f for f in flags)
    assert MOON_MASS == pytest.approx(7.342e22)  # JPL


def test_bounds_flags_array_above_site():
    _, flags = bounds.check(0.0, 0.0, 60e6, 50e6, 1500.0, 3.0)
    assert any("usable" in f for f in flags)
    assert len(flags) == 1


def test_bounds_no_flags_for_modest_totals():
    figures, flags = bounds.check(1e12, 1e12, 10e6, 50e6, 1500.0, 3.0)
    assert flags == []
    assert figures["surface_used_share"] == pytest.approx((1e12 / 4500 + 10e6) / 3.793e13, rel=1e-3)


def test_bounds_flags_mining_and_surface():
    # Mining over 1 % of the surface; and mining plus arrays over the whole surface.
    _, flags = bounds.check(0.0, 0.02 * 3.793e13 * 4500.0, 0.0, 1e20, 1500.0, 3.0)
    assert any("1 %" in f for f in flags)
    _, flags = bounds.check(0.0, 0.0, 4e13, 1e20, 1500.0, 3.0)
    assert any("Moon's surface" in f for f in flags)


@pytest.mark.parametrize(("body", "whose"), [("Moon", "the Moon's"), ("Mercury", "Mercury's"), ("Mars", "Mars's")])
def test_flags_name_the_body_as_english_does(body, whose):
    _, flags = bounds.check(1e30, 0.02 * 3.793e13 * 4500.0, 4e13, 1e20, 1500.0, 3.0, body_name=body)
    assert len(flags) == 3 and all(whose in f for f in flags)
    assert not any("the Mercury" in f or "the Mars" in f for f in flags)
