"""The Armstrong & Sandberg (2013) swarm timeline, held to one physical ceiling: a single complete shell."""

import math

import pytest

from lunarbase.constants import SUN_LUMINOSITY, YEAR
from lunarbase.scenario import load_scenario
from lunarbase.subsystems import bodies, swarm

MERCURY = bodies.BODIES["mercury"]


def _as_published(**change):
    p = load_scenario("mercury-swarm").params.swarm
    args = dict(collector_efficiency=p.collector_efficiency, lift_share=p.lift_share,
                collector_areal_density=p.collector_areal_density, cycle_s=p.cycle, seed_area_m2=p.seed_area,
                target_share_of_body=p.target_share_of_body)
    return swarm.armstrong_sandberg(MERCURY, **{**args, **change})


def test_half_of_mercury_at_half_a_kilogram_a_square_metre_is_several_shells():
    """A&S's stated end state is impossible: 0.5 M_Mercury / (4 pi r^2 x 0.5 kg/m^2) = 7.8 complete shells at
    0.387 AU, whose electricity at 1/3 efficiency would be 2.6 times the Sun's luminosity (hand calculation)."""
    r = MERCURY.sun_distance
    shells = 0.5 * MERCURY.mass / (4 * math.pi * r**2 * 0.5)
    assert shells == pytest.approx(7.84, rel=0.01)
    assert _as_published().shells_asked == pytest.approx(shells, rel=1e-9)
    assert shells * SUN_LUMINOSITY / 3 / SUN_LUMINOSITY == pytest.approx(2.6, rel=0.01)


def test_the_swarm_stops_at_one_shell_and_its_timeline_is_shorter_than_published():
    """At A&S's assumptions the swarm fills one shell (2.1e22 kg, 6.4 % of Mercury) in 29.8 years, against their
    31 years for half of Mercury: the published doubling time (0.45 yr) holds, the end state does not."""
    out = _as_published()
    shell = 4 * math.pi * MERCURY.sun_distance**2 * 0.5
    assert out.target_mass_kg == pytest.approx(shell, rel=1e-9)
    assert out.target_mass_kg / MERCURY.mass == pytest.approx(0.064, abs=0.001)
    assert out.doubling_time_s / YEAR == pytest.approx(0.448, rel=0.02)
    assert out.years_to_target_s / YEAR == pytest.approx(29.75, abs=0.1)
    assert out.share_in_last_4_years > 0.99


def test_keeping_half_of_mercury_as_one_shell_takes_heavier_collectors_and_longer():
    """Half of Mercury as one complete shell needs 3.92 kg/m^2 collectors (hand: 0.5 M / 4 pi r^2); the lift rate
    falls in proportion, and the timeline grows to 37.2 years, 6 years beyond the published 31."""
    sigma = 0.5 * MERCURY.mass / (4 * math.pi * MERCURY.sun_distance**2)
    assert swarm.areal_density_for_one_shell(MERCURY, 0.5) == pytest.approx(sigma, rel=1e-12)
    assert sigma == pytest.approx(3.92, abs=0.01)
    out = _as_published(collector_areal_density=sigma)
    assert out.shells_asked == pytest.approx(1.0, rel=1e-9)
    assert out.years_to_target_s / YEAR == pytest.approx(37.2, abs=0.1)
