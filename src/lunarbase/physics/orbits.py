"""Two-body orbital mechanics: escape and circular speeds, vis-viva, conic elements.

Formulas from Curtis, Orbital Mechanics for Engineering Students (3rd ed.), ch. 2 and 8.
"""

import numpy as np


def escape_speed(gm, radius_m):
    """v_esc = sqrt(2 GM / r) (Curtis eq. 2.80)."""
    return np.sqrt(2.0 * gm / radius_m)


def circular_speed(gm, radius_m):
    """v_c = sqrt(GM / r) (Curtis eq. 2.63)."""
    return np.sqrt(gm / radius_m)


def specific_energy(gm, radius_m, speed):
    """Specific orbital energy, eps = v^2/2 - GM/r (Curtis eq. 2.80)."""
    return 0.5 * speed**2 - gm / radius_m


def excess_speed(speed, escape):
    """Hyperbolic excess speed v_inf = sqrt(v^2 - v_esc^2), NaN where the body does not escape."""
    sq = np.asarray(speed, dtype=float) ** 2 - np.asarray(escape, dtype=float) ** 2
    return np.sqrt(np.where(sq >= 0.0, sq, np.nan))


def semimajor_axis(gm, radius_m, speed):
    """Vis-viva solved for a: a = 1 / (2/r - v^2/GM) (Curtis eq. 2.81); negative for hyperbolae."""
    return 1.0 / (2.0 / radius_m - speed**2 / gm)


def speed_at_radius(gm, semimajor_axis_m, radius_m):
    """Vis-viva: v = sqrt(GM (2/r - 1/a)); NaN where the orbit does not reach r."""
    sq = gm * (2.0 / radius_m - 1.0 / semimajor_axis_m)
    return np.sqrt(np.where(sq >= 0.0, sq, np.nan))


def hohmann_delta_v(gm, r1_m, r2_m):
    """Total Delta-v of a Hohmann transfer between circular coplanar orbits r1 -> r2 (Curtis eq. 6.3)."""
    a_t = 0.5 * (r1_m + r2_m)
    dv1 = np.abs(speed_at_radius(gm, a_t, r1_m) - circular_speed(gm, r1_m))
    dv2 = np.abs(circular_speed(gm, r2_m) - speed_at_radius(gm, a_t, r2_m))
    return dv1 + dv2
