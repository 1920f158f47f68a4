"""Sunlight in low Earth orbit: sun-synchronous inclination and the eclipsed share of an orbit.

Cylindrical Earth shadow, circular orbits. Formulas from Vallado, *Fundamentals of Astrodynamics and
Applications* (4th ed.), sec. 5.3 and 9.6, and Wertz, *Space Mission Engineering: The New SMAD*, sec. 9.
"""

import numpy as np

from lunarbase.constants import EARTH_GM, EARTH_J2, EARTH_RADIUS
from lunarbase.constants import OBLIQUITY_J2000 as OBLIQUITY

#: Nodal precession a sun-synchronous orbit needs: one turn a year, 2 pi / (365.2422 d), rad/s.
SUN_SYNCHRONOUS_RATE = 2.0 * np.pi / (365.2422 * 86400.0)


def sun_synchronous_inclination(altitude_m):
    """Inclination whose J2 nodal precession follows the Sun, rad (Vallado eq. 9-37); NaN above
    ``SUN_SYNCHRONOUS_CEILING``, where even a retrograde equatorial orbit precesses too slowly.

    dOmega/dt = -3/2 n J2 (R/a)^2 cos i  ==  2 pi / tropical year, so cos i = -(2 rate a^2) / (3 n J2 R^2).
    800 km gives 98.6 deg, 650 km 97.98 deg.
    """
    a = EARTH_RADIUS + np.asarray(altitude_m, dtype=float)
    n = np.sqrt(EARTH_GM / a**3)
    cos_i = -2.0 * SUN_SYNCHRONOUS_RATE * a**2 / (3.0 * n * EARTH_J2 * EARTH_RADIUS**2)
    return np.arccos(np.where(cos_i >= -1.0, cos_i, np.nan))


#: Highest altitude of a sun-synchronous orbit, m: cos i = -1 in ``sun_synchronous_inclination``, i.e.
#: a^(7/2) = 3 sqrt(GM) J2 R^2 / (2 rate); about 5,980 km.
SUN_SYNCHRONOUS_CEILING = (3.0 * np.sqrt(EARTH_GM) * EARTH_J2 * EARTH_RADIUS**2
                           / (2.0 * SUN_SYNCHRONOUS_RATE)) ** (2.0 / 7.0) - EARTH_RADIUS


def critical_beta(altitude_m):
    """Sun elevation above the orbit plane beyond which a circular orbit sees no eclipse: asin(R / a), rad."""
    return np.arcsin(EARTH_RADIUS / (EARTH_RADIUS + np.asarray(altitude_m, dtype=float)))


def eclipse_fraction(altitude_m, beta_rad):
    """Share of a circular orbit spent in Earth's cylindrical shadow (Vallado sec. 5.3; New SMAD eq. 9-4).

    f = (1/pi) arccos( sqrt(h^2 + 2 R h) / ((R + h) cos beta) ) for |beta| < beta*, else 0.
    At beta = 0 and 550 km this is 0.37 (about 35 min of a 96-min orbit).
    """
    h = np.asarray(altitude_m, dtype=float)
    cos_beta = np.abs(np.cos(beta_rad))
    ratio = np.sqrt(h**2 + 2.0 * EARTH_RADIUS * h) / ((EARTH_RADIUS + h) * np.maximum(cos_beta, 1e-300))
    return np.where(ratio < 1.0, np.arccos(np.minimum(ratio, 1.0)) / np.pi, 0.0)


def dawn_dusk_sunlit_fraction(altitude_m, samples=2001):
    """Year-average sunlit share of a dawn-dusk (6 h local time of ascending node) sun-synchronous orbit.

    The orbit normal stays in the plane through the Sun's direction and the pole, tilted by i - 90 deg from
    the equator; the Sun's declination swings +-eps over the year, so beta = 90 deg - |delta(t) + (i - 90 deg)|.
    Near one solstice beta falls below beta* and short eclipses appear (New SMAD sec. 9.2).
    """
    h = np.asarray(altitude_m, dtype=float)[..., None]
    phase = np.linspace(0.0, 2.0 * np.pi, samples)
    declination = np.arcsin(np.sin(OBLIQUITY) * np.sin(phase))
    tilt = sun_synchronous_inclination(h) - np.pi / 2.0
    beta = np.pi / 2.0 - np.abs(declination + tilt)
    return 1.0 - np.trapezoid(eclipse_fraction(h, beta), phase, axis=-1) / (2.0 * np.pi)


def orbit_period(altitude_m):
    """Circular orbit period 2 pi sqrt(a^3 / GM), s."""
    a = EARTH_RADIUS + np.asarray(altitude_m, dtype=float)
    return 2.0 * np.pi * np.sqrt(a**3 / EARTH_GM)


__all__ = ["SUN_SYNCHRONOUS_CEILING", "critical_beta", "dawn_dusk_sunlit_fraction", "eclipse_fraction", "orbit_period",
           "sun_synchronous_inclination"]
