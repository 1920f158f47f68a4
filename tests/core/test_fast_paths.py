"""The compiled post-processing (milestone crossings, yearly means, horizon-year figures, binding by year) gives the
same numbers, bit for bit, as the NumPy formulas it replaced, written out here as the reference."""

from __future__ import annotations

import numpy as np
import pytest

from lunarbase import load_scenario, simulate
from lunarbase.constraints import CONSTRAINTS
from lunarbase.engine import first_crossing, year_mean
from lunarbase.figures import MILESTONES, YEARLY
from lunarbase.study import _binding_by_year


def numpy_first_crossing(t, values, threshold):
    above = np.nan_to_num(np.atleast_2d(values), nan=-np.inf) > threshold
    first = np.argmax(above, axis=-1)
    return np.where(above.any(axis=-1), np.asarray(t)[first], np.nan)


def numpy_year_mean(values, steps):
    total = np.cumsum(values, axis=-1)
    total[:, steps:] -= total[:, :-steps].copy()
    return total / steps


def numpy_binding_by_year(codes, steps):
    by_year = codes.reshape(codes.shape[0], -1, steps).astype(np.int64)
    counts = np.stack([(by_year == c).sum(axis=-1) for c in range(len(CONSTRAINTS))], axis=-1)
    return counts.argmax(axis=-1).astype(np.int8)


@pytest.fixture(scope="module")
def run():
    sc = load_scenario("lunar-base-alpha", ["horizon.end_year=2060"])
    rng = np.random.default_rng(3)
    draws = {"industry.productivity": sc.params.industry.productivity * rng.uniform(0.3, 2.0, 24),
             "industry.start_year": rng.uniform(2029, 2035, 24)}
    return simulate(sc, draws=draws, inert_samples="allow")


def test_milestones_and_year_means_match_numpy(run):
    steps = run.scenario.params.horizon.steps_per_year
    for name, m in MILESTONES.items():
        values = np.atleast_2d(run.series[m.series])
        t = run.t
        if m.over_a_year:
            reference = numpy_year_mean(values, steps)
            np.testing.assert_array_equal(year_mean(values, steps), reference)
            values, t = reference, run.t + run.dt / (365.25 * 86400.0)
        np.testing.assert_array_equal(run.milestones[name], numpy_first_crossing(t, values, m.threshold))


def test_first_crossing_with_nan_and_inf_matches_numpy():
    rng = np.random.default_rng(0)
    values = rng.normal(size=(50, 40))
    values[rng.random(values.shape) < 0.2] = np.nan
    values[rng.random(values.shape) < 0.05] = np.inf
    values[3] = np.nan
    t = np.linspace(2026.0, 2030.0, 40)
    for threshold in (-1.0, 0.0, 1.5, 3.0):
        np.testing.assert_array_equal(first_crossing(t, values, threshold), numpy_first_crossing(t, values, threshold))


def test_horizon_year_is_the_last_yearly_column(run):
    for key in YEARLY:
        np.testing.assert_array_equal(run.horizon_year(key), run.yearly(key)[:, -1])


def test_binding_by_year_matches_numpy(run):
    steps = run.scenario.params.horizon.steps_per_year
    codes = run.series["binding"]
    np.testing.assert_array_equal(_binding_by_year(codes, steps), numpy_binding_by_year(codes, steps))
    rng = np.random.default_rng(1)  # ties and every code
    codes = rng.integers(0, len(CONSTRAINTS), size=(30, 12 * 4)).astype(float)
    np.testing.assert_array_equal(_binding_by_year(codes, 12), numpy_binding_by_year(codes, 12))
