"""The Earth-orbit route: no more launched than Starship lifts or chips allow."""


import numpy as np
import pytest

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


def test_earth_launches_are_the_compute_flights_and_their_tankers():
    """Launch-bound in its first year: half of the fleet's launches carry compute (orbit.flight_share). The
    cadence is 25/yr in 2027 growing 60 %/yr (x1.6 a year), taken monthly: 12.5/12 * sum_k 1.6^(k/12) over
    k = 0..11 = 12.5 * (1.6 - 1) / (12 (1.6^(1/12) - 1)) = 15.65 launches, no tankers to Earth orbit. With three
    tankers a compute flight the route still flies that many launches, but a quarter of the flights and mass."""
    hand = 12.5 * (1.6 - 1) / (12 * (1.6 ** (1 / 12) - 1))
    run = run_of("earth-orbit-starship", years="2027:2028")
    assert run.binding_by_year[0] == "launch"
    assert run.yearly("earth_flights")[0] == pytest.approx(hand, rel=1e-9)
    np.testing.assert_allclose(run["flights"], run["cargo_flights"], rtol=1e-12)
    tanked = run_of("earth-orbit-starship", ("logistics.tankers_per_flight=3",), "2027:2028")
    assert tanked.yearly("earth_flights")[0] == pytest.approx(hand, rel=1e-9)
    np.testing.assert_allclose(tanked["cargo_flights"], run["cargo_flights"] / 4, rtol=1e-12)
    np.testing.assert_allclose(tanked["mass_launched"], run["mass_launched"] / 4, rtol=1e-12)
    # The same launches cost the same: a kg to orbit now carries its three tankers' price.
    np.testing.assert_allclose(tanked["spend_launch"], run["spend_launch"], rtol=1e-12)
