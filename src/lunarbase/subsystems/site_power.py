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
