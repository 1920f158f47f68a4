"""Accelerators: supply from Earth (a share of world output) and from an optional lunar fab.

Chip supply is counted in watts of accelerator power per second (W/s), so that it divides directly into
satellites by their compute power. Efficiency (FLOP/s per W, in the number format ``chips.number_format``)
improves by year on a logistic curve that saturates at a technological ceiling, a multiple of the reference
chip (Ho, Erdil & Besiroglu 2023 for CMOS); neither the reference chip nor the ceiling may pass the
thermodynamic floor of computation at the temperature where the heat leaves (Landauer 1961).
"""

import numpy as np

from lunarbase._jit import compiled_loop
from lunarbase.constants import YEAR
from lunarbase.physics.computation import landauer_flops_per_watt
from lunarbase.physics.growth import column, grid_of_columns

# The laws below, on a grid of steps against per-sample columns (``growth.grid_of_columns``), take the same operations
# in compiled passes about NumPy's exponential: the exponent, NumPy's exp in place, then the law's own arithmetic
# (the same numbers, without the (n, steps) temporaries of each NumPy operation). Other shapes take the formulas.


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
    t = np.asarray(t_years, dtype=float)
    growth, ceiling_factor = np.asarray(growth, dtype=float), np.asarray(ceiling_factor, dtype=float)
    shape = grid_of_columns(t, ceiling, reference_year, growth, ceiling_factor)
    if shape is not None:
        n = 1 if len(shape) == 1 else shape[0]
        out = _exp_of_grid(t, -growth, reference_year, n, clamp=False)
        _logistic_loop(column(ceiling, n), column(ceiling_factor - 1.0, n), out)
        return out.reshape(shape)
    years = t - reference_year
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
    t = np.asarray(t_years, dtype=float)
    shape = grid_of_columns(t, reference_year, world_output, world_output_growth, share_to_base)
    if shape is not None:
        n = 1 if len(shape) == 1 else shape[0]
        out = _exp_of_grid(t, world_output_growth, reference_year, n, clamp=False)
        _scaled_loop(column(share_to_base, n), column(world_output, n), out)
        return out.reshape(shape)
    return share_to_base * _grow(world_output, world_output_growth, np.asarray(t_years) - reference_year)


def lunar_fab_supply(t_years, enabled, opening_year, capacity, growth):
    """Accelerator power made on the Moon, W/s: none before the fab opens, then growing."""
    t = np.asarray(t_years, dtype=float)
    shape = grid_of_columns(t, enabled, opening_year, capacity, growth)
    if shape is not None:
        n = 1 if len(shape) == 1 else shape[0]
        out = _exp_of_grid(t, growth, opening_year, n, clamp=True)
        _opened_loop(t, column(np.asarray(enabled, dtype=bool), n), column(opening_year, n), column(capacity, n), out)
        return out.reshape(shape)
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


def _exp_of_grid(t, rate_per_s, since_year, n, clamp):
    """exp(k (t - t0) yr) on the grid, (n, steps), as ``_grow`` takes it (with max(t - t0, 0) for ``clamp``)."""
    out = np.empty((n, t.size))
    _exponent_loop(t, column(rate_per_s, n), column(since_year, n), clamp, float(YEAR), out)
    with np.errstate(over="ignore"):
        np.exp(out, out=out)
    return out


@compiled_loop
def _exponent_loop(t, rate, since, clamp, year_s, out):
    """k (t - t0) yr, or k max(t - t0, 0) yr (``np.maximum``'s: NaN carries), row by row."""
    for i in range(out.shape[0]):
        k, t0 = rate[i], since[i]
        for j in range(t.size):
            years = t[j] - t0
            if clamp:
                years = years if (years >= 0.0 or years != years) else 0.0
            out[i, j] = k * years * year_s


@compiled_loop
def _logistic_loop(ceiling, factor_less_one, decay):
    """``flops_per_watt``'s E_max / (1 + (k - 1) decay), in place of ``decay``."""
    for i in range(decay.shape[0]):
        c, f = ceiling[i], factor_less_one[i]
        for j in range(decay.shape[1]):
            decay[i, j] = c / (1.0 + f * decay[i, j])


@compiled_loop
def _scaled_loop(share, value, grown):
    """``earth_supply``'s share * (value * exp(.)), in place of the exponential."""
    for i in range(grown.shape[0]):
        s, v = share[i], value[i]
        for j in range(grown.shape[1]):
            grown[i, j] = s * (v * grown[i, j])


@compiled_loop
def _opened_loop(t, enabled, opening_year, capacity, grown):
    """``lunar_fab_supply``'s capacity * exp(.) from the opening on where the fab is enabled, else none, in place."""
    for i in range(grown.shape[0]):
        on, t0, c = enabled[i] != 0.0, opening_year[i], capacity[i]
        for j in range(grown.shape[1]):
            v = c * grown[i, j]
            grown[i, j] = v if (on and t[j] - t0 >= 0.0) else 0.0
