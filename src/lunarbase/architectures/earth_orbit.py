"""The Earth-orbit route: compute satellites built on Earth and launched by Starship to Earth orbit.

Everything is made on Earth; the launch cadence (``logistics``: flights a year, payload a flight, price per kg
on Wright's learning curve) and the chips Earth sells (``chips``) set the pace. Satellites are designed by the
same ``satellite`` module at the destination's flux (``destination``: LEO or a dawn-dusk sun-synchronous
orbit), hardened for a rocket ride, with no onboard transfer; compute runs while lit, so installed compute
is nameplate times the lit share. Vectorised: nothing here feeds back on itself.

Per step: satellites launched S = min(share * n / (1 + T) * payload / m_sat, C_earth / P_c), n the Starship
fleet's Earth launches and T the tankers per compute flight (none to Earth orbit in the preset); binding is
``launch`` when the first term is the smaller, else ``chips``. Earth launches and their price follow the same
rule as the surface base's (``logistics``).
"""

from __future__ import annotations

import numpy as np

from lunarbase.architectures.route import Design, Route, samples_named
from lunarbase.constants import AU
from lunarbase.constraints import CHIPS, IDLE, LAUNCH
from lunarbase.physics.eclipse import SUN_SYNCHRONOUS_CEILING
from lunarbase.subsystems import chips as chips_mod
from lunarbase.subsystems import destination, fleet, links, logistics, satellite, workloads
from lunarbase.subsystems import economics as econ


def design(p) -> Design:
    """The satellite at its destination: flux, lit share, and the mass budget (no onboard transfer)."""
    where = p.route.destination
    # Only a precessing LEO orbit's light depends on its inclination (a sun-synchronous one's follows its height).
    flux, lit = destination.flux_and_sunlit_fraction(where, AU, p.orbit.altitude,
                                                     p.orbit.inclination if where == "leo" else 0.0)
    # satellite.design takes a heliocentric distance for its flux; the one with this flux is 1 AU. No onboard
    # transfer: no propellant, tanks or propulsion figures.
    env = destination.earth_orbit_environment(where, p.orbit.altitude, p.orbit.inclination if where == "leo" else 0.0)
    sat = satellite.design(p.satellite, p.chips, AU, p.rocket.acceleration, None, environment=env,
                           links=p.links)
    sat = sat._replace(earth_mass=sat.mass, local_mass=np.zeros_like(sat.mass))
    return Design(satellite=sat, acceleration=p.rocket.acceleration,
                  extra={"destination": {"flux": flux, "sunlit_fraction": lit, "altitude": p.orbit.altitude}})


#: Where the heat leaves, for Landauer's floor: the radiators, at the junction less the heat path's drops.
RADIATORS = "the radiators (satellite.junction_temperature less the heat path's drops)"


def problems(p, d: Design) -> list[str]:
    out = satellite.thermal_problems(p.satellite, p.chips, d.satellite, samples_named)
    out += chips_mod.efficiency_problems(p.chips, d.satellite.radiator_temperature, RADIATORS, samples_named)
    if p.route.body != "earth" or p.route.launcher != "rocket":
        out.append(f"route.body: got '{p.route.body}' with launcher '{p.route.launcher}' for the earth-orbit route; "
                   "expected 'earth' and 'rocket' (satellites built on Earth and launched by rocket)")
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


def simulate(p, d: Design, t_years, dt_s, wanted=None) -> dict[str, np.ndarray]:
    """The route's series (every one, whatever is ``wanted``: each costs little here)."""
    t = np.asarray(t_years, dtype=float)
    sat, where = d.satellite, d.extra["destination"]
    flux, lit = where["flux"], where["sunlit_fraction"]
    m_sat, p_c = sat.mass, sat.compute_power
    flights = logistics.flights_for(p.logistics, t)
    # The cadence counts the fleet's Earth launches; a compute flight takes 1 + tankers of them.
    per_flight = logistics.launches_per_flight(p.logistics.tankers_per_flight)
    lift = p.orbit.flight_share * logistics.landed_capacity(flights / per_flight, p.logistics.payload_per_flight)
    chips_w = chips_mod.earth_supply(t, p.chips.reference_year, p.chips.world_output, p.chips.world_output_growth,
                                     p.chips.share_to_base)
    by_launch = lift / m_sat
    by_chips = chips_w / p_c
    launched = np.atleast_2d(np.minimum(by_launch, by_chips))
    binding = np.where(flights <= 0, IDLE, np.where(by_launch < by_chips, LAUNCH, CHIPS)).astype(float)
    deployed = launched * dt_s
    # Arrays are sized for end of life (satellite.design): compute wears only as accelerators fail; the memory's dose
    # may end a satellite's service before its design life.
    fr, life, deg = p.satellite.failure_rate, sat.service_life, sat.accelerator_loss_rate
    spares = p.satellite.accelerator_spares
    flops_per_sat = p_c * chips_mod.efficiency_series(p.chips, t)
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
    s["installed_compute"] = fleet.installed(deployed, p_c * lit, dt_s, fr, life, deg, spares)
    s["peak_flops"] = fleet.installed(deployed * flops_per_sat, 1.0, dt_s, fr, life)
    s["installed_flops"] = fleet.installed(deployed * flops_per_sat * lit, 1.0, dt_s, fr, life, deg, spares)
    # What the links let the workloads use: a short light time, never behind the Sun, the ground network shared;
    # at LEO ranges the photons far outrun the modulator (``links.capacity_home_bps``), so the rate is links.max_rate.
    n_rows = np.shape(s["installed_flops"])[0]
    ages = fleet.service_steps(t.size, dt_s, life)
    distance = np.broadcast_to(np.reshape(p.orbit.altitude, (-1, 1, 1)), (n_rows if np.size(p.orbit.altitude) > 1
                                                                           else 1, ages, 1))
    shares = workloads.usable_shares(p, deployed * flops_per_sat * lit, np.broadcast_to(flops_per_sat * lit,
                                                                                         deployed.shape),
                                     fleet.kernel(ages, dt_s, fr, life, deg, spares),  # zero beyond
                                     s["satellites_in_service"], distance, dt_s, rate_home_bps=p.links.max_rate)
    for name in workloads.WORKLOADS:
        s[f"usable_{name}"] = shares[name]
    s["usable_fraction"] = shares["mix"]
    s["delivered_flops"] = fleet.delivered(s["installed_flops"], p.delivery, s["usable_fraction"])
    telescopes, network_capital, network_ops = links.ground_network(
        p.links, shares["receivers_per_satellite"] * s["satellites_in_service"], s["satellites_in_service"], dt_s)
    s["ground_telescopes"] = telescopes
    # Sunlight wears with the satellites alone (no degradation): each in service intercepts its array's share.
    sunlight = s["satellites_in_service"] * (sat.array_area * flux * lit)
    s["sunlight_captured"] = sunlight
    s["power_used"] = fleet.bus_power(s["installed_compute"], p.satellite.bus_overhead)  # while lit, averaged
    s["share_of_sun"], s["kardashev"] = fleet.civilisation_scale(sunlight, s["power_used"])
    mass = launched * m_sat
    s["earth_landed_total"] = mass
    # Earth launches counted as on every route: cargo flights and their tankers (none to Earth orbit in the
    # preset); the price learns over all the cadence's launches, of which the compute flights are a share.
    cargo = mass * dt_s / p.logistics.payload_per_flight
    launches = cargo * per_flight
    s["cargo_flights"] = cargo / dt_s
    s["flights"] = launches / dt_s
    price = logistics.price_per_kg_delivered(
        econ.running_total(launches) / np.maximum(p.orbit.flight_share, 1e-12), p.logistics)
    # Accelerators bought: those that compute and their cold spares.
    chips_units = launched * dt_s * p_c / p.chips.power_per_unit * (1.0 + spares)
    spend = {
        "launch": mass * dt_s * price,
        "hardware": launched * dt_s * satellite.hardware_cost(sat, p.orbit),
        "chips": chips_units * chips_mod.unit_cost(t, p.chips.cost_per_unit, p.chips.cost_decline,
                                                   p.chips.reference_year),
        "operations": (p.economics.ops_fixed_cost * (flights > 0)
                       + p.economics.ops_cost_per_satellite * s["satellites_in_service"]) * dt_s,
        "ground_network": network_capital + network_ops,
    }
    econ.add_spending_series(s, spend, dt_s, t, p.economics.discount_rate)
    s["launch_price"] = price
    return s


#: Starship to Earth orbit as the engine sees it.
ROUTE = Route(kind="earth-orbit", design=design, problems=problems, simulate=simulate,
              constraints=("launch", "chips", "idle"))
