"""Per-sample parameter values (a Monte Carlo draw, a design of experiments) checked like every input.

A draw maps parameter paths to 1-D arrays of one length n: astropy Quantities (converted to the field's SI
unit) or plain numbers (read as SI). Annual rates ("%/yr") are read as a scenario file reads them, compounded
once a year, and held as continuous rates. Each value is checked against the field's bounds, every sample at
once; a problem is one line naming the field, the offending samples and what was expected. Text choices
(the route, the departure model, the track's aim) cannot vary across samples: run each value separately.

Inside, drawn fields become ``(n, 1)`` columns so they broadcast against the ``(n, steps)`` time grid; the
other fields stay the scenario's scalars.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

import annotated_types as at
import astropy.units as u
import numpy as np

from lunarbase.scenario.schema import (
    SECTIONS,
    Parameters,
    field_compounding,
    field_unit,
    is_text_choice,
    parameter_field,
)
from lunarbase.units import continuous_rate, describe, to_unit


class DrawError(ValueError):
    """A draw that cannot be used; ``str(err)`` is one line per problem."""


_BOUNDS = ((at.Ge, "ge", np.greater_equal, ">="), (at.Gt, "gt", np.greater, ">"),
           (at.Le, "le", np.less_equal, "<="), (at.Lt, "lt", np.less, "<"))


def samples_listed(bad) -> str:
    """'samples 0, 3, 7' (at most eight named) for the samples flagged in ``bad``."""
    idx = np.flatnonzero(np.ravel(bad))
    shown = ", ".join(str(k) for k in idx[:8]) + (", ..." if idx.size > 8 else "")
    return f"sample{'s' if idx.size > 1 else ''} {shown}"


def _values(path: str, raw: Any) -> np.ndarray:
    try:
        cls, name, info = parameter_field(path)
    except LookupError as why:
        raise DrawError(f"{path}: {why.args[0]}") from None
    if is_text_choice(info):
        raise DrawError(f"{path}: a choice cannot vary across samples; expected one value per run "
                        "(run each value separately)")
    unit = field_unit(cls, name)
    if isinstance(raw, u.Quantity):  # to the field's SI unit, one conversion for all samples
        try:
            values = np.asarray(raw.to_value(to_unit(unit or ""), equivalencies=u.dimensionless_angles()),
                                dtype=float)
        except u.UnitConversionError:
            raise DrawError(f"{path}: got values in '{raw.unit}'; expected {describe(unit or '')}") from None
    else:
        values = np.asarray(raw, dtype=bool if info.annotation is bool else float)
    if values.ndim != 1 or values.size == 0:
        raise DrawError(f"{path}: got an array of shape {values.shape}; expected one value per sample (1-D)")
    if values.dtype != bool and not np.all(np.isfinite(values)):
        raise DrawError(f"{path}: got non-finite values ({samples_listed(~np.isfinite(values))}); expected "
                        f"{describe(unit or '')}")
    if info.annotation is int and np.any(values != np.round(values)):
        raise DrawError(f"{path}: got {values[values != np.round(values)][0]:g}; expected whole numbers")
    for meta in info.metadata:
        for kind, attr, ok, word in _BOUNDS:
            if isinstance(meta, kind):
                limit = getattr(meta, attr)
                bad = ~ok(values, limit)
                if np.any(bad):
                    raise DrawError(f"{path}: got {values[bad][0]:.6g} ({samples_listed(bad)}); expected a value "
                                    f"{word} {limit:.6g} (SI)")
    compounding = field_compounding(cls, name)
    if compounding is not None:  # annual rates, as a scenario file writes them, held as continuous ones
        try:
            values = continuous_rate(values, compounding)
        except ValueError as err:
            raise DrawError(f"{path}: got a decay of 100 %/yr or more; {err}") from None
    return values


def validate(draws: Mapping[str, Any]) -> tuple[dict[str, np.ndarray], int]:
    """The draw's arrays in SI, checked, and the number of samples n (every array has n values)."""
    problems, out = [], {}
    for path, raw in draws.items():
        try:
            out[path] = _values(path, raw)
        except DrawError as err:
            problems.append(str(err))
    if problems:
        raise DrawError("\n".join(problems))
    sizes = {path: v.size for path, v in out.items()}
    if len(set(sizes.values())) > 1:
        raise DrawError("draws: got " + ", ".join(f"{p} with {k}" for p, k in sizes.items())
                        + " values; expected the same number of samples for every parameter")
    return out, next(iter(sizes.values()), 1)


def columns(params: Parameters, draws: Mapping[str, np.ndarray]) -> SimpleNamespace:
    """The parameters with each drawn field an (n, 1) column; the others as the scenario has them."""
    sections = {}
    for section in SECTIONS:
        fields = dict(getattr(params, section))
        for path, values in draws.items():
            head, _, name = path.partition(".")
            if head == section:
                fields[name] = values.reshape(-1, 1)
        sections[section] = SimpleNamespace(**fields)
    return SimpleNamespace(**sections)


def sample_parameters(params: Parameters, draws: Mapping[str, np.ndarray], i: int) -> Parameters:
    """The parameters of sample ``i`` as a validated-shape ``Parameters`` (the drawn values already checked)."""
    update: dict[str, dict[str, Any]] = {}
    for path, values in draws.items():
        section, _, name = path.partition(".")
        value = values[i].item()
        update.setdefault(section, {})[name] = int(value) if SECTIONS[section].model_fields[name].annotation is \
            int else value
    return params.model_copy(update={s: getattr(params, s).model_copy(update=f) for s, f in update.items()})


__all__ = ["DrawError", "columns", "sample_parameters", "samples_listed", "validate"]
