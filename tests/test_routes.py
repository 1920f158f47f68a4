"""The routes side by side: bodies, launchers, destinations, grid, swarm growth, and published-figure checks.

Each model is checked against independent references (JPL figures, textbook formulas, published studies)
with a stated tolerance; where a preset claims a published figure, the test says how close it comes.
"""

import json
import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lunarbase import load_scenario
from lunarbase.comparison import compare, overtakes
from lunarbase.constants import AU, YEAR
from lunarbase.interfaces.cli import app
from lunarbase.physics import eclipse, growth
from lunarbase.subsystems import bodies, grid, planet_departure, rocket, swarm
from lunarbase.subsystems import economics as econ
from tests.conftest import run_of

ROUTES = ("lunar-base-alpha", "earth-orbit-starship", "terrestrial", "mars-base", "mercury-swarm")


# --- bodies ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, escape_km_s, flux_w_m2", [
    ("moon", 2.38, 1361.0),      # docs/references.md; Kopp & Lean 2011
    ("mars", 5.03, 586.0),       # docs/references.md; inverse-square at 1.524 AU
    ("mercury", 4.25, 9083.0),   # JPL fact sheet 4.3 km/s; 1361 / 0.387^2
    ("earth", 11.18, 1361.0),    # JPL 11.186 km/s at the equatorial radius
])
def test_bodies_escape_and_flux(name, escape_km_s, flux_w_m2):
    b = bodies.BODIES[name]
    assert b.escape_speed / 1e3 == pytest.approx(escape_km_s, rel=5e-3)
    assert b.top_of_atmosphere_flux == pytest.approx(flux_w_m2, rel=5e-3)


def test_mercury_binding_energy_is_armstrong_and_sandbergs():
    """3 G M^2 / (5 R) for Mercury: 1.80e30 J as A&S quote (uniform sphere; within 1 %)."""
    b = bodies.BODIES["mercury"]
    assert b.binding_energy_per_kg * b.mass == pytest.approx(1.80e30, rel=0.01)


@pytest.mark.parametrize("body", ["moon", "mercury", "mars"])
def test_a_surface_mass_driver_needs_an_airless_body(body):
    """Behaviour, not the table: the route refuses a mass driver exactly where the body has air."""
    from lunarbase.architectures.surface_base import ROUTE

    p = load_scenario("lunar-base-alpha", [f'route.body="{body}"']).params
    refused = [line for line in ROUTE.problems(p, ROUTE.design(p)) if line.startswith("route.launcher")]
    assert bool(refused) == bodies.BODIES[body].atmosphere


# --- light in Earth orbit --------------------------------------------------------------------------------

def test_sun_synchronous_inclination_matches_textbook():
    """Vallado (table in sec. 9.6) / New SMAD: 800 km -> 98.6 deg, 500 km -> 97.4 deg (within 0.05 deg)."""
    assert math.degrees(eclipse.sun_synchronous_inclination(800e3)) == pytest.approx(98.6, abs=0.05)
    assert math.degrees(eclipse.sun_synchronous_inclination(500e3)) == pytest.approx(97.4, abs=0.05)


def test_eclipse_at_beta_zero_matches_the_iss():
    """400 km, beta = 0: ~36 min of a 92.6 min orbit in shadow (cylindrical shadow; within 1 min)."""
    minutes = float(eclipse.eclipse_fraction(400e3, 0.0) * eclipse.orbit_period(400e3)) / 60.0
    assert eclipse.orbit_period(400e3) / 60.0 == pytest.approx(92.6, abs=0.2)
    assert minutes == pytest.approx(36.0, abs=1.0)
    assert eclipse.eclipse_fraction(400e3, eclipse.critical_beta(400e3) + 1e-6) == 0.0


def test_dawn_dusk_is_nearly_always_lit():
    """Starcloud: capacity factor > 95 %; the dawn-dusk orbit beats a 53 deg LEO shell."""
    from lunarbase.subsystems.destination import leo_sunlit_fraction

    dawn_dusk = float(eclipse.dawn_dusk_sunlit_fraction(650e3))
    assert 0.95 < dawn_dusk < 1.0
    assert float(leo_sunlit_fraction(650e3, math.radians(53))) < dawn_dusk - 0.1


# --- growth with a build delay and Armstrong & Sandberg -----------------------------------------------------

@given(k=st.floats(1e-3, 1e3), tau=st.floats(1e-3, 10.0))
def test_delayed_growth_rate_solves_its_equation(k, tau):
    lam = float(growth.delayed_growth_rate(k, tau))
    assert lam == pytest.approx(k * math.exp(-lam * tau), rel=1e-9)
    assert 0 < lam <= k


def test_delayed_growth_path_follows_the_lambert_rate():
    """Integrating dM/dt = k M(t - tau) by small explicit steps: the late log slope is W(k tau)/tau (2 %)."""
    k, tau = 3.0, 1.0
    t = np.linspace(0.0, 12.0, 24001)
    m = growth.delayed_growth_path(1.0, k, tau, t)
    slope = np.log(m[-1] / m[-4001]) / (t[-1] - t[-4001])
    assert slope == pytest.approx(float(growth.delayed_growth_rate(k, tau)), rel=0.02)


def test_armstrong_sandberg_timeline():
    """A&S 2013: ~31 years to use half of Mercury, most of the mass in the last 4 years.

    With their 1/3 efficiency, 1/10 of energy to lifting, 5-year cycles and half of Mercury, and the
    0.5 kg/m^2 collectors we read from the paper, the delay law gives 31.1 years (within 1 year) and a
    doubling time of 0.45 yr.
    """
    p = load_scenario("mercury-swarm").params.swarm
    out = swarm.armstrong_sandberg(bodies.BODIES["mercury"], p.collector_efficiency, p.lift_share,
                                   p.collector_areal_density, p.cycle, p.seed_area, p.target_share_of_body)
    assert out.years_to_target_s / YEAR == pytest.approx(31.0, abs=1.0)
    assert out.doubling_time_s / YEAR == pytest.approx(0.448, rel=0.02)
    assert out.share_in_last_4_years > 0.99


def test_mercury_swarm_preset_grows_at_armstrong_and_sandbergs_rate_less_its_surface_power():
    """The preset sets r k to A&S's rate (1.55/yr); building its own surface power and storage slows it.

    Predicted (model.md sec. 5.4): g = r k / (1 + X), X = (1 + m) e k mu_P. The fitted rate lies within 10 %
    of that, and is 35-50 % of A&S's rate: how close the route comes to their timeline, and why not closer.
    """
    run = run_of("mercury-swarm")
    p = run.scenario.params
    rate_as = p.industry.productivity * p.industry.reinvestment_fraction
    x = (1 + p.industry.balance_margin) * p.industry.energy_per_kg * p.industry.productivity * float(
        run.design.extra["site"]["power_mass_per_watt"])
    window = (run.t >= 2050) & (run.t < 2060)
    fitted = np.polyfit(run.t[window] * YEAR, np.log(run["factory_mass"][window]), 1)[0]
    assert fitted == pytest.approx(rate_as / (1 + x), rel=0.10)
    assert 0.35 < fitted / rate_as < 0.5


# --- launchers and departures -----------------------------------------------------------------------------

def test_rocket_propellant_by_tsiolkovsky():
    """Mars ascent 5.6 km/s at 360 s: R = exp(5600 / (360 g0)) = 4.87; (R - 1)(1 + 1.2) kg per kg."""
    r = math.exp(5600.0 / (360.0 * 9.80665))
    assert rocket.propellant_per_kg_payload(5600.0, 360.0, 1.2) == pytest.approx((r - 1) * 2.2, rel=1e-12)
    assert rocket.propellant_per_kg_payload(0.0, 360.0, 1.2) == 0.0


@given(dv=st.floats(0, 1e4), extra=st.floats(1.0, 1e3))
def test_rocket_propellant_rises_with_delta_v(dv, extra):
    assert rocket.propellant_per_kg_payload(dv + extra, 350.0, 1.0) > rocket.propellant_per_kg_payload(dv, 350.0, 1.0)


def test_planet_departure_hohmann_earth_to_mars():
    """From Earth's orbit to Mars's: Curtis Example 8.3 total 5.591 km/s with v_inf = 0 (within 1 %)."""
    earth = bodies.BODIES["earth"]
    dep = planet_departure.depart(earth, earth.escape_speed, 1.524 * AU)
    assert float(dep.v_inf_body) == pytest.approx(0.0, abs=1e-6)
    assert float(dep.delta_v_to_target) / 1e3 == pytest.approx(5.591, rel=0.01)


def test_mars_cannot_take_a_mass_driver(tmp_path):
    result = CliRunner().invoke(app, ["run", "mars-base", "--set", 'route.launcher="mass-driver"', "--out",
                                      str(tmp_path)])
    assert result.exit_code == 2
    assert "route.launcher" in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


# --- grid ---------------------------------------------------------------------------------------------------

@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 10), min_size=30, max_size=30), st.lists(st.floats(0, 10), min_size=30, max_size=30),
       st.integers(1, 12))
def test_grid_never_places_more_chips_than_arrive_or_room_allows(chips, room, life):
    deployed, _ = grid.fill_with_chips(np.array(chips), np.array(room), life)
    assert np.all(deployed <= np.array(chips) + 1e-12)
    assert np.all(deployed >= 0)
    # in service (the last `life` steps) never exceeds the room built so far
    in_service = np.array([deployed[0, max(0, j - life + 1): j + 1].sum() for j in range(30)])
    assert np.all(in_service <= np.cumsum(room) + 1e-9)


# --- published figures --------------------------------------------------------------------------------------

def test_suncatcher_parity_launch_price():
    """Suncatcher (arXiv:2511.19468): launch at <~ $200/kg for rough cost parity with ground power.

    The earth-orbit preset's satellite (52 W/kg, 5-year life) against the terrestrial preset's power
    ($80/MWh at PUE 1.2) reaches parity at $217/kg: within 10 % of Suncatcher's figure. It differs because
    Suncatcher's satellite mass and ground prices are their own (they use a Starlink-like bus).
    """
    sat = run_of("earth-orbit-starship").design.satellite
    g = load_scenario("terrestrial").params.grid
    life = load_scenario("earth-orbit-starship").params.satellite.lifetime
    price = float(econ.parity_launch_price(float(sat.specific_power), life, g.electricity_price, g.pue))
    assert price == pytest.approx(200.0, rel=0.10)


def test_starcloud_ten_year_cost():
    """Starcloud white paper: 40 MW for 10 years, $167M of energy on Earth vs $8.2M in space ($30/kg launch).

    Ground: at the $47.6/MWh Starcloud's figure implies (PUE 1) the arithmetic agrees to 0.1 %; at this
    model's $80/MWh and PUE 1.2 it is 2.0x. Space: launching the earth-orbit satellite's arrays and radiators
    for 40 MW at $30/kg costs $11.8M, 1.44x Starcloud's: our arrays (2 kg/m^2) and 340 K radiators (3 kg/m^2)
    are heavier than theirs, and their $8.2M also counts the arrays' purchase.
    """
    sat = run_of("earth-orbit-starship").design.satellite
    mass_per_w = (float(sat.arrays) + float(sat.radiators)) / float(sat.compute_power)
    implied = 167e6 / (40 * 10 * 8766.0) / 3.6e9  # USD/J
    assert econ.ground_energy_cost(40e6, 10.0, implied) == pytest.approx(167e6, rel=1e-3)
    space = float(econ.space_power_launch_cost(40e6, mass_per_w, 30.0))
    assert space / 8.2e6 == pytest.approx(1.44, abs=0.1)
    g = load_scenario("terrestrial").params.grid
    assert econ.ground_energy_cost(40e6, 10.0, g.electricity_price, g.pue) / 167e6 == pytest.approx(2.0, abs=0.1)


# --- routes on the same yardsticks ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ROUTES)
def test_every_route_reports_every_yardstick(name):
    run = run_of(name)
    from lunarbase.comparison import MEASURES

    for key in MEASURES:
        values = run.yearly(key)
        assert values.shape == run.years.shape
    assert np.all(run["installed_compute"] >= 0)
    assert np.all(np.diff(run["cumulative_spend"]) >= -1e-6)


def test_earth_orbit_launches_no_more_than_it_can_lift_or_has_chips_for():
    run = run_of("earth-orbit-starship")
    sat = run.design.satellite
    assert np.all(run["mass_launched"] <= run["launch_capacity"] * (1 + 1e-9) + 1e-12)
    power = float(sat.compute_power)  # chip supply is accelerator power per second
    assert np.all(run["satellites_launched"] * power <= run["chip_supply"] * (1 + 1e-9) + 1e-12)
    np.testing.assert_allclose(run["mass_launched"], run["satellites_launched"] * float(sat.mass))
    lit = run.design.extra["destination"]["sunlit_fraction"]
    assert 0.95 < lit < 1.0


def test_terrestrial_is_grid_bound_once_chips_outrun_connections():
    run = run_of("terrestrial")
    assert run.binding_by_year[-1] == "grid"
    assert run["launch_capacity"].max() == 0 and run["flights"].max() == 0


def test_mars_base_is_slower_than_the_moon():
    """Rockets off Mars cost ~100x the mass driver's energy per kg; weaker sunlight and storms: it lags."""
    mars, moon = run_of("mars-base"), run_of("lunar-base-alpha")
    assert mars.design.launcher["energy_per_kg"] > 50 * moon.design.launcher["energy_per_kg"]
    assert mars.yearly("installed_compute")[-1] < moon.yearly("installed_compute")[-1]


def test_overtakes_by_hand():
    years = np.array([2030, 2031, 2032, 2033])
    v = np.array([[0.0, 1.0, 3.0, 3.0], [0.0, 2.0, 2.0, 4.0]])
    got = [(o.route, o.other, o.year) for o in overtakes(["a", "b"], v, years)]
    assert got == [("a", "b", 2032), ("b", "a", 2033)]


def test_compare_refuses_mismatched_horizons():
    from lunarbase.scenario import ScenarioError

    with pytest.raises(ScenarioError, match="horizon"):
        compare([load_scenario("terrestrial", years="2026:2050"), load_scenario("mars-base")])


@pytest.fixture(scope="module")
def compare_json(tmp_path_factory):
    out = tmp_path_factory.mktemp("compare")
    result = CliRunner().invoke(app, ["compare", "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), out


def test_compare_json_has_one_object_per_route(compare_json):
    data, out = compare_json
    names = [r["scenario"] for r in data["routes"]]
    assert set(ROUTES) <= set(names) and len(names) == 7
    for route in data["routes"]:
        assert {"route", "milestones", "final", "binding_periods", "overtakes", "parameters", "series"} <= set(route)
        assert route["series"]["installed_compute"]["unit"] == "W"
        assert len(route["series"]["binding"]) == len(route["series"]["year"])
    assert data["reference"]["sun_luminosity"]["value"] == pytest.approx(3.828e26)
    folder = out / "compare"
    assert {p.name for p in folder.iterdir()} == {"report.html", "compare.json", "compare.csv", "parameters.json"}
    params = json.loads((folder / "parameters.json").read_text())
    row = next(r for r in params["mars-base"] if r["path"] == "surface.dust_storm_outage")
    assert row["value"] == pytest.approx(5.0) and row["source"]


@pytest.mark.parametrize("args, expected", [
    (["compare", "no-such-route"], "scenario: 'no-such-route'"),
    (["compare", "terrestrial", "--set", "grid.pue=0.5"], "grid.pue"),
    (["compare", "terrestrial", "terrestrial"], "expected each route once"),
])
def test_compare_bad_input_is_one_line_exit_2(tmp_path, args, expected):
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert expected in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_compare_prints_the_table(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "lunarbase.interfaces.cli", "compare", "terrestrial", "mars-base",
                           "--out",
                           str(tmp_path)], capture_output=True, text=True, env={"COLUMNS": "200", "PATH": ""})
    assert proc.returncode == 0, proc.stderr
    assert "Milestones" in proc.stdout and "mars-base" in proc.stdout and "Sun's luminosity" in proc.stdout
