"""Data centres on the grid: chips fill the room the grid connects."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarbase.subsystems import grid


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 10), min_size=30, max_size=30), st.lists(st.floats(0, 10), min_size=30, max_size=30),
       st.integers(1, 12))
def test_grid_never_places_more_chips_than_arrive_or_room_allows(chips, room, life):
    deployed, _ = grid.fill_with_chips(np.array(chips), np.array(room), life)
    assert np.all(deployed <= np.array(chips) + 1e-12)
    assert np.all(deployed >= 0)
    # in service (the last `life` steps) never exceeds the room built so far
    in_service = np.array([deployed[0, max(0, j - life + 1): j + 1].sum() for j in range(30)])
    assert np.all(in_service <= np.cumsum(room) + 1e-9)
