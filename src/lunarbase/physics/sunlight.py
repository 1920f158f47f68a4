"""Sunlight: flux at a heliocentric distance from the Sun's luminosity."""

import numpy as np

from lunarbase.constants import SUN_LUMINOSITY


def solar_flux_w_per_m2(distance_m, luminosity_w=SUN_LUMINOSITY):
    """Flux through a surface facing the Sun, S = L / (4 pi r^2).

    Inverse-square law; with L = 3.828e26 W (IAU 2015 B3) S(1 AU) = 1361 W/m^2 (Kopp & Lean 2011).
    """
    return luminosity_w / (4.0 * np.pi * np.asarray(distance_m, dtype=float) ** 2)


def share_of_sun(power_w, luminosity_w=SUN_LUMINOSITY):
    """Fraction of the Sun's output that ``power_w`` of intercepted sunlight represents."""
    return np.asarray(power_w, dtype=float) / luminosity_w
