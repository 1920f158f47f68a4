"""Growth with a build delay (the Lambert-W rate) against its own defining equation."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lunarbase.physics import growth


@given(k=st.floats(1e-3, 1e3), tau=st.floats(1e-3, 10.0))
def test_delayed_growth_rate_solves_its_equation(k, tau):
    lam = float(growth.delayed_growth_rate(k, tau))
    assert lam == pytest.approx(k * math.exp(-lam * tau), rel=1e-9)
    assert 0 < lam <= k


def test_delayed_growth_path_follows_the_lambert_rate():
    """Integrating dM/dt = k M(t - tau) by small explicit steps: the late log slope is W(k tau)/tau (2 %)."""
    k, tau = 3.0, 1.0
    t = np.linspace(0.0, 12.0, 24001)
    m = growth.delayed_growth_path(1.0, k, tau, t)
    slope = np.log(m[-1] / m[-4001]) / (t[-1] - t[-4001])
    assert slope == pytest.approx(float(growth.delayed_growth_rate(k, tau)), rel=0.02)
