"""The study page: self-contained, every section the study dict gives, and it draws offline in Chromium."""

import json
import re

import numpy as np
import pytest

from lunarbase import analysis
from lunarbase.constants import YEAR
from lunarbase.interfaces.study_report import render_study_report, write_study_report

NAMES = ["mass_driver.exit_speed", "industry.productivity", "chips.cost"]


def study_dict(sections=("milestones", "fans", "sobol", "morris", "tornado", "prim", "pareto", "binding")) -> dict:
    """A study as lunarbase.study would hand it over, from made-up samples through the real analyses."""
    rng = np.random.default_rng(0)
    n, years = 256, np.arange(2026, 2101)
    x = rng.uniform(size=(n, 3))
    t1tw = 2040 + 30 * x[:, 0] + 10 * x[:, 1]
    t1tw[t1tw > 2075] = np.nan  # never reached
    installed = 1e9 * np.exp(0.2 * (years - 2026))[None, :] * (0.5 + x[:, :1])  # W
    study = {"scenario": "lunar-base-alpha", "description": "the announced plan", "start_year": 2026,
             "horizon": 2100, "number_format": "BF16 dense", "method": "sobol", "samples": n, "seed": 7,
             "inputs": [{"path": p, "distribution": "uniform 0–1", "unit": "", "source": "a <b>test</b> range"}
                        for p in NAMES]}
    parts = {}
    p, se = analysis.probability_by_year(t1tw, years)
    parts["milestones"] = {"launch_rate_1TW_per_yr": {"years": years.tolist(), "p": p.tolist(), "se": se.tolist(),
                                                      "median": analysis.median_year(years, p)}}
    parts["fans"] = {"installed_compute": {"years": years.tolist(),
                                           **{k: v.tolist() for k, v in analysis.fan(installed).items()}},
                     "compute_launched": {"years": years.tolist(),
                                          **{k: (v * 0.1).tolist() for k, v in analysis.fan(installed).items()}},
                     "levelized_cost_to_date": {"years": years.tolist(), **{
                         k: (v * 0 + 1e-12 / YEAR).tolist() for k, v in analysis.fan(installed).items()}}}
    problem = {"num_vars": 3, "names": NAMES, "bounds": [[0, 1]] * 3}
    from SALib.sample import morris, sobol

    u = sobol.sample(problem, 256, calc_second_order=False, seed=1)
    parts["sobol"] = {"launch_rate_1TW_per_yr": analysis.sobol_indices(problem, 2040 + 30 * u[:, 0] + 10 * u[:, 1]),
                      "installed_compute": analysis.sobol_indices(problem, np.exp(3 * u[:, 2]))}
    X = morris.sample(problem, 20, num_levels=4, seed=1)
    parts["morris"] = {"launch_rate_1TW_per_yr": analysis.morris_indices(problem, X, 30 * X[:, 0] + 10 * X[:, 1])}
    parts["tornado"] = {"launch_rate_1TW_per_yr": {
        **analysis.tornado_from_values(NAMES, [2055, 2042, 2068, 2051, 2059, 2055, 2055]).as_dict(), "unit": "yr"}}
    res = analysis.prim(x, np.nan_to_num(t1tw, nan=9999) < 2050, NAMES, threshold=0.8)
    parts["prim"] = {**res.as_dict(), "target": "Launching 1 TW a year by 2050"}
    spend = 1e12 * (1 + x[:, 2]) * (2 - x[:, 0])
    parts["pareto"] = {"x": np.where(np.isnan(t1tw), None, t1tw).tolist(), "y": spend.tolist(),
                       "front": analysis.pareto_front(t1tw, spend).tolist(), "x_label": "year 1 TW/yr is reached",
                       "x_unit": "yr", "y_label": "cumulative spend by 2100", "y_unit": "USD"}
    codes = rng.choice([0, 2, 5], size=(n, years.size))
    parts["binding"] = {"years": years.tolist(),
                        "shares": {k: v.tolist() for k, v in analysis.binding_shares(codes).items()}}
    study.update({k: parts[k] for k in sections})
    return json.loads(json.dumps(study))  # as read back from study.json


HEADINGS = {"milestones": "Milestones: probability by year", "fans": "Spread across samples",
            "sobol": "Sensitivity: Sobol indices", "morris": "Screening: Morris elementary effects",
            "tornado": "One at a time: tornado", "prim": "Scenario discovery: PRIM",
            "pareto": "Trade-off: Pareto front", "binding": "Binding constraints"}


def test_every_section_given_is_on_the_page_and_nothing_is_fetched(tmp_path):
    path = write_study_report(study_dict(), tmp_path / "study")
    assert path == tmp_path / "study" / "report.html"
    page = path.read_text()
    assert not re.search(r"<script[^>]+src\s*=", page, re.I)
    assert not re.search(r"<(link|img|iframe)[^>]+(href|src)\s*=\s*[\"']?https?:", page, re.I)
    for heading in HEADINGS.values():
        assert heading in page
    assert "Uncertain inputs" in page and "a &lt;b&gt;test&lt;/b&gt; range" in page  # escaped
    assert "no limit" in page  # a one-sided limit of the PRIM box
    assert "seed 7" in page and "Saltelli" in page and "Launching 1 TW a year by 2050" in page


def test_fans_read_in_the_catalogues_units():
    from lunarbase.interfaces.study_report import fan_chart

    fans = study_dict(("fans",))["fans"]
    launched = fan_chart("compute_launched", fans["compute_launched"])
    assert launched.layout.yaxis.title.text == "W/yr" and launched.layout.yaxis.type == "log"
    cost = fan_chart("levelized_cost_to_date", fans["levelized_cost_to_date"])
    assert cost.layout.yaxis.title.text == "USD/PFLOP/s-year" and cost.layout.yaxis.type == "linear"
    assert cost.data[-1].y[0] == pytest.approx(1e-12 / YEAR * 1e15 * YEAR)  # USD/FLOP -> USD per PFLOP/s-year
    flops = fan_chart("installed_flops", fans["installed_compute"], "BF16 dense")
    assert "(BF16 dense)" in flops.layout.title.text
    raw = fan_chart("custom", {**fans["installed_compute"], "unit": "GW", "label": "made up"})
    assert raw.layout.yaxis.title.text == "GW" and raw.layout.title.text.startswith("made up")


@pytest.mark.parametrize("keep", [(), ("milestones",), ("prim", "pareto")])
def test_sections_are_optional(keep):
    page = render_study_report(study_dict(keep))
    for key, heading in HEADINGS.items():
        assert (heading in page) == (key in keep)


def test_the_header_is_required():
    with pytest.raises(ValueError, match="seed"):
        render_study_report({"scenario": "x", "method": "mc", "samples": 3})


def test_a_binding_year_and_a_box_that_restricts_nothing():
    s = study_dict(("binding", "prim"))
    s["binding"] = {"year": 2100, "shares": {"factory": 0.7, "launch": 0.3}}
    s["prim"]["box"] = []
    page = render_study_report(s)
    assert "How often each constraint binds in 2100" in page and "restricts nothing" in page


def test_study_page_opens_offline_with_every_chart(tmp_path):
    from tests.interfaces.test_report_browser import CHROMIUM, open_offline

    if CHROMIUM is None:
        pytest.skip("chromium not installed")
    pytest.importorskip("playwright")
    path = write_study_report(study_dict(), tmp_path / "report.html")
    # CDF, 3 fans, 2 Sobol, Morris, tornado, PRIM, Pareto, binding
    title, text = open_offline(path, 11)
    assert title == "lunarbase study — lunar-base-alpha"
    assert "What must be true for Launching 1 TW a year by 2050" in text
