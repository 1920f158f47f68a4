"""The terrestrial route: AI data centres on the ground, held back by grid power, build time and chips.

Facility power that grids can connect grows to a cap (``grid``); it comes online a build time later; its
AI share divided by PUE is IT power, which accelerators (``chips``, Earth's supply) fill and renew at end of
life (``grid.fill_with_chips``). Spending: facility capex per W, chips, electricity at PUE, operations.
The route's "Kardashev level" is that of the electricity it draws (it intercepts no sunlight of its own).
"""

from __future__ import annotations

import numpy as np

from lunarbase.subsystems import chips as chips_mod
from lunarbase.subsystems import economics as econ
from lunarbase.subsystems import fleet, grid
from lunarbase.subsystems.industry import CHIPS, GRID, IDLE


def problems(p) -> list[str]:
    return []


def simulate(p, t_years, dt_s):
    t = np.asarray(t_years, dtype=float)
    g = p.grid
    connectable = grid.capacity_addable(t, g.start_year, g.capacity_added_initial, g.capacity_added_growth,
                                        g.capacity_added_max)  # facility W/s
    build_steps = int(round(g.build_time / dt_s))
    online = grid.delayed(connectable, build_steps)
    it_added = online * g.ai_share / g.pue
    chips_w = chips_mod.earth_supply(t, p.chips.reference_year, p.chips.world_output, p.chips.world_output_growth,
                                     p.chips.share_to_base)
    life_steps = int(round(g.server_lifetime / dt_s))
    deployed_w, grid_bound = grid.fill_with_chips(chips_w, it_added, life_steps)  # W/s of accelerators
    binding = np.where(t < g.start_year, IDLE, np.where(grid_bound, GRID, CHIPS)).astype(float)
    fpw = chips_mod.flops_per_watt(t, p.chips.flops_per_unit, p.chips.power_per_unit, p.chips.reference_year,
                                   p.chips.efficiency_growth, p.chips.efficiency_growth_end_year)
    per_step = deployed_w * dt_s
    installed = fleet.installed(per_step, 1.0, dt_s, 0.0, g.server_lifetime)
    installed_flops = fleet.installed(per_step * fpw, 1.0, dt_s, 0.0, g.server_lifetime)
    facility_power = installed * g.pue  # electricity drawn, W
    facility_built = np.cumsum(online * g.ai_share * dt_s)[None, :]  # AI facility power online, W
    s = {}
    s["binding"] = (binding[None, :] if binding.ndim == 1 else binding, "")
    s["compute_launch_rate"] = (deployed_w, "W/s")
    s["flops_launch_rate"] = (deployed_w * fpw, "FLOP/s2")
    s["installed_compute"] = (installed, "W")
    s["installed_flops"] = (installed_flops, "FLOP/s")
    s["chip_supply"] = (chips_w[None, :], "W/s")
    s["grid_connectable"] = (connectable[None, :], "W/s")
    s["facility_power_online"] = (facility_built, "W")
    s["power_capacity"] = (facility_built, "W")
    s["facility_power_drawn"] = (facility_power, "W")
    share, level = fleet.civilisation_scale(facility_power)
    s["sunlight_captured"] = (0.0 * facility_power, "W")
    s["share_of_sun"] = (share, "")
    s["kardashev"] = (level, "")
    spend = {
        "launch": 0.0 * per_step,
        "hardware": (online * g.ai_share * dt_s * g.capex_per_watt)[None, :],
        "chips": per_step / p.chips.power_per_unit * chips_mod.unit_cost(t, p.chips.cost_per_unit,
                                                                         p.chips.cost_decline, p.chips.reference_year),
        "operations": facility_power * g.electricity_price * dt_s + p.economics.ops_fixed_cost * (t >= g.start_year)
        * dt_s,
    }
    econ.add_spending_series(s, spend, dt_s)
    designs = {"grid": {"pue": g.pue, "build_time": g.build_time, "server_lifetime": g.server_lifetime}}
    return s, designs
