"""Costs: learning curves, spending by item, and the levelized cost of compute (discounted, per FLOP delivered)."""

import numpy as np

from lunarbase._jit import compiled_loop
from lunarbase.physics.growth import step_rows


def wright_cost(first_unit_cost, cumulative_units, learning_rate, floor=0.0):
    """Wright's law: cost of unit N = c1 * N^log2(LR), never below ``floor``.

    Wright (1936), J. Aeronautical Sciences 3:122. Each doubling of cumulative units multiplies the
    unit cost by the learning rate LR (0.85 = a 15 % drop per doubling).
    """
    n = np.maximum(np.asarray(cumulative_units, dtype=float), 1.0)
    return np.maximum(first_unit_cost * n ** np.log2(learning_rate), floor)


def cost_per_watt(cumulative_spend_usd, cumulative_compute_w):
    """Cumulative spend per W of compute delivered, USD/W (NaN before any is delivered)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        compute = np.asarray(cumulative_compute_w, dtype=float)
        return np.where(compute > 0, np.asarray(cumulative_spend_usd, dtype=float) / compute, np.nan)


#: FLOP in one PFLOP/s-year (1e15 FLOP/s for a Julian year).
_PFLOPS_YEAR = 1e15 * 365.25 * 86400.0


def cost_per_pflops_year(cumulative_spend_usd, cumulative_flop):
    """Cumulative spend per PFLOP/s-year of computing delivered, USD (NaN before any is delivered)."""
    pflops_years = np.asarray(cumulative_flop, dtype=float) / _PFLOPS_YEAR
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(pflops_years > 0, cumulative_spend_usd / pflops_years, np.nan)


HOURS_PER_YEAR = 8766.0


def ground_energy_cost(it_power_w, years, electricity_price_usd_per_j, pue=1.0):
    """Electricity for ``it_power_w`` over ``years`` on the ground, USD: P * PUE * t * price."""
    return np.asarray(it_power_w, dtype=float) * pue * years * 365.25 * 86400.0 * electricity_price_usd_per_j


def space_power_launch_cost(it_power_w, power_system_mass_per_w, launch_price_usd_per_kg):
    """Launching the arrays and radiators that power ``it_power_w`` in orbit, USD: P * (m/P) * price."""
    return np.asarray(it_power_w, dtype=float) * power_system_mass_per_w * launch_price_usd_per_kg


def parity_launch_price(specific_power_w_per_kg, lifetime_s, electricity_price_usd_per_j, pue=1.0):
    """Launch price at which launching a satellite costs what its power would cost on the ground, USD/kg.

    Suncatcher's yardstick (arXiv:2511.19468): launch cost per kW-year, price / (specific power * life),
    equal to the ground's energy cost per kW-year, PUE * price of electricity * 1 year. So
    price* = specific power * life * PUE * electricity price.
    """
    return np.asarray(specific_power_w_per_kg, dtype=float) * lifetime_s * pue * electricity_price_usd_per_j


def discount_factors(t_years, rate):
    """Each step's weight in a present value, (1 + r)^-(t - t_0), t_0 the first step (years, compounded yearly).

    ``rate`` is a real rate per year (a WACC); it may be an (n, 1) column of samples against the (steps,) grid.
    The last factors are kept (read-only) and handed back for the same grid and rates: a run's spending and its
    levelized cost read the same (samples, steps) powers, the most costly operation of either.
    """
    global _last_discount
    t, r = np.asarray(t_years, dtype=float), np.asarray(rate, dtype=float)
    last = _last_discount
    if last is not None and last[0].shape == t.shape and last[1].shape == r.shape and np.array_equal(
            last[0], t) and np.array_equal(last[1], r):
        return last[2]
    factors = (1.0 + r) ** -(t - t[..., :1])
    factors.flags.writeable = False
    _last_discount = (t.copy(), r.copy(), factors)
    return factors


#: (grid, rates, factors) of the last ``discount_factors``.
_last_discount = None


def capital_recovery_factor(rate, years):
    """CRF = r (1 + r)^n / ((1 + r)^n - 1): the level yearly payment that repays 1 USD over n years at rate r.

    The standard annuity factor of LCOE calculations (e.g. NREL, Simple Levelized Cost of Energy Calculator;
    IEA/NEA, Projected Costs of Generating Electricity 2020); 1/n at r = 0.
    """
    r, n = np.asarray(rate, dtype=float), np.asarray(years, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = (1.0 + r) ** n
        return np.where(r > 0, r * growth / (growth - 1.0), 1.0 / n)


def levelized_cost(spend_per_step, delivered_per_step, discount):
    """Present value of spending over present value of what was delivered, through each step.

    LC = sum_j S_j (1 + r)^-t_j / sum_j D_j (1 + r)^-t_j, the levelized-cost definition of LCOE (IEA/NEA,
    Projected Costs of Generating Electricity 2020; NREL ATB) with compute for energy; the last step's value is
    the horizon's. Constant spending and delivery give S/D at any rate; one outlay C followed by n years of
    output Q gives C * CRF(r, n) / Q. NaN until something is delivered.
    """
    spent = np.cumsum(np.asarray(spend_per_step, dtype=float) * discount, axis=-1)
    done = np.cumsum(np.asarray(delivered_per_step, dtype=float) * discount, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(done > 0, spent / np.where(done > 0, done, 1.0), np.nan)


def running_total(values) -> np.ndarray:
    """``np.cumsum(values, axis=-1)`` (the same sequential sums, so the same numbers), compiled for (rows, steps)
    arrays, where NumPy's cumulative sum along the last axis is several times slower than a pass."""
    values = np.asarray(values, dtype=float)
    if values.ndim != 2:
        return np.cumsum(values, axis=-1)
    values = np.ascontiguousarray(values)
    out = np.empty_like(values)
    _running_total_loop(values, out)
    return out


@compiled_loop
def _running_total_loop(values, out):
    rows, steps = values.shape
    for i in range(rows):
        total = 0.0
        for j in range(steps):
            total += values[i, j]
            out[i, j] = total


def add_spending_series(series: dict, spend: dict, dt_s: float, t_years, discount_rate, wanted=None,
                        total=None) -> None:
    """Add to ``series`` each item's spending rate (USD/s; only those ``wanted``, the route contract's), the total
    (``sum(spend.values())`` unless given), the cumulative spend (USD) and the cost
    yardsticks, from ``spend`` (USD per step by item); every route's composition ends with this, so all are
    measured alike. The headline is the levelized cost (USD per FLOP delivered, discounted at the route's
    ``discount_rate``, through each step); the undiscounted cumulative spend per W deployed and per PFLOP/s-year
    done are kept beside it, labelled as such. Needs ``compute_launch_rate``, ``installed_flops`` and
    ``delivered_flops``.

    The running sums and ratios (``cost_per_watt``, ``cost_per_pflops_year``, ``levelized_cost``) are taken in
    one compiled pass, operation for operation as those functions write them, so the numbers are theirs.
    """
    for item, usd in spend.items():
        if wanted is None or f"spend_{item}" in wanted:
            series[f"spend_{item}"] = usd / dt_s
    total = sum(spend.values()) if total is None else total
    series["spend_total"] = total / dt_s
    discount = discount_factors(t_years, np.reshape(discount_rate, (-1, 1)))
    inputs = [total, series["compute_launch_rate"], series["installed_flops"], series["delivered_flops"], discount]
    shape = np.broadcast_shapes(*(np.shape(x) for x in inputs))
    shape = (1,) * (2 - len(shape)) + shape
    # Each input as rows x steps with its own rows (one, or one per sample): the loop reads row 0 of a shared one.
    rows = [step_rows(x, shape[1]) for x in inputs]
    outputs = [np.empty(shape) for _ in range(4)]
    _spending_loop(*rows, float(dt_s), _PFLOPS_YEAR, *outputs)
    for name, values in zip(("cumulative_spend", "cost_per_watt", "cost_per_pflops_year", "levelized_cost"), outputs,
                            strict=True):
        series[name] = values


@compiled_loop
def _spending_loop(total, launched, installed_flops, delivered_flops, discount, dt, pflops_year,
                   cumulative, per_watt, per_pflops_year, levelized):
    """One pass of ``add_spending_series``'s running sums: np.cumsum's sequential sums, then cost_per_watt,
    cost_per_pflops_year and levelized_cost as those functions compute them (NaN where nothing is done yet)."""
    rows, steps = cumulative.shape
    # Each row's running sums first (sequential), then the ratios over the row in a pass without a carried
    # dependence, which the compiler vectorises (the divisions, not the sums, set the pace).
    deployed_so_far, flop_so_far, spent_pv_so_far, done_pv_so_far = (np.empty(steps), np.empty(steps),
                                                                      np.empty(steps), np.empty(steps))
    for i in range(rows):
        it, il, ii = min(i, total.shape[0] - 1), min(i, launched.shape[0] - 1), min(i, installed_flops.shape[0] - 1)
        idl, idc = min(i, delivered_flops.shape[0] - 1), min(i, discount.shape[0] - 1)
        spent = deployed = flop_done = spent_pv = done_pv = 0.0
        for j in range(steps):
            spent += total[it, j]
            deployed += launched[il, j] * dt
            flop_done += installed_flops[ii, j] * dt
            spent_pv += total[it, j] * discount[idc, j]
            done_pv += delivered_flops[idl, j] * dt * discount[idc, j]
            cumulative[i, j] = spent
            deployed_so_far[j], flop_so_far[j], spent_pv_so_far[j], done_pv_so_far[j] = (deployed, flop_done,
                                                                                          spent_pv, done_pv)
        for j in range(steps):
            spent, deployed, done_pv = cumulative[i, j], deployed_so_far[j], done_pv_so_far[j]
            per_watt[i, j] = spent / deployed if deployed > 0 else np.nan
            pflops_years = flop_so_far[j] / pflops_year
            per_pflops_year[i, j] = spent / pflops_years if pflops_years > 0 else np.nan
            levelized[i, j] = spent_pv_so_far[j] / done_pv if done_pv > 0 else np.nan
