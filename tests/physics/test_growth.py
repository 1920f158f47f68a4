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


def test_capped_exponential_is_the_exponential_up_to_its_ceiling_and_never_overflows():
    import warnings

    from lunarbase.physics.growth import capped_exponential

    t = np.array([0.0, 1.0, 2.0, 1e6])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = capped_exponential(2.0, 0.5, t, 5.0)
        np.testing.assert_allclose(out[:2], 2.0 * np.exp(0.5 * t[:2]), rtol=1e-15)
        assert out[2] == 5.0 and out[3] == 5.0  # 2 e^1 > 5: the ceiling; e^(5e5) would overflow
        assert np.all(capped_exponential(0.0, 1e3, t, 5.0) == 0.0)  # nothing grows from nothing
        assert capped_exponential(1.0, 1e3, 1e6, np.inf) == np.inf  # no ceiling: the limit is infinite
        assert capped_exponential(1.0, 1.0, 1.0, 0.0) == 0.0
