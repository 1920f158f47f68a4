"""The surface base's growth loop, stepped a block of samples at a time (SIMD lanes), keeps the scalar loop's
semantics bit for bit: the loop it replaced, run as plain Python one sample and one step at a time, and the same
whatever a sample's place in a block (a chunk equals its samples run one by one)."""

import functools
import sys
import types
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit

from lunarbase import load_scenario, simulate
from lunarbase.architectures import surface_base as sb
from lunarbase.architectures.surface_base import BaseConstants, BaseDrivers, BaseState

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from bench_grow import reference_loop  # noqa: E402 - the scalar loop the blocked one replaced, kept there only

#: Per-sample factors drawn on a preset's constants: each moves the base across another of its limits
#: (factory, power, Earth supply, crew, material, the orbital shell, the fab).
FACTORS = {"productivity": (0.3, 3.0), "energy_per_kg": (0.5, 2.0), "seed_factory": (0.3, 3.0),
           "power_mass_per_w": (0.5, 2.0), "mineable_mass": (1e-10, 1.0), "shell_satellites": (1e-17, 1.0),
           "power_ceiling": (1e-4, 1.0),
           "factory_mass_per_crew": (0.2, 5.0), "fab_tool_mass": (0.5, 2.0)}
#: Shares drawn outright.
SHARES = {"reinvestment": (0.1, 0.9), "autonomy": (0.5, 0.99), "margin": (0.0, 0.3)}


@functools.lru_cache(maxsize=4)
def captured(name: str) -> tuple[BaseConstants, BaseDrivers]:
    """The loop's inputs for a preset's scalar scenario."""
    inputs, grow = [], sb.grow
    sb.grow = lambda c, x, kept=None: (inputs.append((c, x)), grow(c, x, kept))[1]
    try:
        simulate(load_scenario(name))
    finally:
        sb.grow = grow
    return inputs[0]


def drawn(name: str, n: int, seed: int) -> tuple[BaseConstants, BaseDrivers]:
    """``n`` samples of a preset's loop inputs, their constants drawn around the preset's."""
    constants, drivers = captured(name)
    rng = np.random.default_rng(seed)
    values = {field: np.broadcast_to(np.asarray(value, dtype=float).reshape(-1), (n,)).copy()
              for field, value in constants._asdict().items()}
    for field, (low, high) in FACTORS.items():
        values[field] *= np.exp(rng.uniform(np.log(low), np.log(high), n))
    for field, (low, high) in SHARES.items():
        values[field] = rng.uniform(low, high, n)
    return BaseConstants(**values), drivers


class CompiledMath:
    """NumPy as the plain-Python loop reads it, with the compiled loop's exp and expm1 (NumPy's own may differ in
    the last bit, and a bit in the factories' growth is enough to move a threshold some steps later)."""

    exp = staticmethod(njit(lambda v: np.exp(v)))
    expm1 = staticmethod(njit(lambda v: np.expm1(v)))

    def __getattr__(self, name):
        return getattr(np, name)


#: The replaced loop as plain Python, reading CompiledMath as ``np``.
plain_reference = types.FunctionType(reference_loop.py_func.__code__,
                                     {**reference_loop.py_func.__globals__, "np": CompiledMath()})


def scalar_semantics(constants: BaseConstants, drivers: BaseDrivers, steps: int) -> BaseState:
    """The replaced loop, as plain Python (no compiler), over the first ``steps`` steps."""
    n = int(np.size(constants.productivity))
    c = BaseConstants(*(np.broadcast_to(np.asarray(v, dtype=float).reshape(-1), (n,)).copy() for v in constants))
    x = BaseDrivers(*(np.array(np.broadcast_to(s, (n, np.shape(s)[-1]))[:, :steps]) for s in drivers))
    out = BaseState(*(np.empty((n, steps)) for _ in BaseState._fields))
    plain_reference(c, x, out)
    return out


@settings(max_examples=4, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), name=st.sampled_from(["lunar-base-alpha", "mars-base", "plan-as-stated"]))
def test_blocked_loop_follows_the_scalar_loop(seed, name):
    constants, drivers = drawn(name, 11, seed)  # one block, padded: 11 samples in two SIMD vectors
    steps = np.shape(drivers.active)[-1]
    short = BaseDrivers(*(np.asarray(s)[..., :steps] for s in drivers))
    expected, got = scalar_semantics(constants, drivers, steps), sb.grow(constants, short)
    for field, a, b in zip(BaseState._fields, expected, got, strict=True):
        assert np.array_equal(a, b, equal_nan=True), f"{field} differs"


def test_a_chunk_is_its_samples_one_by_one():
    """A sample's results do not depend on the block it shares, nor on its lane, nor on the padding lanes."""
    constants, drivers = drawn("lunar-base-alpha", 37, 7)  # two blocks, the second partial
    chunk = sb.grow(constants, drivers)
    for i in (0, 8, 31, 32, 36):
        one = sb.grow(BaseConstants(*(v[i:i + 1] for v in constants)), drivers)
        for field, a, b in zip(BaseState._fields, chunk, one, strict=True):
            assert np.array_equal(a[i:i + 1], b, equal_nan=True), f"{field} of sample {i} differs"


def test_idle_steps_are_zero_and_named_idle():
    constants, drivers = drawn("mars-base", 3, 1)
    active = np.zeros(np.shape(drivers.active)[-1])
    active[100:] = 1.0  # the base starts later
    out = sb.grow(constants, drivers._replace(active=active))
    for field, series in zip(BaseState._fields, out, strict=True):
        expected = sb.IDLE if field == "binding" else 0.0
        assert np.all(series[:, :100] == expected), field
    assert np.all(out.factory_mass[:, 100] == constants.seed_factory)


def test_outputs_not_kept_are_not_written_and_the_rest_are_the_same():
    """``grow(kept=...)``: the loop writes only the outputs kept (and ``binding``); each is the full loop's, bit
    for bit, and the others are None (the step still computes them: the balance needs every one)."""
    constants, drivers = captured("lunar-base-alpha")
    full = sb.grow(constants, drivers)
    kept = frozenset({"satellites_launched", "crew"})
    lean = sb.grow(constants, drivers, kept)
    for name in sb.BaseState._fields:
        if name in kept | {"binding"}:
            assert np.array_equal(getattr(lean, name), getattr(full, name)), name
        else:
            assert getattr(lean, name) is None, name


def test_a_compiled_loop_is_called_without_touching_the_warning_filters(monkeypatch):
    """Once compiled, the growth loop is called without ``warnings.catch_warnings`` (process-wide filters, which
    threads calling it at once could leave changed); only its first compile is quieted."""
    import warnings

    scenario = load_scenario("lunar-base-alpha")
    simulate(scenario)  # compiled (or loaded from the cache)

    def refuse(*args, **kwargs):
        raise AssertionError("the warning filters were changed for a compiled loop")

    monkeypatch.setattr(warnings, "catch_warnings", refuse)
    assert simulate(scenario)["satellites_launched"].max() > 0
