"""The page of ``lunarbase serve`` in Debian's Chromium against a real uvicorn server on a free loopback port:
change an input and a milestone moves; a shared link reproduces the view; a download arrives; the swarm tab draws
its table and 3-D view and follows the year; nothing is asked of any host but the server."""

import shutil
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.interfaces.test_report_browser import CHROMIUM, FLAGS
from tests.interfaces.test_swarm_browser import GL_FLAGS

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make browser)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``create_app`` under uvicorn in a thread on a free 127.0.0.1 port; stopped after the module."""
    import uvicorn

    from lunarbase.interfaces.server import LOOPBACK_HOSTS, create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(tmp_path_factory.mktemp("catalog"), allowed_hosts=list(LOOPBACK_HOSTS))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS + GL_FLAGS)  # WebGL: the swarm's 3-D view
        yield chromium
        chromium.close()


def open_page(browser, url: str, width: int = 1280, height: int = 900):
    """A page at ``url``; every request it makes and every script error is recorded."""
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    page = context.new_page()
    page.requests, page.errors, page.refused = [], [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)  # a missing icon too
    page.on("response", lambda r: page.refused.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(url)
    # locators, not wait_for_function: the page's Content-Security-Policy forbids the eval that one uses
    expect(page.locator("#milestones tbody tr").first).to_be_attached(timeout=30_000)  # drawn, on whichever tab shows
    expect(page.locator("#charts .js-plotly-plot")).to_have_count(6, timeout=30_000)
    assert page.refused == []  # the page loads whole: nothing it asks for (its icon included) is missing
    return page


def milestone(page, key: str):
    return page.locator(f"#milestones tr[data-milestone='{key}'] td").first


def only_local(page, base: str) -> None:
    here = urlsplit(base).netloc
    assert [u for u in page.requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")
            and urlsplit(u).netloc != here] == []
    assert page.errors == []


def test_change_an_input_and_the_milestone_moves_and_a_link_reproduces_it(server, browser, tmp_path):
    page = open_page(browser, server + "/")
    import httpx

    sections = httpx.get(server + "/api/parameters").json()["sections"]
    expect(page.locator(".field")).to_have_count(sum(len(f) for f in sections.values()))  # every parameter an input
    before = milestone(page, "first_launch").inner_text()
    assert before != "" and "never" not in before
    # industry.start_year: the seed lands later, so the first satellite leaves later (Ctrl-A + type, as a user)
    page.click("details[data-section=industry] > summary")
    field = page.locator("#p-industry-start_year")
    field.fill("2036")
    expect(milestone(page, "first_launch")).not_to_have_text(before, timeout=30_000)
    after = milestone(page, "first_launch").inner_text()
    assert float(after) > float(before)
    assert "moved" in page.get_attribute("#milestones tr[data-milestone='first_launch']", "class")
    assert "changed" in page.get_attribute(".field[data-path='industry.start_year']", "class")
    assert "industry.start_year" in page.url  # the URL holds the override
    shared = page.url
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(tmp_path / "dash_1280.png"), full_page=False)
    shutil.copy(tmp_path / "dash_1280.png", "/tmp/dash_1280.png")
    only_local(page, server)
    page.context.close()

    again = open_page(browser, shared)  # the shared link: the same override, highlighted, the same milestone
    expect(milestone(again, "first_launch")).to_have_text(after, timeout=30_000)
    assert again.input_value("#p-industry-start_year") == "2036"
    assert "changed" in again.get_attribute(".field[data-path='industry.start_year']", "class")
    again.click(".field[data-path='industry.start_year'] .reset")  # reset per field: back to the preset's year
    expect(milestone(again, "first_launch")).to_have_text(before, timeout=30_000)
    only_local(again, server)
    again.context.close()


def test_download_the_scenario_and_the_results(server, browser, tmp_path):
    page = open_page(browser, server + "/#preset=lunar-base-alpha&set=mass_driver.exit_speed%3D2.6+km%2Fs")
    with page.expect_download() as got:
        page.click("button[data-download=toml]")
    path = tmp_path / got.value.suggested_filename
    got.value.save_as(path)
    from lunarbase.scenario import load_scenario

    assert load_scenario(str(path)).params.mass_driver.exit_speed == pytest.approx(2600.0)
    with page.expect_download() as got:
        page.click("button[data-download=csv]")
    assert got.value.suggested_filename.endswith(".csv")
    only_local(page, server)
    page.context.close()


def test_readable_on_a_phone_and_keyboard_reachable(server, browser, tmp_path):
    page = open_page(browser, server + "/", width=390, height=844)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scrolling
    page.screenshot(path=str(tmp_path / "dash_phone.png"), full_page=False)
    shutil.copy(tmp_path / "dash_phone.png", "/tmp/dash_phone.png")
    page.focus("#tabbtn-run")
    page.keyboard.press("ArrowRight")  # tabs move with the arrow keys
    assert page.evaluate("document.activeElement.id") == "tabbtn-compare"
    assert not page.is_hidden("#tab-compare")
    unlabelled = page.evaluate("""Array.from(document.querySelectorAll('input, select')).filter(i =>
        !(i.labels && i.labels.length) && !i.getAttribute("aria-label") && i.type !== "hidden")
        .map(i => i.id || i.name)""")
    assert unlabelled == []
    only_local(page, server)
    page.context.close()


def test_upload_compare_launches_and_a_study(server, browser, tmp_path):
    page = open_page(browser, server + "/")
    scenario = tmp_path / "mine.toml"
    scenario.write_text('name = "mine"\nbase = "terrestrial"\n[grid]\npue = 1.4\n')
    page.set_input_files("#upload", str(scenario))
    expect(page.locator("#run-title")).to_have_text("Milestones — mine", timeout=30_000)
    assert page.input_value("#p-grid-pue") == "1.4"
    assert "toml=" in page.url  # a small uploaded file travels in the link

    page.click("#tabbtn-compare")
    page.click("#compare-go")
    expect(page.locator("#compare-table tbody tr")).to_have_count(7, timeout=60_000)
    page.screenshot(path=str(tmp_path / "compare.png"), full_page=False)

    page.click("#tabbtn-launches")
    page.fill("#launch-form [name=span]", "2030-01-01:2030-01-10")
    page.click("#windows-go")
    expect(page.locator("#launch-out table tbody tr").first).to_be_visible(timeout=60_000)
    page.click("#depart-go")
    expect(page.locator("#launch-out table th", has_text="outcome")).to_be_visible(timeout=60_000)
    page.screenshot(path=str(tmp_path / "launches.png"), full_page=False)

    page.click("#tabbtn-run")
    page.select_option("#preset", "lunar-base-alpha")
    expect(page.locator("#run-title")).to_have_text("Milestones — lunar-base-alpha", timeout=30_000)
    page.click("#tabbtn-studies")
    page.fill("#study-form [name=samples]", "8")
    page.click("#study-go")
    expect(page.locator("#study-table tbody tr").first).to_be_visible(timeout=120_000)
    expect(page.locator("#study-state")).to_contain_text("done: 8 of 8")
    page.screenshot(path=str(tmp_path / "studies.png"), full_page=False)
    only_local(page, server)
    page.context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_swarm_tab_draws_and_follows_the_year(server, browser, width):
    page = open_page(browser, server + "/#tab=swarm&year=2060&satellites=1500", width=width, height=900)
    expect(page.locator("#swarm-table tbody tr").first).to_be_visible(timeout=60_000)
    expect(page.locator("#swarm-chart .gl-container canvas, #swarm-chart canvas").first).to_be_attached(timeout=60_000)
    assert page.evaluate("document.getElementById('swarm-chart')._fullData[0].type") == "scatter3d"
    figures = page.locator("#swarm-table tbody th").all_inner_texts()
    for figure in ("satellites", "distance", "light time", "conjunction outage", "link capacity home",
                   "usable fraction: batch inference", "usable fraction: interactive inference"):
        assert figure in figures
    # The swarm lies 0.02-0.25 AU out: a round trip of 10-250 s, no interactive inference.
    assert page.locator('#swarm-table tr[data-figure="usable fraction: interactive inference"] td').first \
        .inner_text() == "0 %"
    count = page.locator("#swarm-table tr[data-figure=satellites] td").first
    before = count.inner_text()
    assert before.replace(",", "").isdigit() and int(before.replace(",", "")) > 1000
    assert "year=2060" in page.url and "tab=swarm" in page.url
    page.fill("#swarm-year", "2070")  # as a user types a year: the swarm of 2070 has more satellites
    expect(count).not_to_have_text(before, timeout=60_000)
    assert int(count.inner_text().replace(",", "")) > int(before.replace(",", ""))
    assert "year=2070" in page.url and page.input_value("#swarm-year-slider") == "2070"
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1  # no sideways scrolling
    page.focus("#swarm-year-slider")
    page.keyboard.press("ArrowRight")  # the slider moves by keyboard too
    assert page.input_value("#swarm-year") == "2071"
    expect(page.locator("#swarm-title")).to_contain_text("in 2071", timeout=60_000)
    page.evaluate("window.scrollTo(0, 0)")
    if width == 1280:
        page.screenshot(path="/tmp/dash_swarm.png", full_page=True)
    else:
        page.screenshot(path="/tmp/dash_swarm_phone.png", full_page=True)
    only_local(page, server)
    page.context.close()
