"""Nothing silently ignored: on every preset, every parameter either changes the result when set to some valid
value, or setting it is refused in one line naming what would use it.

For each parameter the test tries values a long way from the preset's (x10, /10, x1e-9, x1e-15, x1e-20, x100, x1e7, +-5,
the other choices, the other boolean) until one changes a series or the design; values the schema refuses are skipped.
"""

from typing import get_args, get_origin

import numpy as np
import pytest

from lunarbase import load_scenario, simulate
from lunarbase.scenario import ScenarioError, preset_names
from lunarbase.scenario.schema import SECTIONS, field_unit
from tests.conftest import run_of

FACTORS = (10.0, 0.1, 1e-9, 1e-15, 1e-20, 100.0, 1e7)

#: Parameters that do act in the model but, on one preset, no value changes the horizon's results; each with why.
#: (Keep this short: an entry is a gap a reader should know about, not a way to pass.)
NO_EFFECT_HERE: dict[tuple[str, str], str] = {}


def _bounds(info) -> tuple[float, float]:
    low, high = -np.inf, np.inf
    for m in info.metadata:
        low = getattr(m, "ge", getattr(m, "gt", low))
        high = getattr(m, "le", getattr(m, "lt", high))
    return low, high


def _candidates(params, path: str) -> list[str]:
    section, name = path.split(".")
    info = SECTIONS[section].model_fields[name]
    value = getattr(getattr(params, section), name)
    if get_origin(info.annotation) is not None:
        return [f'{path}="{choice}"' for choice in get_args(info.annotation) if choice != value]
    if info.annotation is bool:
        return [f"{path}={'false' if value else 'true'}"]
    unit = field_unit(SECTIONS[section], name)
    low, high = _bounds(info)
    tries = [value * f if value else 0.5 * f for f in FACTORS] + [value + 5, value - 5, value + 30]  # years
    tries = [min(max(v, low), high) for v in tries] + [0.5 * (value + high) if np.isfinite(high) else value]
    if info.annotation is int:
        tries = [int(round(v)) for v in tries]
    return [f"{path}={v!r} {unit}".rstrip() if unit else f"{path}={v!r}" for v in dict.fromkeys(tries) if v != value]


def _differs(run, base) -> bool:
    if run.series.keys() != base.series.keys():
        return True
    return any(not np.array_equal(run.series[k], base.series[k], equal_nan=True) for k in base.series)


def _matters(preset: str, path: str, base) -> bool:
    """Some valid value changes the run, or is refused by it; a parameter the others pin to one value passes."""
    tried = 0
    for setting in _candidates(base.scenario.params, path):
        try:
            scenario = load_scenario(preset, [setting])
        except ScenarioError:
            continue  # outside the schema's bounds or pinned by another parameter: not a value to try
        tried += 1
        try:
            run = simulate(scenario)
        except ScenarioError:
            return True  # refused: as doing nothing here, or as what the route cannot build with it
        if _differs(run, base):
            return True
    return tried == 0


@pytest.mark.parametrize("preset", preset_names())
def test_every_parameter_matters_or_is_refused(preset):
    base = run_of(preset)
    inert = [f"{s}.{n}" for s, cls in SECTIONS.items() if s != "horizon" for n in cls.model_fields
             if (preset, f"{s}.{n}") not in NO_EFFECT_HERE and not _matters(preset, f"{s}.{n}", base)]
    assert not inert, f"{preset}: parameters that change nothing and are not refused: {inert}"


def test_the_exceptions_are_still_exceptions():
    """Each entry of NO_EFFECT_HERE still has no effect (else it must leave the list)."""
    for preset, path in NO_EFFECT_HERE:
        assert not _matters(preset, path, run_of(preset)), (preset, path)


def test_a_setting_the_run_never_reads_is_refused_in_one_line():
    with pytest.raises(ScenarioError) as err:
        simulate(load_scenario(sets=["mass_driver.launch_angle=10 deg"]))
    assert str(err.value) == ("mass_driver.launch_angle: got 10 deg, which does nothing on the surface-base route as "
                              "set; expected it only with departure.model = 'angle'")
    with pytest.raises(ScenarioError, match="grid.pue: got 1.3, which does nothing on the surface-base route"):
        simulate(load_scenario(sets=["grid.pue=1.3"]))
    with pytest.raises(ScenarioError, match="swarm.cycle: .*the Armstrong & Sandberg check"):
        simulate(load_scenario(sets=["swarm.cycle=4 yr"]))


def test_satellites_earn_nothing_during_their_transfer():
    """Spiralling out at 3e-7 m/s2 takes Delta-v / (F/m) = 1.7 km/s / 3e-7 m/s2 = 180 years: nothing reaches its orbit
    by 2100, though every launch counts; at 1e-4 m/s2 the same satellites arrive 7 months after launch."""
    slow = simulate(load_scenario(sets=["departure.thrust_to_mass=3e-7 m/s2"]))
    base = run_of("lunar-base-alpha")
    np.testing.assert_array_equal(slow["compute_launch_rate"], base["compute_launch_rate"])
    assert np.all(slow["installed_compute"] == 0.0) and base["installed_compute"][-1] > 0.0
    lag = int(np.argmax(base["satellites_deployed"] > 0) - np.argmax(base["satellites_launched"] > 0))
    assert lag == round(float(base.design.departure.delta_v_to_target) / 1e-4 / base.dt)


def test_lighting_follows_the_site():
    with pytest.raises(ScenarioError, match="site.illumination_fraction: got 92.3% at site.latitude 0 deg"):
        simulate(load_scenario(sets=["site.latitude=0 deg", "site.longitude=0 deg", "site.elevation=0 km"]))
    with pytest.raises(ScenarioError, match="site.kind: got 'polar' at site.latitude 45"):
        simulate(load_scenario(sets=["site.latitude=45 deg", "site.illumination_fraction=50 %",
                                     "site.longest_darkness=354 h"]))
