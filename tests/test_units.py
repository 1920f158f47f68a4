"""Units at the edges: figures for people read as quantities do."""

import pytest

from lunarbase.units import format_human


@pytest.mark.parametrize(("value", "unit", "text"), [
    (4.44e25, "FLOP/(s yr)", "44.4 YFLOP/s per yr"),  # a computing speed added each year
    (1.33e11, "W/yr", "133 GW/yr"),
    (2.31e26, "FLOP/s", "231 YFLOP/s"),
    (float("nan"), "FLOP/(s yr)", "—"),
    (7.12e10, "USD/yr", "$71.2 billion per yr"),
])
def test_format_human(value, unit, text):
    assert format_human(value, unit) == text
