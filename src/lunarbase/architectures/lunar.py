"""The surface-base route: a base that grows its own industry and throws satellites into deep space.

One composition serves every body (``route.body``: the Moon, Mars, Mercury) and both launchers
(``route.launcher``: a mass driver, or rockets on propellant the base makes): the body sets the flux on the
arrays, the atmosphere's losses and what can launch; the launcher sets the mass, throughput and energy per
kg the loop builds and spends; the departure (Moon: Moon -> Earth -> Sun; a planet: straight to the Sun)
sets the satellite's onboard Delta-v.

Composition of the subsystems. Everything that does not depend on the base's own growth (crew, Earth
flights, chip supply, closure, satellite design, departure) is computed up front over the whole time grid;
the growth recurrence (factories, power, launchers, satellites waiting to launch) runs in one compiled
loop over samples and steps; the fleet and the costs follow, vectorised, from what was launched.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from lunarbase._jit import compiled_loop
from lunarbase.constants import STANDARD_GRAVITY
from lunarbase.physics import patched_conics
from lunarbase.subsystems import (
    bodies,
    city,
    fleet,
    industry,
    launch_windows,
    logistics,
    mass_driver,
    planet_departure,
    rocket,
    satellite,
    site_power,
)
from lunarbase.subsystems import chips as chips_mod
from lunarbase.subsystems import economics as econ
from lunarbase.subsystems.city import crew_on_site, earth_needs, output_factor
from lunarbase.subsystems.industry import (
    CHIPS,
    IDLE,
    LAUNCH,
    POWER,
    factory_growth_allowed,
    first_claim,
    industry_binding,
    output_allowed_by_earth,
    satellites_from_material,
)
from lunarbase.subsystems.mass_driver import drivers_complete, launchers_wanted

# Per-sample constants, columns of ``const``.
(K_PRODUCTIVITY, K_ENERGY_PER_KG, K_REINVEST, K_AUTONOMY, K_FACTORY_PER_CREW, K_DEPRECIATION, K_MARGIN,
 K_POWER_MASS_PER_W, K_PV_DEGRADATION, K_SEED_FACTORY, K_SEED_POWER, K_SAT_LUNAR_MASS, K_SAT_EARTH_PARTS,
 K_SAT_CHIP_MASS, K_SAT_MASS, K_DRIVER_MASS, K_DRIVER_THROUGHPUT, K_LAUNCH_ENERGY, K_DT, K_CREW_INITIAL,
 K_CONSUMABLES, K_HABITAT, K_POWER_PER_PERSON) = range(23)

# Exogenous series, first axis of ``series``.
S_ACTIVE, S_EARTH_CAPACITY, S_CREW_SCHEDULE, S_CLOSURE, S_CHIPS_EARTH, S_CHIPS_LUNAR = range(6)

#: What the loop records each step (first axis of ``out``), with SI units.
OUTPUTS = (
    ("factory_mass", "kg"), ("power_capacity", "W"), ("launcher_mass", "kg"), ("mass_drivers", ""),
    ("crew", ""), ("crew_factor", ""), ("output", "kg/s"), ("output_factory_limit", "kg/s"),
    ("output_power_limit", "kg/s"), ("output_earth_limit", "kg/s"), ("satellites_built", "1/s"),
    ("satellites_launched", "1/s"), ("satellite_inventory", ""), ("binding", ""),
    ("earth_landed", "kg/s"), ("earth_city", "kg/s"), ("earth_chips", "1/s"), ("lunar_chips", "1/s"),
    ("power_city", "W"), ("power_launch", "W"), ("power_industry", "W"), ("growth_power", "kg/s"),
    ("growth_launchers", "kg/s"), ("growth_factory", "kg/s"), ("launch_capacity", "kg/s"),
    ("earth_product_imports", "kg/s"),
)
(O_FACTORY, O_POWER, O_LAUNCHER_MASS, O_DRIVERS, O_CREW, O_CREW_FACTOR, O_OUTPUT, O_Q_FACTORY, O_Q_POWER,
 O_Q_EARTH, O_BUILT, O_LAUNCHED, O_INVENTORY, O_BINDING, O_EARTH_LANDED, O_EARTH_CITY, O_EARTH_CHIPS,
 O_LUNAR_CHIPS, O_P_CITY, O_P_LAUNCH, O_P_INDUSTRY, O_G_POWER, O_G_LAUNCHERS, O_G_FACTORY, O_LAUNCH_CAP,
 O_IMPORTS) = range(26)


@compiled_loop
def _grow(const, series, out):  # noqa: C901 - one step of the base, kept whole so it reads as one balance
    n_samples, n_steps = series.shape[1], series.shape[2]
    for i in range(n_samples):
        c = const[i]
        dt = c[K_DT]
        reinvest = c[K_REINVEST]
        factory = power = launchers = inventory = crew_before = built_before = 0.0
        q_earth_before = np.inf
        started = False
        for j in range(n_steps):
            if series[S_ACTIVE, i, j] <= 0.0:
                out[O_BINDING, i, j] = IDLE
                continue
            if not started:
                factory, power, started = c[K_SEED_FACTORY], c[K_SEED_POWER], True
            deploy_share = 1.0 - reinvest
            crew = crew_on_site(series[S_CREW_SCHEDULE, i, j], c[K_CREW_INITIAL], factory, c[K_FACTORY_PER_CREW])
            crew_share = output_factor(crew, factory, c[K_AUTONOMY], c[K_FACTORY_PER_CREW])
            q_factory = c[K_PRODUCTIVITY] * factory * crew_share

            # Power: the city first, then launches of what is waiting (a step's lag), then industry.
            p_city = min(crew * c[K_POWER_PER_PERSON], power)
            drivers = drivers_complete(launchers, c[K_DRIVER_MASS])
            launch_cap_full = drivers * c[K_DRIVER_THROUGHPUT]
            launch_due = min(launch_cap_full, (inventory / dt + built_before) * c[K_SAT_MASS])
            p_launch_ready = min(launch_due * c[K_LAUNCH_ENERGY], power - p_city)
            launch_cap = p_launch_ready / c[K_LAUNCH_ENERGY] if c[K_LAUNCH_ENERGY] > 0.0 else launch_due
            p_free = power - p_city - p_launch_ready
            q_power = p_free / c[K_ENERGY_PER_KG] if c[K_ENERGY_PER_KG] > 0.0 else np.inf

            # Launchers wanted: enough to throw what output (Earth limit as last step) and chips allow.
            lunar_chips, earth_chips = series[S_CHIPS_LUNAR, i, j], series[S_CHIPS_EARTH, i, j]
            q_expected = min(q_factory, q_power, q_earth_before)
            sats_wanted = min(deploy_share * q_expected / c[K_SAT_LUNAR_MASS], lunar_chips + earth_chips)
            launch_needed = sats_wanted * c[K_SAT_MASS]
            launch_wanted = launch_needed * (1.0 + c[K_MARGIN])
            launcher_demand = max(launchers_wanted(launch_wanted, c[K_DRIVER_THROUGHPUT], c[K_DRIVER_MASS])
                                  - launchers, 0.0) / dt

            # Earth: the city's needs first, then imports for product and satellites' Earth parts.
            capacity = series[S_EARTH_CAPACITY, i, j]
            city_earth = min(earth_needs(crew, crew_before, dt, c[K_CONSUMABLES], c[K_HABITAT]), capacity)
            closure = series[S_CLOSURE, i, j]
            q_earth = output_allowed_by_earth(capacity - city_earth, closure, deploy_share, launcher_demand,
                                              c[K_SAT_LUNAR_MASS], c[K_SAT_EARTH_PARTS], c[K_SAT_CHIP_MASS],
                                              lunar_chips, earth_chips)
            q = min(q_factory, q_power, q_earth)
            bind = industry_binding(q, q_factory, q_power, crew_share)

            # Deployment: launchers first, then satellites from lunar material and chips.
            g_launchers = first_claim(deploy_share * q, launcher_demand)
            material = deploy_share * q - g_launchers
            sats_built = satellites_from_material(material, c[K_SAT_LUNAR_MASS], c[K_SAT_CHIP_MASS], lunar_chips,
                                                  earth_chips)
            chips_on_moon = min(sats_built, lunar_chips)
            chips_from_earth = sats_built - chips_on_moon
            material_left = max(material - sats_built * c[K_SAT_LUNAR_MASS] - chips_on_moon * c[K_SAT_CHIP_MASS], 0.0)
            if material_left > 1e-12 * material:
                bind = CHIPS
            launchable = launch_cap / c[K_SAT_MASS]
            waiting = sats_built + inventory / dt
            launched = min(waiting, launchable)
            if launch_cap_full < waiting * c[K_SAT_MASS]:
                bind = LAUNCH
            elif p_launch_ready < launch_due * c[K_LAUNCH_ENERGY]:
                bind = POWER
            inventory = max(inventory + (sats_built - launched) * dt, 0.0)

            # Growth: reinvested output plus satellite material that found no chips; power first.
            growth = reinvest * q + material_left
            power_kept = power * (1.0 - c[K_PV_DEGRADATION] * dt)
            power_wanted = (crew * c[K_POWER_PER_PERSON] + launch_needed * c[K_LAUNCH_ENERGY]
                            + c[K_ENERGY_PER_KG] * q_factory) * (1.0 + c[K_MARGIN])
            if c[K_POWER_MASS_PER_W] > 0.0:
                g_power = first_claim(growth, (power_wanted - power_kept) * c[K_POWER_MASS_PER_W] / dt)
                power_next = power_kept + g_power * dt / c[K_POWER_MASS_PER_W]
            else:  # weightless power: whatever is wanted is there
                g_power = 0.0
                power_next = max(power_wanted, power_kept)
            # Factories only as far as Earth supply lets them work; output nobody needs is not made,
            # and the next step reinvests only what was used, deploying the rest (adaptive policy).
            g_factory = factory_growth_allowed(growth - g_power, q_earth, q_factory, factory, c[K_PRODUCTIVITY],
                                               crew_share, c[K_MARGIN], c[K_DEPRECIATION], dt)
            reinvest = c[K_REINVEST]
            if g_factory < growth - g_power and q > 0.0:
                reinvest = min(c[K_REINVEST], (g_power + g_factory) / q)
            q = max(q - (growth - g_power - g_factory), 0.0)
            imports = q * (1.0 - closure)
            earth_used = (city_earth + imports + sats_built * c[K_SAT_EARTH_PARTS]
                          + chips_from_earth * c[K_SAT_CHIP_MASS])

            out[O_FACTORY, i, j] = factory
            out[O_POWER, i, j] = power
            out[O_LAUNCHER_MASS, i, j] = launchers
            out[O_DRIVERS, i, j] = drivers
            out[O_CREW, i, j] = crew
            out[O_CREW_FACTOR, i, j] = crew_share
            out[O_OUTPUT, i, j] = q
            out[O_Q_FACTORY, i, j] = q_factory
            out[O_Q_POWER, i, j] = q_power
            out[O_Q_EARTH, i, j] = q_earth
            out[O_BUILT, i, j] = sats_built
            out[O_LAUNCHED, i, j] = launched
            out[O_INVENTORY, i, j] = inventory
            out[O_BINDING, i, j] = bind
            out[O_EARTH_LANDED, i, j] = earth_used
            out[O_EARTH_CITY, i, j] = city_earth
            out[O_EARTH_CHIPS, i, j] = chips_from_earth
            out[O_LUNAR_CHIPS, i, j] = chips_on_moon
            out[O_P_CITY, i, j] = p_city
            out[O_P_LAUNCH, i, j] = launched * c[K_SAT_MASS] * c[K_LAUNCH_ENERGY]
            out[O_P_INDUSTRY, i, j] = q * c[K_ENERGY_PER_KG]
            out[O_G_POWER, i, j] = g_power
            out[O_G_LAUNCHERS, i, j] = g_launchers
            out[O_G_FACTORY, i, j] = g_factory
            out[O_LAUNCH_CAP, i, j] = launch_cap_full
            out[O_IMPORTS, i, j] = imports

            factory += (g_factory - c[K_DEPRECIATION] * factory) * dt
            power = power_next
            launchers += g_launchers * dt
            crew_before = crew
            built_before = sats_built
            q_earth_before = q_earth


def _row(x, n):
    return np.broadcast_to(np.asarray(x, dtype=float).reshape(-1), (n,))


def _as_columns(p):
    """Parameters with per-sample arrays turned into columns (n, 1), so they broadcast against time.

    ``p`` is a validated scenario's parameters (one sample) or any object with the same sections and
    attributes holding NumPy arrays of samples (a Monte Carlo draw).
    """
    def names(obj):
        fields = getattr(type(obj), "model_fields", None)
        return list(fields) if fields is not None else list(vars(obj))

    def column(value):
        return np.reshape(value, (-1, 1)) if np.ndim(value) >= 1 else value

    return SimpleNamespace(**{
        section: SimpleNamespace(**{k: column(getattr(getattr(p, section), k)) for k in names(getattr(p, section))})
        for section in names(p)
    })


def launch_and_departure(p):
    """The body, the launcher's design (mass driver or rocket, same keys), the departure and the acceleration.

    The Moon departs by patched conics through the Earth's sphere (``departure``); a planet straight into
    heliocentric orbit (``planet_departure``).
    """
    body = bodies.BODIES[p.route.body]
    if p.route.launcher == "rocket":
        launcher = rocket.design(p.rocket, p.rocket.exit_speed)
        speed, accel = p.rocket.exit_speed, p.rocket.acceleration
    else:
        launcher = mass_driver.design(p.mass_driver)
        speed, accel = p.mass_driver.exit_speed, p.mass_driver.acceleration
    if body.name == "moon":
        dep = patched_conics.depart(speed, p.mass_driver.launch_angle, p.departure.target_orbit_radius)
        if p.departure.model == "site":
            dep = launch_windows.site_departure(dep, p.site, p.mass_driver, speed, p.industry.start_year,
                                                p.departure.target_orbit_radius, p.departure.thrust_to_mass)
    else:
        dep = planet_departure.depart(body, speed, p.departure.target_orbit_radius)
    return body, launcher, dep, accel


def escapes(dep):
    """Whether the launch leaves for heliocentric orbit: the Earth-Moon system, or the planet's sphere."""
    return dep.escapes_earth_moon if hasattr(dep, "escapes_earth_moon") else dep.escapes_body


def surface_flux(p, body):
    """Mean flux on the base's arrays, W/m^2: S(r) through the atmosphere, less dust-storm outages."""
    return bodies.surface_flux(body, p.surface.atmospheric_transmission, p.surface.dust_storm_outage)


def problems(p) -> list[str]:
    """Parameter combinations this route cannot build, one line each (empty when feasible).

    A body with an atmosphere cannot host a surface mass driver. The launcher's acceleration is limited by
    what the satellite can be hardened for: structure and hardening shares of dry mass must leave room for
    the payload, f_struct + h_1000 a / 1000 g0 < 1. Satellites are thrown whole, so one must fit a shot.
    """
    out = []
    body = bodies.BODIES[p.route.body]
    if p.route.launcher == "mass-driver" and not body.mass_driver_allowed:
        return [f"route.launcher: got 'mass-driver' on {body.name}; expected 'rocket' (an atmosphere: a payload "
                "at several km/s would burn up or be braked by drag)"]
    body, _, dep, accel = launch_and_departure(p)
    sat, md = p.satellite, p.mass_driver
    accel_path = "rocket.acceleration" if p.route.launcher == "rocket" else "mass_driver.acceleration"
    share = sat.structure_fraction + satellite.hardening_fraction(accel, sat.hardening_at_1000_g0)
    if np.any(share >= 1.0):
        limit_g0 = (1.0 - sat.structure_fraction) / sat.hardening_at_1000_g0 * 1000.0
        out.append(
            f"{accel_path}: got {np.max(accel) / STANDARD_GRAVITY:.4g} g0; the satellite "
            f"cannot be hardened for it (structure + hardening reach {np.max(share):.0%} of dry mass); "
            f"expected below {np.min(limit_g0):.4g} g0 with satellite.hardening_at_1000_g0 = "
            f"{sat.hardening_at_1000_g0:.3g}"
        )
    mass = satellite.design(sat, p.chips, p.departure.target_orbit_radius, accel, dep.delta_v_to_target).mass
    shot, shot_path = ((p.rocket.payload_per_flight, "rocket.payload_per_flight") if p.route.launcher == "rocket"
                       else (md.payload_per_shot, "mass_driver.payload_per_shot"))
    if not out and np.any(mass > shot):
        out.append(
            f"{shot_path}: got {np.min(shot) / 1e3:.4g} t; a whole satellite "
            f"({np.max(mass) / 1e3:.4g} t) must fit one shot; expected at least that"
        )
    return out


def simulate(p, t_years, dt_s):
    """Run the lunar route for parameters ``p`` over the step start times ``t_years``.

    Returns ``(series, designs)``: ``series`` maps a name to ``(array of shape (n_samples, n_steps), unit)``;
    ``designs`` holds the per-sample figures of the departure, the mass driver, the satellite and the site.
    """
    t = np.asarray(t_years, dtype=float)
    n_steps = t.size
    p = _as_columns(p)
    body, driver, dep, accel = launch_and_departure(p)
    sat = satellite.design(p.satellite, p.chips, p.departure.target_orbit_radius, accel, dep.delta_v_to_target)
    if p.route.self_sufficient:  # every part, accelerators included, made from the base's product
        sat = sat._replace(earth_mass=0.0 * sat.mass, lunar_mass=sat.mass - sat.accelerators)
    flux = surface_flux(p, body)
    power_mass_per_w = site_power.mass_per_watt_for(p.site, flux)

    schedule = city.crew_schedule(t, p.industry.start_year, p.city.crew_initial, p.city.crew_doubling_time,
                                  p.city.crew_max)
    flights = logistics.flights_rate(t, p.logistics.first_flight_year, p.logistics.flights_initial,
                                     p.logistics.flights_growth, p.logistics.flights_max)
    chips_earth_w, chips_lunar_w = chips_mod.supply_series(p.chips, t)
    if p.route.self_sufficient:  # the base's own fab keeps up with whatever material it makes
        chips_lunar_w = np.full_like(t, np.inf)
    exogenous = [
        (t >= p.industry.start_year).astype(float),
        logistics.landed_capacity(flights, p.logistics.payload_per_flight),
        schedule,
        industry.closure(t, p.industry.start_year, p.industry.closure_initial, p.industry.closure_final,
                         p.industry.closure_time_constant),
        chips_earth_w / p.satellite.compute_power,
        chips_lunar_w / p.satellite.compute_power,
    ]
    constants = [
        p.industry.productivity, p.industry.energy_per_kg, p.industry.reinvestment_fraction,
        p.industry.autonomy, p.industry.factory_mass_per_crew, p.industry.depreciation,
        p.industry.balance_margin, power_mass_per_w, p.site.pv_degradation, p.industry.seed_factory_mass,
        p.industry.seed_power, sat.lunar_mass, np.maximum(sat.earth_mass - sat.accelerators, 0.0), sat.accelerators,
        sat.mass,
        driver["mass"], driver["throughput"], driver["energy_per_kg"], dt_s, p.city.crew_initial,
        p.city.consumables_per_person, p.city.habitat_earth_mass_per_person, p.city.power_per_person,
    ]
    n = int(np.broadcast(*[np.asarray(x) for x in constants]).size)
    n = max(n, *(np.shape(s)[0] if np.ndim(s) == 2 else 1 for s in exogenous))
    const = np.ascontiguousarray(np.stack([_row(x, n) for x in constants], axis=1))
    series_in = np.ascontiguousarray(np.stack([np.broadcast_to(s, (n, n_steps)) for s in exogenous]))
    out = np.zeros((len(OUTPUTS), n, n_steps))
    _grow(const, series_in, out)

    series = {name: (out[k], unit) for k, (name, unit) in enumerate(OUTPUTS)}
    series["crew_schedule"] = (series_in[S_CREW_SCHEDULE], "")
    series["closure"] = (series_in[S_CLOSURE], "")
    series["earth_capacity"] = (series_in[S_EARTH_CAPACITY], "kg/s")
    series["chip_supply"] = (series_in[S_CHIPS_EARTH] + series_in[S_CHIPS_LUNAR], "1/s")
    area_per_w = site_power.array_area_per_watt_for(p.site, flux)
    _fleet_and_costs(p, t, dt_s, series, sat, dep, driver, power_mass_per_w, n, area_per_w)
    designs = {"departure": dep, "satellite": sat, "mass_driver": driver, "body": body,
               "site": {"power_mass_per_watt": power_mass_per_w, "array_area_per_watt": area_per_w,
                        "surface_flux": flux}}
    return series, designs


def _fleet_and_costs(p, t, dt_s, series, sat, dep, driver, power_mass_per_w, n, area_per_w):
    """Deployments, the fleet in service, and the spending, all vectorised over samples and steps."""
    escape_share = dep.escape_share if hasattr(dep, "escape_share") else np.where(escapes(dep), 1.0, 0.0)
    launched = series["satellites_launched"][0]
    deployed_per_step = launched * dt_s * np.reshape(escape_share, (-1, 1))
    fr, life, deg = p.satellite.failure_rate, p.satellite.lifetime, p.satellite.array_degradation
    flops_per_sat = sat.compute_power * chips_mod.flops_per_watt(
        t, p.chips.flops_per_unit, p.chips.power_per_unit, p.chips.reference_year, p.chips.efficiency_growth,
        p.chips.efficiency_growth_end_year)
    series["satellite_flops"] = (np.broadcast_to(flops_per_sat, deployed_per_step.shape), "FLOP/s")
    series["satellites_deployed"] = (deployed_per_step / dt_s, "1/s")
    series["compute_launch_rate"] = (deployed_per_step / dt_s * sat.compute_power, "W/s")
    series["flops_launch_rate"] = (deployed_per_step / dt_s * flops_per_sat, "FLOP/s2")
    series["satellites_in_service"] = (fleet.installed(deployed_per_step, 1.0, dt_s, fr, life), "")
    series["installed_compute"] = (fleet.installed(deployed_per_step, sat.compute_power, dt_s, fr, life, deg), "W")
    series["installed_flops"] = (fleet.installed(deployed_per_step * flops_per_sat, 1.0, dt_s, fr, life, deg),
                                 "FLOP/s")
    sunlight = fleet.installed(deployed_per_step, sat.sunlight_captured, dt_s, fr, life)
    share, level = fleet.civilisation_scale(sunlight)
    series["sunlight_captured"] = (sunlight, "W")
    series["share_of_sun"] = (share, "")
    series["kardashev"] = (level, "")
    series["mass_launched"] = (launched * sat.mass, "kg/s")

    # Earth: the seed lands in the first active step, then whatever the loop used.
    seed = p.industry.seed_factory_mass + p.industry.seed_power * power_mass_per_w
    active = np.broadcast_to(t >= p.industry.start_year, (n, t.size))
    first_step = active & ~np.concatenate([np.zeros((n, 1), dtype=bool), active[:, :-1]], axis=1)
    landed = series["earth_landed"][0] + first_step * seed / dt_s
    series["earth_landed_total"] = (landed, "kg/s")
    flights_used = landed * dt_s / p.logistics.payload_per_flight
    series["flights"] = (flights_used / dt_s, "1/s")
    cumulative_flights = np.cumsum(flights_used, axis=-1)
    price = logistics.cost_per_kg(cumulative_flights, p.logistics)
    chips_units = series["earth_chips"][0] * dt_s * sat.compute_power / p.chips.power_per_unit
    cargo = landed - series["earth_chips"][0] * sat.accelerators
    spend = {
        "launch": landed * dt_s * price,
        "hardware": cargo * dt_s * p.logistics.hardware_cost_per_kg,
        "chips": chips_units * chips_mod.unit_cost(t, p.chips.cost_per_unit, p.chips.cost_decline,
                                                   p.chips.reference_year),
        "operations": (series["crew"][0] * p.city.cost_per_person_year
                       + p.economics.ops_fixed_cost * (t >= p.industry.start_year)) * dt_s,
    }
    econ.add_spending_series(series, spend, dt_s)
    series["launch_price"] = (price, "USD/kg")
    series["surface_array_area"] = (series["power_capacity"][0] * area_per_w, "m2")
    # Lunar material in product; regolith mined is at least this much (yield < 1 only adds to it).
    mined = np.cumsum(series["output"][0] * dt_s * series["closure"][0], axis=-1)
    series["regolith_used"] = (mined, "kg")
