"""A private stand-in for ``lunarbase.scenario.uncertainty`` (being written beside this branch), with the same
signatures, so that the study's tests run before it lands. Tests only; never imported by ``src``.

``Uncertainty(ranges)`` takes ``{path: (low, high, unit)}``: uniform on [low, high] in ``unit``.
"""

from __future__ import annotations

import numpy as np
from astropy import units as u

#: Ranges every lunar preset accepts (each sample feasible), used by the tests and the benchmark.
LUNAR_RANGES = {
    "industry.productivity": (0.6, 1.2, "1/yr"),
    "mass_driver.exit_speed": (2.45, 2.9, "km/s"),
    "industry.reinvestment_fraction": (0.3, 0.7, ""),
    "chips.efficiency_growth": (15.0, 35.0, "%/yr"),
    "logistics.flights_growth": (20.0, 60.0, "%/yr"),
}

#: Twenty parameters for the Sobol benchmark: each ±~20 % about the lunar-base-alpha preset.
TWENTY = {
    "industry.productivity": (0.7, 1.2, "1/yr"),
    "industry.energy_per_kg": (12.0, 18.0, "kWh/kg"),
    "industry.reinvestment_fraction": (0.4, 0.6, ""),
    "industry.closure_time_constant": (6.0, 10.0, "yr"),
    "industry.autonomy": (0.8, 0.95, ""),
    "industry.seed_factory_mass": (80.0, 120.0, "t"),
    "industry.seed_power": (250.0, 350.0, "kW"),
    "site.pv_efficiency": (0.18, 0.22, ""),
    "site.array_areal_density": (1.6, 2.4, "kg/m2"),
    "site.storage_specific_energy": (400.0, 600.0, "W h/kg"),
    "city.crew_doubling_time": (2.5, 3.5, "yr"),
    "chips.efficiency_growth": (20.0, 30.0, "%/yr"),
    "chips.cost_per_unit": (28000.0, 42000.0, "USD"),
    "logistics.flights_growth": (30.0, 50.0, "%/yr"),
    "logistics.payload_per_flight": (80.0, 120.0, "t"),
    "mass_driver.exit_speed": (2.45, 2.9, "km/s"),
    "mass_driver.efficiency": (0.7, 0.9, ""),
    "satellite.compute_power": (100.0, 140.0, "kW"),
    "satellite.lifetime": (5.0, 7.0, "yr"),
    "economics.discount_rate": (0.1, 0.2, ""),
}


class Uncertainty:
    """Independent uniform ranges over parameters (the real module's interface, a subset of its laws)."""

    def __init__(self, ranges: dict[str, tuple[float, float, str]]):
        self.ranges = dict(ranges)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(self.ranges)

    def salib_problem(self) -> dict:
        k = len(self.ranges)
        return {"num_vars": k, "names": list(self.ranges), "bounds": [[0.0, 1.0]] * k}

    def from_unit_cube(self, unit_cube: np.ndarray) -> dict[str, u.Quantity]:
        x = np.asarray(unit_cube, dtype=float)
        out = {}
        for j, (path, (lo, hi, unit)) in enumerate(self.ranges.items()):
            scale = u.Unit(unit.replace("%", "percent")) if unit else u.dimensionless_unscaled
            out[path] = (lo + x[:, j] * (hi - lo)) * scale
        return out


def _int_seed(seed) -> int:
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return int(ss.generate_state(1)[0])


def sample(unc: Uncertainty, n: int, method: str, seed) -> np.ndarray:
    """An (m, k) unit-cube design: mc and lhs m = n; sobol m = n (k + 2) (SALib order); morris m = n (k + 1)."""
    k = len(unc.paths)
    if method == "mc":
        return np.random.default_rng(seed).random((n, k))
    if method == "lhs":
        from scipy.stats import qmc

        return qmc.LatinHypercube(d=k, seed=np.random.default_rng(seed)).random(n)
    if method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(unc.salib_problem(), n, calc_second_order=False, seed=_int_seed(seed))
    if method == "morris":
        from SALib.sample import morris

        return morris.sample(unc.salib_problem(), n, seed=_int_seed(seed))
    raise ValueError(method)
