"""Scenarios: presets shipped in the package, user TOML files, and ``--set PATH=VALUE`` overrides.

A TOML scenario may name a ``base`` preset, then override values by section. A value is a string with
units ("2.5 km/s"), a number, a bool, or an inline table ``{ value = "2.5 km/s", source = "why" }``.
Everything is validated by the schema at once; errors are one line each, naming the field path, the
value given and what was expected.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from lunarbase.constants import YEAR
from lunarbase.presets import DEFAULT_SCENARIO, preset_names, preset_table
from lunarbase.scenario.draws import samples_listed
from lunarbase.scenario.schema import REMOVED, SECTIONS, Parameters, field_compounding, field_source, field_unit
from lunarbase.scenario.uncertainty import Uncertainty, UncertaintyError
from lunarbase.scenario.uncertainty import parse as parse_uncertainty
from lunarbase.units import annual_rate, format_quantity, quantity_json, to_unit

#: A scenario file is a few kB of TOML; anything far larger is not one (and is not read into memory).
MAX_SCENARIO_BYTES = 1_000_000


class ScenarioError(ValueError):
    """Bad scenario input; ``str(err)`` is one line per problem, fit to print as is."""


@dataclass(frozen=True)
class ParameterRow:
    """One resolved parameter: effective SI value, its SI unit, the unit it is shown in, and its source."""

    path: str
    value: Any
    unit: str | None
    display_unit: str | None
    source: str
    #: "growth" or "decay" for an annually compounded rate held as a continuous one (shown as given, per year).
    compounding: str | None = None

    @property
    def _as_given(self) -> Any:
        """The SI value as a reader wrote it: an annual rate stays annual."""
        return self.value if self.compounding is None else float(annual_rate(self.value, self.compounding))

    @property
    def display_value(self) -> Any:
        """The value in the unit it is shown in, as given: the round trip through SI leaves an error in the last
        bits (15 kWh/kg came back as 14.999999999999998), which 12 significant digits drop."""
        if self.unit is None or self.display_unit is None:
            return self.value
        shown = (self._as_given * to_unit(self.unit)).to_value(to_unit(self.display_unit))
        return float(f"{shown:.12g}")

    def text(self) -> str:
        if self.unit is None:
            return str(self.value)
        return format_quantity(self._as_given, self.unit, self.display_unit, digits=6)

    def json(self) -> Any:
        if self.unit is None or not self.display_unit:
            return self.value
        return quantity_json(self.display_value, self.display_unit)


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: ``params`` in SI floats, with the source note of every value."""

    name: str
    description: str
    params: Parameters
    sources: dict[str, str] = field(default_factory=dict)
    #: The parameter paths a preset, a file or the command line set (the rest are schema defaults).
    explicit: frozenset[str] = frozenset()
    #: The distributions of the uncertain inputs (the ``[uncertainty]`` table of the file or its nearest base that
    #: has one), or ``None``: what a study varies (``scenario.uncertainty``).
    uncertainty: Uncertainty | None = None

    def rows(self) -> list[ParameterRow]:
        out = []
        for section_name, section_cls in SECTIONS.items():
            section = getattr(self.params, section_name)
            for name in section_cls.model_fields:
                path = f"{section_name}.{name}"
                unit = field_unit(section_cls, name)
                display = display_unit(section_cls, name) if unit is not None else None
                source = self.sources.get(path, field_source(section_cls, name))
                out.append(ParameterRow(path, getattr(section, name), unit, display, source,
                                        field_compounding(section_cls, name)))
        return out

    def parameters_json(self) -> dict[str, Any]:
        return {row.path: row.json() for row in self.rows()}


_NUMBER = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def display_unit(section_cls: type, name: str) -> str:
    """The unit a field is shown in: the unit its default is written in ("km/s" for "2.5 km/s")."""
    default = section_cls.model_fields[name].default
    if not isinstance(default, str):
        return ""
    unit = _NUMBER.sub("", default, count=1).strip()
    return "1" + unit if unit.startswith("/") else unit


def _read_toml(ref: str) -> tuple[dict, str]:
    """Read a preset by name or a TOML file by path; return its table and where it came from."""
    if ref in preset_names():
        return preset_table(ref), f"preset {ref}"
    path = Path(ref)
    if not path.exists():
        raise ScenarioError(
            f"scenario: '{ref}' is neither a preset ({', '.join(preset_names())}) nor an existing TOML file"
        )
    try:
        if not path.is_file():  # a folder, a device (/dev/zero never ends), a pipe (may never answer)
            raise ScenarioError(f"scenario: {path}: not a regular file; expected a TOML scenario file")
        if path.stat().st_size > MAX_SCENARIO_BYTES:
            raise ScenarioError(f"scenario: {path}: {path.stat().st_size:,} bytes; expected a TOML scenario file "
                                f"of at most {MAX_SCENARIO_BYTES:,} bytes")
        return tomllib.loads(path.read_text()), f"file {path.name}"
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"scenario: {path}: not valid TOML ({err})") from None
    except RecursionError:
        raise ScenarioError(f"scenario: {path}: not valid TOML for a scenario (arrays or tables nested too "
                            "deeply)") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ScenarioError(f"scenario: {path}: cannot be read ({err})") from None


def _flatten(table: dict, origin: str, values: dict, sources: dict) -> None:
    for section, entries in table.items():
        if section in ("name", "description", "base", "uncertainty"):
            continue
        if section not in SECTIONS or not isinstance(entries, dict):
            raise ScenarioError(
                f"{section}: unknown section in {origin}; expected one of {', '.join(SECTIONS)}"
            )
        for key, raw in entries.items():
            path = f"{section}.{key}"
            if isinstance(raw, dict):
                if set(raw) - {"value", "source"} or "value" not in raw:
                    raise ScenarioError(f"{path}: in {origin}, an inline table needs 'value' and may have 'source'")
                sources[path] = str(raw.get("source", f"set in {origin}"))
                raw = raw["value"]
            else:
                sources[path] = f"set in {origin}"
            values[path] = raw


def _resolve(ref: str, seen: tuple[str, ...] = ()) -> tuple[dict, dict, str, str, tuple[Any, str] | None]:
    """Values and sources by path, name, description, and the ``[uncertainty]`` table with its origin: the
    file's own where it declares one (replacing its base's entirely), else its base's."""
    if ref in seen:
        raise ScenarioError(f"base: '{ref}' is its own base (cycle {' -> '.join((*seen, ref))})")
    table, origin = _read_toml(ref)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    uncertainty = None
    base = table.get("base")
    if base is not None:
        if not isinstance(base, str):
            raise ScenarioError(f"base: got {base!r} in {origin}; expected a preset name")
        values, sources, _, _, uncertainty = _resolve(base, (*seen, ref))
    if "uncertainty" in table:
        uncertainty = (table["uncertainty"], origin)
    _flatten(table, origin, values, sources)
    name = str(table.get("name", Path(ref).stem))
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}", name):
        raise ScenarioError(f"name: got {name!r} in {origin}; expected up to 80 letters, digits, '.', '_' or '-'")
    return values, sources, name, str(table.get("description", "")), uncertainty


def parse_set(item: str) -> tuple[str, Any]:
    """Split ``PATH=VALUE``; VALUE is read as TOML (number, bool, quoted string) or else as a plain string."""
    if "=" not in item:
        raise ScenarioError(f"--set: got '{item}'; expected PATH=VALUE, e.g. mass_driver.exit_speed=\"2.6 km/s\"")
    path, text = (s.strip() for s in item.split("=", 1))
    try:
        value = tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        value = text
    except RecursionError:
        raise ScenarioError(f"--set: {path}: the value is nested too deeply; expected a number, a switch or a "
                            "quantity with units") from None
    return path, value


def _nest(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    nested: dict[str, dict[str, Any]] = {}
    for path, value in values.items():
        if path in REMOVED:
            raise ScenarioError(f"{path}: got {value!r}; {REMOVED[path]}")
        section, _, key = path.partition(".")
        if section not in SECTIONS or not key:
            raise ScenarioError(f"{path}: unknown parameter; sections are {', '.join(SECTIONS)}")
        if key not in SECTIONS[section].model_fields:
            raise ScenarioError(
                f"{path}: unknown parameter; {section} has {', '.join(SECTIONS[section].model_fields)}"
            )
        nested.setdefault(section, {})[key] = value
    return nested


def load_scenario(
    ref: str = DEFAULT_SCENARIO, sets: list[str] | tuple[str, ...] = (), years: str | None = None
) -> Scenario:
    """Resolve a preset or file, apply ``--set`` overrides and a ``--years START:END`` span, validate."""
    values, sources, name, description, uncertainty_table = _resolve(ref)
    for item in sets:
        path, value = parse_set(item)
        values[path] = value
        sources[path] = "set on the command line"
    if years is not None:
        match = re.fullmatch(r"\s*(\d{4})\s*:\s*(\d{4})\s*", years)
        if not match or int(match[1]) >= int(match[2]):
            raise ScenarioError(f"--years: got '{years}'; expected START:END with START < END, e.g. 2026:2100")
        values["horizon.start_year"], values["horizon.end_year"] = int(match[1]), int(match[2])
        sources["horizon.start_year"] = sources["horizon.end_year"] = "set on the command line (--years)"
    nested = _nest(values)
    try:
        params = Parameters(**nested)
    except ValidationError as err:
        raise ScenarioError("\n".join(_explain(e, values) for e in err.errors())) from None
    problems = consistency_problems(params)
    if problems:
        raise ScenarioError("\n".join(problems))
    if "chips.number_format" in values and "chips.flops_per_unit" not in values:
        default = Parameters().chips
        if params.chips.number_format != default.number_format:
            raise ScenarioError(
                f"chips.number_format: got {params.chips.number_format!r} with the default chips.flops_per_unit "
                f"({default.flops_per_unit:.4g} FLOP/s, {default.number_format}); expected chips.flops_per_unit "
                f"set to the chip's {params.chips.number_format} figure as well")
    uncertainty = None
    if uncertainty_table is not None:
        try:
            uncertainty = parse_uncertainty(*uncertainty_table)
        except UncertaintyError as err:
            raise ScenarioError(str(err)) from None
    return Scenario(name=name, description=description, params=params, sources=sources,
                    explicit=frozenset(values), uncertainty=uncertainty)


def consistency_problems(p) -> list[str]:
    """Values that contradict one another, one line each: for a scenario, or for the (n, 1) columns of a draw
    (``scenario.draws.columns``), naming the offending samples."""
    problems = []
    if p.horizon.end_year <= p.horizon.start_year:
        problems.append(
            f"horizon.end_year: got {p.horizon.end_year}; expected a year after horizon.start_year "
            f"({p.horizon.start_year})"
        )
    backwards = np.asarray(p.industry.closure_final < p.industry.closure_initial)
    if np.any(backwards):
        where = f" ({samples_listed(backwards)})" if backwards.size > 1 else ""
        problems.append(
            f"industry.closure_final: got {np.min(p.industry.closure_final):.4g}{where}; expected at least "
            f"industry.closure_initial ({np.max(p.industry.closure_initial):.4g})"
        )
    sat = p.satellite
    problems += radiator_problems(sat.junction_temperature - sat.junction_to_coolant_drop
                                  - sat.coolant_to_radiator_drop, sat.sink_temperature)
    problems += chip_extrapolation_problems(p.chips, p.horizon)
    return problems


#: ln of the largest float (e^709.8): the chips' output and price are extrapolated from their reference year as
#: e^(r (t - t_ref)), which past this leaves floating point (an infinite price or output, not a result).
_LARGEST_EXPONENT = 700.0


def chip_extrapolation_problems(chips, horizon) -> list[str]:
    """A chip rate extrapolated so far from ``chips.reference_year`` that e^(r |t - t_ref|) overflows within the
    horizon: one line naming the rate, the span and the largest reference year distance it allows (or none)."""
    span = np.maximum(np.abs(horizon.start_year - np.asarray(chips.reference_year, dtype=float)),
                      np.abs(horizon.end_year + 1 - np.asarray(chips.reference_year, dtype=float)))
    out = []
    for name in ("cost_decline", "world_output_growth"):
        rate_per_yr = np.asarray(getattr(chips, name), dtype=float) * YEAR
        exponent = rate_per_yr * span
        if np.any(exponent > _LARGEST_EXPONENT):
            bad = np.broadcast_to(exponent > _LARGEST_EXPONENT, np.broadcast(exponent, span).shape)
            where = f" ({samples_listed(bad)})" if bad.size > 1 else ""
            out.append(f"chips.reference_year: got {np.max(chips.reference_year):.6g}, {np.max(span):.0f} years "
                       f"from the horizon's ends; chips.{name} extrapolated that far leaves floating point "
                       f"(e^{np.max(exponent):.0f}){where}; expected a reference year within "
                       f"{_LARGEST_EXPONENT / np.max(rate_per_yr):.0f} years of the horizon")
    return out


def radiator_problems(radiator_k, sink_k) -> list[str]:
    """A radiator no warmer than its sink rejects no heat, q = 2 eps sigma (T^4 - T_sink^4) <= 0, and no area
    would do. The radiator runs at the junction temperature less the heat path's drops, so the line names
    ``satellite.junction_temperature`` (any sample of a draw); none when every radiator is warmer."""
    cold = np.asarray(radiator_k, dtype=float) <= np.asarray(sink_k, dtype=float)
    if not np.any(cold):
        return []
    return [f"satellite.junction_temperature: radiators at {format_quantity(np.min(radiator_k), 'K')} (the junction "
            "less satellite.junction_to_coolant_drop and satellite.coolant_to_radiator_drop); expected above "
            f"satellite.sink_temperature ({format_quantity(np.max(sink_k), 'K')}): a radiator no warmer than its "
            "sink rejects no heat"]


_BOUND_WORDS = {"greater_than": ">", "greater_than_equal": ">=", "less_than": "<", "less_than_equal": "<="}


def _explain(error: dict, values: dict[str, Any]) -> str:
    loc = [str(part) for part in error["loc"]]
    path = ".".join(loc)
    given = values.get(path, error.get("input"))
    kind = error["type"]
    if kind == "extra_forbidden":
        section = loc[0]
        known = ", ".join(SECTIONS[section].model_fields) if section in SECTIONS else ", ".join(SECTIONS)
        return f"{path}: unknown parameter; expected one of {known}"
    if kind in _BOUND_WORDS and len(loc) == 2:
        section_cls, name = SECTIONS[loc[0]], loc[1]
        unit = field_unit(section_cls, name)
        limit = next(iter(error["ctx"].values()))
        bound = limit if unit is None else format_quantity(limit, unit, display_unit(section_cls, name))
        return f"{path}: got {given!r}; expected a value {_BOUND_WORDS[kind]} {bound}"
    message = error["msg"].removeprefix("Value error, ")
    return f"{path}: got {given!r}; {message[0].lower()}{message[1:]}"


__all__ = [
    "DEFAULT_SCENARIO",
    "ParameterRow",
    "Scenario",
    "ScenarioError",
    "Uncertainty",
    "UncertaintyError",
    "load_scenario",
    "parse_set",
    "preset_names",
    "consistency_problems",
    "radiator_problems",
]
