"""Costs: learning curves, spending by item, and the levelized cost of compute (discounted, per FLOP delivered)."""

import numpy as np


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


def cost_per_pflops_year(cumulative_spend_usd, cumulative_flop):
    """Cumulative spend per PFLOP/s-year of computing delivered, USD (NaN before any is delivered)."""
    pflops_years = np.asarray(cumulative_flop, dtype=float) / (1e15 * 365.25 * 86400.0)
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
    """
    t = np.asarray(t_years, dtype=float)
    return (1.0 + np.asarray(rate, dtype=float)) ** -(t - t[..., :1])


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


def add_spending_series(series: dict, spend: dict, dt_s: float, t_years, discount_rate) -> None:
    """Add to ``series`` each item's spending rate (USD/s), the total, the cumulative spend (USD) and the cost
    yardsticks, from ``spend`` (USD per step by item); every route's composition ends with this, so all are
    measured alike. The headline is the levelized cost (USD per FLOP delivered, discounted at the route's
    ``discount_rate``, through each step); the undiscounted cumulative spend per W deployed and per PFLOP/s-year
    done are kept beside it, labelled as such. Needs ``compute_launch_rate``, ``installed_flops`` and
    ``delivered_flops``.
    """
    for item, usd in spend.items():
        series[f"spend_{item}"] = usd / dt_s
    total = sum(spend.values())
    series["spend_total"] = total / dt_s
    cumulative = np.cumsum(total, axis=-1)
    series["cumulative_spend"] = cumulative
    delivered = np.cumsum(series["compute_launch_rate"] * dt_s, axis=-1)
    flop_done = np.cumsum(series["installed_flops"] * dt_s, axis=-1)
    series["cost_per_watt"] = cost_per_watt(cumulative, delivered)
    series["cost_per_pflops_year"] = cost_per_pflops_year(cumulative, flop_done)
    discount = discount_factors(t_years, np.reshape(discount_rate, (-1, 1)))
    series["levelized_cost"] = levelized_cost(total, series["delivered_flops"] * dt_s, discount)
