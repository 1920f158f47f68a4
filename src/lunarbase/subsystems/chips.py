"""Accelerators: supply from Earth (a share of world output) and from an optional lunar fab.

Chip supply is counted in watts of accelerator power per second (W/s), so that it divides directly into
satellites by their compute power. Efficiency (FLOP/s per W) improves by year until it flattens.
"""

import numpy as np

from lunarbase.constants import YEAR


def _grow(value, rate_per_s, years):
    return value * np.exp(rate_per_s * np.asarray(years, dtype=float) * YEAR)


def flops_per_watt(t_years, flops_per_unit, power_per_unit, reference_year, growth, end_year):
    """FLOP/s per W of the accelerators made in year t: (F/P)_ref * exp(g * (min(t, t_end) - t_ref))."""
    years = np.minimum(np.asarray(t_years, dtype=float), end_year) - reference_year
    return _grow(flops_per_unit / power_per_unit, growth, years)


def earth_supply(t_years, reference_year, world_output, world_output_growth, share_to_base):
    """Accelerator power the base can buy from Earth, W/s: share * world output growing exponentially."""
    return share_to_base * _grow(world_output, world_output_growth, np.asarray(t_years) - reference_year)


def lunar_fab_supply(t_years, enabled, opening_year, capacity, growth):
    """Accelerator power made on the Moon, W/s: none before the fab opens, then growing."""
    years = np.asarray(t_years, dtype=float) - opening_year
    return np.where(np.logical_and(enabled, years >= 0.0), _grow(capacity, growth, np.maximum(years, 0.0)), 0.0)


def unit_cost(t_years, cost_per_unit, decline, reference_year):
    """Price of one accelerator in year t, USD, falling at a continuous rate."""
    return _grow(cost_per_unit, -np.asarray(decline), np.asarray(t_years) - reference_year)


def supply_series(chips, t_years):
    """Earth and lunar accelerator supply (W/s) for a ``chips`` parameter section over ``t_years``."""
    earth = earth_supply(t_years, chips.reference_year, chips.world_output, chips.world_output_growth,
                         chips.share_to_base)
    if not np.any(chips.lunar_fab):  # no fab: its year, capacity and growth do nothing (and are not read)
        return earth, np.zeros_like(np.asarray(t_years, dtype=float))
    lunar = lunar_fab_supply(t_years, chips.lunar_fab, chips.lunar_fab_year, chips.lunar_fab_capacity,
                             chips.lunar_fab_growth)
    return earth, lunar
