"""A run, read for people and programs: the JSON object of ``lunarbase run --json`` and its labels.

Every quantity at this boundary is ``{"value": <number>, "unit": "<astropy unit string>"}``; flows are
given per year. The same object is written to ``summary.json`` beside the report.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from lunarbase.constants import H100_FLOPS, H100_POWER
from lunarbase.engine import PFLOPS_YEAR, WATERFALL, Run, rental_per_pflops_year
from lunarbase.figures import DESIGN, MILESTONES, YEARLY
from lunarbase.references import H100_RENTAL, REFERENCES
from lunarbase.units import quantity_json, to_unit

#: How each yearly figure is labelled and shown: key -> (label, unit shown), from the figure catalogue.
LABELS = {key: (f.label, f.shown_unit) for key, f in YEARLY.items()}

MILESTONE_LABELS = {name: m.label for name, m in MILESTONES.items()}


def shown(key: str, si_value):
    """Convert a yearly figure (flows per year, stocks as they are) from SI to the unit it is shown in."""
    figure = YEARLY[key]
    value = np.asarray(si_value, dtype=float)
    if figure.kind == "flow" or not figure.unit:  # yearly totals of flows are already per year
        return value, figure.shown_unit
    return (value * to_unit(figure.unit)).to_value(to_unit(figure.shown_unit)), figure.shown_unit


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


def _first(value) -> Any:
    """The one value of a design figure (a run of one scenario holds (1, 1) or scalar arrays)."""
    return np.ravel(value)[0]


def departure_figures(run: Run) -> dict[str, tuple[Any, str]]:
    d = run.design.departure
    return {name: (bool(_first(getattr(d, name))) if name.startswith("escapes_") else _first(getattr(d, name)),
                   figure.unit) for name, figure in DESIGN["departure"].items() if name in d._fields}


def launcher_figures(run: Run) -> dict[str, tuple[Any, str]]:
    launcher = run.design.launcher
    return {name: (float(_first(launcher[name])), figure.unit) for name, figure in DESIGN["launcher"].items()}


def satellite_figures(run: Run) -> dict[str, tuple[Any, str]]:
    s = run.design.satellite
    first = {name: float(_first(getattr(s, name))) for name in s._fields}
    first["flops"] = float(run["satellite_flops"][-1])  # one built in the horizon year
    figures = {name: (first[name], figure.unit) for name, figure in DESIGN["satellite"].items()}
    figures["budget"] = {item: (first[item], "kg") for item in s.BUDGET}
    return figures


def final_figures(run: Run) -> dict[str, tuple[float, str]]:
    out = {}
    for key in YEARLY:
        value, unit = shown(key, run.yearly(key)[-1])
        out[key] = (float(value), unit)
    return out


#: What the levelized cost divides by and how it is reckoned, for the JSON and the tables.
LEVELIZED_METHOD = ("PV(spending) / PV(PFLOP/s-years delivered), both discounted at the route's discount_rate "
                    "(real, compounded yearly) over the horizon; the standard LCOE definition (IEA/NEA, Projected "
                    "Costs of Generating Electricity 2020) with delivered compute for energy")
NUMBER_FORMAT = "dense BF16"
ACCELERATOR = "NVIDIA H100 SXM (989 TFLOP/s dense BF16, 700 W; NVIDIA H100 Tensor Core GPU datasheet)"


def rental_reference() -> dict[str, Any]:
    """Today's rental price of an H100, the reference line beside the levelized cost."""
    label, (low, high) = H100_RENTAL
    return {
        "label": label,
        "per_accelerator_hour": {"low": quantity_json(low, "USD/h"), "high": quantity_json(high, "USD/h")},
        "per_pflops_year": {"low": quantity_json(float(rental_per_pflops_year(low)), "USD/PFLOPs_yr"),
                            "high": quantity_json(float(rental_per_pflops_year(high)), "USD/PFLOPs_yr")},
    }


def levelized_json(run: Run) -> dict[str, Any]:
    """The ``levelized_cost`` object of ``run --json`` and of each route of ``compare --json``."""
    lc = run.levelized_cost
    return {
        "per_pflops_year": quantity_json(lc.per_pflops_year, "USD/PFLOPs_yr"),
        "per_accelerator_hour": quantity_json(lc.per_accelerator_hour, "USD/h"),
        "discount_rate": lc.discount_rate,
        "number_format": NUMBER_FORMAT,
        "accelerator": {"name": ACCELERATOR, "flops": quantity_json(H100_FLOPS, "FLOP/s"),
                        "power": quantity_json(H100_POWER, "W")},
        "horizon": {"from": int(run.years[0]), "to": int(run.years[-1])},
        "method": LEVELIZED_METHOD,
        "waterfall": [{"stage": stage, "label": label, "share_of_peak": lc.shares[stage],
                       "per_pflops_year": quantity_json(lc.per_pflops_year_at(stage), "USD/PFLOPs_yr")}
                      for stage, label in WATERFALL.items()],
        "reference": rental_reference(),
        "undiscounted_cumulative_per_pflops_year": quantity_json(lc.undiscounted_per_flop * PFLOPS_YEAR,
                                                                 "USD/PFLOPs_yr"),
    }


def finite(obj: Any) -> Any:
    """The same structure with every non-finite float replaced by None (JSON has no NaN or infinity)."""
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [finite(v) for v in obj]
    if isinstance(obj, float | np.floating) and not math.isfinite(obj):
        return None
    return obj


def yearly_series(run: Run, keys) -> dict[str, Any]:
    """The yearly figures ``keys`` of a run, shown (flows per year), with the years and the binding constraint."""
    series: dict[str, Any] = {"year": [int(y) for y in run.years]}
    for key in keys:
        values, unit = shown(key, run.yearly(key))
        clean = [None if not math.isfinite(v) else float(v) for v in values]
        series[key] = {"value": clean, "unit": unit} if unit else clean
    series["binding"] = run.binding_by_year
    return series


def to_json(run: Run) -> dict[str, Any]:
    """The object ``lunarbase run --json`` prints."""
    return finite(_summary(run))


def _summary(run: Run) -> dict[str, Any]:
    designs: dict[str, Any] = {}
    if run.design.departure is not None:
        designs["departure"] = _quantities(departure_figures(run))
    if run.design.launcher is not None:
        key = "mass_driver" if run.design.launcher_kind == "mass-driver" else "launcher"
        designs[key] = _quantities(launcher_figures(run))
    if run.design.satellite is not None:
        sat = satellite_figures(run)
        budget = sat.pop("budget")
        designs["satellite"] = {**_quantities(sat), "mass_budget": _quantities(budget)}
    series = yearly_series(run, YEARLY)
    bounds_figures, flags = run.bounds
    return {
        "scenario": run.scenario.name,
        "description": run.scenario.description,
        "parameters": run.scenario.parameters_json(),
        "route": dict(run.scenario.params.route),
        "milestones": run.milestones,
        **designs,
        "final": {"year": int(run.years[-1]), **_quantities(final_figures(run))},
        "levelized_cost": levelized_json(run),
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
        series = yearly_series(run, MEASURES)
        name = run.scenario.name
        routes.append({
            "scenario": name,
            "description": run.scenario.description,
            "route": dict(run.scenario.params.route),
            "milestones": run.milestones,
            "final": {"year": int(run.years[-1]), **_quantities(
                {k: v for k, v in final_figures(run).items() if k in MEASURES})},
            "levelized_cost": levelized_json(run),
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
