"""Routes side by side: overtakes by hand, one time grid."""

import numpy as np
import pytest

from lunarbase import load_scenario
from lunarbase.comparison import compare, overtakes


def test_overtakes_by_hand():
    years = np.array([2030, 2031, 2032, 2033])
    v = np.array([[0.0, 1.0, 3.0, 3.0], [0.0, 2.0, 2.0, 4.0]])
    got = [(o.route, o.other, o.year) for o in overtakes(["a", "b"], v, years)]
    assert got == [("a", "b", 2032), ("b", "a", 2033)]


def test_compare_refuses_mismatched_horizons():
    from lunarbase.scenario import ScenarioError

    with pytest.raises(ScenarioError, match="horizon"):
        compare([load_scenario("terrestrial", years="2026:2050"), load_scenario("mars-base")])


def test_compare_refuses_routes_counting_flop_in_different_formats():
    from lunarbase.comparison import compare
    from lunarbase.scenario import ScenarioError, load_scenario

    fp8 = load_scenario("terrestrial", ['chips.number_format="FP8 dense"', 'chips.flops_per_unit="4.5e15 FLOP/s"'])
    with pytest.raises(ScenarioError) as err:
        compare([fp8, load_scenario("mars-base")])
    assert str(err.value) == ("chips.number_format: got BF16 dense, FP8 dense; expected one number format for every "
                              "route (FLOP/s counted in different formats do not compare)")
