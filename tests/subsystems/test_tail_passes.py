"""The compiled passes of the run's tail (the laws over a chunk's (samples, steps) grids) against the NumPy formulas
they replace, written out here as the modules wrote them: equal to the last bit (``np.array_equal``), in the same
shape and, where sums over a series follow it, the same memory order; edge values included (nothing, infinite
ceilings, overflowing exponentials, NaN)."""

from types import SimpleNamespace

import numpy as np
import pytest

from lunarbase.constants import YEAR
from lunarbase.physics import growth, scales
from lunarbase.scenario.schema import Parameters
from lunarbase.subsystems import chips, fleet, industry, links, logistics
from lunarbase.subsystems import economics as econ

RNG = np.random.default_rng(20261128)
T = 2026.0 + np.arange(900) / 12.0  # a monthly grid, as the routes' runs
N = 48  # samples: (N, 900) float arrays are past NumPy's 256 KiB temporary elision, as a study's chunks


def column(low, high, n=N):
    return RNG.uniform(low, high, (n, 1))


def same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)


def test_capped_growth_since_is_the_numpy_formula_to_the_bit():
    start = column(2024, 2040)
    start[0] = np.nan  # never starts
    start[1] = 2200.0  # after the grid
    rate = column(0.0, 2.0) / YEAR
    rate[2] = 0.0
    rate[3] = 50.0 / YEAR  # past the ceiling within a step; exp overflows
    initial = column(0.0, 5.0)
    initial[4] = 0.0  # nothing grows from nothing
    cap = column(10.0, 1e6)
    cap[5] = np.inf  # no ceiling: grows to inf
    rate[5] = 30.0 / YEAR
    for args in ((start, initial, rate, cap), (2030.0, 1.0, rate, cap), (start, 2.0, 0.4 / YEAR, 1e3),
                 (2030.0, 1.0, 0.4 / YEAR, 1e3)):
        years = T - args[0]
        with np.errstate(over="ignore"):
            formula = np.where(years >= 0.0, growth.capped_exponential(args[1], args[2], np.maximum(years, 0.0)
                                                                       * YEAR, args[3]), 0.0)
            got = growth.capped_growth_since(T, *args)
        assert same(got, formula)
    assert growth.grid_of_columns(T, np.ones(N)) is None  # a row of N values is not a column: NumPy takes it


def test_chip_laws_are_the_numpy_formulas_to_the_bit():
    growth_rate, factor = column(0.0, 0.5) / YEAR, column(1.0, 500.0)
    factor[0] = 1.0  # held at the reference
    flops = chips.flops_per_watt(T, 1e15, 700.0, 2025.0, growth_rate, factor)
    ceiling = np.asarray(1e15) / 700.0 * factor
    decay = np.exp(-growth_rate * (T - 2025.0) * YEAR)
    assert same(flops, ceiling / (1.0 + (factor - 1.0) * decay))
    share, world = column(0.01, 0.3), column(1e3, 1e5)
    assert same(chips.earth_supply(T, 2025.0, world, growth_rate, share),
                share * (world * np.exp(growth_rate * (T - 2025.0) * YEAR)))
    opening, capacity = column(2030, 2060), column(1e3, 1e5)
    enabled = RNG.uniform(size=(N, 1)) < 0.7
    years = T - opening
    fab = np.where(np.logical_and(enabled, years >= 0.0),
                   capacity * np.exp(growth_rate * np.maximum(years, 0.0) * YEAR), 0.0)
    assert same(chips.lunar_fab_supply(T, enabled, opening, capacity, growth_rate), fab)
    # single values on the grid: one row, the grid's shape, as NumPy broadcasts them
    assert same(chips.earth_supply(T, 2025.0, 1e4, 0.2 / YEAR, 0.1), 0.1 * (1e4 * np.exp(0.2 / YEAR * (T - 2025.0)
                                                                                         * YEAR)))


def test_closure_is_the_numpy_formula_to_the_bit():
    start, initial, final, tau = column(2028, 2036), column(0.0, 0.5), column(0.9, 1.0), column(1.0, 20.0) * YEAR
    age = np.maximum((T - start) * YEAR, 0.0)
    assert same(industry.closure(T, start, initial, final, tau), final - (final - initial) * np.exp(-age / tau))
    assert industry.closure(T, 2030.0, 0.5, 0.99, 8 * YEAR).shape == T.shape


def kardashev_formula(p):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p > 0.0, (np.log10(np.where(p > 0.0, p, 1.0)) - 6.0) / 10.0, np.nan)


def test_kardashev_level_is_the_numpy_formula_in_its_memory_order():
    power = RNG.lognormal(30.0, 10.0, (N, 900))
    power[0, :5] = [0.0, -1.0, np.nan, np.inf, 1e16]
    for p in (power, np.asfortranarray(power)):
        got = scales.kardashev_level(p)
        assert same(got, kardashev_formula(p)) and got.flags.f_contiguous == p.flags.f_contiguous
    assert got[0, 4] == pytest.approx(1.0) and np.isnan(got[0, :3]).all()


def test_sized_ground_network_is_the_numpy_formula_to_the_bit():
    k = SimpleNamespace(**{**Parameters().links.model_dump(), "ground_network": "sized"})
    k.ground_aperture = column(2.0, 12.0)
    k.ground_telescope_life = 1e12  # the first purchases alone (rebuilding is links.rebuilt's, tested apart)
    need = RNG.uniform(0.0, 50.0, (N, 900)) * (RNG.uniform(size=(N, 900)) < 0.8)
    need[3, 10] = np.nan  # NaN carries on through np.maximum's running maximum
    built, capital, ops = links.ground_network(k, need, need, 2.6e6)
    running = np.maximum.accumulate(need / k.links_per_telescope, axis=-1)
    cost = np.reshape(links.telescope_cost(k), (-1, 1))
    assert same(built, running)
    assert same(capital, np.diff(running, axis=-1, prepend=0.0) * cost)
    assert same(ops, running * np.reshape(links.telescope_cost(k) * k.ground_telescope_ops_share, (-1, 1)) * 2.6e6)


def test_launch_price_is_wrights_law_to_the_bit():
    k = SimpleNamespace(**Parameters().logistics.model_dump())
    k.learning_rate, k.price_to_leo_floor, k.tankers_per_flight = column(0.7, 0.95), column(10, 200), column(4, 18)
    k.price_to_leo_floor[0] = np.nan
    cumulative = np.cumsum(RNG.uniform(0.0, 300.0, (N, 900)) * (RNG.uniform(size=(N, 900)) < 0.9), axis=-1)
    per_kg = np.maximum(k.price_to_leo_initial * np.maximum(cumulative, 1.0) ** np.log2(k.learning_rate),
                        k.price_to_leo_floor)
    formula = (1.0 + k.tankers_per_flight) * (per_kg * k.launch_payload_to_leo) / k.payload_per_flight
    assert same(logistics.price_per_kg_delivered(cumulative, k), formula)
    assert np.isnan(formula[0]).all()


def test_spending_yardsticks_are_the_functions_to_the_bit():
    total = RNG.uniform(0, 1e9, (N, 900))
    series = {"compute_launch_rate": RNG.uniform(0, 1e3, (N, 900)) * (T >= 2035),
              "installed_flops": RNG.uniform(0, 1e20, (N, 900)) * (T >= 2036),
              "delivered_flops": RNG.uniform(0, 1e20, (N, 900)) * (T >= 2037)}
    rate = column(0.03, 0.3)
    econ.add_spending_series(series, {"all": total}, 2.6e6, T, rate)
    spent = np.cumsum(total, axis=-1)
    assert same(series["cumulative_spend"], spent)
    assert same(series["cost_per_watt"], econ.cost_per_watt(spent, np.cumsum(series["compute_launch_rate"] * 2.6e6,
                                                                             axis=-1)))
    assert same(series["cost_per_pflops_year"],
                econ.cost_per_pflops_year(spent, np.cumsum(series["installed_flops"] * 2.6e6, axis=-1)))
    discount = (1.0 + rate) ** -(T - T[:1])
    assert same(series["levelized_cost"], econ.levelized_cost(total, series["delivered_flops"] * 2.6e6, discount))


def test_discount_factors_are_kept_for_the_same_grid_and_rates_only():
    rate = column(0.03, 0.3)
    first = econ.discount_factors(T, rate)
    assert econ.discount_factors(T, rate.copy()) is first and not first.flags.writeable
    other = econ.discount_factors(T, rate + 0.01)
    assert other is not first and same(other, (1.0 + (rate + 0.01)) ** -(T - T[:1]))
    assert same(econ.discount_factors(T[:10], rate), (1.0 + rate) ** -(T[:10] - T[:1]))


def test_the_kernel_over_its_service_steps_is_the_whole_kernel_cut():
    life, fail = column(2.0, 12.0)[:, 0] * YEAR, column(0.0, 0.1)[:, 0] / YEAR
    dt = YEAR / 12
    service = fleet.service_steps(T.size, dt, life)
    assert service < T.size
    for wear, spares in ((0.0, 0.0), (0.05 / YEAR, 0.2)):
        whole = fleet.kernel(T.size, dt, fail, life, wear, spares)
        assert same(fleet.kernel(service, dt, fail, life, wear, spares), whole[:, :service])
        assert np.abs(whole[:, service:]).max() < 1e-12  # retired: zero but for the recurrences' round-off


def test_delivered_is_the_waterfalls_products_to_the_bit():
    delivery = SimpleNamespace(power_thermal_derating=column(0.8, 1.0), availability=0.97, utilisation=column(0.5, 1))
    powered, usable = RNG.uniform(0, 1e20, (N, 900)), RNG.uniform(0, 1, (N, 900))
    formula = powered * delivery.power_thermal_derating * delivery.availability * delivery.utilisation * usable
    assert same(fleet.delivered(powered, delivery, usable), formula)


def test_heliocentric_geometry_is_the_numpy_formulas_to_the_bit():
    from lunarbase.constants import AU
    from lunarbase.physics import links as phys

    radius = RNG.uniform(0.7, 1.5, (N, 1, 1)) * AU
    radius[0] = AU  # on Earth's orbit: the distance from the sine alone, zero at no separation
    separation = RNG.uniform(-7.0, 7.0, (N, 81, 4))
    separation[0, 0, 0] = 0.0
    d = phys.coplanar_distance(AU, radius, separation)
    assert same(d, np.sqrt((AU - radius) ** 2 + 4.0 * AU * radius * np.sin(0.5 * separation) ** 2))
    d[1, 0, :2] = [np.nan, -1.0]
    num = np.maximum((radius - AU + d) * (radius + AU - d), 0.0)
    den = np.maximum((AU + d + radius) * (AU + d - radius), 0.0)
    formula = np.where(d > 0, 2.0 * np.arctan2(np.sqrt(num), np.sqrt(den)), np.pi / 2.0)
    assert same(phys.sun_earth_probe_angle(AU, radius, d), formula)
    assert phys.sun_earth_probe_angle(AU, radius, d)[0, 0, 0] == np.pi / 2.0  # no direction at d = 0
