"""Start-up: what a command imports in a fresh process (the time itself is measured by
``benchmarks/bench_startup.py``; here, that the heavy libraries stay out of the commands that need none)."""

import json
import subprocess
import sys

import pytest

#: Libraries that cost tenths of a second to import, and the model (pydantic comes with typer itself).
HEAVY = ("astropy", "numba", "scipy", "pyarrow", "plotly", "lunarbase.scenario", "lunarbase.engine")

_PROBE = """
import json, sys
sys.argv = ["lunarbase", *json.loads(sys.argv[1])]
try:
    if sys.argv[1:]:
        from lunarbase.interfaces.cli import main
        main()
    else:
        import lunarbase
finally:
    sys.__stderr__.write("\\n" + json.dumps(sorted(sys.modules)) + "\\n")
"""


def imported_by(*args: str) -> set[str]:
    """The modules a fresh Python holds after ``lunarbase ARGS`` (no ARGS: after ``import lunarbase``)."""
    proc = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(list(args))], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def heavy(modules: set[str]) -> set[str]:
    return {name for name in HEAVY if name in modules}


@pytest.mark.parametrize("args", [(), ("--help",), ("scenarios",), ("run", "--help")])
def test_help_and_the_preset_list_import_no_heavy_library(args):
    assert heavy(imported_by(*args)) == set()


def test_the_api_is_still_there_lazily():
    import lunarbase

    assert {"simulate", "load_scenario", "depart", "Run", "Scenario", "ScenarioError"} <= set(dir(lunarbase))
    from lunarbase import ScenarioError, simulate

    assert callable(simulate) and issubclass(ScenarioError, ValueError)
    with pytest.raises(AttributeError):
        lunarbase.no_such_name  # noqa: B018


def test_a_json_run_imports_neither_the_signal_library_nor_coordinates_nor_plotly(tmp_path):
    modules = imported_by("run", "--json", "--no-report", "--out", str(tmp_path))
    assert "lunarbase.engine" in modules
    assert not {"scipy.signal", "astropy.coordinates", "astropy.time", "plotly"} & modules
    # Arrow asks pandas about any Python or NumPy value it converts: the run's files are built without that
    # (~0.16 s of a cold run), and no study library comes along either.
    assert not {"pandas", "duckdb", "SALib", "dask", "distributed"} & modules
