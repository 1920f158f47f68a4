"""Where the satellites work: a circle about the Sun at r, low Earth orbit, or a dawn-dusk sun-synchronous orbit.

Each destination gives the flux on the arrays, S(r) = L / (4 pi r^2) (Earth orbits: S(1 AU)), and the share of
time they are lit. In Earth orbit the Earth's shadow takes (1/pi) arccos(sqrt(h^2 + 2Rh) / ((R + h) cos beta))
of each orbit (``physics.eclipse``); compute runs in sunlight only, so that share is the capacity factor.
"""

from __future__ import annotations

import numpy as np

from lunarbase.constants import AU, EARTH_ALBEDO, EARTH_INFRARED
from lunarbase.physics.eclipse import (
    OBLIQUITY,
    dawn_dusk_sunlit_fraction,
    eclipse_fraction,
    orbit_period,
    sun_synchronous_inclination,
)
from lunarbase.physics.sunlight import solar_flux_w_per_m2
from lunarbase.physics.thermal import edge_on_earth_view_factor, mean_albedo_factor
from lunarbase.subsystems.satellite import Environment


def leo_sunlit_fraction(altitude_m, inclination_rad, samples=2001):
    """Year-average lit share of a precessing LEO orbit, beta uniform over [-(i + eps), i + eps] (assumption).

    The node of a non-sun-synchronous orbit drifts through all local times, so beta sweeps the range its
    inclination and the Sun's declination allow; this takes it as uniform over that range.
    """
    top = np.minimum(np.asarray(inclination_rad, dtype=float) + OBLIQUITY, np.pi / 2.0)
    beta = np.linspace(-1.0, 1.0, samples) * np.asarray(top)[..., None]
    return 1.0 - np.mean(eclipse_fraction(np.asarray(altitude_m, dtype=float)[..., None], beta), axis=-1)


def flux_and_sunlit_fraction(destination: str, target_orbit_radius, altitude_m, inclination_rad):
    """(flux on the arrays W/m^2, share of time lit) at ``destination``."""
    if destination == "heliocentric":
        return solar_flux_w_per_m2(target_orbit_radius), np.ones_like(np.asarray(target_orbit_radius, float))
    flux = solar_flux_w_per_m2(AU)
    if destination == "sso-dawn-dusk":
        return flux, dawn_dusk_sunlit_fraction(altitude_m)
    if destination == "leo":
        return flux, leo_sunlit_fraction(altitude_m, inclination_rad)
    raise ValueError(f"destination: got {destination!r}; expected heliocentric, leo or sso-dawn-dusk")


def lowest_beta(destination: str, altitude_m, inclination_rad):
    """The smallest Sun elevation above the orbit plane the orbit meets over a year, rad: the hot case for
    albedo and the longest eclipse. Dawn-dusk SSO: 90 deg - (eps + i - 90 deg) (the orbit normal leans i - 90 deg
    off the equator's, the Sun's declination swings +-eps; not 90 deg at every season); a precessing LEO orbit
    passes beta = 0."""
    if destination == "sso-dawn-dusk":
        tilt = sun_synchronous_inclination(altitude_m) - np.pi / 2.0
        return np.maximum(np.pi / 2.0 - (OBLIQUITY + tilt), 0.0)
    return 0.0 * np.asarray(inclination_rad, dtype=float)


def earth_orbit_environment(destination: str, altitude_m, inclination_rad) -> Environment:
    """What an Earth orbit does to a satellite's power and heat, at its hot case (lowest beta): flux S(1 AU); the
    radiators' view of the Earth, edge-on (plane through the Earth's centre, both sides, ``physics.thermal``), its
    infrared (CERES, 240 W/m^2) and its albedo (0.306) a S cos(beta) / pi; the longest eclipse's share of an orbit."""
    flux = solar_flux_w_per_m2(AU)
    beta = lowest_beta(destination, altitude_m, inclination_rad)
    return Environment(
        flux=flux, earth_view=2.0 * edge_on_earth_view_factor(altitude_m), planet_ir=EARTH_INFRARED,
        albedo_irradiance=EARTH_ALBEDO * flux * mean_albedo_factor(beta),
        eclipse_fraction=eclipse_fraction(altitude_m, beta), orbit_period=orbit_period(altitude_m), eclipses=True)
