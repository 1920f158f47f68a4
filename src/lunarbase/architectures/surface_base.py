"""The surface-base route: a base that grows its own industry and throws satellites into deep space.

One composition serves every body (``route.body``: the Moon, Mars, Mercury) and both launchers
(``route.launcher``: a mass driver, or rockets on propellant the base makes): the body sets the flux on the
arrays, the atmosphere's losses and what can launch; the launcher sets the mass, throughput and energy per
kg the loop builds and spends; the departure (Moon: Moon -> Earth -> Sun; a planet: straight to the Sun)
sets the satellite's onboard Delta-v.

Composition of the subsystems. The design (launcher, departure, satellite, site power) is computed once;
everything else that does not depend on the base's own growth (crew, Earth flights, chip supply, closure) is
laid over the whole time grid; the growth recurrence (factories, power, launchers, satellites waiting to
launch) runs in one compiled loop over samples and steps, reading named inputs (:class:`BaseConstants`,
:class:`BaseDrivers`) and writing named outputs (:class:`BaseState`); the fleet and the costs follow,
vectorised, from what was launched.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import NamedTuple

import numpy as np

from lunarbase._jit import call_quietly, compiled_loop, jitable, where
from lunarbase.architectures.route import Design, Route, samples_named
from lunarbase.constants import STANDARD_GRAVITY, SUN_LUMINOSITY
from lunarbase.constraints import BODY_SUNLIGHT, CHIPS, CONSTRAINTS, IDLE, LAUNCH, MINEABLE, POWER, SHELL, SITE_AREA
from lunarbase.physics.growth import column, step_rows
from lunarbase.subsystems import (
    bodies,
    bounds,
    city,
    departure,
    fleet,
    industry,
    links,
    logistics,
    mass_driver,
    rocket,
    satellite,
    site_power,
    workloads,
)
from lunarbase.subsystems import chips as chips_mod
from lunarbase.subsystems import economics as econ
from lunarbase.subsystems.city import crew_needed, crew_on_site, earth_needs, output_factor
from lunarbase.subsystems.industry import (
    factory_growth_allowed,
    first_claim,
    industry_binding,
    output_allowed_by_earth,
    satellites_from_material,
)
from lunarbase.subsystems.mass_driver import drivers_complete, launchers_wanted


class BaseConstants(NamedTuple):
    """Per-sample constants of the growth loop, each an (n,) array in SI."""

    productivity: np.ndarray  # 1/s: product per kg of factory
    energy_per_kg: np.ndarray  # J/kg of product
    reinvestment: np.ndarray  # share of output grown into the base
    autonomy: np.ndarray
    factory_mass_per_crew: np.ndarray  # kg
    depreciation: np.ndarray  # 1/s
    margin: np.ndarray  # balance margin on power and launchers
    power_mass_per_w: np.ndarray  # kg/W of arrays and storage
    pv_degradation: np.ndarray  # 1/s
    seed_factory: np.ndarray  # kg
    seed_power: np.ndarray  # W
    sat_local_mass: np.ndarray  # kg of a satellite made from the base's product
    sat_earth_parts: np.ndarray  # kg of Earth-made parts, accelerators excepted
    sat_chip_mass: np.ndarray  # kg of accelerators in a satellite
    sat_mass: np.ndarray  # kg
    launcher_mass: np.ndarray  # kg of one launcher
    launcher_throughput: np.ndarray  # kg/s one launcher throws
    launch_energy_per_kg: np.ndarray  # J/kg thrown
    dt: np.ndarray  # s
    crew_initial: np.ndarray
    consumables: np.ndarray  # kg/s per person
    habitat: np.ndarray  # kg per new person
    power_per_person: np.ndarray  # W
    power_ceiling: np.ndarray  # W: the site's area or the body's sunlight, whichever is less
    power_ceiling_code: np.ndarray  # which of the two (a constraint code)
    mineable_mass: np.ndarray  # kg of local material within reach
    shell_satellites: np.ndarray  # satellites in service that fill the shell the fleet works in
    escape_share: np.ndarray  # share of launches that reach the shell
    failure_rate: np.ndarray  # 1/s, for the satellites in service the shell holds
    fab_tool_mass: np.ndarray  # kg landed from Earth per satellite a second of fab capacity
    fab_local_mass: np.ndarray  # kg of the base's product per satellite a second of fab capacity
    fab_energy: np.ndarray  # J to make one satellite's accelerators at the base
    fab_people: np.ndarray  # people per satellite a second of fab capacity
    fab_pace: np.ndarray  # 1/s: the fastest the fab's capacity grows, as a share of itself (or of its first stage)
    fab_first: np.ndarray  # satellites' worth a second: the fab's first stage, the plan's capacity at opening


class BaseDrivers(NamedTuple):
    """What drives the loop from outside, each an (n, steps) array in SI."""

    active: np.ndarray  # 1 once the base has started
    earth_capacity: np.ndarray  # kg/s Earth flights can land
    crew_schedule: np.ndarray
    closure: np.ndarray
    chips_earth: np.ndarray  # satellites' worth of accelerators per second, from Earth
    fab_plan: np.ndarray  # the fab capacity the plan wants, satellites' worth per second (built as it can be)


class BaseState(NamedTuple):
    """What the loop records each step, each an (n, steps) array in the SI units of ``figures.SERIES``."""

    factory_mass: np.ndarray
    power_capacity: np.ndarray
    launcher_mass: np.ndarray
    mass_drivers: np.ndarray
    crew: np.ndarray
    crew_factor: np.ndarray
    output: np.ndarray
    output_factory_limit: np.ndarray
    output_power_limit: np.ndarray
    output_earth_limit: np.ndarray
    satellites_built: np.ndarray
    satellites_launched: np.ndarray
    satellite_inventory: np.ndarray
    binding: np.ndarray
    earth_landed: np.ndarray
    earth_city: np.ndarray
    earth_chips: np.ndarray
    local_chips: np.ndarray
    power_city: np.ndarray
    power_launch: np.ndarray
    power_industry: np.ndarray
    growth_power: np.ndarray
    growth_launchers: np.ndarray
    growth_factory: np.ndarray
    launch_capacity: np.ndarray
    earth_product_imports: np.ndarray
    fab_capacity: np.ndarray  # satellites' worth of accelerators a second the fab can make
    fab_built: np.ndarray  # fab capacity added, per second
    power_fab: np.ndarray
    earth_fab: np.ndarray  # fab tools landed from Earth, kg/s
    growth_fab: np.ndarray  # product built into the fab, kg/s


class _Carry(NamedTuple):
    """What a sample carries from one step to the next, and figures of its own the loop derives once."""

    started: np.ndarray  # 1 once the seed has landed
    factory: np.ndarray
    power: np.ndarray
    launchers: np.ndarray
    inventory: np.ndarray
    crew_before: np.ndarray
    built_before: np.ndarray
    mined: np.ndarray
    in_shell: np.ndarray
    housed: np.ndarray
    q_earth_before: np.ndarray
    q_outside_before: np.ndarray
    deployed_before: np.ndarray
    fab: np.ndarray
    shell_room_per_launch: np.ndarray
    survive: np.ndarray
    net_growth: np.ndarray  # the factories' net growth this step, kg/s, and its rate times dt:
    rate_dt: np.ndarray  # handed to the scalar pass that compounds them (expm1 has no vector form)


@jitable(inline="always")
def _growth_round(r, lane_figures):
    """One round of settling a step's growth with its output: ``r`` = (settled, grown, fab_rate, fab_earth,
    fab_local_demand, q_earth, q_earth_work, q, g_power, g_fab, g_factory), returned as it came once settled;
    ``lane_figures``, the step's figures the rounds read (see ``_grow``).

    Growth is claimed in order (power, the fab's plant, factories as far as Earth supply lets them work); if it
    all fits and the fab's tools fit what was reserved, growth has settled; otherwise the growth that fits is
    held fixed and the output re-solved with it, for another round.
    """
    settled, grown, fab_rate, fab_earth, fab_local_demand, q_earth, q_earth_work, q = r[:8]
    (power_need, fab_local_mass, fab_tool_mass, q_supply, q_factory, factory, productivity, crew_share, margin,
     depreciation, dt, capacity, city_earth, closure, infra_demand, local_mass, earth_parts, chip_mass, local_chips,
     earth_chips, q_power, q_material) = lane_figures
    if settled:
        return r
    g_power = first_claim(grown, power_need)
    g_fab = first_claim(grown - g_power, fab_local_demand)
    fab_rate = min(fab_rate, g_fab / fab_local_mass) if fab_local_mass > 0.0 else fab_rate
    g_factory = factory_growth_allowed(grown - g_power - g_fab, q_supply, q_factory, factory, productivity,
                                       crew_share, margin, depreciation, dt)
    tools_used = fab_rate * fab_tool_mass
    if g_power + g_fab + g_factory >= grown and tools_used >= fab_earth:
        return True, grown, fab_rate, fab_earth, fab_local_demand, q_earth, q_earth_work, q, g_power, g_fab, g_factory
    grown = g_power + g_fab + g_factory
    fab_earth, fab_local_demand = tools_used, g_fab
    imported_growth = (1.0 - closure) * grown
    q_earth = grown + output_allowed_by_earth(capacity - city_earth - fab_earth - imported_growth, closure, 1.0,
                                              infra_demand, local_mass, earth_parts, chip_mass, local_chips,
                                              earth_chips)
    q_earth_work = grown + output_allowed_by_earth(capacity - fab_earth - imported_growth, closure, 1.0, infra_demand,
                                                   local_mass, earth_parts, chip_mass, local_chips, earth_chips)
    q = max(min(q_factory, q_power, q_earth, q_material), grown)
    return False, grown, fab_rate, fab_earth, fab_local_demand, q_earth, q_earth_work, q, g_power, g_fab, g_factory


#: Samples the loop steps together, one SIMD lane each (AVX-512 holds 8 doubles): the block's rows of
#: constants, drivers, carried state and outputs (~90 x 32 doubles) stay in the L1 cache.
BLOCK = 32
#: SIMD width the lane loop is padded to, in samples (padding lanes repeat the block's last sample).
VECTOR = 8
#: The rows of the block's array, by name: constants, drivers, carried state, outputs (Numba reads these tuples of
#: ints as constants, so every row is at a fixed offset LLVM can see).
K = BaseConstants(*range(len(BaseConstants._fields)))
X = BaseDrivers(*range(len(K), len(K) + len(BaseDrivers._fields)))
S = _Carry(*range(len(K) + len(X), len(K) + len(X) + len(_Carry._fields)))
O = BaseState(*range(len(K) + len(X) + len(S), len(K) + len(X) + len(S) + len(BaseState._fields)))  # noqa: E741
#: One row more: the binding to report if the step's binding is power (its ceiling's code where power is at it).
POWER_NAMED = len(K) + len(X) + len(S) + len(O)
#: Steps whose drivers and outputs a block keeps, to read and write each sample's run of them at once.
TILE = 64


@compiled_loop
def _grow(c, x, out, keep):  # noqa: C901 - one step of the base, kept whole so it reads as one balance
    # A block of samples is stepped together, each sample a lane of the innermost loop, so that LLVM
    # vectorises the step across samples. The step is straight-line: its `if`s are selects (both sides are
    # computed; divisions by zero give inf or nan under error_model="numpy" and are not picked), an idle
    # step is computed and its results not kept, and it reads and writes only rows of one block array (its
    # constants, drivers, carried state and outputs), copied from and to the stacked inputs and outputs by
    # scalar passes (c: the constants stacked, (constants, n), in the order of BaseConstants; x: the drivers,
    # (n, steps) or (1, steps) each; out: the outputs, (n, steps) each). Every lane does the scalar loop's
    # arithmetic, in its order, so the results are bit-identical.
    n_samples, n_steps = out.binding.shape
    lane = np.empty((POWER_NAMED + 1, BLOCK))  # a constant shape: rows at fixed offsets
    # A tile of steps' drivers and outputs, read and written a sample's run of steps at a time (written one
    # step at a time, the 31 outputs of 32 samples touch 31 x 32 cache lines 3.7 MB apart, which thrash).
    drivers_kept = np.empty((len(X), BLOCK, TILE))
    outputs_kept = np.empty((len(O) + 1, TILE, BLOCK))
    for start in range(0, n_samples, BLOCK):
        real = min(BLOCK, n_samples - start)
        # Whole vectors (padding lanes repeat the block's last sample); fewer samples than a vector run as scalars.
        width = real if real < VECTOR else min(BLOCK, (real + VECTOR - 1) // VECTOR * VECTOR)
        for b in range(width):
            i = start + min(b, real - 1)
            for field in range(len(K)):
                lane[K[0] + field, b] = c[field, i]
            for field in range(len(S)):  # nothing built, nothing waiting, nothing started
                lane[S[0] + field, b] = 0.0
            lane[S.q_earth_before, b] = lane[S.q_outside_before, b] = np.inf  # no limit seen yet
            # Room in the shell, counted in launches; satellites in service decay by failures only here (none
            # retire), so the count never falls below the fleet's and the shell is never overfilled.
            lane[S.shell_room_per_launch, b] = lane[K.escape_share, b] if lane[K.escape_share, b] > 0.0 else 0.0
            lane[S.survive, b] = np.exp(-lane[K.failure_rate, b] * lane[K.dt, b])
        for j in range(n_steps):
            t = j % TILE  # the step's place in its tile
            if t == 0:  # the tile's drivers
                for field in range(len(X)):
                    series = x[field]
                    for b in range(width):
                        row = start + min(b, real - 1) if series.shape[0] > 1 else 0  # one row: the same for all
                        for u in range(min(TILE, n_steps - j)):
                            drivers_kept[field, b, u] = series[row, j + u]
            for field in range(len(X)):
                for b in range(width):
                    lane[X[0] + field, b] = drivers_kept[field, b, t]
            for b in range(width):  # the step, one lane a sample: what LLVM vectorises
                # Everything the step reads is read here, whatever it will choose: a read under a condition would
                # be a masked load, and LLVM gives up on the loop.
                dt, sat_mass, chip_mass = lane[K.dt, b], lane[K.sat_mass, b], lane[K.sat_chip_mass, b]
                local_mass = lane[K.sat_local_mass, b]
                e_launch, e_product = lane[K.launch_energy_per_kg, b], lane[K.energy_per_kg, b]
                power_ceiling, mineable = lane[K.power_ceiling, b], lane[K.mineable_mass, b]
                productivity, margin = lane[K.productivity, b], lane[K.margin, b]
                depreciation, power_mass_per_w = lane[K.depreciation, b], lane[K.power_mass_per_w, b]
                fab_energy, fab_pace, fab_first = lane[K.fab_energy, b], lane[K.fab_pace, b], lane[K.fab_first, b]
                fab_tool_mass, fab_local_mass = lane[K.fab_tool_mass, b], lane[K.fab_local_mass, b]
                fab_plan = lane[X.fab_plan, b]
                survive, shell_room_per_launch = lane[S.survive, b], lane[S.shell_room_per_launch, b]
                # An idle step (the base not started) changes nothing: its results are not kept.
                active = not lane[X.active, b] <= 0.0
                started = lane[S.started, b]
                seeding = active & (started == 0.0)
                factory_before, power_before = lane[S.factory, b], lane[S.power, b]
                factory = where(seeding, lane[K.seed_factory, b], factory_before)
                power = where(seeding, lane[K.seed_power, b], power_before)
                launchers, inventory, fab = lane[S.launchers, b], lane[S.inventory, b], lane[S.fab, b]
                inventory_before = inventory
                crew_before, built_before = lane[S.crew_before, b], lane[S.built_before, b]
                housed, mined, in_shell = lane[S.housed, b], lane[S.mined, b], lane[S.in_shell, b]
                q_earth_before, q_outside_before = lane[S.q_earth_before, b], lane[S.q_outside_before, b]
                deployed_before = lane[S.deployed_before, b]
                reinvest = lane[K.reinvestment, b]
                deploy_share = 1.0 - reinvest
                # People follow the work: factories that power, Earth supply or material left idle last step
                # need no crew (and the crew's consumables would take Earth supply from the product).
                working = min(factory, q_outside_before * (1.0 + margin) / productivity) \
                    if productivity > 0.0 else factory
                # The fab's people come with the factories' (people the robots cannot replace, both).
                needed_factory = crew_needed(working, lane[K.factory_mass_per_crew, b], lane[K.autonomy, b])
                needed_fab = fab * lane[K.fab_people, b]
                crew = crew_on_site(lane[X.crew_schedule, b], lane[K.crew_initial, b], needed_factory + needed_fab)
                staffed = min(1.0, crew / (needed_factory + needed_fab)) if needed_factory + needed_fab > 0.0 \
                    else 1.0
                crew_share = output_factor(crew - needed_fab * staffed, factory, lane[K.autonomy, b],
                                           lane[K.factory_mass_per_crew, b])
                q_factory = productivity * factory * crew_share

                # Power: the city first, then launches of what is waiting (a step's lag), then industry.
                p_city = min(crew * lane[K.power_per_person, b], power)
                drivers = drivers_complete(launchers, lane[K.launcher_mass, b])
                launch_cap_full = drivers * lane[K.launcher_throughput, b]
                launch_due = min(launch_cap_full, (inventory / dt + built_before) * sat_mass)
                p_launch_ready = min(launch_due * e_launch, power - p_city)
                launch_cap = p_launch_ready / e_launch if e_launch > 0.0 else launch_due
                p_free = power - p_city - p_launch_ready
                # The fab makes as many accelerators as its staffed capacity allows and the satellites use (chips
                # nobody needs are not made); their energy is drawn with the product's: a kg of product deployed
                # with lunar chips carries e_fab / (m_local + m_chips) more (an upper bound: some is reinvested).
                local_chips = fab * staffed
                e_chips = fab_energy / (local_mass + chip_mass) if fab > 0.0 else 0.0
                q_power = p_free / (e_product + e_chips) if e_product + e_chips > 0.0 else np.inf

                # The shell: launches it still has room for (satellites already waiting count against it).
                room = max((lane[K.shell_satellites, b] - in_shell) / shell_room_per_launch - inventory, 0.0) / dt \
                    if shell_room_per_launch > 0.0 else np.inf

                # Launchers wanted: enough to throw what output (Earth limit as last step), chips and the shell
                # allow.
                earth_chips = lane[X.chips_earth, b]
                q_expected = min(q_factory, q_power, q_earth_before)
                # Deployed at least the share of output the last step deployed (growth refused is deployed too).
                sats_material = max(deploy_share, deployed_before) * q_expected / local_mass
                sats_wanted = min(sats_material, local_chips + earth_chips, room)
                launch_needed = sats_wanted * sat_mass
                launch_wanted = launch_needed * (1.0 + margin)
                launcher_demand = max(launchers_wanted(launch_wanted, lane[K.launcher_throughput, b],
                                                       lane[K.launcher_mass, b]) - launchers, 0.0) / dt

                # Earth: the city's needs first, then imports for product and satellites' Earth parts.
                capacity = lane[X.earth_capacity, b]
                # Habitats stay: only people beyond the most ever housed need new ones.
                city_earth = min(earth_needs(crew, max(crew_before, housed), dt, lane[K.consumables, b],
                                             lane[K.habitat, b]), capacity)
                closure = lane[X.closure, b]
                # The fab is growth: it grows towards the plan's capacity, but only to the chips the satellites
                # Earth could supply with lunar chips would need (so an idle fab is not built), replacing its wear.
                # Its tools land first, within the reinvested share of Earth's capacity; its plant is built from
                # the reinvested product after power (below). Unused reservation is handed back when growth is
                # settled. Sized as if all output were deployed with lunar chips, so the need does not swing with
                # the growth a step refuses. (No fab planned or built: nothing to size.)
                q_local_chips = output_allowed_by_earth(capacity - city_earth, closure, 1.0, launcher_demand,
                                                        local_mass, lane[K.sat_earth_parts, b], chip_mass, np.inf, 0.0)
                sats_need = min(q_factory, q_power, q_local_chips) / (local_mass + chip_mass)
                fab_gap = max(min(fab_plan, min(sats_need, room) * (1.0 + margin)) - fab * (1.0 - depreciation * dt),
                              0.0) if fab_plan > 0.0 or fab > 0.0 else 0.0
                # No faster than the plan's own pace: a fab is built in stages, not in a month (a self-sufficient
                # base's own fab keeps pace with its material: no cap).
                pace_cap = fab_pace * max(fab, fab_first) if fab_pace < np.inf else np.inf
                fab_rate = min(fab_gap / dt, pace_cap)
                fab_rate = min(fab_rate, reinvest * (capacity - city_earth) / fab_tool_mass) \
                    if fab_tool_mass > 0.0 else fab_rate
                fab_earth = fab_rate * fab_tool_mass
                fab_local_demand = fab_rate * fab_local_mass
                infra_demand = launcher_demand
                q_earth = output_allowed_by_earth(capacity - city_earth - fab_earth, closure, deploy_share,
                                                  infra_demand, local_mass, lane[K.sat_earth_parts, b], chip_mass,
                                                  local_chips, earth_chips)
                # What Earth could keep busy with no city to feed: the work the crew follows next step.
                q_earth_work = output_allowed_by_earth(capacity - fab_earth, closure, deploy_share, infra_demand,
                                                       local_mass, lane[K.sat_earth_parts, b], chip_mass, local_chips,
                                                       earth_chips)
                # Material within reach: what is left to mine, at this step's closure (share of product mined
                # here).
                q_material = (mineable - mined) / (closure * dt) if closure > 0.0 else np.inf
                q = min(q_factory, q_power, q_earth, q_material)

                # Growth is decided before deployment: the reinvested share, power first, then factories only as
                # far as Earth supply lets them work (at a power or material ceiling, only what can work). Growth
                # refused is deployed instead, as far as Earth supply lets the extra satellites have their Earth
                # parts; the output is then re-solved with that growth held fixed, so the same step uses Earth's
                # capacity (a growth share carried to the next step instead made output, and Earth's use, swing
                # step to step).
                at_ceiling = power >= power_ceiling * (1.0 - 1e-9)
                power_kept = power * (1.0 - lane[K.pv_degradation, b] * dt)
                power_wanted = min((crew * lane[K.power_per_person, b] + launch_needed * e_launch
                                    + (e_product + e_chips) * q_factory) * (1.0 + margin), power_ceiling)
                power_need = (power_wanted - power_kept) * power_mass_per_w / dt \
                    if power_mass_per_w > 0.0 else 0.0
                # Factories are grown only to the output Earth can supply with all of it deployed: what the base
                # works at once growth stops (sized to the reinvesting share's larger limit, they would stand
                # idle). With a fab under way, factories are sized for the chips it will make (every satellite's
                # from the base) and for Earth's capacity once its tools have landed, so the fab and the factories
                # do not wait on each other in turn.
                chips_sizing = np.inf if fab_plan > 0.0 else local_chips
                tools_sizing = 0.0 if fab_plan > 0.0 else fab_earth
                q_earth_deployed = output_allowed_by_earth(capacity - city_earth - tools_sizing, closure, 1.0,
                                                           infra_demand, local_mass, lane[K.sat_earth_parts, b],
                                                           chip_mass, chips_sizing, earth_chips)
                q_supply = min(q_earth_deployed, q_material, q_power if at_ceiling else np.inf)
                grown = reinvest * q
                # At most three rounds (_growth_round); a lane whose growth has settled keeps its figures (the
                # scalar loop's break), so every lane ends where the scalar loop would. Three calls, not a loop:
                # LLVM vectorises only a loop with no loop inside.
                r = (False, grown, fab_rate, fab_earth, fab_local_demand, q_earth, q_earth_work, q, 0.0, 0.0, 0.0)
                lane_figures = (power_need, fab_local_mass, fab_tool_mass, q_supply, q_factory, factory, productivity,
                                crew_share, margin, depreciation, dt, capacity, city_earth, closure, infra_demand,
                                local_mass, lane[K.sat_earth_parts, b], chip_mass, local_chips, earth_chips, q_power,
                                q_material)
                r = _growth_round(_growth_round(_growth_round(r, lane_figures), lane_figures), lane_figures)
                _, grown, fab_rate, fab_earth, fab_local_demand, q_earth, q_earth_work, q, g_power, g_fab, g_factory = r
                bind = industry_binding(q, q_factory, q_power, crew_share)
                if q == q_material and q < min(q_factory, q_power, q_earth):
                    bind = MINEABLE

                # Deployment: launchers first, then satellites from local material and chips.
                g_launchers = first_claim(q - grown, launcher_demand)
                material = q - grown - g_launchers
                sats_built = satellites_from_material(material, local_mass, chip_mass, local_chips, earth_chips)
                shell_full = sats_built > room
                sats_built = min(sats_built, room)
                chips_here = min(sats_built, local_chips)
                chips_from_earth = sats_built - chips_here
                material_left = max(material - sats_built * local_mass - chips_here * chip_mass, 0.0)
                if material_left > 1e-12 * material:
                    bind = SHELL if shell_full else CHIPS
                launchable = launch_cap / sat_mass
                waiting = sats_built + inventory / dt
                launched = min(waiting, launchable)
                if launch_cap_full < waiting * sat_mass:
                    bind = LAUNCH
                elif p_launch_ready < launch_due * e_launch:
                    bind = POWER
                # (Power at the ceiling is named as the ceiling in the scalar pass: a comparison of the code here
                # would become a switch, which LLVM does not vectorise.)
                inventory = max(inventory + (sats_built - launched) * dt, 0.0)

                # Satellite material that found no chips (or no room) grows the base where it can; the rest is
                # not made (output nobody needs).
                g_power_more = first_claim(material_left, power_need - g_power)
                g_factory_more = factory_growth_allowed(material_left - g_power_more, q_supply, q_factory,
                                                        factory + g_factory * dt, productivity, crew_share,
                                                        margin, depreciation, dt)
                g_power += g_power_more
                g_factory += g_factory_more
                q = max(q - (material_left - g_power_more - g_factory_more), 0.0)
                # Weightless power: whatever is wanted is there.
                power_next = power_kept + g_power * dt / power_mass_per_w if power_mass_per_w > 0.0 \
                    else max(power_wanted, power_kept)
                imports = q * (1.0 - closure)
                fab_tools = fab_rate * fab_tool_mass
                earth_used = (city_earth + imports + sats_built * lane[K.sat_earth_parts, b]
                              + chips_from_earth * chip_mass + fab_tools)

                # An idle step's outputs are all zero (and its binding idle).
                lane[O.factory_mass, b] = where(active, factory, 0.0)
                lane[O.power_capacity, b] = where(active, power, 0.0)
                lane[O.launcher_mass, b] = where(active, launchers, 0.0)
                lane[O.mass_drivers, b] = where(active, drivers, 0.0)
                lane[O.crew, b] = where(active, crew, 0.0)
                lane[O.crew_factor, b] = where(active, crew_share, 0.0)
                lane[O.output, b] = where(active, q, 0.0)
                lane[O.output_factory_limit, b] = where(active, q_factory, 0.0)
                lane[O.output_power_limit, b] = where(active, q_power, 0.0)
                lane[O.output_earth_limit, b] = where(active, q_earth, 0.0)
                lane[O.satellites_built, b] = where(active, sats_built, 0.0)
                lane[O.satellites_launched, b] = where(active, launched, 0.0)
                lane[O.satellite_inventory, b] = where(active, inventory, 0.0)
                lane[O.binding, b] = where(active, bind, IDLE)
                lane[O.earth_landed, b] = where(active, earth_used, 0.0)
                lane[O.earth_city, b] = where(active, city_earth, 0.0)
                lane[O.earth_chips, b] = where(active, chips_from_earth, 0.0)
                lane[O.local_chips, b] = where(active, chips_here, 0.0)
                lane[O.power_city, b] = where(active, p_city, 0.0)
                lane[O.power_launch, b] = where(active, launched * sat_mass * e_launch, 0.0)
                lane[O.power_industry, b] = where(active, q * e_product, 0.0)
                lane[O.growth_power, b] = where(active, g_power, 0.0)
                lane[O.growth_launchers, b] = where(active, g_launchers, 0.0)
                lane[O.growth_factory, b] = where(active, g_factory, 0.0)
                lane[O.launch_capacity, b] = where(active, launch_cap_full, 0.0)
                lane[O.earth_product_imports, b] = where(active, imports, 0.0)
                lane[O.fab_capacity, b] = where(active, fab, 0.0)
                lane[O.fab_built, b] = where(active, fab_rate, 0.0)
                lane[O.power_fab, b] = where(active, chips_here * fab_energy, 0.0)
                lane[O.earth_fab, b] = where(active, fab_tools, 0.0)
                lane[O.growth_fab, b] = where(active, g_fab, 0.0)
                lane[POWER_NAMED, b] = lane[K.power_ceiling_code, b] if at_ceiling else POWER

                net = g_factory - depreciation * factory
                lane[S.net_growth, b] = net
                lane[S.rate_dt, b] = net / factory * dt if factory > 0.0 else 0.0
                lane[S.started, b] = 1.0 if active else started
                lane[S.factory, b] = factory if active else factory_before
                lane[S.power, b] = power_next if active else power_before
                lane[S.mined, b] = mined + q * closure * dt if active else mined
                lane[S.in_shell, b] = in_shell * survive + launched * shell_room_per_launch * dt if active \
                    else in_shell
                lane[S.inventory, b] = inventory if active else inventory_before
                lane[S.launchers, b] = launchers + g_launchers * dt if active else launchers
                lane[S.fab, b] = fab + (fab_rate - depreciation * fab) * dt if active else fab
                lane[S.crew_before, b] = crew if active else crew_before
                lane[S.built_before, b] = sats_built if active else built_before
                lane[S.q_earth_before, b] = q_earth if active else q_earth_before
                deployed = (q - grown) / q if q > 0.0 else 0.0
                lane[S.deployed_before, b] = deployed if active else deployed_before
                q_outside = min(q_power + p_city / (e_product + e_chips) if e_product + e_chips > 0.0 else np.inf,
                                q_earth_work, q_material)
                lane[S.q_outside_before, b] = q_outside if active else q_outside_before
                lane[S.housed, b] = max(housed, crew) if active else housed
            for field in range(len(O) + 1):
                if field < len(O) and not keep[field]:  # (the last row, the ceiling's name, is always kept)
                    continue
                for b in range(width):
                    outputs_kept[field, t, b] = lane[O[0] + field, b]
            if t == TILE - 1 or j == n_steps - 1:  # the tile written out, a sample's run of steps at a time
                first = j - t
                for field in range(len(O)):
                    if not keep[field]:  # an output nobody reads: computed (the step needs it), not written
                        continue
                    series = out[field]
                    for b in range(real):
                        if t == TILE - 1:  # a whole tile: constant counts, unrolled into 8 x 8 transposes
                            for eight in range(0, TILE, 8):
                                for u in range(eight, eight + 8):
                                    series[start + b, first + u] = outputs_kept[field, u, b]
                        else:
                            for u in range(t + 1):
                                series[start + b, first + u] = outputs_kept[field, u, b]
                for b in range(real):  # power binding at its ceiling is named as the ceiling
                    for u in range(t + 1):
                        if outputs_kept[O.binding - O[0], u, b] == POWER:
                            out.binding[start + b, first + u] = outputs_kept[len(O), u, b]
            for b in range(width):  # the factories compounded (expm1 has no vector form)
                if lane[X.active, b] <= 0.0:
                    continue
                net, rate_dt = lane[S.net_growth, b], lane[S.rate_dt, b]
                compounded = np.expm1(rate_dt) / rate_dt if abs(rate_dt) > 1e-12 else 1.0
                lane[S.factory, b] += net * lane[K.dt, b] * compounded


def design(p) -> Design:
    """The base's launcher (mass driver or rocket, same keys), departure, satellite and site power, once."""
    body = bodies.BODIES[p.route.body]
    if p.route.launcher == "rocket":
        launcher = rocket.design(p.rocket, p.rocket.exit_speed)
        speed, accel = p.rocket.exit_speed, p.rocket.acceleration
    else:
        launcher = mass_driver.design(p.mass_driver)
        speed, accel = p.mass_driver.exit_speed, p.mass_driver.acceleration
    dep = departure.from_base(p, body, speed)
    sat = satellite.design(p.satellite, p.chips, p.departure.target_orbit_radius, accel, dep.delta_v_to_target,
                           all_local=p.route.self_sufficient, links=p.links)
    if p.route.self_sufficient:  # every part, accelerators included, made from the base's product
        sat = sat._replace(local_mass=sat.mass - sat.accelerators)
    # Satellites fly whole: a shot or flight carries only as many as fit in it.
    shot = p.rocket.payload_per_flight if p.route.launcher == "rocket" else p.mass_driver.payload_per_shot
    launcher = {**launcher, "throughput": launcher["throughput"] * mass_driver.whole_payload_share(shot, sat.mass)}
    flux = bodies.surface_flux(body, p.surface.atmospheric_transmission, p.surface.dust_storm_outage)
    site = {"power_mass_per_watt": site_power.mass_per_watt_for(p.site, flux),
            "array_area_per_watt": site_power.array_area_per_watt_for(p.site, flux), "surface_flux": flux}
    return Design(satellite=sat, launcher=launcher, launcher_kind=p.route.launcher, departure=dep, body=body,
                  acceleration=accel, extra={"site": site, "ceilings": ceilings(p, body, site, sat)})


def ceilings(p, body, site, sat) -> dict:
    """The physical ceilings the base grows into (``subsystems.bounds``): power by the site's area and by the
    sunlight on the body, local material within reach, and satellites a complete shell about the Sun holds."""
    by_area = bounds.power_ceiling_by_area(p.site.usable_area, body.radius, site["array_area_per_watt"])
    by_sun = bounds.power_ceiling_by_sunlight(site["surface_flux"], body.radius, p.site.pv_efficiency)
    shell = bounds.shell_sunlight(SUN_LUMINOSITY, p.bounds.shell_coverage)
    return {
        "power_by_area": by_area, "power_by_sunlight": by_sun, "power": np.minimum(by_area, by_sun),
        "power_code": np.where(by_area <= by_sun, SITE_AREA, BODY_SUNLIGHT),
        "mineable_mass": bounds.mineable_mass(body.mass, body.radius, p.bounds.regolith_density,
                                              p.bounds.mining_depth),
        "shell_sunlight": shell, "shell_satellites": shell / sat.sunlight_captured,
    }


#: Where the heat leaves, for Landauer's floor: the radiators, at the junction less the heat path's drops.
RADIATORS = "the radiators (satellite.junction_temperature less the heat path's drops)"


def problems(p, d: Design) -> list[str]:
    """Parameter combinations this route cannot build, one line each (empty when feasible).

    A body with an atmosphere cannot host a surface mass driver. The launcher's acceleration is limited by
    what the satellite can be hardened for: structure and hardening shares of dry mass must leave room for
    the payload, f_struct + h_1000 a / 1000 g0 < 1. Satellites are thrown whole, so one must fit a shot.
    The radiators must run cool enough for the chips, and the chips' efficiency (the reference chip and its
    ceiling) must stay within Landauer's floor at the radiator temperature.
    """
    if p.route.launcher == "mass-driver" and not d.body.mass_driver_allowed:
        return [f"route.launcher: got 'mass-driver' on {d.body.name}; expected 'rocket' (an atmosphere: a payload "
                "at several km/s would burn up or be braked by drag)"]
    out = site_power.lighting_problems(p.site, d.body.solar_day)
    if p.route.destination != "heliocentric":
        out.append(f"route.destination: got '{p.route.destination}' for the surface-base route; expected "
                   "'heliocentric' (satellites thrown off a body go into orbit about the Sun)")
    if p.route.launcher == "rocket":
        out += [line + samples_named(bad) for bad, line in rocket.problems(p.rocket, d.launcher)]
    sat = p.satellite
    accel_path = "rocket.acceleration" if p.route.launcher == "rocket" else "mass_driver.acceleration"
    share = sat.structure_fraction + satellite.hardening_fraction(d.acceleration, sat.hardening_at_1000_g0)
    if np.any(share >= 1.0):
        limit_g0 = (1.0 - sat.structure_fraction) / sat.hardening_at_1000_g0 * 1000.0
        out.append(
            f"{accel_path}: got {np.max(d.acceleration) / STANDARD_GRAVITY:.4g} g0; the satellite "
            f"cannot be hardened for it (structure + hardening reach {np.max(share):.0%} of dry mass); "
            f"expected below {np.min(limit_g0):.4g} g0 with satellite.hardening_at_1000_g0 = "
            f"{np.max(sat.hardening_at_1000_g0):.3g}{samples_named(share >= 1.0)}"
        )
    if not out:  # propellant beyond the tanks, or any other part without a finite mass
        dv = d.departure.delta_v_to_target
        out += [line + samples_named(bad) for bad, line in satellite.impossible(sat, d.satellite, dv)]
    shot, shot_path = ((p.rocket.payload_per_flight, "rocket.payload_per_flight") if p.route.launcher == "rocket"
                       else (p.mass_driver.payload_per_shot, "mass_driver.payload_per_shot"))
    # Only a satellite that closes has a mass to fit a shot (one that cannot close is refused above).
    mass = np.where(np.isfinite(d.satellite.mass), d.satellite.mass, 0.0)
    too_big = np.broadcast_to(mass > shot, np.broadcast(mass, shot).shape)
    if not any(line.startswith(accel_path) for line in out) and np.any(too_big):
        out.append(
            f"{shot_path}: got {np.min(shot) / 1e3:.4g} t; a whole satellite "
            f"({np.max(mass) / 1e3:.4g} t) must fit one shot; expected at least that"
            f"{samples_named(too_big)}"
        )
    out += satellite.thermal_problems(sat, p.chips, d.satellite, samples_named)
    out += chips_mod.efficiency_problems(p.chips, d.satellite.radiator_temperature, RADIATORS, samples_named)
    return out


def _crewless(p) -> bool:
    """A base no one ever lives at (``city.crew_initial`` 0): the city's figures do nothing and are not read."""
    return bool(np.all(p.city.crew_initial == 0))


def step_decay_rate(rate_per_s, dt_s):
    """A decay rate the loop's explicit step can take: min(r, 1 / dt).

    The loop decays a stock S by S r dt a step (explicit Euler); with r dt > 1 (a fast rate or long steps)
    that overshoots below zero: negative factories or power. Floored here, a step loses at most the whole
    stock. Every run with r dt <= 1 is unchanged. (The exact step, (1 - e^(-r dt)) / dt, would be smoother
    but differs by r dt / 2 even for the defaults, 0.08 % a month at 2 %/yr, and the base's yearly figures
    are sensitive enough to that to move by a few per cent by 2100.)
    """
    return np.minimum(np.asarray(rate_per_s, dtype=float), 1.0 / dt_s)


def _constants(p, d: Design, dt_s) -> BaseConstants:
    """The loop's per-sample constants, by name, from the parameters and the design."""
    sat, ind = d.satellite, p.industry
    no_one = _crewless(p)
    people = SimpleNamespace(crew_initial=0.0, consumables_per_person=0.0, habitat_earth_mass_per_person=0.0,
                             power_per_person=0.0) if no_one else p.city
    return BaseConstants(
        productivity=ind.productivity, energy_per_kg=ind.energy_per_kg, reinvestment=ind.reinvestment_fraction,
        autonomy=ind.autonomy, factory_mass_per_crew=1.0 if no_one else ind.factory_mass_per_crew,
        depreciation=step_decay_rate(ind.depreciation, dt_s),
        margin=ind.balance_margin, power_mass_per_w=d.extra["site"]["power_mass_per_watt"],
        pv_degradation=step_decay_rate(p.site.pv_degradation, dt_s), seed_factory=ind.seed_factory_mass,
        seed_power=ind.seed_power,
        sat_local_mass=sat.local_mass, sat_earth_parts=np.maximum(sat.earth_mass - sat.accelerators, 0.0),
        sat_chip_mass=sat.accelerators, sat_mass=sat.mass, launcher_mass=d.launcher["mass"],
        launcher_throughput=d.launcher["throughput"], launch_energy_per_kg=d.launcher["energy_per_kg"], dt=dt_s,
        crew_initial=people.crew_initial, consumables=people.consumables_per_person,
        habitat=people.habitat_earth_mass_per_person, power_per_person=people.power_per_person,
        power_ceiling=d.extra["ceilings"]["power"], power_ceiling_code=d.extra["ceilings"]["power_code"],
        mineable_mass=d.extra["ceilings"]["mineable_mass"], shell_satellites=d.extra["ceilings"]["shell_satellites"],
        escape_share=d.departure.escape_share, failure_rate=p.satellite.failure_rate,
        **_fab_constants(p, sat),
    )


def _has_fab(p) -> bool:
    """A base with a chip fab: the plan's (``chips.lunar_fab``), or a self-sufficient base's own."""
    return bool(p.route.self_sufficient or np.any(p.chips.lunar_fab))


def _fab_constants(p, sat) -> dict:
    """The fab's mass, energy and people per satellite's worth of accelerators a second (none without a fab).

    A self-sufficient base makes its tools too: their mass comes from its product, none from Earth.
    """
    if not _has_fab(p):
        return {"fab_tool_mass": 0.0, "fab_local_mass": 0.0, "fab_energy": 0.0, "fab_people": 0.0,
                "fab_pace": 0.0, "fab_first": 0.0}
    ch, power = p.chips, sat.compute_power
    tools, local = ch.lunar_fab_tool_mass * power, ch.lunar_fab_local_mass * power
    pace, first = (np.inf, 0.0) if p.route.self_sufficient else (ch.lunar_fab_growth, ch.lunar_fab_capacity / power)
    if p.route.self_sufficient:  # its own fab grows with its material, its tools made of its product too
        tools, local = 0.0 * tools, local + tools
    return {"fab_tool_mass": tools, "fab_local_mass": local, "fab_energy": ch.lunar_fab_energy * power,
            "fab_people": 0.0 if _crewless(p) else ch.lunar_fab_crew * power, "fab_pace": pace, "fab_first": first}


def _drivers(p, t, chips_earth_w, fab_plan_w) -> BaseDrivers:
    """The loop's exogenous series, by name, over the time grid."""
    flights = logistics.flights_for(p.logistics, t)
    ind = p.industry
    if _crewless(p):  # no one comes: the schedule is empty whatever its pace
        schedule = np.zeros_like(t)
    else:
        schedule = city.crew_schedule(t, ind.start_year, p.city.crew_initial, p.city.crew_doubling_time,
                                      p.city.crew_max)
    if np.all(ind.closure_initial == ind.closure_final):  # a constant closure has no time constant to read
        closure = np.ones_like(t) * ind.closure_final
    else:
        closure = industry.closure(t, ind.start_year, ind.closure_initial, ind.closure_final,
                                   ind.closure_time_constant)
    return BaseDrivers(
        active=(t >= ind.start_year).astype(float),
        earth_capacity=logistics.landed_capacity(flights, p.logistics.payload_per_flight),
        crew_schedule=schedule,
        closure=closure,
        chips_earth=chips_earth_w / p.satellite.compute_power,
        fab_plan=fab_plan_w / p.satellite.compute_power,
    )


def _driverstep_rows(series, n, steps):
    """A driver as the loop reads it: (n, steps), or (1, steps) when every sample shares it (not copied n times);
    C-contiguous and writable, as the loop indexes the drivers as a tuple of one array type."""
    series = np.asarray(series, dtype=float)
    rows = series if series.ndim == 2 and series.shape[0] == n else np.reshape(series, (-1, steps))
    if rows.shape[0] not in (1, n):
        rows = np.broadcast_to(rows, (n, steps))
    if rows.flags.c_contiguous and rows.flags.writeable:
        return rows
    return np.array(rows, dtype=float, order="C")


def grow(constants: BaseConstants, drivers: BaseDrivers, kept: frozenset[str] | None = None) -> BaseState:
    """Run the compiled growth loop: every input broadcast to the samples, every output (n, steps); with ``kept``
    (names of ``BaseState``), only those outputs and ``binding`` (each other one None: the loop writes none of
    it, ~1 us a sample each)."""
    n = int(np.broadcast(*[np.asarray(x) for x in constants]).size)
    n = max(n, *(np.shape(s)[0] if np.ndim(s) == 2 else 1 for s in drivers))
    steps = np.shape(drivers.active)[-1]
    c = np.empty((len(constants), n))
    for row, value in zip(c, constants, strict=True):
        row[...] = np.reshape(value, -1)
    x = BaseDrivers(*(_driverstep_rows(s, n, steps) for s in drivers))
    # binding: the loop's shape, and where it names a ceiling
    keep = np.array([kept is None or name in kept or name == "binding" for name in BaseState._fields])
    nothing = np.empty((0, 0))  # what the loop gets for an output it does not write
    out = BaseState(*(np.empty((n, steps)) if k else nothing for k in keep))  # every step writes each one kept
    call_quietly(_grow, c, x, out, keep)
    return out._replace(**{name: None for name, k in zip(BaseState._fields, keep, strict=True) if not k})


#: The loop's outputs the fleet and the costs read (besides any a caller wants; ``binding`` is always kept), and
#: those read only to make a series of their own.
_READ_AFTER_THE_LOOP = frozenset({"satellites_launched", "earth_landed", "earth_chips", "earth_fab", "crew",
                                  "power_city", "power_launch", "power_industry", "power_capacity", "fab_capacity",
                                  "fab_built"})
_READ_FOR = {"regolith_used": "output"}


def simulate(p, d: Design, t_years, dt_s, wanted=None) -> dict[str, np.ndarray]:
    """The base's series over the step start times ``t_years`` (SI, shape (n_samples, n_steps)); with ``wanted``
    (the route contract), of the loop's outputs only those and what the fleet and the costs read."""
    t = np.asarray(t_years, dtype=float)
    if p.route.self_sufficient:  # the base's own fab grows to whatever its material needs; none bought
        chips_earth_w, fab_plan_w = np.zeros_like(t), np.full_like(t, np.inf)
    else:
        chips_earth_w, fab_plan_w = chips_mod.supply_series(p.chips, t)
    drivers = _drivers(p, t, chips_earth_w, fab_plan_w)
    kept = None if wanted is None else (frozenset(wanted) | _READ_AFTER_THE_LOOP
                                        | {source for made, source in _READ_FOR.items() if made in wanted})
    state = grow(_constants(p, d, dt_s), drivers, kept)
    series = {name: values for name, values in state._asdict().items() if values is not None}
    n = state.binding.shape[0]
    series["crew_schedule"] = np.broadcast_to(drivers.crew_schedule, (n, t.size))
    series["closure"] = np.broadcast_to(drivers.closure, (n, t.size))
    series["earth_capacity"] = np.broadcast_to(drivers.earth_capacity, (n, t.size))
    power = np.reshape(d.satellite.compute_power, (-1, 1))
    series["fab_capacity"] = series["fab_capacity"] * power  # W/s of accelerators, as chip_supply counts them
    fab_built_w = series.pop("fab_built") * power  # W/s added per second: read by the costs, not a series
    series["chip_supply"] = np.broadcast_to(chips_earth_w, (n, t.size)) + series["fab_capacity"]
    _fleet_and_costs(p, t, dt_s, series, d, n, fab_built_w, wanted)
    return series


def _made(wanted, name: str) -> bool:
    """Whether to make a series only reports read: always, unless the caller names what it wants without it."""
    return wanted is None or name in wanted


def _fleet_and_costs(p, t, dt_s, series, d: Design, n, fab_built_w, wanted=None):
    """Deployments, the fleet in service, and the spending, all vectorised over samples and steps
    (``fab_built_w``: fab capacity added, W/s per second, priced by the fab's capital cost); the series that
    nothing after reads, only where ``wanted`` (the route contract's)."""
    sat = d.satellite
    launched = series["satellites_launched"]
    escaping = launched * dt_s * np.reshape(d.departure.escape_share, (-1, 1))
    # Satellites earn nothing while they spiral to their working orbit: they enter service a transfer later,
    # t = delta_v / (F/m) at constant thrust (Edelbaum's assumption), in whole steps.
    transfer_s = np.nan_to_num(d.departure.delta_v_to_target, nan=0.0) / p.departure.thrust_to_mass
    transfer_steps = np.minimum(np.rint(np.ravel(transfer_s) / dt_s), t.size)
    deployed_per_step = fleet.delayed(escaping, transfer_steps)
    # Arrays are sized for end of life (satellite.design): compute wears only as accelerators fail; the memory's dose
    # may end a satellite's service before its design life.
    fr, life, deg = p.satellite.failure_rate, sat.service_life, sat.accelerator_loss_rate
    spares = p.satellite.accelerator_spares
    flops_per_sat = sat.compute_power * chips_mod.efficiency_series(p.chips, t)
    series["satellite_flops"] = np.broadcast_to(flops_per_sat, deployed_per_step.shape)
    if _made(wanted, "satellites_deployed"):
        series["satellites_deployed"] = deployed_per_step / dt_s
    series["compute_launch_rate"] = escaping / dt_s * sat.compute_power
    series["flops_launch_rate"] = escaping / dt_s * flops_per_sat
    series["satellites_in_service"] = fleet.installed(deployed_per_step, 1.0, dt_s, fr, life)
    series["installed_compute"] = fleet.installed(deployed_per_step, sat.compute_power, dt_s, fr, life, deg, spares)
    flops_arriving = fleet.delayed(escaping * flops_per_sat, transfer_steps)  # each cohort's chips, as built
    if _made(wanted, "peak_flops"):
        series["peak_flops"] = fleet.installed(flops_arriving, 1.0, dt_s, fr, life)
    series["installed_flops"] = fleet.installed(flops_arriving, 1.0, dt_s, fr, life, deg, spares)
    # What the links let the workloads use, by each cohort's age and place (heliocentric drift) and the fleet's size.
    service = fleet.service_steps(t.size, dt_s, life)  # the kernel is zero beyond: its first steps are the kernel
    ages = np.arange(service) * dt_s  # a cohort's ages in service
    distance, sun_angle = links.heliocentric_geometry(
        d.departure.inner_semimajor_axis, d.departure.outer_semimajor_axis, p.departure.target_orbit_radius,
        transfer_s, ages, from_moon=p.route.body == "moon")
    cohort_flops = fleet.delayed(np.broadcast_to(flops_per_sat, escaping.shape), transfer_steps)
    shares = workloads.usable_shares(p, flops_arriving, cohort_flops,
                                     fleet.kernel(service, dt_s, fr, life, deg, spares),
                                     series["satellites_in_service"], distance, dt_s, sun_angle)
    for name in workloads.WORKLOADS:
        series[f"usable_{name}"] = shares[name]
    series["usable_fraction"] = shares["mix"]
    series["delivered_flops"] = fleet.delivered(series["installed_flops"], p.delivery, series["usable_fraction"])
    telescopes, network_capital, network_ops = links.ground_network(
        p.links, shares["receivers_per_satellite"] * series["satellites_in_service"],
        series["satellites_in_service"], dt_s)
    series["ground_telescopes"] = telescopes
    # Sunlight wears with the satellites alone (no degradation): each in service intercepts its array's share.
    sunlight = series["satellites_in_service"] * sat.sunlight_captured
    series["sunlight_captured"] = sunlight
    # Power used: the fleet's bus power and the base's (city, launchers, industry), all electric.
    series["power_used"] = (fleet.bus_power(series["installed_compute"], p.satellite.bus_overhead)
                            + series["power_city"] + series["power_launch"] + series["power_industry"])
    series["share_of_sun"], series["kardashev"] = fleet.civilisation_scale(sunlight, series["power_used"])
    series["mass_launched"] = launched * sat.mass

    # Earth: the seed lands in the first active step, then whatever the loop used; each cargo landing and the
    # tankers that refill it in LEO are launched and priced alike (logistics).
    power_mass_per_w = d.extra["site"]["power_mass_per_watt"]
    seed = p.industry.seed_factory_mass + p.industry.seed_power * power_mass_per_w
    rows = (n, t.size)
    landed, launches, cumulative = np.empty(rows), np.empty(rows), np.empty(rows)
    _landings_loop(series["earth_landed"], t, column(p.industry.start_year, n), column(seed, n),
                   column(p.logistics.payload_per_flight, n),
                   column(logistics.launches_per_flight(p.logistics.tankers_per_flight), n), float(dt_s),
                   landed, launches, cumulative)
    series["earth_landed_total"] = landed
    if _made(wanted, "cargo_flights"):
        series["cargo_flights"] = landed * dt_s / p.logistics.payload_per_flight / dt_s
    series["flights"] = launches / dt_s
    price = logistics.price_per_kg_delivered(cumulative, p.logistics)
    items = wanted is None or any(f"spend_{item}" in wanted for item in _SPENDING)
    total, spend = _spending(p, t, dt_s, series, sat, landed, price, fab_built_w, network_capital + network_ops, n,
                             items)
    econ.add_spending_series(series, spend, dt_s, t, p.economics.discount_rate, wanted, total)
    series["launch_price"] = price
    if _made(wanted, "surface_array_area"):
        series["surface_array_area"] = series["power_capacity"] * d.extra["site"]["array_area_per_watt"]
    if _made(wanted, "regolith_used"):  # local material in product (yield < 1 only adds to what is mined)
        series["regolith_used"] = econ.running_total(series["output"] * dt_s * series["closure"])


@compiled_loop
def _landings_loop(earth_landed, t, start, seed, payload, launches_per_flight, dt, landed, launches, cumulative):
    """Earth's landings by step: the loop's, and the seed (factories and power) in the first active step; the
    launches that land them (cargo and tankers) and their running total, Wright's N. Operation for operation the
    NumPy it replaced (landed = L + first * seed / dt; launches = landed dt / payload * (1 + tankers);
    np.cumsum), so the same numbers."""
    for i in range(landed.shape[0]):
        was_active = False
        total = 0.0
        for j in range(landed.shape[1]):
            active = t[j] >= start[i]
            first = 1.0 if (active and not was_active) else 0.0
            was_active = active
            v = earth_landed[i, j] + first * seed[i] / dt
            landed[i, j] = v
            n = v * dt / payload[i] * launches_per_flight[i]
            launches[i, j] = n
            total += n
            cumulative[i, j] = total


def _spending(p, t, dt_s, series, sat, landed, price, fab_built_w, ground_network, n,
              items: bool) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """USD a step in all, and (with ``items``) by item: launches, hardware, accelerators, the fab, operations and
    the ground network (one compiled pass, the same operations as the NumPy of each item and their sum, so the
    same numbers)."""
    steps = t.size
    spare = p.satellite.accelerator_spares  # cold-spare accelerators fly with each satellite
    # Accelerators carry their cold spares; the fab's tools are priced by its capital cost per capacity, not as
    # generic hardware by the kg.
    unit_cost = np.zeros((1, steps)) if p.route.self_sufficient else step_rows(chips_mod.unit_cost(
        t, p.chips.cost_per_unit, p.chips.cost_decline, p.chips.reference_year), steps)
    crew = np.zeros((1, steps)) if _crewless(p) else step_rows(series["crew"], steps)
    per_person = 0.0 if _crewless(p) else p.city.cost_per_person_year
    fab_cost = p.chips.lunar_fab_capital_cost if _has_fab(p) else 0.0
    total = np.empty((n, steps))
    by_item = [np.empty((n, steps) if items else (0, 0)) for _ in _SPENDING]
    _spending_loop(step_rows(landed, steps), step_rows(price, steps), step_rows(series["earth_chips"], steps),
                   step_rows(series["earth_fab"], steps), step_rows(fab_built_w, steps), crew,
                   step_rows(series["satellites_in_service"], steps), step_rows(ground_network, steps), unit_cost, t,
                   *(column(x, n) for x in (sat.compute_power, p.chips.power_per_unit, 1.0 + spare, sat.accelerators,
                                          p.logistics.hardware_cost_per_kg, fab_cost, per_person,
                                          p.economics.ops_fixed_cost, p.economics.ops_cost_per_satellite,
                                          p.industry.start_year)),
                   float(dt_s), bool(p.route.self_sufficient), _crewless(p), items, total, *by_item)
    return total, dict(zip(_SPENDING, by_item, strict=True)) if items else {}


#: The spending items, in the order they are summed.
_SPENDING = ("launch", "hardware", "chips", "fab", "operations", "ground_network")


@compiled_loop
def _spending_loop(landed, price, earth_chips, earth_fab, fab_built, crew, in_service, ground, unit_cost, t,
                   compute_power, power_per_unit, with_spares, accelerators, hardware_cost, fab_cost, per_person,
                   fixed_cost, per_satellite, start, dt, self_sufficient, crewless, items, total,
                   launch, hardware, chips, fab, operations, ground_network):
    """``_spending``'s total and (with ``items``) its items, each as its NumPy expression was written (left to
    right):
    launch = landed dt price; hardware = (landed - chips_earth a - fab tools) dt c_hw; chips = units x unit cost
    (units = chips_earth dt P_c / P_unit (1 + spares); 0 x units for a self-sufficient base); fab = built dt c_fab;
    operations = (crew c_person + c_fixed [t >= start] + c_sat in service) dt (0 + ... without a crew)."""
    for i in range(total.shape[0]):
        # Each input's row (row 0 of one every sample shares) and each column's value, once a row.
        la, pr, ec_row = landed[min(i, landed.shape[0] - 1)], price[min(i, price.shape[0] - 1)], \
            earth_chips[min(i, earth_chips.shape[0] - 1)]
        ef, fb, cr = earth_fab[min(i, earth_fab.shape[0] - 1)], fab_built[min(i, fab_built.shape[0] - 1)], \
            crew[min(i, crew.shape[0] - 1)]
        sv, gr, uc = in_service[min(i, in_service.shape[0] - 1)], ground[min(i, ground.shape[0] - 1)], \
            unit_cost[min(i, unit_cost.shape[0] - 1)]
        acc, c_hw, p_c, p_unit, spares = accelerators[i], hardware_cost[i], compute_power[i], power_per_unit[i], \
            with_spares[i]
        c_fab, c_person, c_fixed, c_sat, t0 = fab_cost[i], per_person[i], fixed_cost[i], per_satellite[i], start[i]
        for j in range(total.shape[1]):
            a, ec = la[j], ec_row[j]
            v_launch = a * dt * pr[j]
            v_hardware = (a - ec * acc - ef[j]) * dt * c_hw
            units = ec * dt * p_c / p_unit * spares
            v_chips = 0.0 * units if self_sufficient else units * uc[j]
            v_fab = fb[j] * dt * c_fab
            people = 0.0 if crewless else cr[j] * c_person
            v_operations = (people + c_fixed * (1.0 if t[j] >= t0 else 0.0) + c_sat * sv[j]) * dt
            v_ground = gr[j]
            # Python's sum() of the items, in order, from 0
            total[i, j] = 0.0 + v_launch + v_hardware + v_chips + v_fab + v_operations + v_ground
            if items:
                launch[i, j], hardware[i, j], chips[i, j] = v_launch, v_hardware, v_chips
                fab[i, j], operations[i, j], ground_network[i, j] = v_fab, v_operations, v_ground


#: The surface base as the engine sees it.
ROUTE = Route(kind="surface-base", design=design, problems=problems, simulate=simulate,
              constraints=tuple(c for c in CONSTRAINTS if c != "grid"),
              one_value_per_run=("departure.model", "mass_driver.track_aim"))
