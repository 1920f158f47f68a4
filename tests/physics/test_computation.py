"""Landauer's floor of irreversible computation against the textbook values."""

import math

import numpy as np
import pytest

from lunarbase.physics import computation

#: Boltzmann constant, J/K, exact in the 2019 SI, typed in by hand so the check does not lean on astropy.
K_B = 1.380649e-23


def test_landauer_energy_per_bit_at_room_temperature():
    # k_B T ln 2 = 2.87e-21 J at 300 K (Landauer 1961; e.g. Bennett 2003, Stud. Hist. Phil. Mod. Phys. 34:501),
    # about 0.018 eV.
    e = computation.landauer_energy_per_bit(300.0)
    assert e == pytest.approx(2.87e-21, rel=2e-3)
    assert e == pytest.approx(K_B * 300.0 * math.log(2.0), rel=1e-12)
    assert e / 1.602176634e-19 == pytest.approx(0.0179, rel=5e-3)


def test_landauer_flops_per_watt_scales_as_one_over_bits_and_temperature():
    # 1 / 2.87e-21 J = 3.48e20 operations per joule at 300 K, one bit each.
    assert computation.landauer_flops_per_watt(300.0) == pytest.approx(3.48e20, rel=2e-3)
    # The 'AI1' radiators at 340 K: 3.07e20 per joule, the bound a 2100 cohort on an unbounded trend passed.
    assert computation.landauer_flops_per_watt(340.0) == pytest.approx(3.07e20, rel=2e-3)
    t = np.array([3.0, 300.0, 600.0])
    bound = computation.landauer_flops_per_watt(t, 16.0)
    np.testing.assert_allclose(bound, 1.0 / (16.0 * K_B * t * math.log(2.0)), rtol=1e-12)
    assert bound[1] / bound[2] == pytest.approx(2.0, rel=1e-12)
