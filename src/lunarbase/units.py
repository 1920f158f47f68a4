"""Units at the edges: parse strings such as "2.5 km/s" into SI floats and print SI floats back.

Adds the few units the field writes that astropy lacks: ``USD`` (money), ``Wh`` (with SI prefixes),
``g0`` (standard gravity, so that "300 g0" is an acceleration while "300 g" stays a mass), ``FLOP`` and
``PFLOPs_yr`` (one PFLOP/s for a year, printed "PFLOP/s-yr").
"""

from __future__ import annotations

import functools
import math

import astropy.units as u

from lunarbase.constants import STANDARD_GRAVITY, YEAR

USD = u.def_unit(["USD"], doc="United States dollar (money, not a physical unit)")
_prefixed: dict = {}
WH = u.def_unit(["Wh"], u.W * u.h, prefixes=True, namespace=_prefixed, doc="watt hour, with kWh, MWh ...")
G0 = u.def_unit(["g0", "gee"], STANDARD_GRAVITY * u.m / u.s**2, doc="standard gravity (CGPM 1901)")
FLOP = u.def_unit(["FLOP"], doc="one floating-point operation (counted, not physical)")
PFLOPS_YEAR = u.def_unit(["PFLOPs_yr"], 1e15 * FLOP / u.s * u.yr,
                         doc="one PFLOP/s sustained for a Julian year: the yardstick of the levelized cost of compute")
u.add_enabled_units([USD, G0, FLOP, PFLOPS_YEAR, *_prefixed.values()])

#: Physical type names for messages, by SI unit string.
_KIND = {
    "m": "a length",
    "m/s": "a speed",
    "m/s2": "an acceleration",
    "kg": "a mass",
    "W": "a power",
    "W/kg": "a specific power",
    "J/kg": "an energy per mass",
    "s": "a duration",
    "K": "a temperature",
    "rad": "an angle",
    "m2": "an area",
    "kg/m2": "an areal density",
    "kg/m": "a mass per length",
    "USD": "an amount of money",
    "USD/kg": "a price per mass",
    "USD/W": "a price per power",
    "USD/s": "a spending rate",
    "W/s": "a power added per time",
    "kg/s": "a mass flow",
    "kg/m3": "a density",
    "FLOP/s": "a computing speed",
    "1/s": "a rate (e.g. '10 %/yr', continuous)",
    "": "a dimensionless number",
}


class UnitParseError(ValueError):
    """A value that is not a quantity of the expected kind; the message is one line."""


def to_unit(unit: str) -> u.UnitBase:
    """The astropy unit ``unit`` names ("" for dimensionless); a unit string is parsed once (astropy's parser
    took ~1 ms a call, a study's chunks asked for the same twenty units every chunk)."""
    if isinstance(unit, str):
        return _parsed_unit(unit)
    return u.Unit(unit)


@functools.lru_cache(maxsize=1024)
def _parsed_unit(unit: str) -> u.UnitBase:
    return u.dimensionless_unscaled if unit == "" else u.Unit(unit)


def describe(unit: str) -> str:
    return _KIND.get(unit, f"a quantity in {unit}")


def parse_quantity(value: object, unit: str) -> float:
    """Parse ``value`` ("2.5 km/s", 12 for a dimensionless field, "12 %") into a float in ``unit``.

    Plain numbers are accepted only for dimensionless fields, so a forgotten unit is never guessed.
    """
    target = to_unit(unit)
    if isinstance(value, bool):
        raise UnitParseError(f"expected {describe(unit)}, got a boolean")
    if isinstance(value, int | float):
        if target == u.dimensionless_unscaled:
            return float(value)
        raise UnitParseError(f"expected {describe(unit)} with units, e.g. '{example(unit)}'")
    if isinstance(value, u.Quantity):
        q = value
    elif isinstance(value, str):
        try:
            q = u.Quantity(value.strip())
        except (TypeError, ValueError):
            raise UnitParseError(f"expected {describe(unit)}, e.g. '{example(unit)}'") from None
    else:
        raise UnitParseError(f"expected {describe(unit)}, e.g. '{example(unit)}'")
    try:
        out = q.to_value(target, equivalencies=u.dimensionless_angles() if unit == "rad" else [])
    except u.UnitConversionError:
        raise UnitParseError(
            f"expected {describe(unit)} (convertible to '{unit or 'dimensionless'}'), e.g. '{example(unit)}'"
        ) from None
    out = float(out)
    if not math.isfinite(out):
        raise UnitParseError("expected a finite number")
    return out


def continuous_rate(annual, compounding: str):
    """The continuous rate (1/s) of an annually compounded one (1/s as parsed: a fraction a year over a year).

    "40 %/yr" growth means x1.40 a year: c = ln(1 + r) per year; "3 %/yr" decay means x0.97 a year:
    c = -ln(1 - r) per year, defined for r < 100 %/yr.
    """
    import numpy as np

    r = np.asarray(annual, dtype=float) * YEAR
    if compounding == "growth":
        return np.log1p(r) / YEAR
    if np.any(r >= 1.0):
        raise ValueError("expected a decay below 100 %/yr (all lost within the year)")
    return -np.log1p(-r) / YEAR


def annual_rate(continuous, compounding: str):
    """The inverse of :func:`continuous_rate`: the annually compounded rate, 1/s (a fraction a year over a year)."""
    import numpy as np

    c = np.asarray(continuous, dtype=float) * YEAR
    return (np.expm1(c) if compounding == "growth" else -np.expm1(-c)) / YEAR


def example(unit: str) -> str:
    return {
        "m/s": "2.5 km/s",
        "m/s2": "300 g0",
        "kg": "12 t",
        "W": "100 kW",
        "K": "330 K",
        "rad": "10 deg",
        "": "12 %",
        "s": "4 d",
    }.get(unit, f"1 {unit}")


def quantity_json(value: float, unit: str) -> dict:
    """The JSON form of a quantity at every boundary: ``{"value": <number>, "unit": "<astropy unit>"}``."""
    v = None if value is None or not math.isfinite(float(value)) else float(value)
    return {"value": v, "unit": to_unit(unit).to_string()}


def format_quantity(value: float, unit: str, display: str | None = None, digits: int = 4) -> str:
    """Print an SI float in ``display`` units (default: ``unit``) with ``digits`` significant figures."""
    if value is None or not math.isfinite(float(value)):
        return "—"
    shown = display if display is not None else unit
    v = (float(value) * to_unit(unit)).to_value(to_unit(shown)) if shown != unit else float(value)
    text = f"{v:.{digits}g}"
    return f"{text} {shown}".strip() if shown else text


# SI prefixes, with ronna (R, 1e27) and quetta (Q, 1e30) from the 27th CGPM (2022) for display only.
_PREFIXES = ((1e30, "Q"), (1e27, "R"), (1e24, "Y"), (1e21, "Z"), (1e18, "E"), (1e15, "P"), (1e12, "T"),
             (1e9, "G"), (1e6, "M"),
             (1e3, "k"))
_MONEY = ((1e12, " trillion"), (1e9, " billion"), (1e6, " million"))


def format_human(value: float | None, unit: str, digits: int = 3) -> str:
    """A figure for people: SI prefixes for W and FLOP/s, tonnes for kg, words for USD."""
    return _human(value, unit, digits).replace("PFLOPs_yr", "PFLOP/s-yr")


def _human(value: float | None, unit: str, digits: int) -> str:
    if value is None or not math.isfinite(float(value)):
        return "—"
    if unit.endswith("/(s yr)"):  # a rate added per year reads as one: "44.4 YFLOP/s per yr"
        return f"{format_human(value, unit.removesuffix('/(s yr)') + '/s', digits)} per yr"
    value = float(value)
    head, _, tail = unit.partition("/")
    tail = f"/{tail}" if tail else ""
    head = "" if head == "1" else head
    if head == "kg" and abs(value) >= 1e3:
        value, head = value / 1e3, "t"
    if head == "USD":
        for scale, word in _MONEY:
            if abs(value) >= scale:
                return f"${value / scale:.{digits}g}{word}{tail.replace('/', ' per ')}"
        amount = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.{digits}g}"
        return f"${amount}{tail.replace('/', ' per ')}"
    if head in ("W", "t", "FLOP", "FLOP/s", "Wh") and 1e3 <= abs(value) < 1e3 * _PREFIXES[0][0]:
        for scale, prefix in _PREFIXES:
            if abs(value) >= scale:
                return f"{value / scale:.{digits}g} {prefix}{head}{tail}"
    if not head and 1e3 <= abs(value) < 1e6:
        return f"{value:,.0f} {tail}".strip()
    if not head and 1e6 <= abs(value) < 1e15:
        for scale, word in _MONEY[::-1]:
            if abs(value) < scale * 1e3:
                return f"{value / scale:.{digits}g}{word} {tail}".strip()
    text = f"{value:.{digits}g}"
    return f"{text} {head}{tail}".strip() if head or tail else text
