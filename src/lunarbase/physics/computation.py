"""The thermodynamic floor of irreversible computation (Landauer's principle).

Erasing one bit in contact with a heat bath at temperature T dissipates at least E_bit = k_B T ln 2 into it
(Landauer 1961, IBM J. Res. Dev. 5:183). A computer whose heat finally leaves at T (a satellite's radiators,
the air around a data centre) therefore needs at least ``bits`` E_bit of electricity per operation that
erases ``bits`` bits, whatever the technology; its operations per second per watt of heat are at most

    (FLOP/s per W)_max = 1 / (bits k_B T ln 2)

(1 / (k_B 300 K ln 2) = 3.48e20 per joule at 300 K and one bit). The heat leaves at the coldest end of its
path, the radiator, so the radiator temperature gives the loosest (most generous) floor: a refrigerator that
ran the chips colder would pay the difference back in work.
"""

import numpy as np

from lunarbase.constants import BOLTZMANN


def landauer_energy_per_bit(temperature_k):
    """E_bit = k_B T ln 2, J: the least heat one bit's erasure leaves in a bath at T (Landauer 1961)."""
    return BOLTZMANN * np.asarray(temperature_k, dtype=float) * np.log(2.0)


def landauer_flops_per_watt(temperature_k, bits_per_flop=1.0):
    """Most operations per second per watt of heat at T when each erases ``bits_per_flop`` bits:
    1 / (bits k_B T ln 2)."""
    return 1.0 / (np.asarray(bits_per_flop, dtype=float) * landauer_energy_per_bit(temperature_k))
