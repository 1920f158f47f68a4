"""The report as a person opens it: headless Debian Chromium, network off, every chart drawn."""

import os
import shutil
from pathlib import Path

import pytest

from lunarbase.outputs import write_run
from lunarbase.report import render_report
from tests.conftest import run_of

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

if CHROMIUM is None and os.environ.get("CI"):
    pytest.fail("CI must have Debian's chromium: `make test` installs it", pytrace=False)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")


def test_report_opens_offline_with_every_chart(tmp_path):
    from playwright.sync_api import sync_playwright

    folder = write_run(run_of("lunar-base-alpha"), tmp_path, render_report(run_of("lunar-base-alpha")))
    report = Path(folder) / "report.html"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_context(offline=True).new_page()
            requests, errors = [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(report.as_uri())
            page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 7",
                                   timeout=30_000)
            assert page.evaluate("document.querySelectorAll('.js-plotly-plot').length") == 7
            assert page.title() == "lunarbase — lunar-base-alpha"
            text = page.inner_text("body")
            for heading in ("Milestones", "Binding constraint", "Parameters and their sources"):
                assert heading in text
            assert "mass_driver.exit_speed" in text
            assert [u for u in requests if not u.startswith("file:")] == []
            assert errors == []
        finally:
            browser.close()


def test_compare_report_opens_offline_with_every_chart(tmp_path):
    from playwright.sync_api import sync_playwright

    from lunarbase import load_scenario
    from lunarbase.comparison import compare
    from lunarbase.outputs import write_comparison
    from lunarbase.report import render_compare_report

    cmp = compare([load_scenario(n) for n in ("lunar-base-alpha", "earth-orbit-starship", "terrestrial",
                                              "mars-base", "mercury-swarm")])
    report = Path(write_comparison(cmp, tmp_path, render_compare_report(cmp))) / "report.html"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_context(offline=True).new_page()
            requests, errors = [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(report.as_uri())
            page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 9",
                                   timeout=30_000)
            assert page.evaluate("document.querySelectorAll('.js-plotly-plot').length") == 9
            assert page.title() == "lunarbase — routes compared"
            text = page.inner_text("body")
            for heading in ("Milestones", "Overtakes", "References", "Parameters and their sources", "mars-base"):
                assert heading in text
            assert "the Sun's luminosity" in text
            assert [u for u in requests if not u.startswith("file:")] == []
            assert errors == []
        finally:
            browser.close()


def test_windows_page_opens_offline_with_both_charts(tmp_path):
    import subprocess
    import sys

    from playwright.sync_api import sync_playwright

    res = subprocess.run([sys.executable, "-m", "lunarbase.cli", "windows", "--exit-speed", "2.5 km/s", "--span",
                          "2030-01-01:2030-01-20", "--out", str(tmp_path), "--json"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_context(offline=True).new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto((tmp_path / "windows.html").as_uri())
            page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2",
                                   timeout=30_000)
            assert page.evaluate("document.querySelectorAll('.js-plotly-plot').length") == 2
            assert "Windows per synodic month" in page.inner_text("body")
            assert not errors
        finally:
            browser.close()
