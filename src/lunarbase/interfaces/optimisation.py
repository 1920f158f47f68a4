"""What ``lunarbase optimise`` prints and writes: the levers and their best values, the objective, the Pareto
front (table, ``front.csv``, ``optimise.json``) and the parameters of the best setting with their sources."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from lunarbase.figures import MILESTONES
from lunarbase.interfaces.summary import finite
from lunarbase.optimise import Optimum
from lunarbase.units import format_human, quantity_json

#: Rows of the front shown in the terminal (evenly spread from fastest to cheapest); the files hold all.
SHOWN_FRONT_ROWS = 12


def _year(value: float | None, horizon: int) -> str:
    return f"{value:.2f}" if value is not None else f"not by {horizon}"


def optimise_json(opt: Optimum) -> dict[str, Any]:
    """One JSON object: levers, best values, objective figures, the front (with units), the search's size."""
    best = opt.best_values()
    levers = [{"path": lv.path, "low": quantity_json(lv.low, lv.unit), "high": quantity_json(lv.high, lv.unit),
               "why": lv.why} for lv in opt.levers]
    figures = opt.best
    objectives: dict[str, Any] = {
        "kind": opt.objective.kind,
        "label": opt.objective.label,
        "milestone": opt.objective.milestone if opt.objective.kind != "levelized-cost" else None,
        "milestone_year": quantity_json(figures["year"], "yr") if figures["year"] is not None else None,
        "scored_year": quantity_json(figures["scored_year"], "yr") if figures["scored_year"] is not None else None,
        "spend_to_milestone": quantity_json(figures["spend_to_milestone"], "USD")
        if figures["spend_to_milestone"] is not None else None,
        "spend_to_horizon": quantity_json(figures["spend_to_horizon"], "USD")
        if figures["spend_to_horizon"] is not None else None,
        "levelized_cost": quantity_json(figures["levelized_cost"], "USD/PFLOPs_yr")
        if figures["levelized_cost"] is not None else None,
        "never_reached": opt.penalty,
        "max_spend": quantity_json(opt.objective.max_spend, "USD") if opt.objective.max_spend is not None else None,
    }
    if opt.objective.kind == "pareto":
        objectives["spend_to"] = opt.objective.spend_to
    if opt.robust is not None:
        objectives["robust"] = {"samples": opt.robust.n, "by": opt.robust.by, "method": opt.robust.method,
                                "probability": figures["probability"], "standard_error": figures["standard_error"]}
    front = None
    if opt.objective.kind == "pareto":
        front = {"years": quantity_json(0.0, "yr") | {"value": opt.front_years.tolist()},
                 "spend": quantity_json(0.0, "USD") | {"value": opt.front_spend.tolist()},
                 "levers": {lv.path: quantity_json(0.0, lv.unit) | {"value": lv.shown(opt.front_x[:, j]).tolist()}
                            for j, lv in enumerate(opt.levers)}}
    return finite({
        "scenario": opt.scenario.name,
        "objective": objectives,
        "levers": levers,
        "best": {lv.path: quantity_json(best[lv.path], lv.unit) for lv in opt.levers},
        "feasible": opt.feasible,
        "notes": opt.notes,
        "pareto_front": front,
        "algorithm": opt.algorithm,
        "seed": opt.seed,
        "population": opt.population,
        "generations": opt.generations,
        "evaluations": opt.evaluations,
        "model_samples": opt.samples,
        "seconds": opt.seconds,
    })


def print_optimisation(console: Console, opt: Optimum, folder: Path | None = None) -> None:
    """The levers with their ranges and best values, the objective's figures, and the front (pareto)."""
    from lunarbase.interfaces.console import fit

    horizon = opt.scenario.params.horizon.end_year
    best = opt.best_values()
    title = f"{opt.scenario.name}: {opt.objective.label}"
    table = Table(title=title, title_justify="left")
    table.add_column("lever")
    table.add_column("range", justify="right")
    table.add_column("best", justify="right")
    for lv in opt.levers:
        table.add_row(lv.path, lv.range_text, lv.text(best[lv.path]))
    console.print(fit(console, table))

    b = opt.best
    figures = Table(title="The best setting" + ("" if opt.feasible else " (none feasible: the least infeasible)"),
                    title_justify="left")
    figures.add_column("figure")
    figures.add_column("value", justify="right")
    if opt.objective.kind != "levelized-cost":
        figures.add_row(MILESTONES[opt.objective.milestone].label, _year(b["year"], horizon))
        figures.add_row("cumulative spend to it", format_human(b["spend_to_milestone"], "USD"))
    figures.add_row(f"cumulative spend to {horizon}", format_human(b["spend_to_horizon"], "USD"))
    figures.add_row("levelized cost of compute", format_human(b["levelized_cost"], "USD/PFLOPs_yr"))
    if opt.robust is not None:
        figures.add_row(f"P(reached by {opt.robust.by:g}), {opt.robust.n} samples",
                        f"{b['probability']:.1%} ± {b['standard_error']:.1%}")
    console.print(fit(console, figures))

    if opt.objective.kind == "pareto" and opt.front_years.size:
        front = Table(title=f"Pareto front: {opt.front_years.size} settings, fastest first (best: the knee)",
                      title_justify="left")
        front.add_column("reached", justify="right")
        front.add_column(f"spend to {opt.objective.spend_to}, USD trillion", justify="right")
        for lv in opt.levers:
            front.add_column(lv.path.split(".")[1].replace("_", " ") + (f", {lv.unit}" if lv.unit else ""),
                             justify="right")
        rows = np.unique(np.linspace(0, opt.front_years.size - 1, SHOWN_FRONT_ROWS).round().astype(int))
        for i in rows:
            front.add_row(f"{opt.front_years[i]:.2f}", f"{opt.front_spend[i] / 1e12:.3g}",
                          *[f"{lv.shown(opt.front_x[i, j]):.4g}" for j, lv in enumerate(opt.levers)])
        console.print(fit(console, front))
    for note in opt.notes:
        console.print(f"[yellow]{note}[/]", soft_wrap=False)
    if opt.objective.kind != "levelized-cost":
        console.print(f"[dim]A milestone {opt.penalty}.[/]")
    console.print(f"[dim]{opt.algorithm}, seed {opt.seed}: {opt.generations} generations of {opt.population}, "
                  f"{opt.evaluations} settings evaluated ({opt.samples} model samples) in {opt.seconds:.1f} s[/]")
    if folder is not None:
        console.print(f"Wrote {folder}/ (front.csv, optimise.json, parameters.json)")


def front_rows(opt: Optimum) -> tuple[list[str], list[list[float]]]:
    """The front as a table: years, spend (USD) and each lever in its unit, header naming every unit."""
    header = ["milestone_year [yr]", f"spend_to_{opt.objective.spend_to} [USD]",
              *[f"{lv.path} [{lv.unit}]" if lv.unit else lv.path for lv in opt.levers]]
    rows = [[float(opt.front_years[i]), float(opt.front_spend[i]),
             *[float(lv.shown(opt.front_x[i, j])) for j, lv in enumerate(opt.levers)]]
            for i in range(opt.front_years.size)]
    return header, rows


def parameter_records(opt: Optimum) -> list[dict]:
    """Every parameter of the best setting: effective value, unit, SI value and source (levers: "optimised")."""
    from lunarbase.units import to_unit

    return [{"path": row.path, "value": row.display_value, "unit": row.display_unit or "", "si_value": row.value,
             "si_unit": "" if row.unit is None else to_unit(row.unit).to_string(), "source": row.source}
            for row in opt.best_scenario().rows()]


def write_optimisation(opt: Optimum, out_dir: Path) -> Path:
    """Write ``out_dir/<scenario>-optimise/`` atomically: front.csv, optimise.json, parameters.json."""
    from lunarbase.interfaces.outputs import staged_folder

    name = f"{opt.scenario.name}-optimise"
    with staged_folder(out_dir, name) as staging:
        (staging / "optimise.json").write_text(json.dumps(optimise_json(opt), indent=1, allow_nan=False))
        header, rows = front_rows(opt)
        with (staging / "front.csv").open("w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)
        (staging / "parameters.json").write_text(json.dumps(parameter_records(opt), indent=1))
    return out_dir / name
