"""Radiators: Stefan-Boltzmann emission against a sink."""

import math

import pytest

from lunarbase.physics import thermal

#: CODATA 2018 Stefan-Boltzmann constant, typed in by hand so the check does not lean on astropy.
SIGMA_CODATA = 5.670374419e-8


@pytest.mark.parametrize("t, eps, t_sink", [(340.0, 0.90, 3.0), (293.15, 0.74, 0.0), (500.0, 1.0, 250.0)])
def test_radiator_flux_stefan_boltzmann(t, eps, t_sink):
    # Stefan-Boltzmann law q = eps sigma (T^4 - T_sink^4) per side, sigma CODATA 2018, by hand.
    one_side = eps * SIGMA_CODATA * (t**4 - t_sink**4)
    assert thermal.radiator_flux_w_per_m2(t, eps, t_sink, sides=1) == pytest.approx(one_side, rel=1e-9)
    assert thermal.radiator_flux_w_per_m2(t, eps, t_sink, sides=2) == pytest.approx(2 * one_side, rel=1e-9)
    # Default is two-sided.
    assert thermal.radiator_flux_w_per_m2(t, eps, t_sink) == pytest.approx(2 * one_side, rel=1e-9)


def test_radiator_flux_zero_at_sink_temperature():
    assert thermal.radiator_flux_w_per_m2(250.0, 0.9, 250.0) == 0.0
    assert thermal.radiator_flux_w_per_m2(3.0, 0.9, 3.0, sides=1) == 0.0


def test_radiator_flux_ai1_figure():
    # 'AI1' satellite: two-sided radiators ~1,400 W/m^2 (press coverage; docs/references.md). At 340 K, eps 0.9 the
    # law gives 2 * 0.9 * sigma * 340^4 = 1364 W/m^2, within 5 % of the quoted round figure.
    assert thermal.radiator_flux_w_per_m2(340.0, 0.9, 3.0) == pytest.approx(1400.0, rel=0.05)


def test_black_body_at_solar_surface():
    # A black body at the Sun's effective temperature 5772 K (IAU 2015 B3) emits 6.29e7 W/m^2, and L = 4 pi R^2 q
    # with R_sun = 695,700 km (IAU 2015 B3) gives the nominal 3.828e26 W within 0.1 %.
    q = thermal.radiator_flux_w_per_m2(5772.0, 1.0, 0.0, sides=1)
    assert 4 * math.pi * 695_700e3**2 * q == pytest.approx(3.828e26, rel=1e-3)
