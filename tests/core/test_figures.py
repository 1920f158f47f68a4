"""The figure catalogue: every unit is one astropy understands, every shown unit is reachable from its SI unit,
and every yearly figure and milestone points at a catalogued series."""

import astropy.units as u
import pytest

from lunarbase.figures import DESIGN, MILESTONES, SERIES, YEARLY
from lunarbase.units import to_unit


@pytest.mark.parametrize("name", list(SERIES))
def test_series_units_parse_and_shown_units_convert(name):
    figure = SERIES[name]
    si = to_unit(figure.unit)
    assert si.is_equivalent(si.decompose())
    shown = to_unit(figure.shown_unit)
    per_year = si * u.yr if figure.kind == "flow" else si  # a flow's yearly total, shown per year
    assert shown.is_equivalent(per_year / u.yr if figure.kind == "flow" else per_year), name
    assert figure.kind in ("stock", "flow") and figure.label


@pytest.mark.parametrize("name", list(SERIES))
def test_every_rate_reads_per_year_in_tables(name):
    """The CSV's unit of a series: a flow per year exactly (SI rate times s/yr), any other in a unit of its kind."""
    figure = SERIES[name]
    table, si = to_unit(figure.table_unit), to_unit(figure.unit)
    if figure.kind == "flow":
        assert table == si * u.s / u.yr, name
    else:
        assert table.is_equivalent(si), name


def test_yearly_figures_and_milestones_point_at_series():
    assert list(YEARLY)[:2] == ["surface_power", "factory_mass"]
    for key, figure in YEARLY.items():
        assert SERIES[figure.name] is figure and figure.yearly == key
    for m in MILESTONES.values():
        assert m.series in SERIES and m.label and m.short


def test_design_figures_show_in_a_unit_of_the_same_kind():
    for group in DESIGN.values():
        for name, figure in group.items():
            if figure.shown:
                assert to_unit(figure.unit).is_equivalent(to_unit(figure.shown)), name


def test_the_map_lists_every_series_and_every_module():
    """docs/architecture.md stays true: its catalogue names every series, its layer table every top module."""
    from pathlib import Path

    import lunarbase

    text = (Path(__file__).parents[2] / "docs" / "architecture.md").read_text()
    missing = [name for name in SERIES if f"`{name}`" not in text]
    assert not missing, f"add to docs/architecture.md: {missing}"
    package = Path(lunarbase.__file__).parent
    tops = [p.stem for p in package.glob("*.py") if p.stem != "__init__"] + [
        p.name for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    assert not [t for t in tops if t not in text], "a module missing from the layers table"
