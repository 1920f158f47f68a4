"""The run's summary and report hold for any valid scenario: valid JSON, no NaN, nothing crashes."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lunarbase import load_scenario, simulate
from lunarbase.interfaces.report import render_report
from lunarbase.interfaces.summary import to_json

edge_cases = st.fixed_dictionaries({
    "mass_driver.exit_speed": st.sampled_from(["1 km/s", "2.3 km/s", "2.41 km/s", "2.5 km/s", "12 km/s"]),
    "chips.share_to_base": st.sampled_from([0.0, 0.1, 1.0]),
    "chips.lunar_fab": st.booleans(),
    "logistics.flights_max": st.sampled_from(["0 /yr", "1 /yr", "1000 /yr"]),
    "industry.closure_initial": st.sampled_from([0.0, 0.5, 1.0]),
    "industry.reinvestment_fraction": st.sampled_from([0.0, 0.5, 1.0]),
    "satellite.lifetime": st.sampled_from(["1 d", "6 yr", "100 yr"]),
})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edge_cases)
def test_summary_and_report_for_edge_scenarios(overrides):
    sets = [f"{k}={v}" for k, v in overrides.items()]
    sets += ["industry.closure_final=1", "mass_driver.payload_per_shot=20 t"]
    run = simulate(load_scenario("lunar-base-alpha", sets, "2026:2060"))
    text = json.dumps(to_json(run), allow_nan=False)
    data = json.loads(text)
    assert data["final"]["year"] == 2060
    assert len(data["series"]["binding"]) == 35
    html = render_report(run)
    assert html.startswith("<!DOCTYPE html>") and "nan" not in html.split("<table>", 1)[1].lower().split(
        "</table>")[0]


def test_json_names_each_ceiling_and_when_it_is_reached():
    from lunarbase.interfaces.summary import to_json
    from tests.conftest import run_of

    run = run_of("mercury-swarm", ("horizon.end_year=2150",))  # its site fills after 2100 (it builds its fab)
    data = to_json(run)["ceilings"]
    assert data["power_by_area"]["unit"] == "W" and data["mineable_mass"]["unit"] == "kg"
    # The year the arrays first fill the site, read from the run's own binding constraint by year.
    first = next(int(y) for y, c in zip(run.years, run.binding_by_year, strict=True) if c == "site_area")
    assert data["reached"] == [{"constraint": "site_area", "from": first}]
    assert to_json(run_of("lunar-base-alpha"))["ceilings"]["reached"] == []


def _axes(fig) -> dict[str, str]:
    """Each y axis of a chart and its title."""
    layout = fig.to_dict()["layout"]
    return {key: (layout[key].get("title") or {}).get("text", "") for key in layout if key.startswith("yaxis")}


def test_every_report_axis_holds_one_unit(alpha):
    """A stock and a flow (W installed, W/yr launched), or a power and a mass, never share an axis."""
    from lunarbase.interfaces.report import run_charts

    charts = run_charts(alpha)
    for fig in charts:
        for axis, title in _axes(fig).items():
            assert "|" not in title and " and " not in title, (fig.layout.title.text, axis, title)
    by_trace = {trace.name: (fig.layout.title.text, trace.yaxis or "y") for fig in charts for trace in fig.data}
    assert by_trace["Compute launched"] != by_trace["Installed compute"]
    assert by_trace["surface power (W, left)"] != by_trace["factory mass (kg, right)"]


def test_compare_report_draws_watt_lines_only_on_watt_axes():
    from lunarbase.comparison import compare
    from lunarbase.interfaces.report import _ROUTE_CHARTS, route_chart
    from lunarbase.references import POWER_LINES

    cmp = compare([load_scenario("terrestrial", [], "2026:2040")])
    for key, title, unit, lines in _ROUTE_CHARTS:
        fig = route_chart(cmp, key, title, unit, lines)
        if fig.layout.shapes and lines != "rental":  # the rental line is in USD per PFLOP/s-year, on its own chart
            assert unit == "W", title
    assert dict(((k, lines) for k, *_, lines in _ROUTE_CHARTS))["installed_compute"] == POWER_LINES


def test_the_mass_budget_shows_every_item_in_json_console_and_report():
    """Issue 15: the satellite's mass budget shows each item (batteries, thermal loop, spares...) everywhere, and
    the items sum to the satellite's mass; the design figures of the heat path and power carry their units."""
    import io

    from rich.console import Console

    from lunarbase.interfaces.console import print_summary
    from lunarbase.subsystems.satellite import SatelliteDesign
    from tests.conftest import run_of

    run = run_of("earth-orbit-starship")
    sat = json.loads(json.dumps(to_json(run)))["satellite"]
    assert set(sat["mass_budget"]) == set(SatelliteDesign.BUDGET)
    total = sum(item["value"] for item in sat["mass_budget"].values())
    assert abs(total / sat["mass"]["value"] - 1) < 1e-12
    assert sat["mass_budget"]["batteries"]["value"] > 0 and sat["mass_budget"]["thermal_loop"]["value"] > 0
    assert sat["radiator_temperature"]["unit"] == "K" and sat["battery_energy"]["unit"] == "J"
    out = io.StringIO()
    print_summary(Console(file=out, width=120), run)
    text = out.getvalue()
    assert "Satellite mass budget" in text and "thermal loop" in text and "batteries" in text
    html = render_report(run)
    assert "thermal_loop" in html and "batteries" in html
