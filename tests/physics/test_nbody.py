"""The N-body propagator (REBOUND): conservation laws, launches that fall or leave, agreement with conics."""

import sys

import numpy as np
import pytest

from lunarbase import constants as C
from lunarbase.physics import ephemeris, kepler, nbody, outcomes
from lunarbase.physics.outcomes import ESCAPED
from lunarbase.subsystems import launch_site, launch_windows

JD_2030 = 2462502.5  # 2030-01-01 TDB


JD = 2462502.5  # 2030-01-01 TDB


DAY = 86400.0


def _site_frame(jd):
    """Near-side launch site (unit vector, selenocentric ICRS) whose local horizontal holds the Moon's
    geocentric velocity direction; returns (up, along_moon_velocity)."""
    r_m, v_m = ephemeris.relative_states("moon", "earth", jd)
    along = v_m / np.linalg.norm(v_m)
    up = -r_m / np.linalg.norm(r_m)
    up = up - up.dot(along) * along
    up /= np.linalg.norm(up)
    return up, along


def test_conic_agrees_with_nbody_for_fast_departures():
    """Issue 3: for v_inf relative to Earth >= 1 km/s, heliocentric a from conics within 1 % of N-body."""
    pytest.importorskip("rebound")
    site = launch_site.SITES["south-polar-ridge"]
    jd = JD_2030 + np.array([0.0, 5.0, 10.0, 15.0, 20.0, 25.0])
    conic, nbody = launch_windows.propagate(site, np.array([[2.9e3], [3.5e3]]), jd[None, :], "both", days=40.0)
    fast = conic.v_inf_earth >= 1e3
    assert fast.all()
    assert (nbody.outcome == ESCAPED).all()
    np.testing.assert_allclose(nbody.a[fast], conic.a[fast], rtol=0.01)


def test_jacobi_constant_conserved_in_circular_restricted_earth_moon_problem():
    rebound = pytest.importorskip("rebound")
    mu = 0.01215  # Earth-Moon mass ratio m_M / (m_E + m_M)
    sim = rebound.Simulation()
    sim.G = 1.0  # units: separation 1, total mass 1, mean motion n = 1 (one unit of time = 4.343 days)
    sim.add(m=1.0 - mu, x=-mu, vy=-mu)
    sim.add(m=mu, x=1.0 - mu, vy=1.0 - mu)
    # A translunar trajectory: from 0.0174 (6,678 km, low Earth orbit) at 15 deg from the Earth-Moon line, 10.56
    # velocity units (10.82 km/s, trans-lunar injection) prograde; it climbs to the Moon's distance and swings
    # by the Moon within 0.06 units (23,000 km), staying inside the system.
    r0, v0, phase = 0.0174, 10.56, np.radians(15.0)
    c, s = np.cos(phase), np.sin(phase)
    sim.add(m=0.0, x=-mu + r0 * c, y=r0 * s, vx=-v0 * s, vy=-mu + v0 * c)
    sim.N_active = 2
    sim.testparticle_type = 0
    nbody.configure_integrator(sim)  # the settings integrate_launches runs with
    sim.move_to_com()

    def jacobi():
        # C = 2 U - v_inertial^2 + 2 (x v_y - y v_x), with U = (1 - mu)/r1 + mu/r2: the rotating-frame integral
        # 2 Omega - v_rot^2 written with inertial barycentric coordinates (n = 1; Szebehely 1967, ch. 1).
        e, m, p = sim.particles[0], sim.particles[1], sim.particles[2]
        r1 = np.hypot(np.hypot(p.x - e.x, p.y - e.y), p.z - e.z)
        r2 = np.hypot(np.hypot(p.x - m.x, p.y - m.y), p.z - m.z)
        v2 = p.vx**2 + p.vy**2 + p.vz**2
        return 2.0 * ((1.0 - mu) / r1 + mu / r2) - v2 + 2.0 * (p.x * p.vy - p.y * p.vx), r2, r1

    c0, _, _ = jacobi()
    worst, closest, farthest = 0.0, np.inf, 0.0
    t_end = 30.0 / 4.343  # 30 days
    for t in np.linspace(0.0, t_end, 301)[1:]:
        sim.integrate(t)
        c, d, r1 = jacobi()
        worst, closest, farthest = max(worst, abs(c - c0) / abs(c0)), min(closest, d), max(farthest, r1)
    assert closest < 0.06 and 0.8 < farthest < 1.5  # a real lunar swing-by, still within the system
    assert worst < 1e-9


def test_sub_escape_vertical_and_sub_circular_horizontal_launches_fall_back_and_fast_launch_escapes():
    pytest.importorskip("rebound")
    up, along = _site_frame(JD)
    v_escape = np.sqrt(2.0 * C.MOON_GM / C.MOON_RADIUS)  # 2,375 m/s
    v_circular = np.sqrt(C.MOON_GM / C.MOON_RADIUS)  # 1,680 m/s
    assert v_circular > 1600.0
    r = np.tile(C.MOON_RADIUS * up, (3, 1))
    v = np.array([(v_escape - 200.0) * up, 1600.0 * along, 3000.0 * along])
    res = nbody.integrate_launches(np.full(3, JD), r, v, days=40.0)
    assert list(res.outcome) == [outcomes.IMPACT_MOON, outcomes.IMPACT_MOON, outcomes.ESCAPED]
    # Falling back: the vertical shot's flight is a radial ellipse, apoapsis R / (1 - (v/v_esc)^2) = 10,800 km,
    # period 2 pi sqrt(a^3/GM) = 7.3 h; the horizontal one hits within half an orbit (< 1.5 h).
    a_radial = 0.5 * C.MOON_RADIUS / (1.0 - ((v_escape - 200.0) / v_escape) ** 2)
    assert res.time_of_outcome[0] == pytest.approx(2 * np.pi * np.sqrt(a_radial**3 / C.MOON_GM), rel=0.1)
    assert res.time_of_outcome[1] < 1.5 * 3600.0
    assert np.isnan(res.a[:2]).all() and np.isnan(res.r_helio[:2]).all()

    # Patched conics by hand: selenocentric hyperbola -> asymptote (v_inf,M, Curtis eq. 8.38-8.40) added to the
    # Moon's geocentric velocity -> geocentric hyperbola from the Moon's distance -> its asymptote added to the
    # Earth's heliocentric velocity -> vis-viva a = 1 / (2/r - v^2/GM_sun).
    v_inf_m = kepler.asymptote_velocity(C.MOON_GM, r[2], v[2])
    assert np.linalg.norm(v_inf_m) == pytest.approx(np.sqrt(3000.0**2 - v_escape**2), rel=1e-9)
    r_m, v_m = ephemeris.relative_states("moon", "earth", JD)
    v_inf_e = kepler.asymptote_velocity(C.EARTH_GM, r_m, v_m + v_inf_m)
    r_e, v_e = ephemeris.relative_states("earth", "sun", JD)
    v_helio = v_e + v_inf_e
    a_patched = 1.0 / (2.0 / np.linalg.norm(r_e) - v_helio.dot(v_helio) / C.SUN_GM)
    assert res.a[2] == pytest.approx(a_patched, rel=0.03)
    assert 0.0 < res.e[2] < 0.3 and res.i[2] < np.radians(10.0)  # near-ecliptic, near 1 AU
    assert res.perihelion[2] == pytest.approx(res.a[2] * (1 - res.e[2]), rel=1e-9)
    assert res.aphelion[2] == pytest.approx(res.a[2] * (1 + res.e[2]), rel=1e-9)
    # Stopped just beyond 3e9 m from the Earth (checked after every step of at most a few hours at ~2 km/s).
    r_earth = ephemeris.ecliptic_from_icrs(ephemeris.relative_states("earth", "sun", res.jd_outcome[2])[0])
    assert 3.0e9 < np.linalg.norm(res.r_helio[2] - r_earth) < 3.1e9


def test_time_to_leave_hill_sphere_and_input_order_with_shuffled_dates():
    pytest.importorskip("rebound")
    offsets = np.array([3.0, 0.0, 1.5, 0.5])  # days after the first launch, not in order
    kinds = ["escape", "impact", "escape", "impact"]
    jd = JD + offsets
    r, v = np.zeros((4, 3)), np.zeros((4, 3))
    for k, (day_jd, kind) in enumerate(zip(jd, kinds, strict=True)):
        up, along = _site_frame(day_jd)
        r[k] = C.MOON_RADIUS * up
        v[k] = 3000.0 * along if kind == "escape" else 1500.0 * along
    days = 30.0
    res = nbody.integrate_launches(jd, r, v, days=days)
    expected = [outcomes.ESCAPED if kind == "escape" else outcomes.IMPACT_MOON for kind in kinds]
    assert list(res.outcome) == expected
    esc = res.outcome == outcomes.ESCAPED
    hill = res.time_to_leave_hill[esc]
    # Leaving 1.5e9 m at v_inf,E ~ 2 km/s takes ~9 days; in any case positive, below ``days``, before the stop.
    assert np.all(hill > 0.0) and np.all(hill < days * DAY)
    assert np.all(hill < res.time_of_outcome[esc])
    assert np.isnan(res.time_to_leave_hill[~esc]).all()
    assert res.jd_outcome == pytest.approx(jd + res.time_of_outcome / DAY, abs=1e-9)
    # The two escapes launched 3 days apart with the same geometry: similar heliocentric orbits near 1 AU.
    assert np.all(np.abs(res.a[esc] / C.AU - 1.0) < 0.3)


def test_bound_payloads_end_at_their_own_days_with_nan_elements():
    pytest.importorskip("rebound")
    up, along = _site_frame(JD)
    # 2.2 km/s straight up: apoapsis R / (1 - (2.2/2.375)^2) = 12,300 km, well inside the Moon's Hill sphere
    # (~60,000 km); it falls back after one ~10 h orbit, so after 0.2 days it is still flying: BOUND.
    res = nbody.integrate_launches([JD], [C.MOON_RADIUS * up], [2200.0 * up], days=0.2)
    assert res.outcome[0] == outcomes.BOUND
    assert res.time_of_outcome[0] == pytest.approx(0.2 * DAY)
    assert np.isnan([res.a[0], res.e[0], res.i[0], res.perihelion[0], res.aphelion[0]]).all()


def test_missing_rebound_raises_a_clear_import_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "rebound", None)  # makes ``import rebound`` raise ImportError
    with pytest.raises(ImportError, match=r"pip install lunarbase\[nbody\]") as info:
        nbody.integrate_launches([JD], [[C.MOON_RADIUS, 0.0, 0.0]], [[0.0, 2500.0, 0.0]])
    assert isinstance(info.value, nbody.NbodyUnavailableError)


def test_one_vocabulary_a_payload_that_leaves_the_hill_sphere_and_comes_back_is_bound_without_an_exit_time():
    """The rule of ``outcomes``: ESCAPED iff outside the Hill sphere when followed no further (or past the stop),
    with the time of the last outward crossing; BOUND payloads carry no Hill-sphere exit time. A geocentric
    ellipse, perigee 1e8 m, apogee 7e8 m (a = 4e8 m, period 2 pi sqrt(a^3 / GM_E) = 29.2 d), checked against
    a 5e8 m sphere: out after ~9 d, back in after ~20 d (Kepler's equation)."""
    pytest.importorskip("rebound")
    r_m, v_m = ephemeris.relative_states("moon", "earth", JD)
    away = -r_m / np.linalg.norm(r_m)  # perigee on the far side of the Earth from the Moon
    side = np.cross(np.cross(r_m, v_m), away)
    side /= np.linalg.norm(side)
    rp, ra = 1.0e8, 7.0e8
    a = 0.5 * (rp + ra)
    vp = np.sqrt(C.EARTH_GM * (2 / rp - 1 / a))
    period = 2 * np.pi * np.sqrt(a**3 / C.EARTH_GM)
    r_sel, v_sel = rp * away - r_m, vp * side - v_m
    kw = dict(hill_radius=5.0e8, stop_distance=3.0e9)
    # Kepler: E at r = 5e8 from r = a (1 - e cos E); t = (E - e sin E) / n.
    e = (ra - rp) / (ra + rp)
    big_e = np.arccos((1 - 5.0e8 / a) / e)
    t_out = (big_e - e * np.sin(big_e)) * period / (2 * np.pi)
    half = nbody.integrate_launches([JD], [r_sel], [v_sel], days=0.5 * period / DAY, **kw)
    assert half.outcome[0] == outcomes.ESCAPED  # outside the (shrunken) sphere when followed no further
    assert half.time_to_leave_hill[0] == pytest.approx(t_out, rel=0.02)
    assert half.time_to_leave_hill[0] < half.time_of_outcome[0]
    assert np.isfinite(half.a[0])
    whole = nbody.integrate_launches([JD], [r_sel], [v_sel], days=0.95 * period / DAY, **kw)
    assert whole.outcome[0] == outcomes.BOUND  # went out, came back in: bound, and no exit time
    assert np.isnan(whole.time_to_leave_hill[0]) and np.isnan(whole.a[0])


def test_escaped_payloads_carry_the_earth_excess_speed_of_the_conics():
    """Fast departures: v_inf,E from N-body (energy about the Earth at the stop, 3e9 m) near the conics' asymptote.

    They differ by the Sun's tide, which the conics leave out: ~2 GM_sun r / AU^3 = 1.2e-4 m/s2 at 1.5e9 m from
    the Earth, over the ~1e6 s the payload takes to get there, ~100-150 m/s either way (with the phase) on
    ~2.3 km/s: within 8 %."""
    pytest.importorskip("rebound")
    site = launch_site.SITES["equatorial-nearside"]
    jd = JD_2030 + np.array([0.0, 10.0, 20.0])
    conic, nb = launch_windows.propagate(site, 3000.0, jd, "both", days=40.0)
    assert (nb.outcome == ESCAPED).all()
    np.testing.assert_allclose(nb.v_inf_earth, conic.v_inf_earth, rtol=0.08)
