"""Heat rejection by radiation: ideal emission, the environment's loads on a radiator, and chip reliability with
temperature."""

import numpy as np

from lunarbase.constants import BOLTZMANN, EARTH_RADIUS, STEFAN_BOLTZMANN


def radiator_flux_w_per_m2(temperature_k, emissivity, sink_temperature_k=0.0, sides=2):
    """Net heat rejected per m^2 of radiator panel, q = sides * eps * sigma * (T^4 - T_sink^4).

    Stefan-Boltzmann law for a grey body facing a sink at T_sink on each radiating side.
    """
    t4 = np.asarray(temperature_k, dtype=float) ** 4 - np.asarray(sink_temperature_k, dtype=float) ** 4
    return sides * emissivity * STEFAN_BOLTZMANN * t4


def edge_on_earth_view_factor(altitude_m, planet_radius_m=EARTH_RADIUS):
    """View factor from one side of a flat plate whose plane holds the planet's centre (edge-on, normal
    horizontal) to the planet: F = (1/pi) [atan(1 / X) - X / H^2], X = sqrt(H^2 - 1), H = (R + h) / R.

    Differential planar element to a sphere with the sphere's centre in the element's plane (Howell, *A Catalog
    of Radiation Heat Transfer Configuration Factors*, plane element to sphere; Gilmore, *Spacecraft Thermal
    Control Handbook* 2002, ch. 2). F = 1/2 at the
    surface (half of each side's hemisphere is planet); 0.241 at 650 km above the Earth.
    """
    h = (planet_radius_m + np.asarray(altitude_m, dtype=float)) / planet_radius_m
    x = np.sqrt(np.maximum(h**2 - 1.0, 0.0))
    return (np.arctan2(1.0, x) - x / h**2) / np.pi


def mean_albedo_factor(beta_rad):
    """Orbit mean of the cosine of the Sun's zenith angle below a circular orbit, day side only: cos(beta) / pi.

    The sub-satellite point's solar zenith angle obeys cos z = cos(beta) cos(theta) with theta the angle along the
    orbit from the subsolar point; the mean of max(0, cos z) over a turn is cos(beta) / pi. Albedo irradiance on a
    plate is then taken as a S F <cos z> (the usual first approximation, Gilmore 2002 ch. 2).
    """
    return np.abs(np.cos(np.asarray(beta_rad, dtype=float))) / np.pi


def net_radiator_flux(temperature_k, emissivity, absorptivity, sink_temperature_k=0.0, solar_flux=0.0,
                      sun_angle_rad=0.0, earth_view=0.0, planet_ir=0.0, albedo_irradiance=0.0, sides=2):
    """Net heat a two-sided radiator panel rejects per m^2 of panel, W/m^2, after what its environment puts back:

        q = sides eps sigma (T^4 - T_sink^4) - alpha S sin(theta) - F_E (eps q_IR + alpha q_alb)

    with theta the Sun's elevation above the panel's plane (one side lit), F_E the panel's view factor to the
    planet summed over its sides, q_IR the planet's emitted infrared (absorbed at the infrared absorptance, which
    equals the emissivity by Kirchhoff's law) and q_alb the sunlight the planet reflects (absorbed at the solar
    absorptance alpha). Energy balance of a grey panel (Gilmore 2002 ch. 2; Wertz et al., *Space Mission
    Engineering: The New SMAD*, sec. 21.2). Negative where the environment puts back more than the panel emits.
    """
    emitted = radiator_flux_w_per_m2(temperature_k, emissivity, sink_temperature_k, sides)
    sun = absorptivity * np.asarray(solar_flux, dtype=float) * np.abs(np.sin(sun_angle_rad))
    planet = np.asarray(earth_view, dtype=float) * (emissivity * np.asarray(planet_ir, dtype=float)
                                                     + absorptivity * np.asarray(albedo_irradiance, dtype=float))
    return emitted - sun - planet


def arrhenius_factor(temperature_k, reference_k, activation_energy_j):
    """How much faster a thermally activated failure runs at T than at T_ref: AF = exp(Ea / k (1/T_ref - 1/T)).

    The Arrhenius model of semiconductor wear-out (JEDEC JEP122); Ea ~0.7 eV is the customary default.
    """
    inv = 1.0 / np.asarray(reference_k, dtype=float) - 1.0 / np.asarray(temperature_k, dtype=float)
    # Capped below float overflow: a factor of e^700 already fails every chip at once.
    return np.exp(np.minimum(np.asarray(activation_energy_j, dtype=float) / BOLTZMANN * inv, 700.0))


def array_temperature(flux_w_per_m2, absorptance, efficiency, emittance_sum):
    """Equilibrium temperature of a thin sun-facing array, K: what it absorbs and does not turn into electricity
    leaves from both faces, S (alpha - eta) = (eps_front + eps_back) sigma T^4 (Gilmore 2002 ch. 2; Wertz et al.,
    *The New SMAD*, sec. 21.2). About 317 K at 1 AU for alpha 0.92, eta 0.21 and 0.85 + 0.85."""
    absorbed = np.asarray(flux_w_per_m2, dtype=float) * np.maximum(absorptance - np.asarray(efficiency), 0.0)
    return (absorbed / (emittance_sum * STEFAN_BOLTZMANN)) ** 0.25


def flux_for_array_temperature(temperature_k, absorptance, efficiency, emittance_sum):
    """The sunlight on a tilted array that holds it at ``temperature_k``, W/m^2: the inverse of
    :func:`array_temperature`, S = (eps_front + eps_back) sigma T^4 / (alpha - eta)."""
    margin = np.maximum(absorptance - np.asarray(efficiency, dtype=float), 1e-12)
    return emittance_sum * STEFAN_BOLTZMANN * np.asarray(temperature_k, dtype=float) ** 4 / margin
