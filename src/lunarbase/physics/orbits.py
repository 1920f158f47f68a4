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


def edelbaum_delta_v(v0, v1, delta_inclination):
    """Low-thrust Delta-v between circular orbits with a plane change (Edelbaum 1961, ARS Journal 31:1079):
    dv = sqrt(v0^2 - 2 v0 v1 cos(pi/2 di) + v1^2); coplanar it is |v0 - v1|, at equal speeds 2 v sin(pi di / 4).
    """
    v0, v1 = np.asarray(v0, dtype=float), np.asarray(v1, dtype=float)
    return np.sqrt(np.maximum(v0**2 - 2.0 * v0 * v1 * np.cos(0.5 * np.pi * delta_inclination) + v1**2, 0.0))


#: Orbit average of |de/dt| per unit thrust acceleration times v for optimal in-plane steering,
#: (1/2pi) \int sqrt(1 + 3 cos^2 theta) dtheta (Gauss's equations at small e: de/dt = (f/v)(2 cos theta cos b +
#: sin theta sin b), maximised over the thrust angle b).
ECCENTRICITY_STEERING_GAIN = 1.5419644


def eccentricity_delta_v(speed, eccentricity):
    """Low-thrust Delta-v to remove a small eccentricity at constant a: dv = e v / 1.542 (see the gain above)."""
    return np.asarray(eccentricity, dtype=float) * np.asarray(speed, dtype=float) / ECCENTRICITY_STEERING_GAIN
