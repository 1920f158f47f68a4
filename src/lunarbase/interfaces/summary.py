"""A run, read for people and programs: the JSON object of ``lunarbase run --json`` and its labels.

Every quantity at this boundary is ``{"value": <number>, "unit": "<astropy unit string>"}``; flows are
given per year. The same object is written to ``summary.json`` beside the report.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from lunarbase.constants import SUN_LUMINOSITY, WORLD_DATACENTRE_POWER_2024, WORLD_PRIMARY_POWER_2024
from lunarbase.engine import YEARLY, Run
from lunarbase.physics.scales import kardashev_level
from lunarbase.units import quantity_json, to_unit

#: Rows to read the fleet against: today's Earth (Energy Institute 2025; IEA, Energy and AI 2025).
REFERENCES = {
    "earth_primary_power_2024": ("Reference: human primary power, 2024", WORLD_PRIMARY_POWER_2024, "W"),
    "earth_kardashev_2024": ("Reference: Kardashev level of Earth, 2024",
                             float(kardashev_level(WORLD_PRIMARY_POWER_2024)), ""),
    "world_datacentre_power_2024": ("Reference: world data-centre electricity, 2024", WORLD_DATACENTRE_POWER_2024,
                                    "W"),
    "sun_luminosity": ("Reference: the Sun's luminosity (IAU 2015 B3)", SUN_LUMINOSITY, "W"),
}

#: How each yearly figure of :data:`YEARLY` is labelled and shown: key -> (label, unit shown).
LABELS = {
    "surface_power": ("Lunar surface power (average)", "W"),
    "factory_mass": ("Factory mass", "kg"),
    "crew": ("Crew", ""),
    "mass_drivers": ("Mass drivers", ""),
    "launch_capacity": ("Launch capacity", "kg/yr"),
    "mass_launched": ("Mass launched", "kg/yr"),
    "satellites_launched": ("Satellites launched", "1/yr"),
    "satellites_in_service": ("Satellites in service", ""),
    "compute_launched": ("Compute launched", "W/yr"),
    "flops_added": ("Computing speed added", "FLOP/(s yr)"),
    "installed_compute": ("Installed compute", "W"),
    "installed_flops": ("Installed computing speed", "FLOP/s"),
    "sunlight_captured": ("Sunlight intercepted by the fleet", "W"),
    "share_of_sun": ("Share of the Sun's luminosity", ""),
    "kardashev": ("Kardashev level (fleet's sunlight)", ""),
    "earth_flights": ("Earth launches (flights to the base, or to orbit)", "1/yr"),
    "earth_mass_landed": ("Mass landed from Earth", "kg/yr"),
    "spend": ("Spending", "USD/yr"),
    "cumulative_spend": ("Cumulative spending", "USD"),
    "cost_per_kw": ("Cumulative cost per kW delivered", "USD/kW"),
    "cost_per_pflops_year": ("Cumulative cost per PFLOP/s-year", "USD"),
}

MILESTONE_LABELS = {
    "first_launch": "First satellite launched",
    "launch_rate_1GW_per_yr": "Launching 1 GW of compute a year",
    "launch_rate_100GW_per_yr": "Launching 100 GW a year",
    "launch_rate_1TW_per_yr": "Launching 1 TW a year",
    "installed_1TW": "1 TW of compute installed",
    "kardashev_1": "Fleet at Kardashev 1 (1e16 W)",
}


def shown(key: str, si_value):
    """Convert a yearly figure (flows per year, stocks as they are) from SI to the unit it is shown in."""
    _, kind, si_unit = YEARLY[key]
    unit = LABELS[key][1]
    value = np.asarray(si_value, dtype=float)
    if kind == "flow" or not si_unit:  # yearly totals of flows are already per year
        return value, unit
    return (value * to_unit(si_unit)).to_value(to_unit(unit)), unit


def _quantity_or_number(value: float, unit: str) -> Any:
    if unit == "":
        return None if not math.isfinite(value) else float(value)
    return quantity_json(value, unit)


def _quantities(figures: dict[str, tuple[Any, str]]) -> dict[str, Any]:
    out = {}
    for key, (value, unit) in figures.items():
        if isinstance(value, bool | np.bool_):
            out[key] = bool(value)
        else:
            out[key] = _quantity_or_number(float(value), unit)
    return out


#: Units of the departure figures, by name (the Moon's patched conics, or a planet's straight escape).
_DEPARTURE_UNITS = {
    "surface_speed": "m/s", "v_inf_moon": "m/s", "escapes_earth_moon": "", "v_inf_earth": "m/s",
    "v_inf_body": "m/s", "escapes_body": "", "outer_semimajor_axis": "m", "outer_aphelion": "m",
    "inner_semimajor_axis": "m", "inner_perihelion": "m", "delta_v_to_target": "m/s", "escape_share": "",
}


def departure_figures(run: Run) -> dict[str, tuple[Any, str]]:
    d = run.designs["departure"]
    one = {name: np.ravel(getattr(d, name))[0] for name in d._fields}
    return {name: (bool(one[name]) if name.startswith("escapes_") else one[name], unit)
            for name, unit in _DEPARTURE_UNITS.items() if name in one}


def mass_driver_figures(run: Run) -> dict[str, tuple[Any, str]]:
    md = run.designs["mass_driver"]
    units = {"exit_speed": "m/s", "acceleration": "m/s2", "length": "m", "shot_duration": "s",
             "energy_per_kg": "J/kg", "peak_power": "W", "average_power": "W", "throughput": "kg/s",
             "mass": "kg"}
    return {key: (float(np.ravel(md[key])[0]), unit) for key, unit in units.items()}


def satellite_figures(run: Run) -> dict[str, tuple[Any, str]]:
    s = run.designs["satellite"]
    first = {name: float(np.ravel(getattr(s, name))[0]) for name in s._fields}
    figures = {
        "compute_power": (first["compute_power"], "W"),
        "mass": (first["mass"], "kg"),
        "specific_power": (first["specific_power"], "W/kg"),
        "array_area": (first["array_area"], "m2"),
        "radiator_area": (first["radiator_area"], "m2"),
        "flops": (float(run["satellite_flops"][-1]), "FLOP/s"),  # one built in the horizon year
        "earth_mass": (first["earth_mass"], "kg"),
        "lunar_mass": (first["lunar_mass"], "kg"),
    }
    figures["budget"] = {item: (first[item], "kg") for item in s.BUDGET}
    return figures


def final_figures(run: Run) -> dict[str, tuple[float, str]]:
    out = {}
    for key in YEARLY:
        value, unit = shown(key, run.yearly(key)[-1])
        out[key] = (float(value), unit)
    return out


def finite(obj: Any) -> Any:
    """The same structure with every non-finite float replaced by None (JSON has no NaN or infinity)."""
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [finite(v) for v in obj]
    if isinstance(obj, float | np.floating) and not math.isfinite(obj):
        return None
    return obj


def to_json(run: Run) -> dict[str, Any]:
    """The object ``lunarbase run --json`` prints."""
    return finite(_summary(run))


def _summary(run: Run) -> dict[str, Any]:
    designs: dict[str, Any] = {}
    if "departure" in run.designs:
        designs["departure"] = _quantities(departure_figures(run))
    if "mass_driver" in run.designs:
        key = "mass_driver" if run.scenario.params.route.launcher == "mass-driver" else "launcher"
        designs[key] = _quantities(mass_driver_figures(run))
    if "satellite" in run.designs:
        sat = satellite_figures(run)
        budget = sat.pop("budget")
        designs["satellite"] = {**_quantities(sat), "mass_budget": _quantities(budget)}
    series: dict[str, Any] = {"year": [int(y) for y in run.years]}
    for key in YEARLY:
        values, unit = shown(key, run.yearly(key))
        clean = [None if not math.isfinite(v) else float(v) for v in values]
        series[key] = {"value": clean, "unit": unit} if unit else clean
    series["binding"] = run.binding_by_year
    bounds_figures, flags = run.bounds
    return {
        "scenario": run.scenario.name,
        "description": run.scenario.description,
        "parameters": run.scenario.parameters_json(),
        "route": dict(run.scenario.params.route),
        "milestones": run.milestones,
        **designs,
        "final": {"year": int(run.years[-1]), **_quantities(final_figures(run))},
        "reference": _quantities({key: (value, unit) for key, (_, value, unit) in REFERENCES.items()}),
        "binding_periods": [{"from": a, "to": b, "constraint": c} for a, b, c in run.binding_periods],
        "bounds": {
            "mass_lifted_share_of_moon": bounds_figures["mass_lifted_share_of_moon"],
            "mined_area": quantity_json(bounds_figures["mined_area"], "m2"),
            "surface_array_area": quantity_json(bounds_figures["array_area"], "m2"),
            "surface_used_share": bounds_figures["surface_used_share"],
            "flags": flags,
        },
        "series": series,
    }


def comparison_json(cmp) -> dict[str, Any]:
    """The object ``lunarbase compare --json`` prints: one object per route, the overtakes, the references.

    ``cmp`` is a :class:`lunarbase.comparison.Comparison`; each route's object holds, per year, the same
    yardsticks (flows per year), its milestones, binding constraint, parameters and whom it overtakes.
    """
    from lunarbase.comparison import MEASURES

    passes = [o.json() for o in cmp.overtakes]
    routes = []
    for run in cmp.runs:
        series: dict[str, Any] = {"year": [int(y) for y in run.years]}
        for key in MEASURES:
            values, unit = shown(key, run.yearly(key))
            clean = [None if not math.isfinite(v) else float(v) for v in values]
            series[key] = {"value": clean, "unit": unit} if unit else clean
        series["binding"] = run.binding_by_year
        name = run.scenario.name
        routes.append({
            "scenario": name,
            "description": run.scenario.description,
            "route": dict(run.scenario.params.route),
            "milestones": run.milestones,
            "final": {"year": int(run.years[-1]), **_quantities(
                {k: v for k, v in final_figures(run).items() if k in MEASURES})},
            "binding_periods": [{"from": a, "to": b, "constraint": c} for a, b, c in run.binding_periods],
            "overtakes": [o for o in passes if o["route"] == name],
            "overtaken_by": [o for o in passes if o["overtakes"] == name],
            "parameters": run.scenario.parameters_json(),
            "series": series,
        })
    return finite({
        "routes": routes,
        "overtakes": passes,
        "reference": _quantities({key: (value, unit) for key, (_, value, unit) in REFERENCES.items()}),
    })
