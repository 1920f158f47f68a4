"""The Moon's rotation (IAU 2009) and the speed it gives a surface point."""

import numpy as np
import pytest

from lunarbase.constants import MOON_RADIUS
from lunarbase.physics import ephemeris, moon_orientation

JD_2030 = 2462502.5  # 2030-01-01 TDB


def test_moon_rotation_rate_and_leading_apex():
    # The IAU rate: 13.17635815 deg/day, one turn per sidereal month (27.3217 d).
    assert 360.0 / moon_orientation.W_RATE_DEG_PER_DAY == pytest.approx(27.3217, abs=1e-3)
    # The Moon's velocity about the Earth points to 90 deg W (body -y), within the librations.
    jd = JD_2030 + np.linspace(0, 60, 50)
    _, v = ephemeris.relative_states("moon", "earth", jd)
    body_v = np.einsum("...ij,...j->...i", moon_orientation.body_from_icrf(jd), v)
    cosang = -body_v[:, 1] / np.linalg.norm(body_v, axis=-1)
    assert np.degrees(np.arccos(cosang)).max() < 10.0


def test_surface_speed_from_rotation():
    _, v = moon_orientation.surface_state(0.0, 0.0, MOON_RADIUS, JD_2030)
    assert np.linalg.norm(v) == pytest.approx(4.627, abs=0.01)  # 2 pi R / 27.32 d
