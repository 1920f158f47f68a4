"""A run, read for people and programs: the JSON object of ``lunarbase run --json`` and its labels.

Every quantity at this boundary is ``{"value": <number>, "unit": "<astropy unit string>"}``; flows are
given per year. A figure that counts FLOP adds ``"number_format"`` (the run's ``chips.number_format``, e.g.
"BF16 dense"), also given once at the top; the satellite's FLOP/s adds ``"cohort_year"``, the year the
satellite it describes was built. The same object is written to ``summary.json`` beside the report.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from lunarbase.constants import H100_FLOPS, H100_POWER
from lunarbase.engine import PFLOPS_YEAR, WATERFALL, Run, rental_per_pflops_year
from lunarbase.figures import DESIGN, MILESTONES, YEARLY, in_format
from lunarbase.references import H100_RENTAL, REFERENCES
from lunarbase.units import quantity_json, to_unit

MILESTONE_LABELS = {name: m.label for name, m in MILESTONES.items()}


def figure_label(key: str, number_format: str) -> str:
    """The label of yearly figure ``key``; a FLOP figure's names the number format it counts in."""
    figure = YEARLY[key]
    return in_format(figure.label, number_format) if figure.flop else figure.label


def _with_format(quantities: dict[str, Any], number_format: str) -> dict[str, Any]:
    """The same JSON quantities, each FLOP figure's with ``"number_format"`` beside its value and unit."""
    return {key: {**q, "number_format": number_format} if key in YEARLY and YEARLY[key].flop and isinstance(q, dict)
            else q for key, q in quantities.items()}


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


def departure_method(run: Run) -> tuple[str, str]:
    """How the departure figures were found, and what a reader must know about them ("" if nothing)."""
    d = run.design.departure
    return (getattr(d, "method", ""), getattr(d, "note", "")) if d is not None else ("", "")


def launcher_figures(run: Run) -> dict[str, tuple[Any, str]]:
    launcher = run.design.launcher
    return {name: (float(_first(launcher[name])), figure.unit) for name, figure in DESIGN["launcher"].items()}


def cohort_year(run: Run) -> int:
    """The year the satellite of the design figures was built: its FLOP/s are those of that year's chips."""
    return int(run.years[-1])


def satellite_figures(run: Run) -> dict[str, tuple[Any, str]]:
    s = run.design.satellite
    first = {name: float(_first(getattr(s, name))) for name in s._fields}
    first["flops"] = float(run["satellite_flops"][-1])  # one built in the horizon year (cohort_year)
    figures = {name: (first[name], figure.unit) for name, figure in DESIGN["satellite"].items()}
    figures["budget"] = {item: (first[item], "kg") for item in s.BUDGET}
    return figures


#: Binding constraints that are physical ceilings (``constraints.CONSTRAINTS``).
#: Each ceiling figure (``figures.DESIGN["ceilings"]``) and the constraint it binds as.
CEILING_CONSTRAINT = {"power_by_area": "site_area", "power_by_sunlight": "body_sunlight",
                      "mineable_mass": "mineable_mass", "shell_sunlight": "orbital_shell"}
CEILINGS = tuple(CEILING_CONSTRAINT.values())


def ceiling_figures(run: Run) -> dict[str, tuple[Any, str]]:
    """The route's physical ceilings (SI), where it has any."""
    found = run.design.extra.get("ceilings")
    if found is None:
        return {}
    return {name: (float(_first(found[name])), figure.unit) for name, figure in DESIGN["ceilings"].items()}


def ceilings_reached(run: Run) -> list[dict[str, Any]]:
    """Each ceiling the run reaches, with the first year it binds."""
    first: dict[str, int] = {}
    for start, _, name in run.binding_periods:
        if name in CEILINGS:
            first.setdefault(name, start)
    return [{"constraint": name, "from": year} for name, year in first.items()]


def ceilings_json(run: Run) -> dict[str, Any]:
    return {**_quantities(ceiling_figures(run)), "reached": ceilings_reached(run), "flags": run.bounds[1]}


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
        "number_format": run.number_format,
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


def share_of_peak(share: float) -> str:
    """A waterfall stage as people read it: '63% of peak', or a dash where nothing was delivered."""
    return f"{share:.0%} of peak" if math.isfinite(share) else "—"


def yearly_series(run: Run, keys) -> dict[str, Any]:
    """The yearly figures ``keys`` of a run, shown (flows per year), with the years and the binding constraint."""
    series: dict[str, Any] = {"year": [int(y) for y in run.years]}
    for key in keys:
        values, unit = shown(key, run.yearly(key))
        clean = [None if not math.isfinite(v) else float(v) for v in values]
        series[key] = {"value": clean, "unit": unit} if unit else clean
        if YEARLY[key].flop:
            series[key]["number_format"] = run.number_format
    series["binding"] = run.binding_by_year
    return series


def to_json(run: Run) -> dict[str, Any]:
    """The object ``lunarbase run --json`` prints."""
    return finite(_summary(run))


def _summary(run: Run) -> dict[str, Any]:
    designs: dict[str, Any] = {}
    if run.design.departure is not None:
        method, note = departure_method(run)
        designs["departure"] = {**_quantities(departure_figures(run)), "method": method, "note": note}
    if run.design.launcher is not None:
        key = "mass_driver" if run.design.launcher_kind == "mass-driver" else "launcher"
        designs[key] = _quantities(launcher_figures(run))
    if run.design.satellite is not None:
        sat = satellite_figures(run)
        budget = sat.pop("budget")
        designs["satellite"] = {**_quantities(sat), "mass_budget": _quantities(budget)}
        designs["satellite"]["flops"] |= {"number_format": run.number_format, "cohort_year": cohort_year(run)}
    bounds_figures, flags = run.bounds
    return {
        **_route_json(run, YEARLY),
        "number_format": run.number_format,
        **designs,
        "reference": _reference_json(),
        "bounds": {
            "mass_lifted_share_of_moon": bounds_figures["mass_lifted_share_of_moon"],
            "mined_area": quantity_json(bounds_figures["mined_area"], "m2"),
            "surface_array_area": quantity_json(bounds_figures["array_area"], "m2"),
            "surface_used_share": bounds_figures["surface_used_share"],
            "flags": flags,
        },
    }


def _route_json(run: Run, keys) -> dict[str, Any]:
    """What ``run --json`` and each route of ``compare --json`` share: the route, its parameters, milestones,
    the horizon's figures ``keys``, the levelized cost, binding periods, ceilings and the yearly series."""
    return {
        "scenario": run.scenario.name,
        "description": run.scenario.description,
        "parameters": run.scenario.parameters_json(),
        "route": dict(run.scenario.params.route),
        "milestones": run.milestones,
        "final": {"year": int(run.years[-1]), **_with_format(_quantities(
            {k: v for k, v in final_figures(run).items() if k in keys}), run.number_format)},
        "levelized_cost": levelized_json(run),
        "binding_periods": [{"from": a, "to": b, "constraint": c} for a, b, c in run.binding_periods],
        "ceilings": ceilings_json(run),
        "series": yearly_series(run, keys),
    }


def _reference_json() -> dict[str, Any]:
    return _quantities({key: (value, unit) for key, (_, value, unit) in REFERENCES.items()})


def comparison_json(cmp) -> dict[str, Any]:
    """The object ``lunarbase compare --json`` prints: one object per route, the overtakes, the references.

    ``cmp`` is a :class:`lunarbase.comparison.Comparison`; each route's object holds, per year, the same
    yardsticks (flows per year), its milestones, binding constraint, parameters and whom it overtakes.
    """
    from lunarbase.comparison import MEASURES

    passes = [o.json() for o in cmp.overtakes]
    routes = []
    for run in cmp.runs:
        name = run.scenario.name
        routes.append({
            **_route_json(run, MEASURES),
            "overtakes": [o for o in passes if o["route"] == name],
            "overtaken_by": [o for o in passes if o["overtakes"] == name],
        })
    return finite({
        "number_format": cmp.number_format,
        "routes": routes,
        "overtakes": passes,
        "reference": _reference_json(),
    })
