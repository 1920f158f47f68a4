"""Industry: closure, doubling time and the output Earth supply allows (Metzger et al. 2013)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarbase.constants import YEAR
from lunarbase.subsystems import (
    industry,
)


def earth_needs_reference(q, closure, share, launcher_demand, m_lunar, m_parts, m_chips, c_lunar, c_earth):
    """E(Q) as the docstring of output_allowed_by_earth states it, written independently."""
    material = max(share * q - launcher_demand, 0.0)
    # Satellites with lunar-fab accelerators also take the accelerators' mass from lunar product.
    if material <= c_lunar * (m_lunar + m_chips):
        sats = material / (m_lunar + m_chips)
    else:
        sats = min(c_lunar + (material - c_lunar * (m_lunar + m_chips)) / m_lunar, c_lunar + c_earth)
    return q * (1.0 - closure) + sats * m_parts + max(sats - c_lunar, 0.0) * m_chips


def _allowed(earth_free, args):
    return industry.output_allowed_by_earth(earth_free, *args)


@st.composite
def earth_problems(draw):
    closure = draw(st.floats(0.0, 0.999))
    share = draw(st.floats(0.01, 1.0))
    launcher_demand = draw(st.floats(0.0, 100.0))
    m_lunar = draw(st.floats(10.0, 1e4))
    m_parts = draw(st.floats(0.0, 1e3))
    m_chips = draw(st.floats(0.0, 1e3))
    c_lunar = draw(st.floats(0.0, 1.0))
    c_earth = draw(st.floats(0.0, 1.0))
    return closure, share, launcher_demand, m_lunar, m_parts, m_chips, c_lunar, c_earth


def _breakpoints(args):
    closure, share, d, m_lunar, _, m_chips, c_lunar, c_earth = args
    q0 = d / share
    q1 = q0 + c_lunar * (m_lunar + m_chips) / share
    return q0, q1, q1 + c_earth * m_lunar / share


def test_doubling_time():
    # dF/dt = r k F doubles F in ln 2 / (r k): with k = 1/yr, r = 0.5 that is 1.386 yr.
    k, r = 1.0 / YEAR, 0.5
    t2 = industry.doubling_time(k, r)
    assert t2 == pytest.approx(math.log(2) / (r * k), rel=1e-12)
    assert t2 / YEAR == pytest.approx(1.3863, rel=1e-4)
    assert math.exp(r * k * t2) == pytest.approx(2.0, rel=1e-12)


def test_doubling_time_by_integration():
    # Integrate dF/dt = r k F with small explicit steps: F doubles at ln 2 / (r k) to within 0.1 %.
    k, r = 1.0 / YEAR, 0.3
    t2 = industry.doubling_time(k, r)
    n = 20_000
    dt = t2 / n
    f = 1.0
    for _ in range(n):
        f += r * k * f * dt
    assert f == pytest.approx(2.0, rel=1e-3)


def test_closure_law():
    tau = 8 * YEAR
    t = np.array([2020.0, 2030.0, 2038.0, 2300.0])
    c = industry.closure(t, 2030.0, 0.5, 0.995, tau)
    assert c[0] == pytest.approx(0.5)  # before the start: initial
    assert c[1] == pytest.approx(0.5)  # at the start: initial
    assert c[2] == pytest.approx(0.995 - 0.495 / math.e, rel=1e-9)  # one time constant on
    assert c[3] == pytest.approx(0.995, abs=1e-9)  # tends to the final value
    dense = industry.closure(np.linspace(2030, 2100, 200), 2030.0, 0.5, 0.995, tau)
    assert np.all(np.diff(dense) >= 0)


def test_first_claim():
    assert industry.first_claim(10.0, 3.0) == 3.0
    assert industry.first_claim(10.0, 30.0) == 10.0
    assert industry.first_claim(10.0, -3.0) == 0.0


def test_output_allowed_each_segment_by_hand():
    # closure 0.5, share 0.5, launchers 10 kg/s, 1 t lunar per satellite, 100 kg parts, 20 kg chips,
    # lunar chips 0.01/s, Earth chips 0.02/s. q0 = 20 kg/s; satellites start beyond it.
    args = (0.5, 0.5, 10.0, 1000.0, 100.0, 20.0, 0.01, 0.02)
    # Segment 0: Q < q0, E = Q/2.
    assert _allowed(5.0, args) == pytest.approx(10.0)
    # Segment 1 (lunar-fab chips, 1020 kg of product each): S = (Q/2 - 10)/1020 while S < 0.01, i.e. Q < 40.4;
    # Q = 30 -> S = 5/1020, E = 15 + 100 * 5/1020.
    assert _allowed(15.0 + 500.0 / 1020.0, args) == pytest.approx(30.0)
    # Segment 2 (Earth chips): 40.4 < Q < 80.4; Q = 60 -> material 20, S = 0.01 + 9.8/1000 = 0.0198,
    # E = 30 + 1.98 + 0.0098 * 20 = 32.176.
    assert _allowed(32.176, args) == pytest.approx(60.0)
    # Segment 3: Q > 80.4, S = 0.03; Q = 100 -> E = 50 + 3 + 0.02 * 20 = 53.4.
    assert _allowed(53.4, args) == pytest.approx(100.0)


@settings(max_examples=200, deadline=None)
@given(args=earth_problems(), segment=st.integers(0, 3), frac=st.floats(0.0, 1.0))
def test_output_allowed_inverts_earth_needs(args, segment, frac):
    # Pick Q inside a chosen segment of E so that all four are exercised, then invert E(Q).
    q0, q1, q2 = _breakpoints(args)
    edges = [0.0, q0, q1, q2, q2 * 2 + 100.0]
    q = edges[segment] + frac * (edges[segment + 1] - edges[segment])
    e = earth_needs_reference(q, *args)
    result = _allowed(e, args)
    assert result == pytest.approx(q, rel=1e-7, abs=1e-9)
    assert earth_needs_reference(result, *args) == pytest.approx(e, rel=1e-9, abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(args=earth_problems(), e1=st.floats(0.0, 1e3), e2=st.floats(0.0, 1e3))
def test_output_allowed_fits_and_is_monotonic(args, e1, e2):
    lo, hi = min(e1, e2), max(e1, e2)
    q_lo, q_hi = _allowed(lo, args), _allowed(hi, args)
    assert q_lo <= q_hi * (1 + 1e-12)
    # Its Earth needs are exactly what is free (E is strictly increasing when closure < 1).
    assert earth_needs_reference(q_hi, *args) == pytest.approx(hi, rel=1e-9, abs=1e-12)
    # And it is the largest: a little more output needs more than is free.
    assert earth_needs_reference(q_hi * (1 + 1e-6) + 1e-9, *args) > hi


def test_output_allowed_no_deployment():
    # With nothing deployed, E = Q (1 - c).
    assert industry.output_allowed_by_earth(3.0, 0.7, 0.0, 0.0, 1000.0, 100.0, 20.0, 0.0, 0.0) == pytest.approx(10.0)


def test_output_allowed_full_closure_no_earth_supply():
    # Closure 100 %, no Earth supply: launchers (10 kg/s of the 50 % deployed share) need nothing from Earth,
    # so Q = 20 kg/s fits; any satellite beyond it needs 100 kg of Earth parts, so 20 kg/s is the largest Q.
    args = (1.0, 0.5, 10.0, 1000.0, 100.0, 20.0, 0.01, 0.02)
    assert earth_needs_reference(20.0, *args) == 0.0
    assert earth_needs_reference(20.001, *args) > 0.0
    assert _allowed(0.0, args) == pytest.approx(20.0)


def test_satellites_from_material_takes_lunar_chips_mass_from_product():
    # 1,000 kg of lunar parts per satellite, 20 kg of accelerators: with lunar-fab chips each takes 1,020 kg.
    assert industry.satellites_from_material(10.2, 1000.0, 20.0, 0.01, 0.02) == pytest.approx(0.01)
    # Beyond the lunar chips, Earth chips: 1,000 kg each; capped by all chips.
    assert industry.satellites_from_material(20.2, 1000.0, 20.0, 0.01, 0.02) == pytest.approx(0.02)
    assert industry.satellites_from_material(1e3, 1000.0, 20.0, 0.01, 0.02) == pytest.approx(0.03)
