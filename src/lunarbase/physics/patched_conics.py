"""Departure by patched conics, Moon -> Earth -> Sun.

1. Leaving the Moon: v_inf,M = sqrt(v_exit^2 - v_esc,M^2) (the surface speed is taken as inertial; the
   Moon turns at 4.6 m/s at its equator).
2. Geocentric speed at the Moon's distance r_M with v_inf,M at ``launch_angle`` to the Moon's velocity
   v_M: v_g^2 = v_M^2 + v_inf,M^2 + 2 v_M v_inf,M cos(angle). It escapes the Earth-Moon system when
   v_g^2/2 - GM_E/r_M > 0, with v_inf,E = sqrt(v_g^2 - 2 GM_E/r_M).
3. Heliocentric: v_inf,E added to (outer) or taken from (inner) Earth's circular speed at 1 AU gives
   an ellipse with an apsis at 1 AU (vis-viva).
4. Onboard Delta-v to a circular orbit at r_t: adjust speed at 1 AU to the Hohmann transfer to r_t, then
   circularise (Curtis ch. 6 and 8).

``conic_launches`` does the same in three dimensions for real launches: a site's state from the IAU rotation
model, the Sun, Earth and Moon from the ephemeris at the times each leg hands over. The selenocentric
hyperbola's excess velocity v_inf,M (its asymptote) is added to the Moon's geocentric velocity at the moment
the payload crosses the Moon's sphere of influence (66,100 km; the payload placed at the Moon, the classic
zero-radius patch); the geocentric conic is followed to the Earth's Hill sphere (1.5 million km), where the
heliocentric elements are taken in the J2000 ecliptic. Closed forms throughout (no iteration). Patched this
way, heliocentric a agrees with the N-body propagator within 1 % for v_inf,E >= 1 km/s (tested); patching
with the state at the spheres' edges instead (66,100 km, 925,000 km) was tried and gave up to 1.7 %.
What patched conics cannot see: the Sun's pull inside the Earth's sphere, the Moon's pull after leaving its
own sphere (so no lunar flyby or later impact), and re-encounters; the N-body propagator sees all three.
"""

from typing import NamedTuple

import numpy as np

from lunarbase._jit import jitable, parallel_loop, prange, where
from lunarbase.constants import (
    AU,
    EARTH_GM,
    EARTH_HILL_RADIUS,
    EARTH_RADIUS,
    MOON_DISTANCE,
    MOON_GM,
    MOON_HIGHEST_TERRAIN,
    MOON_IMPACT_RADIUS,
    MOON_RADIUS,
    MOON_SOI_RADIUS,
    OBLIQUITY_J2000,
    SUN_GM,
)
from lunarbase.physics import ephemeris, kepler, moon_orientation, orbits
from lunarbase.physics.outcomes import BOUND, ESCAPED, IMPACT_EARTH, IMPACT_MOON

#: Mean orbital speed of the Moon, circular patched-conic model: sqrt(GM_E / r_M) = 1.018 km/s.
MOON_ORBITAL_SPEED = float(orbits.circular_speed(EARTH_GM, MOON_DISTANCE))
#: Lunar escape speed at the mean radius: 2.376 km/s.
MOON_ESCAPE_SPEED = float(orbits.escape_speed(MOON_GM, MOON_RADIUS))
#: Escape speed from Earth at the Moon's distance: 1.440 km/s.
EARTH_ESCAPE_AT_MOON = float(orbits.escape_speed(EARTH_GM, MOON_DISTANCE))
#: Earth's circular speed about the Sun at 1 AU: 29.78 km/s.
EARTH_ORBITAL_SPEED = float(orbits.circular_speed(SUN_GM, AU))


class Departure(NamedTuple):
    surface_speed: np.ndarray
    v_inf_moon: np.ndarray
    geocentric_speed: np.ndarray
    escapes_earth_moon: np.ndarray
    v_inf_earth: np.ndarray
    outer_semimajor_axis: np.ndarray
    outer_aphelion: np.ndarray
    inner_semimajor_axis: np.ndarray
    inner_perihelion: np.ndarray
    delta_v_to_target: np.ndarray
    #: Share of launches that leave the Earth-Moon system: 0 or 1 here; a fraction from a site's windows.
    escape_share: np.ndarray
    #: How the figures were found, in words (a site's departure: N-body table or conics, per sample).
    method: str = "planar patched conics at mass_driver.launch_angle"
    #: What a reader must know about them ("" if nothing): e.g. that nothing escapes, or that conics are unchecked.
    note: str = ""


def geocentric_speed(v_inf_moon, launch_angle):
    """|v_M + v_inf,M| with the angle between them, m/s (law of cosines)."""
    v = np.asarray(v_inf_moon, dtype=float)
    return np.sqrt(MOON_ORBITAL_SPEED**2 + v**2 + 2.0 * MOON_ORBITAL_SPEED * v * np.cos(launch_angle))


def escape_threshold(launch_angle):
    """Least surface speed that leaves the Earth-Moon system at ``launch_angle``, m/s.

    Solves |v_M + v_inf,M| = sqrt(2 GM_E / r_M) for v_inf,M, then v = sqrt(v_esc,M^2 + v_inf,M^2).
    Along the Moon's motion: 1.440 - 1.018 = 0.422 km/s, so 2.413 km/s at the surface.
    """
    c = np.cos(launch_angle)
    v_m, v_need = MOON_ORBITAL_SPEED, EARTH_ESCAPE_AT_MOON
    v_inf = -v_m * c + np.sqrt(v_m**2 * c**2 - v_m**2 + v_need**2)
    return np.sqrt(MOON_ESCAPE_SPEED**2 + v_inf**2)


def delta_v_to_circular(heliocentric_speed, target_radius):
    """Delta-v from a tangential speed at 1 AU to a circular orbit at ``target_radius`` via Hohmann, m/s."""
    a_transfer = 0.5 * (AU + np.asarray(target_radius, dtype=float))
    first = np.abs(heliocentric_speed - orbits.speed_at_radius(SUN_GM, a_transfer, AU))
    second = np.abs(orbits.circular_speed(SUN_GM, target_radius)
                    - orbits.speed_at_radius(SUN_GM, a_transfer, target_radius))
    return first + second


def depart(exit_speed, launch_angle, target_radius=AU):
    """Patched-conic departure for exit speeds and angles (any broadcastable arrays)."""
    v = np.asarray(exit_speed, dtype=float)
    v_inf_m = orbits.excess_speed(v, MOON_ESCAPE_SPEED)
    v_g = geocentric_speed(np.nan_to_num(v_inf_m, nan=0.0), launch_angle)
    v_g = np.where(np.isnan(v_inf_m), np.nan, v_g)
    v_inf_e = orbits.excess_speed(v_g, EARTH_ESCAPE_AT_MOON)
    escapes = np.isfinite(v_inf_e)
    v_out = EARTH_ORBITAL_SPEED + v_inf_e
    v_in = EARTH_ORBITAL_SPEED - v_inf_e
    a_out = orbits.semimajor_axis(SUN_GM, AU, v_out)
    a_in = orbits.semimajor_axis(SUN_GM, AU, v_in)
    target = np.asarray(target_radius, dtype=float)
    # The launch phase that points v_inf,E outward serves targets beyond 1 AU, inward ones within.
    dv = np.where(target >= AU, delta_v_to_circular(v_out, target), delta_v_to_circular(v_in, target))
    return Departure(
        surface_speed=v,
        v_inf_moon=v_inf_m,
        geocentric_speed=v_g,
        escapes_earth_moon=escapes,
        v_inf_earth=v_inf_e,
        outer_semimajor_axis=a_out,
        outer_aphelion=np.where(escapes, np.where(a_out > 0, 2.0 * a_out - AU, np.inf), np.nan),
        inner_semimajor_axis=a_in,
        inner_perihelion=2.0 * a_in - AU,
        delta_v_to_target=np.where(escapes, dv, np.nan),
        escape_share=np.where(escapes, 1.0, 0.0),
    )


class Launches(NamedTuple):
    """Per-launch outcome of a propagator; (n,) arrays, heliocentric elements in the J2000 ecliptic."""

    jd: np.ndarray
    outcome: np.ndarray
    v_inf_moon: np.ndarray
    v_inf_earth: np.ndarray
    a: np.ndarray
    e: np.ndarray
    i: np.ndarray
    perihelion: np.ndarray
    aphelion: np.ndarray
    time_to_leave_hill: np.ndarray
    delta_v_to_target: np.ndarray
    transfer_time: np.ndarray


def low_thrust_to_circular(a, e, i, target_radius, thrust_to_mass, match_plane=False):
    """Onboard electric-propulsion Delta-v (m/s) and time (s) from a heliocentric orbit to a circular one.

    Edelbaum's circle-to-circle Delta-v from a to r_t (with the plane change i back to the ecliptic only if
    ``match_plane``: a compute satellite needs sunlight, not a plane) combined with the eccentricity removal
    e v / 1.542 (``orbits.eccentricity_delta_v``) as a root sum of squares: an estimate for steering that does
    both at once, between their larger (lower bound) and their sum (upper bound). Time = dv / (F/m) at
    constant acceleration, as Edelbaum assumes.
    """
    # Hyperbolic about the Sun (a < 0, v_inf,E > ~12 km/s) has no circular-orbit speed: NaN.
    v0 = np.sqrt(np.where(np.asarray(a) > 0.0, SUN_GM / np.where(np.asarray(a) > 0.0, a, 1.0), np.nan))
    dv_a = orbits.edelbaum_delta_v(v0, np.sqrt(SUN_GM / target_radius), np.where(match_plane, i, 0.0))
    dv = np.hypot(dv_a, orbits.eccentricity_delta_v(v0, e))
    return dv, dv / thrust_to_mass


#: Columns of the conic kernel's output, in order.
_COLUMNS = ("outcome", "v_inf_moon", "v_inf_earth", "a", "e", "i", "perihelion", "aphelion",
            "time_to_leave_hill")


@jitable
def _conic_chain(jd, rx, ry, rz, vx, vy, vz, moon, earth):
    """One launch (or arrays of them) through the three conics; ``moon``/``earth`` are ephemeris node tables
    of the Moon about the Earth and the Earth about the Sun. Returns the ``_COLUMNS`` values."""
    a_m, e_m, _, rp_m, ra_m, eps_m, h_m, p_m, q_m = kepler.conic_of(MOON_GM, rx, ry, rz, vx, vy, vz)
    inbound = rx * vx + ry * vy + rz * vz < 0.0
    r0 = np.sqrt(rx * rx + ry * ry + rz * rz)
    # A closed lunar orbit from the surface passes through its launch radius every revolution: it falls back
    # (the N-body propagator, with the Earth's and Sun's pull, finds it on the ground within days).
    from_surface = r0 <= MOON_RADIUS + MOON_HIGHEST_TERRAIN
    falls = ((rp_m < MOON_IMPACT_RADIUS) & ((eps_m <= 0.0) | inbound)) | ((eps_m <= 0.0) & from_surface)
    leaves_moon = (eps_m > 0.0) & ~falls
    t_moon = where(leaves_moon, kepler.time_between_radii_of(MOON_GM, a_m, e_m, rp_m, ra_m, r0, inbound,
                                                             MOON_SOI_RADIUS), 0.0)
    w = kepler.asymptote_of(e_m, eps_m, p_m, q_m)
    m = ephemeris.hermite_state(moon[0], moon[1], moon[2], jd + t_moon / ephemeris.DAY)
    g = (m[0] + rx, m[1] + ry, m[2] + rz, m[3] + w[0], m[4] + w[1], m[5] + w[2])
    a_g, e_g, _, rp_g, ra_g, eps_g, h_g, p_g, q_g = kepler.conic_of(EARTH_GM, *g)
    g_inbound = g[0] * g[3] + g[1] * g[4] + g[2] * g[5] < 0.0
    hits_earth = leaves_moon & (rp_g < EARTH_RADIUS) & ((eps_g <= 0.0) | g_inbound)
    escapes = leaves_moon & (eps_g > 0.0) & ~hits_earth
    r_g0 = np.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2])
    t_earth = where(escapes, kepler.time_between_radii_of(EARTH_GM, a_g, e_g, rp_g, ra_g, r_g0, g_inbound,
                                                          EARTH_HILL_RADIUS), 0.0)
    t_hill = t_moon + t_earth
    x = kepler.state_at_radius_of(EARTH_GM, e_g, h_g, p_g, q_g, EARTH_HILL_RADIUS)
    sun = ephemeris.hermite_state(earth[0], earth[1], earth[2], jd + (t_moon + t_earth) / ephemeris.DAY)
    # ICRS -> J2000 ecliptic: rotate about x by the obliquity.
    c, sn = np.cos(OBLIQUITY_J2000), np.sin(OBLIQUITY_J2000)
    hy, hz = sun[1] + x[1], sun[2] + x[2]
    wy, wz = sun[4] + x[4], sun[5] + x[5]
    a, e, i, q, big_q, _, _, _, _ = kepler.conic_of(SUN_GM, sun[0] + x[0], c * hy + sn * hz, -sn * hy + c * hz,
                                                     sun[3] + x[3], c * wy + sn * wz, -sn * wy + c * wz)
    outcome = where(falls, IMPACT_MOON, where(escapes, ESCAPED, where(hits_earth, IMPACT_EARTH, BOUND)))
    nan = where(escapes, 1.0, np.nan)
    v_inf_m = where(leaves_moon, np.sqrt(np.maximum(2.0 * eps_m, 0.0)), np.nan)
    v_inf_e = where(leaves_moon & (eps_g > 0.0), np.sqrt(np.maximum(2.0 * eps_g, 0.0)), np.nan)
    return outcome * 1.0, v_inf_m, v_inf_e, a * nan, e * nan, i * nan, q * nan, big_q * nan, t_hill * nan


@parallel_loop
def _conic_loop(jd, r, v, moon_r, moon_v, moon_jd, earth_r, earth_v, earth_jd, out):
    moon, earth = (moon_r, moon_v, moon_jd), (earth_r, earth_v, earth_jd)
    for k in prange(jd.size):
        res = _conic_chain(jd[k], r[k, 0], r[k, 1], r[k, 2], v[k, 0], v[k, 1], v[k, 2], moon, earth)
        for c in range(len(res)):
            out[c, k] = res[c]


@parallel_loop
def _site_conic_loop(jd, speed, lat, lon, radius, az, el, moon_r, moon_v, moon_jd, earth_r, earth_v, earth_jd, out):
    moon, earth = (moon_r, moon_v, moon_jd), (earth_r, earth_v, earth_jd)
    for k in prange(jd.size):
        s = moon_orientation.launch_state_of(jd[k], lat[k], lon[k], radius[k], az[k], el[k], speed[k])
        res = _conic_chain(jd[k], s[0], s[1], s[2], s[3], s[4], s[5], moon, earth)
        for c in range(len(res)):
            out[c, k] = res[c]


#: Days after the last launch the Earth's ephemeris must cover: the slowest escapes take months to reach the
#: Earth's sphere of influence (925,000 km at 100 m/s is 107 days).
_EPHEMERIS_MARGIN_DAYS = 400.0


def conic_launches(r_sel, v_sel, jd_tdb, target_radius=AU, thrust_to_mass=1e-4) -> Launches:
    """Patched conics Moon -> Earth -> Sun for launches from selenocentric ICRF states (module docstring).

    ``r_sel``, ``v_sel``: (..., 3) m and m/s at launch; ``jd_tdb``: launch dates. Outcomes (``outcomes``):
    IMPACT_MOON when a bound selenocentric orbit dips below the surface (or an inbound hyperbola does), or
    starts on it (at most ``MOON_HIGHEST_TERRAIN`` above the reference sphere: it comes back to its launch
    radius each revolution); BOUND when a lunar orbit from above the terrain or a geocentric orbit stays
    closed; IMPACT_EARTH when the geocentric conic passes below the Earth's radius on its way in; ESCAPED
    otherwise, with heliocentric elements and the time to leave at the Earth's Hill sphere. Compiled and spread
    over the cores: one pass, no temporaries per launch.
    """
    r_sel, v_sel = np.asarray(r_sel, dtype=float), np.asarray(v_sel, dtype=float)
    shape = np.broadcast_shapes(r_sel.shape[:-1], v_sel.shape[:-1], np.shape(jd_tdb))
    # Own copies (np.array): a broadcast view handed to the compiled kernel makes Numba warn (FutureWarning).
    jd = np.array(np.broadcast_to(np.asarray(jd_tdb, dtype=float), shape)).ravel()
    r = np.array(np.broadcast_to(r_sel, shape + (3,))).reshape(-1, 3)
    v = np.array(np.broadcast_to(v_sel, shape + (3,))).reshape(-1, 3)
    return _run_kernel(_conic_loop, jd, (r, v), shape, target_radius, thrust_to_mass)


def site_launches(site, exit_speed, jd_tdb, target_radius=AU, thrust_to_mass=1e-4) -> Launches:
    """``conic_launches`` for launches from a site's track (``launch_site.LaunchSite``) at ``exit_speed`` on
    dates ``jd_tdb`` (broadcast together): the site geometry and the conics in one compiled pass."""
    fields = (jd_tdb, exit_speed, site.latitude, site.longitude, MOON_RADIUS + np.asarray(site.elevation),
              site.track_azimuth, site.track_elevation)
    arrays = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in fields))
    shape = arrays[0].shape
    jd, *rest = (np.array(a).ravel() for a in arrays)  # own copies, not broadcast views (see conic_launches)
    return _run_kernel(_site_conic_loop, jd, rest, shape, target_radius, thrust_to_mass)


def _run_kernel(kernel, jd, inputs, shape, target_radius, thrust_to_mass) -> Launches:
    lo, hi = float(jd.min()), float(jd.max()) + _EPHEMERIS_MARGIN_DAYS
    moon = ephemeris.node_table("moon", "earth", lo, hi)
    earth = ephemeris.node_table("earth", "sun", lo, hi)
    out = np.empty((len(_COLUMNS), jd.size))
    kernel(jd, *inputs, *moon, *earth, out)
    col = {name: out[k].reshape(shape) for k, name in enumerate(_COLUMNS)}
    dv, t_transfer = low_thrust_to_circular(col["a"], col["e"], col["i"], target_radius, thrust_to_mass)
    return Launches(jd=jd.reshape(shape), outcome=col.pop("outcome").astype(np.int8), **col,
                    delta_v_to_target=dv, transfer_time=t_transfer)
