"""Industry bootstrapping: a factory that makes product from regolith and grows by reinvesting it.

After Metzger et al. 2013 (J. Aerospace Eng. 26:18) and NASA CP-2255 (1980, Freitas & Gilbreath).
Output Q = k * F * crew factor, limited by power (Q <= P_free / e) and by what Earth can land for the
imported share (1 - closure) of product and the Earth-made parts of satellites. A share r of output
grows the base (power first, then factories); the rest is deployed (launchers first, then satellites).
With nothing else binding, dF/dt = r k F, so F doubles every ln 2 / (r k).
"""

import math

import numpy as np

from lunarbase._jit import compiled_loop, jitable
from lunarbase.constants import YEAR
from lunarbase.constraints import CREW, EARTH_SUPPLY, FACTORY, POWER
from lunarbase.physics.growth import column, grid_of_columns


def closure(t_years, start_year, initial, final, time_constant_s):
    """Share of product mass made of lunar material: final - (final - initial) exp(-(t - t0)/tau).

    On a grid of steps against per-sample columns (``growth.grid_of_columns``), the same operations in compiled
    passes about NumPy's exponential (the same numbers, without the (n, steps) temporaries)."""
    t = np.asarray(t_years, dtype=float)
    shape = grid_of_columns(t, start_year, initial, final, time_constant_s)
    if shape is not None:
        n = 1 if len(shape) == 1 else shape[0]
        out = np.empty((n, t.size))
        _closure_exponent_loop(t, column(start_year, n), column(time_constant_s, n), float(YEAR), out)
        np.exp(out, out=out)
        _closure_loop(column(final, n), column(np.asarray(final, dtype=float) - initial, n), out)
        return out.reshape(shape)
    age_s = np.maximum((t - start_year) * YEAR, 0.0)
    return final - (final - initial) * np.exp(-age_s / time_constant_s)


@compiled_loop
def _closure_exponent_loop(t, start, time_constant, year_s, out):
    """``closure``'s -max((t - t0) yr, 0) / tau (``np.maximum``'s: NaN carries)."""
    for i in range(out.shape[0]):
        t0, tau = start[i], time_constant[i]
        for j in range(t.size):
            age = (t[j] - t0) * year_s
            age = age if (age >= 0.0 or age != age) else 0.0
            out[i, j] = -age / tau


@compiled_loop
def _closure_loop(final, gap, decay):
    """``closure``'s final - (final - initial) exp(.), in place of the exponential."""
    for i in range(decay.shape[0]):
        f, g = final[i], gap[i]
        for j in range(decay.shape[1]):
            decay[i, j] = f - g * decay[i, j]


def doubling_time(productivity, reinvestment_fraction):
    """Doubling time of the factory when nothing else binds, ln 2 / (r k), s."""
    return math.log(2.0) / (np.asarray(reinvestment_fraction) * np.asarray(productivity))


@jitable
def satellites_from_material(material, local_mass_per_sat, chip_mass_per_sat, local_chips, earth_chips):
    """Satellites per second that ``material`` kg/s of lunar product makes, lunar chips first. Scalar, compiled.

    A satellite takes ``local_mass_per_sat`` of product, plus its accelerators' mass when they come from the
    lunar fab (Earth-made accelerators are shipped). At most ``local_chips + earth_chips`` satellites' worth.
    """
    with_local_chips = local_mass_per_sat + chip_mass_per_sat
    if material <= local_chips * with_local_chips:
        return material / with_local_chips
    return min(local_chips + (material - local_chips * with_local_chips) / local_mass_per_sat,
               local_chips + earth_chips)


@jitable(inline="always")  # inlined before LLVM sees it: the growth loop's SIMD lanes need no call
def output_allowed_by_earth(earth_free, closure_now, deploy_share, launcher_demand, local_mass_per_sat,
                            earth_parts_per_sat, chip_mass_per_sat, local_chips, earth_chips):
    """Largest output Q (kg/s) whose Earth needs fit in ``earth_free`` kg/s. Scalar, compiled.

    The deployment share s of Q builds launchers first (up to ``launcher_demand`` D kg/s), then satellites
    S = :func:`satellites_from_material` of (s Q - D)+. Earth needs
    E(Q) = Q (1 - c) + S m_parts + max(S - C_lunar, 0) m_chips: continuous, piecewise linear and
    increasing, inverted segment by segment. Chip supplies are in satellites' worth per second.
    """
    imported = 1.0 - closure_now
    if deploy_share <= 0.0 or local_mass_per_sat <= 0.0:
        return earth_free / imported if imported > 0.0 else math.inf
    q0 = launcher_demand / deploy_share
    if imported > 0.0 and earth_free <= imported * q0:
        return earth_free / imported
    rest = earth_free - imported * q0
    with_local_chips = local_mass_per_sat + chip_mass_per_sat
    slope1 = imported + deploy_share / with_local_chips * earth_parts_per_sat
    slope2 = imported + deploy_share / local_mass_per_sat * (earth_parts_per_sat + chip_mass_per_sat)
    span1 = local_chips * with_local_chips / deploy_share
    span2 = earth_chips * local_mass_per_sat / deploy_share
    e1 = span1 * slope1
    e2 = e1 + span2 * slope2
    if rest <= e1:
        return q0 + (rest / slope1 if slope1 > 0.0 else math.inf)
    if rest <= e2:
        return q0 + span1 + ((rest - e1) / slope2 if slope2 > 0.0 else math.inf)
    return q0 + span1 + span2 + ((rest - e2) / imported if imported > 0.0 else math.inf)


@jitable
def first_claim(available, demand):
    """What a demand takes from a supply served in order: min(available, max(demand, 0)). Scalar, compiled."""
    return min(available, max(demand, 0.0))


@jitable
def industry_binding(q, q_factory, q_power, crew_share):
    """Which limit set output q: the factory (or its crew), power, or Earth supply. Scalar, compiled."""
    if q == q_factory:
        return CREW if crew_share < 1.0 else FACTORY
    return POWER if q == q_power else EARTH_SUPPLY


@jitable
def factory_growth_allowed(growth_left, q_earth, q_factory, factory, productivity, crew_share, margin,
                           depreciation, dt):
    """Factory growth (kg/s) from ``growth_left``: all of it, or, when Earth supply binds, only enough for
    the factory Earth can keep busy, F = Q_E (1 + margin) / (k * crew factor). Scalar, compiled."""
    if q_earth >= q_factory or productivity * crew_share <= 0.0:
        return growth_left
    wanted = q_earth * (1.0 + margin) / (productivity * crew_share)
    return first_claim(growth_left, (wanted - factory * (1.0 - depreciation * dt)) / dt)
