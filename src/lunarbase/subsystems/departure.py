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
"""

from typing import NamedTuple

import numpy as np

from lunarbase.constants import AU, EARTH_GM, MOON_DISTANCE, MOON_GM, MOON_RADIUS, SUN_GM
from lunarbase.physics import orbits

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
    )
