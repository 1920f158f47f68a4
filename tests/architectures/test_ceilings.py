"""Physical ceilings are enforced, not flagged: the base's power stops at its site's area and at the sunlight on
its body, mining at the material within reach, and the fleet at one complete shell about the Sun; the binding
constraint names the ceiling. Ceilings are checked against hand calculations from the bodies' figures."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lunarbase import load_scenario, simulate
from lunarbase.constants import SUN_LUMINOSITY
from lunarbase.subsystems import bodies

MOON, MERCURY = bodies.BODIES["moon"], bodies.BODIES["mercury"]


def _binds(run, name):
    return any(c == name for _, _, c in run.binding_periods)


def test_arrays_stop_at_the_sites_usable_area():
    """5 km2 on the ridge: P_max = A / a_W with a_W = (f + (1 - f)/eta_rt) / (f S eta) by hand."""
    run = simulate(load_scenario(sets=["site.usable_area=5 km2"]))
    f, eta_rt, s, eta = 0.923, 0.6, 1361.0, 0.2
    area_per_watt = (f + (1 - f) / eta_rt) / f / (s * eta)
    ceiling = float(run.design.extra["ceilings"]["power"])
    assert ceiling == pytest.approx(5e6 / area_per_watt, rel=1e-3)  # the model's S(1 AU) is L / 4 pi AU^2
    assert np.max(run["power_capacity"]) <= ceiling * (1 + 1e-9)
    assert np.max(run["power_capacity"]) > 0.99 * ceiling
    assert np.max(run["surface_array_area"]) <= 5e6 * (1 + 1e-9)
    assert _binds(run, "site_area")


def test_arrays_on_a_whole_planet_stop_at_the_sunlight_its_disc_intercepts():
    """Mercury covered edge to edge: P_max = S(0.387 AU) pi R^2 eta_pv = 9,100 W/m2 x pi (2,440 km)^2 x 0.2."""
    # To 2200: with its own chip fab to build and power, the base reaches the disc's sunlight after 2150.
    run = simulate(load_scenario("mercury-swarm", ["site.usable_area=1e9 km2", "horizon.end_year=2200"]))
    ceiling = MERCURY.top_of_atmosphere_flux * math.pi * MERCURY.radius**2 * 0.2
    assert ceiling == pytest.approx(3.4e16, rel=0.01)
    assert np.max(run["power_capacity"]) <= ceiling * (1 + 1e-9)
    assert _binds(run, "body_sunlight")


def test_mining_stops_at_the_material_within_reach():
    """1 um of regolith over the whole Moon at 1,500 kg/m3: rho 4 pi R^2 d = 5.7e7 t (thin-shell hand value)."""
    run = simulate(load_scenario(sets=["bounds.mining_depth=1 um"]))
    within = 1500.0 * 4 * math.pi * MOON.radius**2 * 1e-6
    assert within == pytest.approx(5.69e10, rel=0.01)
    assert run["regolith_used"][-1] <= within * (1 + 1e-6)
    assert _binds(run, "mineable_mass")


def test_the_fleet_stops_at_its_shell():
    """A shell covering 1e-15 of the sphere intercepts at most 1e-15 L = 383 GW of sunlight."""
    run = simulate(load_scenario(sets=["bounds.shell_coverage=1e-15"]))
    cap = 1e-15 * SUN_LUMINOSITY
    assert np.max(run["sunlight_captured"]) <= cap * (1 + 1e-9)
    assert np.max(run["sunlight_captured"]) > 0.5 * cap
    assert _binds(run, "orbital_shell")
    # Nothing built that the shell cannot hold: satellites do not pile up waiting.
    assert run["satellite_inventory"][-1] * run.design.satellite.mass.item() < 1e9


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(area_km2=st.floats(1.0, 1e8), depth_m=st.floats(1e-3, 1e5), coverage=st.floats(1e-16, 1.0),
       productivity=st.floats(0.3, 6.0), body=st.sampled_from(["lunar-base-alpha", "mercury-swarm"]))
def test_no_run_passes_a_ceiling(area_km2, depth_m, coverage, productivity, body):
    sets = [f"site.usable_area={area_km2} km2", f"bounds.mining_depth={depth_m} m", f"bounds.shell_coverage={coverage}",
            f"industry.productivity={productivity} /yr", "mass_driver.payload_per_shot=20 t"]
    run = simulate(load_scenario(body, sets, "2026:2080"))
    c = run.design.extra["ceilings"]
    assert np.max(run["power_capacity"]) <= float(c["power"]) * (1 + 1e-9)
    assert run["regolith_used"][-1] <= float(c["mineable_mass"]) * (1 + 1e-6)
    assert np.max(run["sunlight_captured"]) <= coverage * SUN_LUMINOSITY * (1 + 1e-9)
    assert np.max(run["share_of_sun"]) <= 1.0
