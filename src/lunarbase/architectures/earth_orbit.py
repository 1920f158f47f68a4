"""The Earth-orbit route: compute satellites built on Earth and launched by Starship to Earth orbit.

Everything is made on Earth; the launch cadence (``logistics``: flights a year, payload a flight, price per kg
on Wright's learning curve) and the chips Earth sells (``chips``) set the pace. Satellites are designed by the
same ``satellite`` module at the destination's flux (``destination``: LEO or a dawn-dusk sun-synchronous
orbit), hardened for a rocket ride, with no onboard transfer; compute runs while lit, so installed compute
is nameplate times the lit share. Vectorised: nothing here feeds back on itself.

Per step: satellites launched S = min(share * flights * payload / m_sat, C_earth / P_c);
binding is ``launch`` when the first term is the smaller, else ``chips``.
"""

from __future__ import annotations

import numpy as np

from lunarbase.architectures.route import Design, Route, samples_named
from lunarbase.constants import AU
from lunarbase.constraints import CHIPS, IDLE, LAUNCH
from lunarbase.physics.eclipse import SUN_SYNCHRONOUS_CEILING
from lunarbase.subsystems import chips as chips_mod
from lunarbase.subsystems import destination, fleet, logistics, satellite
from lunarbase.subsystems import economics as econ


def design(p) -> Design:
    """The satellite at its destination: flux, lit share, and the mass budget (no onboard transfer)."""
    flux, lit = destination.flux_and_sunlit_fraction(p.route.destination, p.departure.target_orbit_radius,
                                                     p.orbit.altitude, p.orbit.inclination)
    # satellite.design takes a heliocentric distance for its flux; the one with this flux is 1 AU.
    sat = satellite.design(p.satellite, p.chips, AU, p.rocket.acceleration, 0.0)
    sat = sat._replace(earth_mass=sat.mass, local_mass=np.zeros_like(sat.mass))
    return Design(satellite=sat, acceleration=p.rocket.acceleration,
                  extra={"destination": {"flux": flux, "sunlit_fraction": lit, "altitude": p.orbit.altitude}})


def problems(p, d: Design) -> list[str]:
    out = []
    if p.route.destination == "heliocentric":
        out.append("route.destination: got 'heliocentric' for the earth-orbit route; expected 'leo' or "
                   "'sso-dawn-dusk'")
    share = p.satellite.structure_fraction + satellite.hardening_fraction(p.rocket.acceleration,
                                                                         p.satellite.hardening_at_1000_g0)
    if np.any(share >= 1.0):
        out.append(f"satellite.structure_fraction: got {np.max(p.satellite.structure_fraction):.3g}; structure and "
                   f"hardening leave no room for payload; expected a smaller share{samples_named(share >= 1.0)}")
    else:
        out += [line + samples_named(bad) for bad, line in satellite.impossible(p.satellite, d.satellite, 0.0)]
    high = np.asarray(p.orbit.altitude) > SUN_SYNCHRONOUS_CEILING
    if p.route.destination == "sso-dawn-dusk" and np.any(high):
        out.append(f"orbit.altitude: got {np.max(p.orbit.altitude) / 1e3:.4g} km; a sun-synchronous orbit exists "
                   f"only below {SUN_SYNCHRONOUS_CEILING / 1e3:,.0f} km (J2 precession falls off with altitude); "
                   f"expected a lower orbit or route.destination = 'leo'{samples_named(high)}")
    return out


def simulate(p, d: Design, t_years, dt_s) -> dict[str, np.ndarray]:
    t = np.asarray(t_years, dtype=float)
    sat, where = d.satellite, d.extra["destination"]
    flux, lit = where["flux"], where["sunlit_fraction"]
    m_sat, p_c = sat.mass, sat.compute_power
    flights = logistics.flights_rate(t, p.logistics.first_flight_year, p.logistics.flights_initial,
                                     p.logistics.flights_growth, p.logistics.flights_max)
    lift = p.orbit.flight_share * logistics.landed_capacity(flights, p.logistics.payload_per_flight)  # kg/s
    chips_w = chips_mod.earth_supply(t, p.chips.reference_year, p.chips.world_output, p.chips.world_output_growth,
                                     p.chips.share_to_base)
    by_launch = lift / m_sat
    by_chips = chips_w / p_c
    launched = np.atleast_2d(np.minimum(by_launch, by_chips))
    binding = np.where(flights <= 0, IDLE, np.where(by_launch < by_chips, LAUNCH, CHIPS)).astype(float)
    deployed = launched * dt_s
    fr, life, deg = p.satellite.failure_rate, p.satellite.lifetime, p.satellite.array_degradation
    flops_per_sat = p_c * chips_mod.flops_per_watt(t, p.chips.flops_per_unit, p.chips.power_per_unit,
                                                   p.chips.reference_year, p.chips.efficiency_growth,
                                                   p.chips.efficiency_growth_end_year)
    s = {}
    s["satellites_launched"] = launched
    s["satellites_built"] = launched
    s["satellites_deployed"] = launched
    s["binding"] = binding
    s["launch_capacity"] = lift
    s["mass_launched"] = launched * m_sat
    s["chip_supply"] = chips_w
    s["satellite_flops"] = flops_per_sat
    # Compute works while lit: the lit share is the capacity factor of the nameplate P_c.
    s["compute_launch_rate"] = launched * p_c * lit
    s["flops_launch_rate"] = launched * flops_per_sat * lit
    s["satellites_in_service"] = fleet.installed(deployed, 1.0, dt_s, fr, life)
    s["installed_compute"] = fleet.installed(deployed, p_c * lit, dt_s, fr, life, deg)
    s["installed_flops"] = fleet.installed(deployed * flops_per_sat * lit, 1.0, dt_s, fr, life, deg)
    sunlight = fleet.installed(deployed, sat.array_area * flux * lit, dt_s, fr, life)
    s["sunlight_captured"] = sunlight
    s["share_of_sun"], s["kardashev"] = fleet.civilisation_scale(sunlight)
    mass = launched * m_sat
    s["earth_landed_total"] = mass
    flights_used = mass * dt_s / p.logistics.payload_per_flight
    s["flights"] = flights_used / dt_s
    price = logistics.cost_per_kg(np.cumsum(flights_used, axis=-1) / np.maximum(p.orbit.flight_share, 1e-12),
                                  p.logistics)
    chips_units = launched * dt_s * p_c / p.chips.power_per_unit
    spend = {
        "launch": mass * dt_s * price,
        "hardware": launched * (m_sat - sat.accelerators) * dt_s * p.orbit.satellite_cost_per_kg,
        "chips": chips_units * chips_mod.unit_cost(t, p.chips.cost_per_unit, p.chips.cost_decline,
                                                   p.chips.reference_year),
        "operations": p.economics.ops_fixed_cost * (flights > 0) * dt_s + 0.0 * mass,
    }
    econ.add_spending_series(s, spend, dt_s)
    s["launch_price"] = price
    return s


#: Starship to Earth orbit as the engine sees it.
ROUTE = Route(kind="earth-orbit", design=design, problems=problems, simulate=simulate,
              constraints=("launch", "chips", "idle"))
