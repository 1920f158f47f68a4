"""The samples path keeps the checks: a draw is refused where any of its samples, run alone, is refused, and
the refusal names every offending sample, check by check.

The array path used to skip three kinds of check a scalar run makes: a check gated on another passing (the
satellite's propellant only where the acceleration passes, the chips' efficiency ceiling only where the
reference chip passes), and a setting that does nothing in some samples (a fab year where the sample has no
fab, the flights' growth where the sample's cap is below its start): the array read it for the others.
"""

import numpy as np
import pytest

from lunarbase import load_scenario, simulate
from lunarbase.constants import STANDARD_GRAVITY, YEAR
from lunarbase.scenario import ScenarioError
from tests.core.test_samples import _set


def _refusal(work) -> str | None:
    try:
        work()
    except ScenarioError as err:
        return str(err)
    return None


def _alone(preset: str, draws: dict, i: int) -> str | None:
    return _refusal(lambda: simulate(load_scenario(preset, [_set(p, v[i]) for p, v in draws.items()])))


def _named(message: str, field: str) -> str:
    return next(line for line in message.splitlines() if line.startswith(field))


def test_a_check_gated_on_another_still_names_its_samples():
    """Sample 0's acceleration cannot be hardened for; sample 1's propellant is beyond its tanks: both named."""
    draws = {"mass_driver.acceleration": np.array([1e6, 100.0]) * STANDARD_GRAVITY,
             "satellite.propulsion_isp": np.array([3000.0, 50.0])}
    message = _refusal(lambda: simulate(load_scenario("lunar-base-alpha"), draws=draws))
    assert _named(message, "mass_driver.acceleration").endswith("(sample 0)")
    assert _named(message, "satellite.propulsion_isp").endswith("(sample 1)")
    assert _alone("lunar-base-alpha", draws, 1).startswith("satellite.propulsion_isp")


def test_the_ceiling_is_checked_where_the_reference_chip_passes():
    draws = {"chips.flops_per_unit": [1e25, 2.5e15], "chips.efficiency_ceiling_factor": [10.0, 1e12]}
    message = _refusal(lambda: simulate(load_scenario("lunar-base-alpha"), draws=draws))
    assert _named(message, "chips.flops_per_unit").endswith("(sample 0)")
    assert _named(message, "chips.efficiency_ceiling_factor").endswith("(sample 1)")


@pytest.mark.parametrize(("draws", "field", "idle"), [
    ({"chips.lunar_fab": np.array([True, False, True]), "chips.lunar_fab_year": [2035.0, 2040.0, 2045.0]},
     "chips.lunar_fab_year", 1),
    ({"logistics.flights_max": np.array([1.0, 1e4, 1e3]) / YEAR,
      "logistics.flights_growth": np.array([0.3, 0.4, 0.5]) / YEAR}, "logistics.flights_growth", 0),
])
def test_a_setting_that_does_nothing_in_some_samples_is_refused_naming_them(draws, field, idle):
    message = _refusal(lambda: simulate(load_scenario("lunar-base-alpha"), draws=draws))
    assert message is not None and message.count("\n") == 0
    assert message.startswith(f"{field}: got") and "does nothing" in message and f"in sample {idle};" in message
    alone = [_alone("lunar-base-alpha", draws, i) for i in range(3)]
    assert [i for i, m in enumerate(alone) if m is not None] == [idle]
    assert alone[idle].startswith(f"{field}: got") and "does nothing" in alone[idle]


#: Per preset: parameters whose draws reach the route's checks (SI, the range a draw takes them from).
RANGES = {
    "lunar-base-alpha": {"mass_driver.acceleration": (50.0 * STANDARD_GRAVITY, 20_000.0 * STANDARD_GRAVITY),
                         "satellite.propulsion_isp": (80.0, 3000.0),
                         "mass_driver.payload_per_shot": (1e3, 6e3),
                         "satellite.junction_temperature": (320.0, 400.0),
                         "chips.efficiency_ceiling_factor": (1.0, 2e6),
                         "logistics.flights_max": (0.5 / YEAR, 1e4 / YEAR)},
    "mars-base": {"rocket.isp": (100.0, 500.0), "satellite.junction_temperature": (320.0, 400.0),
                  "rocket.payload_per_flight": (1e3, 2e5)},
    "earth-orbit-starship": {"satellite.structure_fraction": (0.1, 0.99), "orbit.altitude": (300e3, 7000e3),
                             "satellite.junction_temperature": (320.0, 400.0)},
}


@pytest.mark.parametrize("preset", list(RANGES))
def test_random_draws_are_refused_as_their_samples_alone_are(preset):
    """Seeded random draws of 6 samples over 2-3 parameters: the array is refused exactly when a sample alone
    is, and every check a sample alone fails names that sample."""
    rng = np.random.default_rng(14)
    for _ in range(6):
        paths = rng.choice(list(RANGES[preset]), size=int(rng.integers(2, 4)), replace=False)
        draws = {str(p): np.exp(rng.uniform(*np.log(RANGES[preset][p]), size=6)) for p in paths}
        together = _refusal(lambda d=draws: simulate(load_scenario(preset), draws=d))
        alone = [_alone(preset, draws, i) for i in range(6)]
        assert (together is None) == all(m is None for m in alone), (draws, together, alone)
        for i, message in enumerate(alone):
            for line in (message or "").splitlines():
                field = line.partition(":")[0]
                named = _named(together, field)
                assert f"sample {i}" in named or f" {i}," in named or f" {i})" in named, (i, line, named)
