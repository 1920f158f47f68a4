"""Uniform ranges for study tests and the study benchmark, as real ``[uncertainty]`` sets
(``lunarbase.scenario.uncertainty``): ``Uncertainty(ranges)`` takes ``{path: (low, high, unit)}``."""

from __future__ import annotations

from lunarbase.scenario.uncertainty import parse, sample  # noqa: F401 - re-exported for the tests

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


def Uncertainty(ranges: dict[str, tuple[float, float, str]]):  # noqa: N802 - reads as the type it builds
    """A real uncertainty set of independent uniform ranges."""
    return parse({path: {"dist": "uniform", "low": f"{lo} {unit}".strip() if unit else lo,
                         "high": f"{hi} {unit}".strip() if unit else hi, "source": "test range"}
                  for path, (lo, hi, unit) in ranges.items()})
