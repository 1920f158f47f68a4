"""Accelerators: supply from Earth (a share of world output) and from an optional lunar fab.

Chip supply is counted in watts of accelerator power per second (W/s), so that it divides directly into
satellites by their compute power. Efficiency (FLOP/s per W, in the number format ``chips.number_format``)
improves by year on a logistic curve that saturates at a technological ceiling, a multiple of the reference
chip (Ho, Erdil & Besiroglu 2023 for CMOS); neither the reference chip nor the ceiling may pass the
thermodynamic floor of computation at the temperature where the heat leaves (Landauer 1961).
"""

import numpy as np

from lunarbase.constants import YEAR
from lunarbase.physics.computation import landauer_flops_per_watt


def _grow(value, rate_per_s, years):
    return value * np.exp(rate_per_s * np.asarray(years, dtype=float) * YEAR)


def flops_per_watt(t_years, flops_per_unit, power_per_unit, reference_year, growth, ceiling_factor):
    """FLOP/s per W of the accelerators made in year t, a logistic curve from the reference chip to a ceiling.

    E(t) = E_max / (1 + (k - 1) exp(-g (t - t_ref))), with E_ref = (F/P)_ref and E_max = k E_ref: E(t_ref) =
    E_ref, the growth rate is g (1 - E/E_max), so g while far below the ceiling, and E rises towards E_max
    without reaching it (dE/dt = g E (1 - E/E_max), Verhulst's law). k = 1 or g = 0 hold E at E_ref.
    """
    reference = np.asarray(flops_per_unit, dtype=float) / power_per_unit
    ceiling = reference * ceiling_factor
    years = np.asarray(t_years, dtype=float) - reference_year
    # Far before t_ref the exponential overflows (inf) and E -> 0, as it should: inf in the denominator.
    with np.errstate(over="ignore"):
        decay = np.exp(-np.asarray(growth, dtype=float) * years * YEAR)
        return ceiling / (1.0 + (np.asarray(ceiling_factor, dtype=float) - 1.0) * decay)


def efficiency_series(chips, t_years):
    """FLOP/s per W of the accelerators made in each of ``t_years`` for a ``chips`` parameter section."""
    return flops_per_watt(t_years, chips.flops_per_unit, chips.power_per_unit, chips.reference_year,
                          chips.efficiency_growth, chips.efficiency_ceiling_factor)


def efficiency_problems(chips, heat_temperature, where: str, samples_named=lambda bad: "") -> list[str]:
    """The chip's efficiencies that pass the thermodynamic floor, one line each (empty when none does).

    The floor is Landauer's 1 / (bits k_B T ln 2) at ``heat_temperature`` (K), the temperature where the
    heat leaves (``where`` says which, for the message), with ``chips.bits_erased_per_flop`` bits per FLOP.
    The reference chip (``chips.flops_per_unit`` at ``chips.power_per_unit``) and the ceiling
    (``chips.efficiency_ceiling_factor`` times it) must both stay at or below it. ``samples_named(bad)``
    names the offending samples of a draw.
    """
    limit = landauer_flops_per_watt(heat_temperature, chips.bits_erased_per_flop)
    reference = np.asarray(chips.flops_per_unit, dtype=float) / chips.power_per_unit
    ceiling = reference * chips.efficiency_ceiling_factor
    floor = (f"the Landauer limit {np.min(limit):.3g} FLOP/s per W at {where} "
             f"({np.max(heat_temperature):.4g} K, chips.bits_erased_per_flop {np.max(chips.bits_erased_per_flop):.3g})")
    out = []
    if np.any(reference > limit):
        bad = np.broadcast_to(reference > limit, np.broadcast(reference, limit).shape)
        out.append(f"chips.flops_per_unit: got {np.max(chips.flops_per_unit):.4g} FLOP/s at "
                   f"{np.min(chips.power_per_unit):.4g} W, {np.max(reference):.3g} FLOP/s per W, beyond {floor}; "
                   f"expected at most {np.min(limit * chips.power_per_unit):.4g} FLOP/s{samples_named(bad)}")
    elif np.any(ceiling > limit):
        bad = np.broadcast_to(ceiling > limit, np.broadcast(ceiling, limit).shape)
        out.append(f"chips.efficiency_ceiling_factor: got {np.max(chips.efficiency_ceiling_factor):.4g}, a ceiling "
                   f"of {np.max(ceiling):.3g} FLOP/s per W, beyond {floor}; expected at most "
                   f"{np.min(limit / reference):.4g}{samples_named(bad)}")
    return out


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
