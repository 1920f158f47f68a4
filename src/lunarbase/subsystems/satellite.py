"""An AI compute satellite designed around its compute power at a heliocentric distance.

Bus power P_b = P_c / (1 - overhead). Arrays: A = P_b / (S(r) eta). Radiators reject P_b two-sided:
A_r = P_b / (2 eps sigma (T^4 - T_sink^4)). Dry mass closes with structure and launch hardening as
fractions of itself: m_dry = m_parts / (1 - f_struct - f_hard), f_hard = h_1000 * a / (1000 g0).
Propellant for the onboard Delta-v by Tsiolkovsky, with tankage per kg of propellant.
Accelerators, links and thrusters come from Earth, and propellant too unless ``propellant_from_moon``;
the rest is made on the Moon.

The radiators cannot run hotter than the chips they cool allow: T_rad + Delta T_path <= T_chip,max, with the
drop along the heat path (die, cold plate, loop, fins) ``satellite.chip_to_radiator_drop`` and the chips' and
memory's limit ``chips.max_temperature`` (:func:`thermal_problems`).
"""

from typing import NamedTuple

import numpy as np

from lunarbase.constants import STANDARD_GRAVITY
from lunarbase.physics.sunlight import solar_flux_w_per_m2
from lunarbase.physics.thermal import radiator_flux_w_per_m2


class SatelliteDesign(NamedTuple):
    compute_power: np.ndarray
    bus_power: np.ndarray
    array_area: np.ndarray
    radiator_area: np.ndarray
    sunlight_captured: np.ndarray
    accelerators: np.ndarray
    servers: np.ndarray
    shielding: np.ndarray
    arrays: np.ndarray
    radiators: np.ndarray
    comms: np.ndarray
    thrusters: np.ndarray
    structure: np.ndarray
    hardening: np.ndarray
    tanks: np.ndarray
    propellant: np.ndarray
    mass: np.ndarray
    earth_mass: np.ndarray
    local_mass: np.ndarray
    specific_power: np.ndarray

    #: The mass budget's items, in report order.
    BUDGET = ("accelerators", "servers", "shielding", "arrays", "radiators", "comms", "thrusters",
              "structure", "hardening", "tanks", "propellant")


def hardening_fraction(acceleration, hardening_at_1000_g0):
    """Dry-mass share added to survive the launch, linear in acceleration (assumption)."""
    return hardening_at_1000_g0 * np.asarray(acceleration, dtype=float) / (1000.0 * STANDARD_GRAVITY)


def propellant_mass(dry_mass, delta_v, isp_s, tank_fraction):
    """Propellant for ``delta_v`` (Tsiolkovsky) when tanks weigh ``tank_fraction`` of the propellant.

    With R = exp(dv / (Isp g0)): m_p = (R - 1) m_dry / (1 - (R - 1) f_tank); infinite if unreachable
    ((R - 1) f_tank >= 1, R beyond floating point, or no finite dry mass to push).
    """
    with np.errstate(over="ignore", invalid="ignore"):  # R = inf is the honest limit; refused by the routes
        grow = np.exp(np.asarray(delta_v, dtype=float) / (isp_s * STANDARD_GRAVITY)) - 1.0
        denominator = 1.0 - grow * tank_fraction
    reachable = (denominator > 0) & np.isfinite(grow) & np.isfinite(dry_mass)
    ok = np.where(reachable, grow, 0.0) * np.where(reachable, dry_mass, 0.0) / np.where(reachable, denominator, 1.0)
    return np.where(reachable, ok, np.inf)


def tanks_cannot_carry(sat, delta_v):
    """Where the onboard Delta-v needs more propellant than tanks of ``tank_fraction`` can carry:
    (exp(dv / (Isp g0)) - 1) f_tank >= 1 (the denominator of ``propellant_mass`` reaches zero)."""
    with np.errstate(over="ignore", invalid="ignore"):
        carried = (np.exp(np.nan_to_num(np.asarray(delta_v, dtype=float), nan=0.0) / (sat.propulsion_isp
                                                                                      * STANDARD_GRAVITY)) - 1.0)
        return ~(carried * sat.tank_fraction < 1.0)


def impossible(sat, d: SatelliteDesign, delta_v) -> list[tuple[np.ndarray, str]]:
    """Why a satellite design does not close, beyond a structure and hardening share of 1 (the routes check
    that with the launcher's acceleration): (samples, one line) for tanks that cannot carry the propellant,
    else for any part without a finite mass. Empty when the satellite closes."""
    mass = np.asarray(d.mass, dtype=float)
    if np.all(np.isfinite(mass)):
        return []
    tanks = np.broadcast_to(tanks_cannot_carry(sat, delta_v), np.broadcast(tanks_cannot_carry(sat, delta_v),
                                                                            mass).shape)
    if np.any(tanks):
        dv = float(np.nanmax(np.asarray(delta_v, dtype=float)))
        return [(tanks, f"satellite.propulsion_isp: got {np.min(sat.propulsion_isp):.4g} s; the onboard delta-v "
                 f"({dv / 1e3:.4g} km/s) needs more propellant than tanks at satellite.tank_fraction = "
                 f"{np.max(sat.tank_fraction):.3g} can carry ((exp(dv / (Isp g0)) - 1) x tank fraction must stay "
                 "below 1); expected a higher specific impulse or lighter tanks")]
    parts = [name for name in SatelliteDesign.BUDGET if not np.all(np.isfinite(getattr(d, name)))]
    return [(~np.isfinite(mass), f"satellite: the mass budget does not close ({', '.join(parts) or 'mass'} without "
                                 "a finite mass); expected inputs that give every part a finite mass")]


def design(sat, chips, distance_m, acceleration, delta_v, all_local=False):
    """Mass budget of one satellite from the ``satellite`` and ``chips`` sections, kg and m^2.

    ``delta_v``: the onboard Delta-v to its working orbit (m/s), or None for a satellite launched straight there.
    ``all_local``: every part, accelerators and propellant included, made where the satellite is built.
    """
    p_c = np.asarray(sat.compute_power, dtype=float)
    p_bus = p_c / (1.0 - sat.bus_overhead)
    flux = solar_flux_w_per_m2(distance_m)
    array_area = p_bus / (flux * sat.pv_efficiency)
    radiator_area = p_bus / radiator_flux_w_per_m2(sat.radiator_temperature, sat.radiator_emissivity,
                                                   sat.sink_temperature)
    accelerators = p_c / chips.power_per_unit * chips.mass_per_unit
    servers = p_c * sat.server_mass_per_power
    shielding = p_c * sat.shielding_mass_per_power
    arrays = array_area * sat.array_areal_density
    radiators = radiator_area * sat.radiator_areal_density
    comms = sat.comms_mass + 0.0 * p_c
    thrusters = sat.thruster_mass + 0.0 * p_c
    parts = accelerators + servers + shielding + arrays + radiators + comms + thrusters
    f_hard = hardening_fraction(acceleration, sat.hardening_at_1000_g0)
    closing = 1.0 - sat.structure_fraction - f_hard
    dry = np.where(closing > 0, parts / np.where(closing > 0, closing, 1.0), np.inf)
    if delta_v is None:  # no onboard transfer (Earth orbit): no propellant or tanks, nothing to read for them
        propellant = tanks = np.zeros_like(dry)
    else:
        propellant = propellant_mass(dry, np.nan_to_num(delta_v, nan=0.0), sat.propulsion_isp, sat.tank_fraction)
        # A satellite that cannot close comes out infinite (never NaN, no NumPy warning); the routes refuse it.
        closed = np.isfinite(propellant)
        tanks = np.where(closed, np.where(closed, propellant, 0.0) * sat.tank_fraction, np.inf)
    mass = dry + propellant + tanks
    if all_local:  # every part made where the satellite is built
        earth = np.zeros_like(dry)
    else:
        earth = accelerators + comms + thrusters
        if delta_v is not None:
            earth = earth + np.where(sat.propellant_from_moon, 0.0, propellant)
    finite = np.isfinite(mass)

    def closed_only(value):  # the value where the satellite closes, infinite elsewhere (no inf * 0)
        return np.where(finite, value(np.where(finite, dry, 0.0), np.where(finite, mass, 0.0)), np.inf)

    return SatelliteDesign(
        compute_power=p_c, bus_power=p_bus, array_area=array_area, radiator_area=radiator_area,
        sunlight_captured=array_area * flux, accelerators=accelerators, servers=servers,
        shielding=shielding, arrays=arrays, radiators=radiators, comms=comms, thrusters=thrusters,
        structure=closed_only(lambda d, m: d * sat.structure_fraction), hardening=closed_only(lambda d, m: d * f_hard),
        tanks=tanks, propellant=propellant, mass=mass, earth_mass=earth,
        local_mass=closed_only(lambda d, m: m - np.where(finite, earth, 0.0)), specific_power=p_c / mass,
    )


def thermal_problems(sat, chips, samples_named=lambda bad: "") -> list[str]:
    """Radiators hotter than the chips can run, one line (empty when none is): T_rad + Delta T <= T_max.

    ``samples_named(bad)`` names the offending samples of a draw.
    """
    t_rad = np.asarray(sat.radiator_temperature, dtype=float)
    chip = t_rad + sat.chip_to_radiator_drop
    too_hot = chip > chips.max_temperature
    if not np.any(too_hot):
        return []
    bad = np.broadcast_to(too_hot, np.broadcast(chip, chips.max_temperature).shape)
    return [f"satellite.radiator_temperature: got {np.max(t_rad):.5g} K; the chips would run at {np.max(chip):.5g} K "
            f"(+ satellite.chip_to_radiator_drop {np.max(sat.chip_to_radiator_drop):.3g} K), above "
            f"chips.max_temperature {np.min(chips.max_temperature):.5g} K; expected at most "
            f"{np.min(chips.max_temperature - sat.chip_to_radiator_drop):.5g} K{samples_named(bad)}"]
