"""Lunar surface power: solar arrays plus storage sized to carry the load through the longest darkness.

Average delivered power P is the design figure. The array must supply P while lit and recharge storage
for the dark share of the month:  P_array / P = (f + (1 - f) / eta_rt) / f  (f: illumination fraction,
eta_rt: storage round-trip efficiency). Storage holds E = P * t_dark (longest continuous darkness).
"""

import numpy as np

from lunarbase.constants import AU
from lunarbase.physics.sunlight import solar_flux_w_per_m2

#: The Moon's distance from the Sun follows Earth's (1 AU +- 1.7 %, so flux +- 3.4 % over a year);
#: the annual mean flux, 1361 W/m^2 at 1 AU, is used for surface arrays.
SURFACE_FLUX_W_PER_M2 = float(solar_flux_w_per_m2(AU))


def array_oversize(illumination_fraction, storage_efficiency):
    """Array peak power per watt of average delivered power: (f + (1 - f)/eta_rt) / f."""
    f = np.asarray(illumination_fraction, dtype=float)
    return (f + (1.0 - f) / storage_efficiency) / f


def storage_energy_per_watt(longest_darkness_s):
    """Energy stored per watt of average load, J/W = the longest darkness in seconds."""
    return np.asarray(longest_darkness_s, dtype=float)


def array_area_per_watt(pv_efficiency, illumination_fraction, storage_efficiency, flux=SURFACE_FLUX_W_PER_M2):
    """Array area per watt of average delivered power, m^2/W, arrays tracking the Sun in ``flux`` W/m^2."""
    return array_oversize(illumination_fraction, storage_efficiency) / (flux * pv_efficiency)


def mass_per_watt(pv_efficiency, array_areal_density, illumination_fraction, storage_efficiency,
                  longest_darkness_s, storage_specific_energy, flux=SURFACE_FLUX_W_PER_M2):
    """Power-system mass per watt of average delivered power, kg/W: arrays plus storage."""
    arrays = array_areal_density * array_area_per_watt(pv_efficiency, illumination_fraction, storage_efficiency,
                                                       flux)
    storage = storage_energy_per_watt(longest_darkness_s) / storage_specific_energy
    return arrays + storage


def mass_per_watt_for(site, flux=SURFACE_FLUX_W_PER_M2):
    """:func:`mass_per_watt` for a ``site`` parameter section, arrays in ``flux`` W/m^2 (default: 1 AU)."""
    return mass_per_watt(site.pv_efficiency, site.array_areal_density, site.illumination_fraction,
                         site.storage_efficiency, site.longest_darkness, site.storage_specific_energy, flux)


def array_area_per_watt_for(site, flux=SURFACE_FLUX_W_PER_M2):
    return array_area_per_watt(site.pv_efficiency, site.illumination_fraction, site.storage_efficiency, flux)


#: A polar site stands within this many degrees of a pole (assumption: the lunar south-polar ridges that see the
#: Sun 80-90 % of the time lie poleward of 85 deg, Gläser et al. 2014; 80 deg leaves room for other bodies).
POLAR_LATITUDE_DEG = 80.0
#: An equatorial site within this many degrees of the equator (assumption: a band where nights last half a day).
EQUATORIAL_LATITUDE_DEG = 30.0
#: Away from the poles the Sun is down about half of each solar day; allow this much more light (assumption:
#: high ground and the Sun's 0.27 deg radius lengthen the day a little).
NON_POLAR_MAX_ILLUMINATION = 0.55


def lighting_problems(site, solar_day_s) -> list[str]:
    """One line per way the site's lighting contradicts its latitude (the lighting must follow from the site).

    ``site.kind`` must match the latitude (polar: |lat| >= 80 deg, equatorial: |lat| <= 30 deg). Away from the
    poles the Sun sets for about half of each solar day: the lit share can be at most 55 % and the longest
    darkness at least 45 % of a solar day of the body.
    """
    lat = np.degrees(np.abs(np.asarray(site.latitude, dtype=float)))
    out = []
    if site.kind == "polar" and np.any(lat < POLAR_LATITUDE_DEG):
        out.append(f"site.kind: got 'polar' at site.latitude {np.min(lat):.4g} deg; expected 'equatorial' or 'other' "
                   f"(polar sites lie within {90 - POLAR_LATITUDE_DEG:g} deg of a pole)")
    if site.kind == "equatorial" and np.any(lat > EQUATORIAL_LATITUDE_DEG):
        out.append(f"site.kind: got 'equatorial' at site.latitude {np.max(lat):.4g} deg; expected a latitude within "
                   f"{EQUATORIAL_LATITUDE_DEG:g} deg of the equator, or 'other'")
    away = lat < POLAR_LATITUDE_DEG
    too_lit = away & (np.asarray(site.illumination_fraction) > NON_POLAR_MAX_ILLUMINATION)
    if np.any(too_lit):
        out.append(f"site.illumination_fraction: got {np.max(site.illumination_fraction):.1%} at site.latitude "
                   f"{np.min(lat):.4g} deg; expected at most {NON_POLAR_MAX_ILLUMINATION:.0%} away from the poles "
                   "(the Sun sets for half of each solar day)")
    too_short = away & (np.asarray(site.longest_darkness) < 0.45 * solar_day_s)
    if np.any(too_short):
        out.append(f"site.longest_darkness: got {np.min(site.longest_darkness) / 3600:.4g} h at site.latitude "
                   f"{np.min(lat):.4g} deg; expected at least {0.45 * solar_day_s / 3600:.4g} h, about half of the "
                   "body's solar day, away from the poles")
    return out
