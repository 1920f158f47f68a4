"""The ground route: grid-bound once chips outrun connections."""

from tests.conftest import run_of


def test_terrestrial_is_grid_bound_once_chips_outrun_connections():
    run = run_of("terrestrial")
    assert run.binding_by_year[-1] == "grid"
    assert run["launch_capacity"].max() == 0 and run["flights"].max() == 0
