"""Every route keeps the contract of ``architectures.route`` and reports on the catalogue's yardsticks."""

import re

import numpy as np
import pyarrow.parquet as pq
import pytest

from lunarbase import load_scenario, simulate
from lunarbase.architectures import ROUTES, Route
from lunarbase.constraints import CONSTRAINTS
from lunarbase.engine import _catalogued
from lunarbase.figures import SERIES
from lunarbase.interfaces.outputs import write_run
from lunarbase.scenario import preset_names
from tests.conftest import run_of

PRESETS = ("lunar-base-alpha", "earth-orbit-starship", "terrestrial", "mars-base", "mercury-swarm")


@pytest.mark.parametrize("name", PRESETS)
def test_every_route_reports_every_yardstick(name):
    run = run_of(name)
    from lunarbase.comparison import MEASURES

    for key in MEASURES:
        values = run.yearly(key)
        assert values.shape == run.years.shape
    assert np.all(run["installed_compute"] >= 0)
    assert np.all(np.diff(run["cumulative_spend"]) >= -1e-6)


def test_routes_are_declared_with_their_constraints():
    assert set(ROUTES) == {"surface-base", "earth-orbit", "terrestrial"}
    for kind, route in ROUTES.items():
        assert isinstance(route, Route) and route.kind == kind
        assert set(route.constraints) <= set(CONSTRAINTS) and "idle" in route.constraints


@pytest.mark.parametrize("preset", preset_names())
def test_each_preset_binds_only_on_its_routes_constraints(preset):
    run = run_of(preset)
    route = ROUTES[run.scenario.params.route.kind]
    assert set(run.binding_by_year) <= set(route.constraints)


@pytest.mark.parametrize("preset", preset_names())
def test_every_route_reports_the_common_yardsticks_in_their_catalogue_units(preset):
    run = run_of(preset)
    for name, figure in SERIES.items():
        if figure.common:
            assert run[name].shape == run.t.shape, name
            assert np.all(np.isfinite(run[name]) | np.isnan(run[name])), name
    assert set(run.series) <= set(SERIES)


def test_a_series_a_route_lacks_keeps_its_unit(tmp_path):
    """The ground mines nothing and lifts nothing: zeros, but in kg, m2 and kg/s (once written with unit '')."""
    run = run_of("terrestrial")
    assert np.all(run["regolith_used"] == 0.0) and np.all(run["mass_launched"] == 0.0)
    assert (run.unit("regolith_used"), run.unit("surface_array_area"), run.unit("mass_launched")) == (
        "kg", "m2", "kg/s")
    fields = pq.read_schema(write_run(run, tmp_path) / "timeseries.parquet")
    units = {f.name: f.metadata[b"unit"].decode() for f in fields}
    assert (units["regolith_used"], units["surface_array_area"], units["mass_launched"]) == ("kg", "m2", "kg / s")


def test_the_engine_refuses_a_series_missing_from_the_catalogue():
    with pytest.raises(KeyError, match="figures.SERIES: made_up"):
        _catalogued({"made_up": np.zeros(3)}, 1, 3, "test")


@pytest.mark.parametrize("kind", list(ROUTES))
def test_a_route_designs_once_per_run(kind, monkeypatch):
    preset = {"surface-base": "lunar-base-alpha", "earth-orbit": "earth-orbit-starship",
              "terrestrial": "terrestrial"}[kind]
    route = ROUTES[kind]
    calls = []

    def counted(p):
        calls.append(1)
        return route.design(p)

    monkeypatch.setitem(ROUTES, kind, Route(kind, counted, route.problems, route.simulate, route.constraints,
                                            route.one_value_per_run))
    simulate(load_scenario(preset, [], "2026:2030"))
    assert len(calls) == 1


def test_charts_and_labels_name_no_body_for_every_body():
    """Route-neutral words: a Mars or Mercury base is not called lunar."""
    assert not [f.label for f in SERIES.values() if re.search(r"\blunar\b", f.label, re.I)]


@pytest.mark.parametrize("name", PRESETS)
def test_no_cohort_passes_the_efficiency_ceiling(name):
    """Every route's FLOP/s per W stay at or below chips.efficiency_ceiling_factor times the reference chip, and
    its FLOP figures follow: installed FLOP/s at most installed W times the ceiling."""
    run = run_of(name)
    c = run.scenario.params.chips
    ceiling = c.efficiency_ceiling_factor * c.flops_per_unit / c.power_per_unit
    ratio = run["flops_launch_rate"] / np.where(run["compute_launch_rate"] > 0, run["compute_launch_rate"], np.nan)
    assert np.nanmax(ratio) <= ceiling * (1 + 1e-12)
    assert np.nanmax(ratio) >= 0.99 * ceiling  # by 2100 the last cohorts are within 1 % of it
    assert np.all(run["installed_flops"] <= run["installed_compute"] * ceiling * (1 + 1e-9) + 1e-300)


@pytest.mark.parametrize(("preset", "where"), [("lunar-base-alpha", "the heat path's drops) (333.1 K"),
                                               ("earth-orbit-starship", "the heat path's drops) (333.1 K"),
                                               ("terrestrial", "Earth's mean surface temperature (288 K")])
def test_every_route_refuses_chips_beyond_landauer_in_one_line(preset, where):
    from lunarbase.scenario import ScenarioError

    with pytest.raises(ScenarioError) as err:
        simulate(load_scenario(preset, ["chips.flops_per_unit=1e24 FLOP/s"], "2026:2030"))
    (line,) = str(err.value).splitlines()
    assert line.startswith("chips.flops_per_unit: got 1e+24 FLOP/s") and where in line
    with pytest.raises(ScenarioError, match=r"^chips.efficiency_ceiling_factor: got 1e\+09"):
        simulate(load_scenario(preset, ["chips.efficiency_ceiling_factor=1e9"], "2026:2030"))


@pytest.mark.parametrize("preset", ["lunar-base-alpha", "earth-orbit-starship"])
def test_space_routes_refuse_radiators_hotter_than_the_chips(preset):
    from lunarbase.scenario import ScenarioError

    with pytest.raises(ScenarioError, match=r"^satellite.junction_temperature: got 370 K, above chips.max_temperature "
                                            r"368.15 K .* expected at most 368.15 K$"):
        simulate(load_scenario(preset, ["satellite.junction_temperature=370 K"], "2026:2030"))


@pytest.mark.parametrize("preset", preset_names())
def test_kardashev_is_of_the_electric_power_used_on_every_route(preset):
    """One measure (Sagan 1973, K = (log10 P[W] - 6) / 10) of one kind of power on every route: the electric
    power the compute draws with its overheads (a satellite's bus, P_c / (1 - overhead); a data centre's PUE),
    plus the base's own (city, launchers, industry); sunlight intercepted stays a figure of its own."""
    run = run_of(preset)
    p = run.scenario.params
    if p.route.kind == "terrestrial":
        expected = run["facility_power_drawn"]
        assert np.all(run["sunlight_captured"] == 0.0)
    else:
        expected = run["installed_compute"] / (1.0 - p.satellite.bus_overhead)
        if p.route.kind == "surface-base":
            expected = expected + run["power_city"] + run["power_launch"] + run["power_industry"]
    np.testing.assert_allclose(run["power_used"], expected, rtol=1e-12, atol=1e-9)
    used = run["power_used"] > 0
    assert used.any()
    np.testing.assert_allclose(run["kardashev"][used], (np.log10(run["power_used"][used]) - 6.0) / 10.0,
                               rtol=1e-12)
    assert np.all(np.isnan(run["kardashev"][~used]))
    if p.route.kind != "terrestrial":  # arrays turn a share of the sunlight into the power used, never more
        assert np.all(run["power_used"] <= run["sunlight_captured"] + run["power_capacity"] * (1 + 1e-9) + 1e-6)
