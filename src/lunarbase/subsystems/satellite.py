"""An AI compute satellite designed around its compute power where it works, as a thermal and power engineer
would size it (docs/model.md sec. 10).

Power: bus power P_b = P_c / (1 - overhead). Arrays are sized at end of life, A = P_a / (S eta e^(-d L)), for
the bus and, in Earth orbit, the recharge of batteries that carry ``eclipse_load_share`` of the bus through the
longest eclipse (E = share P_b t_e / DoD, mass E / specific energy; P_a = P_b + share P_b f / (1 - f)).

Heat: the radiators run at the chips' junction temperature less the stated drops of the heat path (junction ->
cold plate -> coolant -> radiator surface) and reject P_b net of what their environment puts back (Sun at the
coating's end-of-life absorptance, the Earth's infrared and albedo in Earth orbit; ``physics.thermal``); the
loop (coolant, pumps, heat exchangers, heat pipes) weighs ``thermal_mass_per_power`` per W of bus.

Reliability: accelerators fail at ``accelerator_failure_rate`` scaled by Arrhenius to their junction temperature
(hotter chips, smaller radiators, more failures), and ``accelerator_spares`` of them fly cold to replace the first
to fail; the memory's dose tolerance over the orbit's dose rate caps the service life.

Dry mass closes with structure and launch hardening as fractions of itself: m_dry = m_parts / (1 - f_struct -
f_hard), f_hard = h_1000 * a / (1000 g0). Propellant for the onboard Delta-v by Tsiolkovsky, with tankage per kg
of propellant. Accelerators, links and thrusters come from Earth, and propellant too unless
``propellant_from_moon``; the rest is made on the Moon.
"""

from typing import Any, NamedTuple

import numpy as np

from lunarbase.constants import STANDARD_GRAVITY
from lunarbase.physics.sunlight import solar_flux_w_per_m2
from lunarbase.physics.thermal import (
    array_temperature,
    arrhenius_factor,
    flux_for_array_temperature,
    net_radiator_flux,
)
from lunarbase.subsystems import links as links_mod

#: Solar absorptance of a cell with its cover glass, 0.92 (silicon and GaAs cells 0.88-0.92; Fortescue et al.,
#: *Spacecraft Systems Engineering*, Table 11.3 class figures, as cited, not checked).
PV_ABSORPTANCE = 0.92
#: Infrared emittance of the array's front (cover glass) and back faces summed, 0.85 + 0.85 (as above).
PV_EMITTANCE_SUM = 1.70
#: Reference temperature of the cells' rated efficiency, K: 25 C, standard test conditions (IEC 60904-3).
PV_RATED_TEMPERATURE = 298.15


class Environment(NamedTuple):
    """What a satellite's orbit does to its power and heat (SI): sunlight on the arrays, the radiators' view of a
    planet (view factor summed over both sides, the planet's infrared and its albedo irradiance at the hot case),
    and the longest eclipse as a share of an orbit of ``orbit_period`` (0 and 0 in deep space: always lit)."""

    flux: Any
    earth_view: Any = 0.0
    planet_ir: Any = 0.0
    albedo_irradiance: Any = 0.0
    eclipse_fraction: Any = 0.0
    orbit_period: Any = 0.0
    #: Whether eclipses happen at all (Earth orbit): only then are batteries designed (and their settings read).
    eclipses: bool = False


def deep_space(distance_m) -> Environment:
    """A circle about the Sun at ``distance_m``: flux S(r), no planet, never eclipsed."""
    return Environment(flux=solar_flux_w_per_m2(distance_m))


class SatelliteDesign(NamedTuple):
    compute_power: np.ndarray
    bus_power: np.ndarray
    array_power: np.ndarray
    array_area: np.ndarray
    radiator_area: np.ndarray
    radiator_temperature: np.ndarray
    radiator_flux: np.ndarray
    battery_energy: np.ndarray
    service_life: np.ndarray
    accelerator_loss_rate: np.ndarray
    sunlight_captured: np.ndarray
    accelerators: np.ndarray
    servers: np.ndarray
    spares: np.ndarray
    shielding: np.ndarray
    arrays: np.ndarray
    batteries: np.ndarray
    radiators: np.ndarray
    thermal_loop: np.ndarray
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
    BUDGET = ("accelerators", "servers", "spares", "shielding", "arrays", "batteries", "radiators", "thermal_loop",
              "comms", "thrusters", "structure", "hardening", "tanks", "propellant")


def array_operating_point(sat, flux):
    """Sunlight on the arrays and their efficiency there: (S_on, eta(T)), W/m^2 and share.

    eta(T) = eta_25C (1 + c (T - 298.15 K)) with c ``pv_temperature_coefficient``, at the array's equilibrium
    temperature T in the orbit's flux (``physics.thermal.array_temperature``; solved by fixed point, since eta
    and T depend on each other). Where T would pass ``pv_max_temperature`` the array is tilted off the Sun until it
    sits there (as MESSENGER's were near Mercury): S_on is the flux that holds it at the limit.
    """
    flux = np.asarray(flux, dtype=float)
    eta = np.asarray(sat.pv_efficiency, dtype=float) + 0.0 * flux
    for _ in range(30):  # converges in a few: eta moves T by a few per cent at most
        t_sun = array_temperature(flux, PV_ABSORPTANCE, eta, PV_EMITTANCE_SUM)
        t = np.minimum(t_sun, sat.pv_max_temperature)
        eta = np.maximum(sat.pv_efficiency * (1.0 + sat.pv_temperature_coefficient * (t - PV_RATED_TEMPERATURE)), 0.0)
    tilted = t_sun > sat.pv_max_temperature
    on_array = np.where(tilted, flux_for_array_temperature(t, PV_ABSORPTANCE, eta, PV_EMITTANCE_SUM), flux)
    return on_array, eta


def radiator_temperature(sat):
    """Radiator surface temperature the heat path allows, K: T_rad = T_junction - dT(junction -> coolant)
    - dT(coolant -> radiator surface). The chips set it; the radiators follow."""
    return (np.asarray(sat.junction_temperature, dtype=float) - sat.junction_to_coolant_drop
            - sat.coolant_to_radiator_drop)


def service_life(sat):
    """Years a satellite computes, s: its design life, or sooner where the memory reaches its dose tolerance,
    min(L, D_tol / D_rate) (total ionising dose; Suncatcher's HBM, arXiv:2511.19468)."""
    with np.errstate(divide="ignore"):
        by_dose = np.where(np.asarray(sat.dose_rate) > 0, sat.memory_dose_tolerance / np.maximum(sat.dose_rate,
                                                                                                  1e-300), np.inf)
    return np.minimum(np.asarray(sat.lifetime, dtype=float), by_dose)


def accelerator_loss_rate(sat):
    """Rate at which a satellite's accelerators fail, 1/s: lambda_ref x exp(Ea / k (1/T_ref - 1/T_j)) (Arrhenius,
    JEDEC JEP122), so chips run hotter to shrink the radiators pay in failures."""
    return sat.accelerator_failure_rate * arrhenius_factor(sat.junction_temperature, sat.failure_rate_temperature,
                                                           sat.activation_energy)


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
    # Radiators that reject nothing (thermal_problems says why) or in no orbit at all (the route says why).
    if np.all(np.isfinite(mass)) or np.any(~(np.asarray(d.radiator_flux) > 0)):
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


def design(sat, chips, distance_m, acceleration, delta_v, all_local=False, environment=None, links=None):
    """Mass budget of one satellite from the ``satellite`` and ``chips`` sections, kg and m^2.

    ``distance_m``: its heliocentric distance (deep space), unless ``environment`` (an ``Environment``, e.g.
    Earth orbit's) is given. ``delta_v``: the onboard Delta-v to its working orbit (m/s), or None for a satellite
    launched straight there. ``all_local``: every part, accelerators and propellant included, made where the
    satellite is built. ``links``: the ``links`` section whose laser terminals the satellite carries, their mass
    and power sized by ``subsystems.links`` (None: no terminals, for studies of the rest of the bus).
    """
    env = deep_space(distance_m) if environment is None else environment
    p_c = np.asarray(sat.compute_power, dtype=float)
    # The laser terminals draw their own power beside the bus's share of the compute.
    p_bus = p_c / (1.0 - sat.bus_overhead) + (0.0 if links is None else links_mod.terminal_power(links))
    life = service_life(sat)
    # Batteries where the orbit has eclipses: compute idles in the dark, the bus keeps eclipse_load_share alive.
    if env.eclipses:
        f = np.asarray(env.eclipse_fraction, dtype=float)
        p_dark = sat.eclipse_load_share * p_bus
        battery_energy = p_dark * f * env.orbit_period / sat.battery_depth_of_discharge
        batteries = battery_energy / sat.battery_specific_energy
        recharge = p_dark * f / np.maximum(1.0 - f, 1e-12)  # the energy drawn in the dark, put back while lit
    else:
        battery_energy = batteries = recharge = 0.0 * p_c
    # Arrays sized for their worn output at end of life (continuous wear rate d over the service life), at the
    # temperature the orbit's sunlight holds them at (tilted off the Sun where that would pass their limit).
    array_power = p_bus + recharge
    end_of_life = np.exp(-sat.array_degradation * life)
    on_array, efficiency = array_operating_point(sat, env.flux)
    delivered = on_array * efficiency * end_of_life  # W/m^2 at end of life (0 if worn out: no area will do)
    array_area = np.where(delivered > 0, array_power / np.where(delivered > 0, delivered, 1.0), np.inf)
    # Heat: the radiators' temperature follows from the chips; their net flux from the environment at end of life.
    t_rad = radiator_temperature(sat)
    alpha_eol = np.minimum(sat.radiator_absorptivity + sat.radiator_absorptivity_rise * life, 1.0)
    q_net = net_radiator_flux(t_rad, sat.radiator_emissivity, alpha_eol, sat.sink_temperature, env.flux,
                              sat.radiator_sun_angle, env.earth_view, env.planet_ir, env.albedo_irradiance)
    radiator_area = np.where(q_net > 0, p_bus / np.where(q_net > 0, q_net, 1.0), np.inf)
    # The accelerators that compute and their cold spares (chips come from Earth or the fab alike); the spares'
    # boards are their own item.
    accelerators = p_c / chips.power_per_unit * chips.mass_per_unit * (1.0 + sat.accelerator_spares)
    servers = p_c * sat.server_mass_per_power
    spares = servers * sat.accelerator_spares
    shielding = p_c * sat.shielding_mass_per_power
    arrays = array_area * sat.array_areal_density
    radiators = radiator_area * sat.radiator_areal_density
    thermal_loop = p_bus * sat.thermal_mass_per_power
    comms = (0.0 if links is None else links_mod.terminal_mass(links)) + 0.0 * p_c
    thrusters = sat.thruster_mass + 0.0 * p_c
    parts = (accelerators + servers + spares + shielding + arrays + batteries + radiators + thermal_loop + comms
             + thrusters)
    f_hard = hardening_fraction(acceleration, sat.hardening_at_1000_g0)
    closing = 1.0 - sat.structure_fraction - f_hard
    dry = np.where((closing > 0) & np.isfinite(parts), parts / np.where(closing > 0, closing, 1.0), np.inf)
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
        compute_power=p_c, bus_power=p_bus, array_power=array_power, array_area=array_area,
        radiator_area=radiator_area, radiator_temperature=t_rad, radiator_flux=q_net, battery_energy=battery_energy,
        service_life=life, accelerator_loss_rate=accelerator_loss_rate(sat),
        sunlight_captured=array_area * on_array, accelerators=accelerators, servers=servers, spares=spares,
        shielding=shielding, arrays=arrays, batteries=batteries, radiators=radiators, thermal_loop=thermal_loop,
        comms=comms, thrusters=thrusters,
        structure=closed_only(lambda d, m: d * sat.structure_fraction), hardening=closed_only(lambda d, m: d * f_hard),
        tanks=tanks, propellant=propellant, mass=mass, earth_mass=earth,
        local_mass=closed_only(lambda d, m: m - np.where(finite, earth, 0.0)), specific_power=p_c / mass,
    )


def hardware_cost(d: SatelliteDesign, orbit):
    """What one satellite's hardware costs beyond its accelerators' chips, USD, item by item (``orbit`` section):
    arrays by W at end of life, radiators by m^2, the laser terminals and the ground segment per satellite, and the
    rest of its mass (bus, structure, loop, batteries, boards, spares' boards) by kg.

    C = P_a c_W + A_r c_m2 + c_comms + c_ground + (m - m_arrays - m_radiators - m_comms - m_chips) c_kg.
    """
    rest = d.mass - d.arrays - d.radiators - d.comms - d.accelerators  # accelerators (and spares) priced as chips
    return (d.array_power * orbit.array_cost_per_watt + d.radiator_area * orbit.radiator_cost_per_area
            + orbit.comms_cost + orbit.ground_cost_per_satellite + np.maximum(rest, 0.0) * orbit.satellite_cost_per_kg)


def thermal_problems(sat, chips, d: SatelliteDesign | None = None, samples_named=lambda bad: "") -> list[str]:
    """What the heat path cannot do, one line each (empty when it can): chips run above what they tolerate
    (T_junction <= chips.max_temperature), or radiators that reject no net heat where they work (a radiator no
    warmer than what its environment puts back; ``d`` the design, when there is one).

    ``samples_named(bad)`` names the offending samples of a draw.
    """
    out = []
    t_j = np.asarray(sat.junction_temperature, dtype=float)
    too_hot = t_j > chips.max_temperature
    if np.any(too_hot):
        bad = np.broadcast_to(too_hot, np.broadcast(t_j, chips.max_temperature).shape)
        out.append(f"satellite.junction_temperature: got {np.max(t_j):.5g} K, above chips.max_temperature "
                   f"{np.min(chips.max_temperature):.5g} K (the HBM's limit); expected at most "
                   f"{np.min(chips.max_temperature):.5g} K{samples_named(bad)}")
    if d is not None:
        cold = np.asarray(d.radiator_flux, dtype=float) <= 0
        if np.any(cold):
            out.append(f"satellite.junction_temperature: got {np.min(t_j):.5g} K; radiators at "
                       f"{np.min(d.radiator_temperature):.5g} K (less satellite.junction_to_coolant_drop and "
                       "satellite.coolant_to_radiator_drop) reject no net heat where they work (the sink, Sun and "
                       "planet put back as much as they emit); expected hotter chips or smaller drops"
                       f"{samples_named(cold)}")
    return out
