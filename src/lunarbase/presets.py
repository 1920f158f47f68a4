"""The scenario presets shipped in the package: their names and descriptions, read without building a scenario.

Listing presets needs only the TOML files, not the schema (pydantic) nor the units (astropy), so that
``lunarbase scenarios`` and ``--help`` start fast; ``lunarbase.scenario`` loads and validates them.
"""

from __future__ import annotations

import tomllib
from importlib import resources

#: The scenario a command runs when none is named.
DEFAULT_SCENARIO = "lunar-base-alpha"
#: Where the preset files live (package data).
PRESETS = resources.files("lunarbase") / "scenario" / "presets"


def preset_names() -> list[str]:
    """The presets' names, sorted."""
    return sorted(p.name[: -len(".toml")] for p in PRESETS.iterdir() if p.name.endswith(".toml"))


def preset_table(name: str) -> dict:
    """A preset's TOML table as written (its ``base`` not followed)."""
    return tomllib.loads((PRESETS / f"{name}.toml").read_text())


def preset_descriptions() -> dict[str, str]:
    """Each preset's name and its own description line, in name order."""
    return {name: str(preset_table(name).get("description", "")) for name in preset_names()}


__all__ = ["DEFAULT_SCENARIO", "PRESETS", "preset_descriptions", "preset_names", "preset_table"]
