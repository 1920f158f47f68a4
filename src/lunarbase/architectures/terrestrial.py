"""The terrestrial route: AI data centres on the ground, held back by grid power, build time and chips.

Facility power that grids can connect grows to a cap (``grid``); it comes online a build time later; its
AI share divided by PUE is IT power, which accelerators (``chips``, Earth's supply) fill and renew at end of
life (``grid.fill_with_chips``). Spending: facility capex per W, chips, electricity at PUE, operations.
Its Kardashev level is that of the power it uses, as on every route: the electricity its facilities draw.
"""

from __future__ import annotations

import numpy as np

from lunarbase.architectures.route import Design, Route, samples_named
from lunarbase.constants import EARTH_SURFACE_TEMPERATURE
from lunarbase.constraints import CHIPS, GRID, IDLE
from lunarbase.subsystems import chips as chips_mod
from lunarbase.subsystems import economics as econ
from lunarbase.subsystems import fleet, grid


def design(p) -> Design:
    g = p.grid
    return Design(extra={"grid": {"pue": g.pue, "build_time": g.build_time, "server_lifetime": g.server_lifetime}})


def problems(p, d: Design) -> list[str]:
    """The chips' efficiency within Landauer's floor where a data centre's heat leaves: the air, at Earth's mean
    surface temperature; and the route stands on Earth."""
    out = chips_mod.efficiency_problems(p.chips, EARTH_SURFACE_TEMPERATURE, "Earth's mean surface temperature",
                                        samples_named)
    if p.route.body != "earth":
        out.append(f"route.body: got '{p.route.body}' for the terrestrial route; expected 'earth' (data centres on "
                   "Earth's grids)")
    return out


def _steps(duration_s, dt_s) -> np.ndarray:
    """Whole steps in a duration, one per sample."""
    return np.rint(np.ravel(duration_s) / dt_s).astype(int)


def simulate(p, d: Design, t_years, dt_s, wanted=None) -> dict[str, np.ndarray]:
    """The route's series (every one, whatever is ``wanted``: each costs little here)."""
    t = np.asarray(t_years, dtype=float)
    g = p.grid
    connectable = np.atleast_2d(grid.capacity_addable(t, g.start_year, g.capacity_added_initial,
                                                      g.capacity_added_growth, g.capacity_added_max))  # W/s
    online = fleet.delayed(connectable, _steps(g.build_time, dt_s))
    it_added = online * g.ai_share / g.pue
    chips_w = chips_mod.earth_supply(t, p.chips.reference_year, p.chips.world_output, p.chips.world_output_growth,
                                     p.chips.share_to_base)
    deployed_w, grid_bound = grid.fill_with_chips(chips_w, it_added, _steps(g.server_lifetime, dt_s))  # W/s
    binding = np.where(t < g.start_year, IDLE, np.where(grid_bound, GRID, CHIPS)).astype(float)
    fpw = chips_mod.efficiency_series(p.chips, t)
    per_step = deployed_w * dt_s
    installed = fleet.installed(per_step, 1.0, dt_s, 0.0, g.server_lifetime)
    installed_flops = fleet.installed(per_step * fpw, 1.0, dt_s, 0.0, g.server_lifetime)
    facility_power = installed * g.pue  # electricity drawn, W
    facility_built = econ.running_total(online * g.ai_share * dt_s)  # AI facility power online, W
    s = {}
    s["binding"] = binding
    s["compute_launch_rate"] = deployed_w
    s["flops_launch_rate"] = deployed_w * fpw
    s["installed_compute"] = installed
    s["installed_flops"] = installed_flops
    s["peak_flops"] = installed_flops  # nothing on the ground derates its power before the delivery section does
    s["delivered_flops"] = fleet.delivered(installed_flops, p.delivery)  # fibre: every workload uses it all
    for name in ("training", "batch_inference", "interactive_inference"):
        s[f"usable_{name}"] = np.ones_like(installed_flops)
    s["usable_fraction"] = np.ones_like(installed_flops)
    s["ground_telescopes"] = np.zeros_like(installed_flops)
    s["chip_supply"] = chips_w
    s["grid_connectable"] = connectable
    s["facility_power_online"] = facility_built
    s["power_capacity"] = facility_built
    s["facility_power_drawn"] = facility_power
    s["sunlight_captured"] = 0.0 * facility_power  # it intercepts no sunlight of its own
    s["power_used"] = facility_power  # electricity drawn: IT power times PUE
    s["share_of_sun"], s["kardashev"] = fleet.civilisation_scale(s["sunlight_captured"], facility_power)
    spend = {
        "launch": 0.0 * per_step,
        "hardware": online * g.ai_share * dt_s * g.capex_per_watt,
        "chips": per_step / p.chips.power_per_unit * chips_mod.unit_cost(t, p.chips.cost_per_unit,
                                                                         p.chips.cost_decline, p.chips.reference_year),
        "operations": facility_power * g.electricity_price * dt_s + p.economics.ops_fixed_cost * (t >= g.start_year)
        * dt_s,
        "ground_network": 0.0 * per_step,  # fibre: no receiving telescopes
    }
    econ.add_spending_series(s, spend, dt_s, t, p.economics.discount_rate)
    return s


#: Data centres on the grid as the engine sees it.
ROUTE = Route(kind="terrestrial", design=design, problems=problems, simulate=simulate,
              constraints=("grid", "chips", "idle"))
