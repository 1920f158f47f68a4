"""What a user reads in an 80-column terminal (or a pipe, which rich also gives 80 columns): no word cut short
("…"), no line wider than the terminal, no "nan", no Python warning, every unit whole, every error whole."""

import re
import sys

import pytest
from rich.cells import cell_len
from rich.console import Console

from lunarbase.interfaces import cli as cli_module
from tests.interfaces.conftest import cli

WIDTH = 80


@pytest.fixture(autouse=True)
def narrow(monkeypatch):
    """The CLI's consoles at 80 columns, whatever COLUMNS the test run has."""
    monkeypatch.setattr(cli_module, "out_console", Console(width=WIDTH))
    monkeypatch.setattr(cli_module, "err_console", Console(width=WIDTH, stderr=True))


def assert_readable(text: str) -> None:
    assert text.strip()
    assert "…" not in text, "a cell cut mid-word:\n" + "\n".join(line for line in text.splitlines() if "…" in line)
    assert max(cell_len(line) for line in text.splitlines()) <= WIDTH
    assert not re.search(r"\bnan\b", text, re.IGNORECASE), text
    assert "Warning" not in text


@pytest.mark.filterwarnings("error")
def test_compare_fits_80_columns_with_rates_per_year(tmp_path):
    res = cli("compare", "--no-report", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert_readable(res.stdout)
    assert "per yr" in res.stdout and "(s yr)" not in res.stdout  # a rate added per year reads as one
    for word in ("launches", "PFLOP/s-yr", "factory", "supply", "2030", "2100"):
        assert word in res.stdout


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("speed", ["2.5 km/s", "2.3 km/s"])  # escapes; stays bound or falls back ("—" cells)
def test_depart_fits_80_columns_with_no_warning(speed):
    res = cli("depart", "--exit-speed", speed, "--span", "2030-01-01:2030-01-02", "--every", "6 h")
    assert res.returncode == 0, res.stderr
    assert_readable(res.stdout)
    assert res.stderr == ""
    for word in ("perihelion", "aphelion", "outcome", "transfer", "sphere"):
        assert word in res.stdout


@pytest.mark.filterwarnings("error")
def test_depart_both_methods_fit_80_columns():
    pytest.importorskip("rebound")
    res = cli("depart", "--exit-speed", "3 km/s", "--date", "2030-01-01", "--method", "both", "--days", "30 d")
    assert res.returncode == 0, res.stderr
    assert_readable(res.stdout)
    assert "N-body minus patched conics" in res.stdout


def test_windows_and_show_fit_80_columns(tmp_path):
    res = cli("windows", "--exit-speed", "2.5 km/s", "--span", "2030-01-01:2030-02-15", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert_readable(res.stdout)
    res = cli("show", "mars-base")
    assert res.returncode == 0, res.stderr
    assert_readable(res.stdout)


@pytest.mark.parametrize("scenario", ["lunar-base-alpha", "terrestrial"])
def test_show_with_its_uncertainty_table_fits_80_columns(scenario):
    res = cli("show", scenario)
    assert res.returncode == 0, res.stderr
    assert_readable(res.stdout)
    assert "Uncertainty" in res.stdout and "5 / 50 / 95 %" in res.stdout


@pytest.mark.parametrize(("scenario", "sets"), [
    ("lunar-base-alpha", ()), ("mars-base", ()), ("mercury-swarm", ()), ("terrestrial", ()),
    ("earth-orbit-starship", ()), ("lunar-base-alpha", ("mass_driver.exit_speed=2.3 km/s",)),  # nothing escapes
])
def test_run_summary_fits_80_columns_and_names_the_body(scenario, sets, tmp_path):
    args = [arg for s in sets for arg in ("--set", s)]
    res = cli("run", scenario, *args, "--no-report", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert_readable(res.stdout)
    if scenario in ("mars-base", "mercury-swarm"):
        assert not re.search(r"lunar|the Mercury|the Mars", res.stdout, re.IGNORECASE)


def test_the_nbody_install_hint_keeps_its_brackets(monkeypatch):
    monkeypatch.setitem(sys.modules, "rebound", None)  # as if REBOUND were not installed
    res = cli("depart", "--exit-speed", "2.5 km/s", "--date", "2030-01-01", "--method", "nbody")
    assert res.returncode == 2
    assert "pip install lunarbase[nbody]" in res.stderr and len(res.stderr.strip().splitlines()) == 1
