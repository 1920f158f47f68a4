"""Shared fixtures: runs are cached per scenario so the suite stays fast."""

import functools

import pytest

from lunarbase import load_scenario, simulate


@functools.lru_cache(maxsize=32)
def run_of(name: str = "lunar-base-alpha", sets: tuple[str, ...] = (), years: str | None = None):
    return simulate(load_scenario(name, list(sets), years))


@pytest.fixture(scope="session")
def alpha():
    return run_of("lunar-base-alpha")
