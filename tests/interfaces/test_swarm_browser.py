"""swarm.html opens offline in Debian's Chromium: the 3-D view draws, the year slider moves the swarm, and
nothing is fetched from the network."""

import json
from pathlib import Path

import pytest

from tests.interfaces.conftest import cli
from tests.interfaces.test_report_browser import CHROMIUM, FLAGS

#: WebGL in headless Chromium without a GPU: SwiftShader, Chromium's software renderer.
GL_FLAGS = ["--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_the_view_draws_and_the_slider_moves_the_swarm(tmp_path):
    from playwright.sync_api import sync_playwright

    res = cli("swarm", "--year", "2060", "--satellites", "400", "--json", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    page_path = Path(tmp_path) / "lunar-base-alpha-swarm" / "swarm.html"
    first_x = "JSON.stringify(Array.from(document.getElementById('swarm')._fullData[0].x).slice(0, 20))"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS + GL_FLAGS)
        try:
            page = browser.new_context(offline=True, viewport={"width": 1200, "height": 900}).new_page()
            requests, errors = [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_path.as_uri())
            page.wait_for_function("document.querySelectorAll('#swarm .gl-container canvas, #swarm canvas').length"
                                   " >= 1 && document.querySelector('#swarm .slider-rail-rect') !== null",
                                   timeout=60_000)
            before_text = page.evaluate(first_x)  # JSON.stringify's own text: compared as the page writes it
            before = json.loads(before_text)
            active = "document.getElementById('swarm').layout.sliders[0]"
            assert len(before) > 0
            assert page.evaluate(f"{active}.steps[{active}.active].label") == "2060"  # the asked year's frame
            assert "year 2060" in page.evaluate("document.querySelector('#swarm .slider-container').textContent")
            rail = page.locator("#swarm .slider-rail-rect").bounding_box()
            page.mouse.click(rail["x"] + 0.95 * rail["width"], rail["y"] + rail["height"] / 2)  # late years
            page.wait_for_function(f"{first_x} !== {json.dumps(before_text)}", timeout=30_000)
            after = json.loads(page.evaluate(first_x))
            assert after != before
            assert int(page.evaluate(f"{active}.steps[{active}.active].label")) > 2090
            page.screenshot(path=str(Path(tmp_path) / "swarm.png"))
            assert [u for u in requests if not u.startswith("file:")] == []
            assert errors == []
        finally:
            browser.close()
