"""The growth loop of the surface base against the scalar loop it replaced: same bits, and how much faster.

``surface_base._grow`` steps a block of samples together, one SIMD lane each, so that LLVM vectorises the step
across samples. Its reference is the loop it replaced (one sample at a time, one step at a time, with branches),
kept here verbatim as ``reference_loop``. For each surface-base preset, the loop's inputs are captured from the
preset's own study chunk (its ``[uncertainty]`` draws, Monte Carlo, ``--samples`` samples) and from the scalar
scenario; both loops run on them, every one of the 31 outputs must be equal bit for bit (NaN where NaN), and
each loop's time is the best of ``--repeat`` runs, in wall time and in this process's CPU time (on a shared
machine the wall time also counts other processes), per sample, with the ratio.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_grow.py [--samples 512] [--repeat 7] [--presets mars-base]

``--asm`` prints how many of the compiled loop's instructions are 512-bit (zmm), 256-bit (ymm) and scalar
double (``sd``) arithmetic: a vectorised step shows packed ``pd`` divisions, minima and maxima on zmm registers.
"""

from __future__ import annotations

import argparse
import re
import time

import numpy as np
from numba import njit

from _capture import preset_calls
from lunarbase._jit import quiet_inlining
from lunarbase.architectures import surface_base as sb
from lunarbase.architectures.surface_base import BaseConstants, BaseDrivers, BaseState
from lunarbase.constraints import CHIPS, IDLE, LAUNCH, MINEABLE, POWER, SHELL
from lunarbase.presets import preset_names
from lunarbase.subsystems import industry
from lunarbase.subsystems.city import crew_needed, crew_on_site, earth_needs, output_factor
from lunarbase.subsystems.industry import (
    factory_growth_allowed,
    first_claim,
    industry_binding,
    satellites_from_material,
)
from lunarbase.subsystems.mass_driver import drivers_complete, launchers_wanted

#: As the reference loop called it: compiled on its own, not inlined by Numba (the blocked loop has it inlined).
output_allowed_by_earth = njit(error_model="numpy", nogil=True)(industry.output_allowed_by_earth)


@njit(error_model="numpy", nogil=True)  # as compiled_loop, without the on-disk cache
def reference_loop(c, x, out):  # noqa: C901
    n_samples, n_steps = x.active.shape
    for i in range(n_samples):
        dt = c.dt[i]
        sat_mass, local_mass, chip_mass = c.sat_mass[i], c.sat_local_mass[i], c.sat_chip_mass[i]
        e_launch, e_product = c.launch_energy_per_kg[i], c.energy_per_kg[i]
        factory = power = launchers = inventory = crew_before = built_before = mined = in_shell = housed = 0.0
        q_earth_before = q_outside_before = np.inf
        deployed_before = 0.0
        fab = 0.0
        power_ceiling, mineable = c.power_ceiling[i], c.mineable_mass[i]
        # Room in the shell, counted in launches; satellites in service decay by failures only here (none retire),
        # so the count never falls below the fleet's and the shell is never overfilled.
        shell_room_per_launch = c.escape_share[i] if c.escape_share[i] > 0.0 else 0.0
        survive = np.exp(-c.failure_rate[i] * dt)
        started = False
        for j in range(n_steps):
            if x.active[i, j] <= 0.0:
                for series in out:  # the outputs are allocated uninitialised: an idle step is all zero
                    series[i, j] = 0.0
                out.binding[i, j] = IDLE
                continue
            if not started:
                factory, power, started = c.seed_factory[i], c.seed_power[i], True
            reinvest = c.reinvestment[i]
            deploy_share = 1.0 - reinvest
            # People follow the work: factories that power, Earth supply or material left idle last step
            # need no crew (and the crew's consumables would take Earth supply from the product).
            working = min(factory, q_outside_before * (1.0 + c.margin[i]) / c.productivity[i]) \
                if c.productivity[i] > 0.0 else factory
            # The fab's people come with the factories' (people the robots cannot replace, both).
            needed_factory = crew_needed(working, c.factory_mass_per_crew[i], c.autonomy[i])
            needed_fab = fab * c.fab_people[i]
            crew = crew_on_site(x.crew_schedule[i, j], c.crew_initial[i], needed_factory + needed_fab)
            staffed = min(1.0, crew / (needed_factory + needed_fab)) if needed_factory + needed_fab > 0.0 else 1.0
            crew_share = output_factor(crew - needed_fab * staffed, factory, c.autonomy[i],
                                       c.factory_mass_per_crew[i])
            q_factory = c.productivity[i] * factory * crew_share

            # Power: the city first, then launches of what is waiting (a step's lag), then industry.
            p_city = min(crew * c.power_per_person[i], power)
            drivers = drivers_complete(launchers, c.launcher_mass[i])
            launch_cap_full = drivers * c.launcher_throughput[i]
            launch_due = min(launch_cap_full, (inventory / dt + built_before) * sat_mass)
            p_launch_ready = min(launch_due * e_launch, power - p_city)
            launch_cap = p_launch_ready / e_launch if e_launch > 0.0 else launch_due
            p_free = power - p_city - p_launch_ready
            # The fab makes as many accelerators as its staffed capacity allows and the satellites use (chips
            # nobody needs are not made); their energy is drawn with the product's: a kg of product deployed
            # with lunar chips carries e_fab / (m_local + m_chips) more (an upper bound: some is reinvested).
            local_chips = fab * staffed
            e_chips = c.fab_energy[i] / (local_mass + chip_mass) if fab > 0.0 else 0.0
            q_power = p_free / (e_product + e_chips) if e_product + e_chips > 0.0 else np.inf

            # The shell: launches it still has room for (satellites already waiting count against it).
            room = np.inf
            if shell_room_per_launch > 0.0:
                room = max((c.shell_satellites[i] - in_shell) / shell_room_per_launch - inventory, 0.0) / dt

            # Launchers wanted: enough to throw what output (Earth limit as last step), chips and the shell allow.
            earth_chips = x.chips_earth[i, j]
            q_expected = min(q_factory, q_power, q_earth_before)
            # Deployed at least the share of output the last step deployed (growth refused is deployed too).
            sats_material = max(deploy_share, deployed_before) * q_expected / local_mass
            sats_wanted = min(sats_material, local_chips + earth_chips, room)
            launch_needed = sats_wanted * sat_mass
            launch_wanted = launch_needed * (1.0 + c.margin[i])
            launcher_demand = max(launchers_wanted(launch_wanted, c.launcher_throughput[i], c.launcher_mass[i])
                                  - launchers, 0.0) / dt

            # Earth: the city's needs first, then imports for product and satellites' Earth parts.
            capacity = x.earth_capacity[i, j]
            # Habitats stay: only people beyond the most ever housed need new ones.
            city_earth = min(earth_needs(crew, max(crew_before, housed), dt, c.consumables[i], c.habitat[i]),
                             capacity)
            closure = x.closure[i, j]
            # The fab is growth: it grows towards the plan's capacity, but only to the chips the satellites
            # Earth could supply with lunar chips would need (so an idle fab is not built), replacing its wear.
            # Its tools land first, within the reinvested share of Earth's capacity; its plant is built from the
            # reinvested product after power (below). Unused reservation is handed back when growth is settled.
            # Sized as if all output were deployed with lunar chips, so the need does not swing with the growth a
            # step refuses. (No fab planned or built: nothing to size.)
            fab_gap = 0.0
            if x.fab_plan[i, j] > 0.0 or fab > 0.0:
                q_local_chips = output_allowed_by_earth(capacity - city_earth, closure, 1.0, launcher_demand,
                                                        local_mass, c.sat_earth_parts[i], chip_mass, np.inf, 0.0)
                sats_need = min(q_factory, q_power, q_local_chips) / (local_mass + chip_mass)
                fab_gap = max(min(x.fab_plan[i, j], min(sats_need, room) * (1.0 + c.margin[i]))
                              - fab * (1.0 - c.depreciation[i] * dt), 0.0)
            # No faster than the plan's own pace: a fab is built in stages, not in a month (a self-sufficient
            # base's own fab keeps pace with its material: no cap).
            pace_cap = c.fab_pace[i] * max(fab, c.fab_first[i]) if c.fab_pace[i] < np.inf else np.inf
            fab_rate = min(fab_gap / dt, pace_cap)
            if c.fab_tool_mass[i] > 0.0:
                fab_rate = min(fab_rate, reinvest * (capacity - city_earth) / c.fab_tool_mass[i])
            fab_earth = fab_rate * c.fab_tool_mass[i]
            fab_local_demand = fab_rate * c.fab_local_mass[i]
            infra_demand = launcher_demand
            q_earth = output_allowed_by_earth(capacity - city_earth - fab_earth, closure, deploy_share, infra_demand,
                                              local_mass, c.sat_earth_parts[i], chip_mass, local_chips, earth_chips)
            # What Earth could keep busy with no city to feed: the work the crew follows next step.
            q_earth_work = output_allowed_by_earth(capacity - fab_earth, closure, deploy_share, infra_demand,
                                                   local_mass, c.sat_earth_parts[i], chip_mass, local_chips,
                                                   earth_chips)
            # Material within reach: what is left to mine, at this step's closure (share of product mined here).
            q_material = (mineable - mined) / (closure * dt) if closure > 0.0 else np.inf
            q = min(q_factory, q_power, q_earth, q_material)

            # Growth is decided before deployment: the reinvested share, power first, then factories only as far
            # as Earth supply lets them work (at a power or material ceiling, only what can work). Growth refused
            # is deployed instead, as far as Earth supply lets the extra satellites have their Earth parts; the
            # output is then re-solved with that growth held fixed, so the same step uses Earth's capacity (a
            # growth share carried to the next step instead made output, and Earth's use, swing step to step).
            at_ceiling = power >= power_ceiling * (1.0 - 1e-9)
            power_kept = power * (1.0 - c.pv_degradation[i] * dt)
            power_wanted = min((crew * c.power_per_person[i] + launch_needed * e_launch
                                + (e_product + e_chips) * q_factory) * (1.0 + c.margin[i]), power_ceiling)
            power_need = (power_wanted - power_kept) * c.power_mass_per_w[i] / dt if c.power_mass_per_w[i] > 0.0 \
                else 0.0
            # Factories are grown only to the output Earth can supply with all of it deployed: what the base
            # works at once growth stops (sized to the reinvesting share's larger limit, they would stand idle).
            # With a fab under way, factories are sized for the chips it will make (every satellite's from the
            # base) and for Earth's capacity once its tools have landed, so the fab and the factories do not wait
            # on each other in turn.
            chips_sizing, tools_sizing = (np.inf, 0.0) if x.fab_plan[i, j] > 0.0 else (local_chips, fab_earth)
            q_earth_deployed = output_allowed_by_earth(capacity - city_earth - tools_sizing, closure, 1.0,
                                                       infra_demand, local_mass, c.sat_earth_parts[i], chip_mass,
                                                       chips_sizing, earth_chips)
            q_supply = min(q_earth_deployed, q_material, q_power if at_ceiling else np.inf)
            grown = reinvest * q
            for _ in range(3):
                g_power = first_claim(grown, power_need)
                g_fab = first_claim(grown - g_power, fab_local_demand)
                if c.fab_local_mass[i] > 0.0:
                    fab_rate = min(fab_rate, g_fab / c.fab_local_mass[i])
                g_factory = factory_growth_allowed(grown - g_power - g_fab, q_supply, q_factory, factory,
                                                   c.productivity[i], crew_share, c.margin[i], c.depreciation[i], dt)
                tools_used = fab_rate * c.fab_tool_mass[i]
                if g_power + g_fab + g_factory >= grown and tools_used >= fab_earth:
                    break
                grown = g_power + g_fab + g_factory
                fab_earth, fab_local_demand = tools_used, g_fab
                imported_growth = (1.0 - closure) * grown
                q_earth = grown + output_allowed_by_earth(capacity - city_earth - fab_earth - imported_growth,
                                                          closure, 1.0, infra_demand, local_mass,
                                                          c.sat_earth_parts[i], chip_mass, local_chips, earth_chips)
                q_earth_work = grown + output_allowed_by_earth(capacity - fab_earth - imported_growth, closure, 1.0,
                                                               infra_demand, local_mass, c.sat_earth_parts[i],
                                                               chip_mass, local_chips, earth_chips)
                q = max(min(q_factory, q_power, q_earth, q_material), grown)
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
            if bind == POWER and at_ceiling:
                bind = c.power_ceiling_code[i]
            inventory = max(inventory + (sats_built - launched) * dt, 0.0)

            # Satellite material that found no chips (or no room) grows the base where it can; the rest is not
            # made (output nobody needs).
            g_power_more = first_claim(material_left, power_need - g_power)
            g_factory_more = factory_growth_allowed(material_left - g_power_more, q_supply, q_factory,
                                                    factory + g_factory * dt, c.productivity[i], crew_share,
                                                    c.margin[i], c.depreciation[i], dt)
            g_power += g_power_more
            g_factory += g_factory_more
            q = max(q - (material_left - g_power_more - g_factory_more), 0.0)
            if c.power_mass_per_w[i] > 0.0:
                power_next = power_kept + g_power * dt / c.power_mass_per_w[i]
            else:  # weightless power: whatever is wanted is there
                power_next = max(power_wanted, power_kept)
            imports = q * (1.0 - closure)
            fab_tools = fab_rate * c.fab_tool_mass[i]
            earth_used = (city_earth + imports + sats_built * c.sat_earth_parts[i] + chips_from_earth * chip_mass
                          + fab_tools)

            out.factory_mass[i, j] = factory
            out.power_capacity[i, j] = power
            out.launcher_mass[i, j] = launchers
            out.mass_drivers[i, j] = drivers
            out.crew[i, j] = crew
            out.crew_factor[i, j] = crew_share
            out.output[i, j] = q
            out.output_factory_limit[i, j] = q_factory
            out.output_power_limit[i, j] = q_power
            out.output_earth_limit[i, j] = q_earth
            out.satellites_built[i, j] = sats_built
            out.satellites_launched[i, j] = launched
            out.satellite_inventory[i, j] = inventory
            out.binding[i, j] = bind
            out.earth_landed[i, j] = earth_used
            out.earth_city[i, j] = city_earth
            out.earth_chips[i, j] = chips_from_earth
            out.local_chips[i, j] = chips_here
            out.power_city[i, j] = p_city
            out.power_launch[i, j] = launched * sat_mass * e_launch
            out.power_industry[i, j] = q * e_product
            out.growth_power[i, j] = g_power
            out.growth_launchers[i, j] = g_launchers
            out.growth_factory[i, j] = g_factory
            out.launch_capacity[i, j] = launch_cap_full
            out.earth_product_imports[i, j] = imports
            out.fab_capacity[i, j] = fab
            out.fab_built[i, j] = fab_rate
            out.power_fab[i, j] = chips_here * c.fab_energy[i]
            out.earth_fab[i, j] = fab_tools
            out.growth_fab[i, j] = g_fab

            net = g_factory - c.depreciation[i] * factory
            rate_dt = net / factory * dt if factory > 0.0 else 0.0
            factory += net * dt * (np.expm1(rate_dt) / rate_dt if abs(rate_dt) > 1e-12 else 1.0)
            power = power_next
            mined += q * closure * dt
            in_shell = in_shell * survive + launched * shell_room_per_launch * dt
            launchers += g_launchers * dt
            fab += (fab_rate - c.depreciation[i] * fab) * dt
            crew_before = crew
            built_before = sats_built
            q_earth_before = q_earth
            deployed_before = (q - grown) / q if q > 0.0 else 0.0
            q_outside_before = min(q_power + p_city / (e_product + e_chips) if e_product + e_chips > 0.0
                                   else np.inf, q_earth_work, q_material)
            housed = max(housed, crew)


def reference_grow(constants: BaseConstants, drivers: BaseDrivers) -> BaseState:
    """``surface_base.grow`` with the reference loop: the same broadcasting, the same outputs."""
    n = int(np.broadcast(*[np.asarray(x) for x in constants]).size)
    n = max(n, *(np.shape(s)[0] if np.ndim(s) == 2 else 1 for s in drivers))
    steps = np.shape(drivers.active)[-1]
    c = BaseConstants(*(np.ascontiguousarray(np.broadcast_to(np.asarray(x, dtype=float).reshape(-1), (n,)))
                        for x in constants))  # as grow() did
    x = BaseDrivers(*(np.ascontiguousarray(np.broadcast_to(s, (n, steps)), dtype=float) for s in drivers))
    out = BaseState(*(np.empty((n, steps)) for _ in BaseState._fields))
    reference_loop(c, x, out)
    return out


def captured_inputs(name: str, samples: int) -> dict:
    """The loop's inputs for a preset: its scalar scenario's and its study chunk's (each (constants, drivers))."""
    return preset_calls(sb, "grow", name, samples, keep=lambda c, x, kept=None: (c, x))


def best_times(func, repeat: int) -> tuple[float, float]:
    """The least wall time and the least CPU time of ``repeat`` calls, s."""
    wall, cpu = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        func()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return min(wall), min(cpu)


def asm_counts() -> dict[str, int]:
    """How many packed and scalar double-precision instructions the compiled loop holds, by register width."""
    fresh = njit(error_model="numpy", nogil=True)(sb._grow.py_func)  # as compiled_loop, uncached: inspectable
    with quiet_inlining():
        for sig in sb._grow.signatures:
            fresh.compile(sig)
    asm = "\n".join(fresh.inspect_asm(sig) for sig in fresh.signatures)
    return {"zmm (512-bit)": len(re.findall(r"\bv\w+pd\b[^\n]*%zmm", asm)),
            "ymm (256-bit)": len(re.findall(r"\bv\w+pd\b[^\n]*%ymm", asm)),
            "scalar (sd)": len(re.findall(r"\bv\w+sd\b", asm))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=512)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--presets", default="", help="comma-separated; default: every surface-base preset")
    parser.add_argument("--asm", action="store_true")
    args = parser.parse_args()
    names = args.presets.split(",") if args.presets else preset_names()  # those of other routes capture nothing
    print(f"{'preset':<22} {'case':<7} {'samples':>7} {'steps':>5}  {'reference us/sample':>19}  "
          f"{'blocked us/sample':>17}  {'ratio (CPU)':>11}  identical")
    failed = []
    for name in names:
        for case, (constants, drivers) in captured_inputs(name, args.samples).items():
            reference, blocked = reference_grow(constants, drivers), sb.grow(constants, drivers)
            same = all(np.array_equal(a, b, equal_nan=True) for a, b in zip(reference, blocked, strict=True))
            if not same:
                failed.append(f"{name} {case}: " + ", ".join(
                    field for field, a, b in zip(BaseState._fields, reference, blocked, strict=True)
                    if not np.array_equal(a, b, equal_nan=True)))
            n, steps = blocked.binding.shape
            ref_wall, ref_cpu = best_times(lambda c=constants, x=drivers: reference_grow(c, x), args.repeat)
            new_wall, new_cpu = best_times(lambda c=constants, x=drivers: sb.grow(c, x), args.repeat)
            print(f"{name:<22} {case:<7} {n:>7} {steps:>5}  {ref_wall / n * 1e6:>8.1f} ({ref_cpu / n * 1e6:>7.1f} CPU)"
                  f"  {new_wall / n * 1e6:>6.1f} ({new_cpu / n * 1e6:>6.1f} CPU)  {ref_cpu / new_cpu:>11.2f}  "
                  f"{'yes' if same else 'NO'}")
    if args.asm:
        for width, count in asm_counts().items():
            print(f"double-precision instructions in _grow, {width}: {count}")
    if failed:
        raise SystemExit("outputs differ: " + "; ".join(failed))


if __name__ == "__main__":
    main()
