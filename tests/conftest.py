"""Shared fixtures: runs are cached per scenario so the suite stays fast."""

import functools
import os
import tempfile

import pytest

# Runs with --out and studies record themselves in the run catalog: never the user's, during the tests.
os.environ["LUNARBASE_CATALOG"] = tempfile.mkdtemp(prefix="lunarbase-test-catalog-")

from lunarbase import load_scenario, simulate


@functools.lru_cache(maxsize=32)
def run_of(name: str = "lunar-base-alpha", sets: tuple[str, ...] = (), years: str | None = None):
    return simulate(load_scenario(name, list(sets), years))


@pytest.fixture(scope="session")
def alpha():
    return run_of("lunar-base-alpha")
