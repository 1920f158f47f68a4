"""The reports open offline in Debian's Chromium with every chart drawn."""

import shutil
from pathlib import Path

from lunarbase.interfaces.outputs import write_run
from lunarbase.interfaces.report import render_report
from tests.conftest import run_of


def open_offline(path: Path, charts: int) -> tuple[str, str]:
    """Open ``path`` in headless Chromium with the network off; wait for ``charts`` Plotly charts to draw.

    Checks that exactly that many charts exist, that nothing was requested outside file:// and that no script
    failed; returns the page title and its visible text.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_context(offline=True).new_page()
            requests, errors = [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(path.as_uri())
            page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
                                   timeout=30_000)
            assert page.evaluate("document.querySelectorAll('.js-plotly-plot').length") == charts
            assert [u for u in requests if not u.startswith("file:")] == []
            assert errors == []
            return page.title(), page.inner_text("body")
        finally:
            browser.close()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def test_report_opens_offline_with_every_chart(tmp_path):
    folder = write_run(run_of("lunar-base-alpha"), tmp_path, render_report(run_of("lunar-base-alpha")))
    title, text = open_offline(Path(folder) / "report.html", 9)  # compute launched and installed apart
    assert title == "lunarbase — lunar-base-alpha"
    for heading in ("Milestones", "Levelized cost of compute", "H100 SXM rented on demand", "Binding constraint",
                    "Parameters and their sources"):
        assert heading in text
    assert "mass_driver.exit_speed" in text


def test_compare_report_opens_offline_with_every_chart(tmp_path):
    from lunarbase import load_scenario
    from lunarbase.comparison import compare
    from lunarbase.interfaces.outputs import write_comparison
    from lunarbase.interfaces.report import render_compare_report

    cmp = compare([load_scenario(n) for n in ("lunar-base-alpha", "earth-orbit-starship", "terrestrial",
                                              "mars-base", "mercury-swarm")])
    title, text = open_offline(Path(write_comparison(cmp, tmp_path, render_compare_report(cmp))) / "report.html", 9)
    assert title == "lunarbase — routes compared"
    for heading in ("Milestones", "Levelized cost of compute", "H100 SXM rented on demand", "Overtakes",
                    "References", "Parameters and their sources", "mars-base"):
        assert heading in text
    assert "the Sun's luminosity" in text


def test_windows_page_opens_offline_with_both_charts(tmp_path):
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "lunarbase.interfaces.cli", "windows", "--exit-speed", "2.5 km/s",
                          "--span",
                          "2030-01-01:2030-01-20", "--out", str(tmp_path), "--json"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    _, text = open_offline(tmp_path / "windows.html", 2)
    assert "Windows per synodic month" in text
