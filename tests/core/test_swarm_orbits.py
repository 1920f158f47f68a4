"""The swarm in heliocentric orbit: geometry against independent references (light time, a conjunction from
the ephemeris, Kepler drift), and the swarm of a run against the fleet's own counts."""

import numpy as np
import pytest

from lunarbase import swarm
from lunarbase.constants import AU, SUN_GM
from lunarbase.physics import ephemeris, propagation
from tests.conftest import run_of

SIDEREAL_YEAR_D = 365.256363  # IERS / Astronomical Almanac: Earth's sidereal year, days


def one_orbit_swarm(jd0, a, e=0.0, longitude=0.0, i=0.0):
    """Satellites (k,) on their own conics from ``jd0``, no transfer: mean longitude ``longitude`` at jd0."""
    a, e, longitude, i = np.broadcast_arrays(*(np.atleast_1d(np.asarray(x, dtype=float)) for x in (a, e, longitude,
                                                                                                    i)))
    k = a.size
    epoch = np.full(k, (jd0 - ephemeris.J2000_JD) * ephemeris.DAY)
    initial = propagation.Elements(a, e, i, np.zeros(k), np.zeros(k), longitude, epoch)
    jd = np.full(k, jd0)
    return swarm.Swarm(launch_jd=jd, leave_jd=jd, arrive_jd=np.full(k, np.inf), death_jd=np.full(k, np.inf),
                       weight=np.ones(k), cohort=np.zeros(k, dtype=int), initial=initial, target_radius=AU,
                       total=float(k), year=None, method="test")


def earth_longitude(jd):
    r = swarm.earth_positions(jd)
    return np.arctan2(r[:, 1], r[:, 0])


def test_light_time_of_one_au():
    """1 AU / c = 499.004784 s (IAU 2012 au, SI c)."""
    assert swarm.light_time_of(AU) == pytest.approx(499.004784, abs=1e-6)
    d, t, sep = swarm.sight_lines(np.array([0.0, AU, 0.0]), np.array([0.0, 0.0, 0.0]) + np.array([1e-3, 0, 0]))
    assert t == pytest.approx(499.005, abs=1e-3)


def test_a_point_behind_the_sun_is_in_conjunction_on_that_date():
    """A satellite placed on the far side of the Sun from the Earth on 2061-03-01 (from the ephemeris), on a
    1.3 AU circle: its Sun-Earth-satellite angle is least that day (within the 1-day sampling) and below 0.1 deg,
    and above the 2 deg threshold three weeks either side."""
    jd0 = ephemeris.jd_from_iso("2061-03-01")
    opposite = earth_longitude(np.array([jd0]))[0] + np.pi
    s = one_orbit_swarm(jd0, 1.3 * AU, longitude=opposite)
    jd = jd0 + np.arange(-30.0, 31.0)
    geo = swarm.geometry(s, jd)
    sep = np.degrees(geo.sun_angle_rad[0])
    assert abs(jd[np.argmin(sep)] - jd0) <= 1.0
    assert sep.min() < 0.1
    assert sep[0] > 2.0 and sep[-1] > 2.0
    inside = sep < 2.0  # JPL's Mars command moratoria hold within 2 deg of the Sun
    assert 1 <= inside.sum() <= 30


def test_drift_rate_against_kepler_third_law():
    """A circular orbit at a = a_E (1 + delta) starting at the Earth's longitude falls behind at
    dn = -3/2 n delta (first order, from n ~ a^-3/2): after k sidereal years the angle is 3 pi k delta. The
    Earth's longitude from the ephemeris, the satellite's from the propagator; within 2 % of the drift."""
    jd0 = ephemeris.jd_from_iso("2040-01-01")
    a_earth = (SUN_GM * (SIDEREAL_YEAR_D * ephemeris.DAY / (2 * np.pi)) ** 2) ** (1 / 3)
    delta = 2e-3
    s = one_orbit_swarm(jd0, a_earth * (1 + delta), longitude=earth_longitude(np.array([jd0]))[0])
    k = np.arange(1, 6)
    jd = jd0 + k * SIDEREAL_YEAR_D
    r, _ = s.states(jd)
    lag = np.mod(earth_longitude(jd) - np.arctan2(r[0, :, 1], r[0, :, 0]), 2 * np.pi)
    np.testing.assert_allclose(lag, 1.5 * delta * 2 * np.pi * k, rtol=0.02)


def test_drifting_satellite_reaches_about_two_au_and_no_further():
    """a = 1.02 AU drifts 10.7 deg a year from the Earth: within 20 years it passes the far side of the Sun, at
    distance a + r_E ~ 2 AU, and never beyond a + aphelion (1.037 AU)."""
    jd0 = ephemeris.jd_from_iso("2040-01-01")
    s = one_orbit_swarm(jd0, 1.02 * AU, longitude=earth_longitude(np.array([jd0]))[0])
    geo = swarm.geometry(s, jd0 + np.arange(0.0, 20 * 365.25, 5.0))
    d = geo.distance_m[0] / AU
    assert d[0] < 0.05  # the Earth at perihelion, 0.983 AU, in January
    assert 1.95 < d.max() <= 1.02 + 1.0167 + 1e-3
    yearly = d[: np.argmax(d)][::73]  # once a year (73 x 5 d), where the Earth's own eccentricity repeats
    assert np.all(np.diff(yearly) > 0)  # the distance grows while it drifts round to the far side


@pytest.fixture(scope="module")
def alpha_2060():
    run = run_of("lunar-base-alpha")
    return run, swarm.build(run, year=2060, satellites=3000, seed=1)


def test_swarm_counts_match_the_fleet(alpha_2060):
    """The weights of satellites past the design transfer at mid-2060 equal the fleet's satellites in service
    (within 3 %: sampling and step discretisation); the sample holds what was asked."""
    run, s = alpha_2060
    assert s.size == 3000
    jd = swarm.jd_of_year(2060.5)
    k = np.searchsorted(run.t, 2060.5)
    dep = run.design.departure
    transfer_d = float(np.ravel(dep.delta_v_to_target)[0]) / run.scenario.params.departure.thrust_to_mass / 86400
    in_service = s.weight[(s.launch_jd + transfer_d <= jd)].sum()
    assert in_service == pytest.approx(run["satellites_in_service"][k], rel=0.03)
    assert s.weight.sum() == pytest.approx(s.total)


def test_swarm_orbits_within_the_departure_spread_then_at_target(alpha_2060):
    """On leaving the Earth, heliocentric a within the month's spread the departure found (N-body table, 2 %);
    after the transfer every satellite is on a circle at the target radius."""
    run, s = alpha_2060
    dep = run.design.departure
    lo, hi = float(np.ravel(dep.inner_semimajor_axis)[0]), float(np.ravel(dep.outer_semimajor_axis)[0])
    assert np.all(s.initial.a > 0.98 * lo) and np.all(s.initial.a < 1.02 * hi)
    later = s.arrive_jd.max() + 1.0
    el = s.elements(np.array([later]))
    np.testing.assert_allclose(el.a[:, 0], run.scenario.params.departure.target_orbit_radius, rtol=1e-12)
    np.testing.assert_allclose(el.e[:, 0], 0.0, atol=1e-12)
    r, _ = s.states(np.array([later]))
    np.testing.assert_allclose(np.linalg.norm(r[:, 0], axis=-1), run.scenario.params.departure.target_orbit_radius,
                               rtol=1e-9)


def test_sample_statistics_hold_as_the_sample_grows(alpha_2060):
    """A sample four times smaller gives the same median distance within 5 % (a weighted sample, same law)."""
    run, s = alpha_2060
    small = swarm.build(run, year=2060, satellites=750, seed=7)
    angle = run.scenario.params.links.conjunction_angle
    a = swarm.summarise(s, 2060, step_days=15.0, conjunction_angle=angle)
    b = swarm.summarise(small, 2060, step_days=15.0, conjunction_angle=angle)
    assert b.distance_m["p50"] == pytest.approx(a.distance_m["p50"], rel=0.05)
    assert a.satellites == pytest.approx(b.satellites, rel=0.02)
    assert a.light_time_s["p50"] == pytest.approx(a.distance_m["p50"] / 299792458.0)


def test_neighbours_and_close_approaches_count_what_is_there():
    """Three satellites 500 km apart along one orbit and one far away: two neighbours each within 1,100 km for
    the middle one, one pair within 600 km per gap."""
    jd0 = ephemeris.jd_from_iso("2050-01-01")
    step = 500e3 / AU
    s = one_orbit_swarm(jd0, AU, longitude=np.array([0.0, step, 2 * step, 1.0]))
    near = swarm.neighbours(s, jd0, 1100e3)
    np.testing.assert_array_equal(near.within, [2, 2, 2, 0])
    near = swarm.neighbours(s, jd0, 600e3)
    np.testing.assert_array_equal(near.within, [1, 2, 1, 0])
    assert near.clustered_share == pytest.approx(0.75)
    assert swarm.close_approaches(s, jd0, 600e3) == 2


def test_link_inputs_shapes(alpha_2060):
    _, s = alpha_2060
    got = swarm.link_inputs(s, swarm.jd_of_year(2060.5))
    k = got["distance_m"].size
    assert 0 < k <= s.size
    for name in ("light_time_s", "sun_angle_rad", "weight", "neighbours_within"):
        assert got[name].shape == (k,)
    assert 0.0 <= got["cluster_share"] <= 1.0


@pytest.mark.parametrize("year, satellites, match", [(2020, 10, "--year"), (2060, 0, "--satellites"),
                                                      (2027, 10, "no satellite")])
def test_bad_requests_are_one_line(alpha_2060, year, satellites, match):
    run, _ = alpha_2060
    with pytest.raises(swarm.SwarmError, match=match):
        swarm.build(run, year=year, satellites=satellites)


def test_routes_without_a_heliocentric_swarm_are_refused():
    with pytest.raises(swarm.SwarmError, match="surface base on the Moon"):
        swarm.build(run_of("earth-orbit-starship"), year=2060, satellites=10)


def test_weighted_quantiles_equal_weights_match_numpy():
    x = np.random.default_rng(0).normal(size=1001)
    got = swarm.weighted_quantiles(x, np.ones_like(x), [0.05, 0.5, 0.95])
    np.testing.assert_allclose(got, np.quantile(x, [0.05, 0.5, 0.95], method="hazen"), atol=1e-12)
