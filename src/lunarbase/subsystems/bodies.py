"""The bodies a base can stand on: gravity, size, rotation, distance from the Sun, and atmosphere.

Constants from JPL's planetary fact sheets (``lunarbase.constants``). What the body allows follows from its
atmosphere: where there is air, a surface mass driver would throw its payload into the atmosphere at
several km/s (ablation and drag), so only rockets leave Mars and Earth.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from lunarbase.constants import (
    AU,
    EARTH_GM,
    EARTH_MASS,
    EARTH_RADIUS,
    EARTH_SOLAR_DAY,
    MARS_GM,
    MARS_MASS,
    MARS_RADIUS,
    MARS_SEMIMAJOR_AXIS,
    MARS_SOLAR_DAY,
    MERCURY_GM,
    MERCURY_MASS,
    MERCURY_RADIUS,
    MERCURY_SEMIMAJOR_AXIS,
    MERCURY_SOLAR_DAY,
    MOON_GM,
    MOON_MASS,
    MOON_RADIUS,
    SYNODIC_MONTH,
)
from lunarbase.physics import orbits
from lunarbase.physics.sunlight import solar_flux_w_per_m2


class Body(NamedTuple):
    """A body's figures, SI. ``sun_distance`` is the mean heliocentric distance (the Moon's is Earth's)."""

    name: str
    gm: float
    radius: float
    mass: float
    solar_day: float
    sun_distance: float
    atmosphere: bool
    #: The body orbits the Sun directly (escape puts a payload in heliocentric orbit), not another body.
    orbits_sun: bool

    @property
    def surface_gravity(self) -> float:
        """g = GM / R^2, m/s^2."""
        return self.gm / self.radius**2

    @property
    def escape_speed(self) -> float:
        """sqrt(2 GM / R), m/s: Moon 2.376, Mars 5.03, Mercury 4.25, Earth 11.18 km/s."""
        return float(orbits.escape_speed(self.gm, self.radius))

    @property
    def binding_energy_per_kg(self) -> float:
        """Mean gravitational binding energy per kg of a uniform sphere, 3 GM / (5 R), J/kg.

        Total U = 3 G M^2 / (5 R): Mercury 1.79e30 J (Armstrong & Sandberg 2013 quote 1.80e30 J).
        """
        return 0.6 * self.gm / self.radius

    @property
    def surface_area(self) -> float:
        return 4.0 * np.pi * self.radius**2

    @property
    def longest_night_at_equator(self) -> float:
        """Half a solar day, s: Moon 354 h, Mars 12.3 h, Mercury 88 d, Earth 12 h."""
        return 0.5 * self.solar_day

    @property
    def mass_driver_allowed(self) -> bool:
        return not self.atmosphere

    @property
    def top_of_atmosphere_flux(self) -> float:
        """S(r) = L / (4 pi r^2) at the body's mean distance, W/m^2: Mars 586, Mercury 9,088."""
        return float(solar_flux_w_per_m2(self.sun_distance))


BODIES: dict[str, Body] = {
    "moon": Body("moon", MOON_GM, MOON_RADIUS, MOON_MASS, SYNODIC_MONTH, AU, False, False),
    "mars": Body("mars", MARS_GM, MARS_RADIUS, MARS_MASS, MARS_SOLAR_DAY, MARS_SEMIMAJOR_AXIS, True, True),
    "mercury": Body("mercury", MERCURY_GM, MERCURY_RADIUS, MERCURY_MASS, MERCURY_SOLAR_DAY, MERCURY_SEMIMAJOR_AXIS,
                    False, True),
    "earth": Body("earth", EARTH_GM, EARTH_RADIUS, EARTH_MASS, EARTH_SOLAR_DAY, AU, True, True),
}


def surface_flux(body: Body, atmospheric_transmission, dust_outage):
    """Mean flux the surface arrays work with, W/m^2: S(r) * transmission * (1 - outage).

    ``dust_outage`` is the share of the year lost to dust storms (arrays idle; the base idles with them).
    """
    return body.top_of_atmosphere_flux * np.asarray(atmospheric_transmission, dtype=float) * (1.0 - dust_outage)
