"""The Earth-orbit route: no more launched than Starship lifts or chips allow."""

import numpy as np

from tests.conftest import run_of


def test_earth_orbit_launches_no_more_than_it_can_lift_or_has_chips_for():
    run = run_of("earth-orbit-starship")
    sat = run.design.satellite
    assert np.all(run["mass_launched"] <= run["launch_capacity"] * (1 + 1e-9) + 1e-12)
    power = float(sat.compute_power)  # chip supply is accelerator power per second
    assert np.all(run["satellites_launched"] * power <= run["chip_supply"] * (1 + 1e-9) + 1e-12)
    np.testing.assert_allclose(run["mass_launched"], run["satellites_launched"] * float(sat.mass))
    lit = run.design.extra["destination"]["sunlit_fraction"]
    assert 0.95 < lit < 1.0
