"""Shared fixtures: runs are cached per scenario so the suite stays fast."""

import functools
import os
import tempfile

import pytest
from hypothesis import settings

# Runs with --out and studies record themselves in the run catalog: never the user's, during the tests.
os.environ["LUNARBASE_CATALOG"] = tempfile.mkdtemp(prefix="lunarbase-test-catalog-")

from lunarbase import load_scenario, simulate

# Property tests: the gate (``make test``, CI) draws the same examples every time, so a submission passes or
# fails on its code, not on the draw; ``HYPOTHESIS_PROFILE=explore`` searches fresh examples (500 where a test
# sets no count of its own) to find new counterexamples, which then become fixed ``@example``s (the
# near-parabolic ellipse of test_kepler came that way).
settings.register_profile("gate", derandomize=True)
settings.register_profile("explore", derandomize=False, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gate"))


@functools.lru_cache(maxsize=32)
def run_of(name: str = "lunar-base-alpha", sets: tuple[str, ...] = (), years: str | None = None):
    return simulate(load_scenario(name, list(sets), years))


@pytest.fixture(scope="session")
def alpha():
    return run_of("lunar-base-alpha")
