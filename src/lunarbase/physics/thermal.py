"""Heat rejection by radiation."""

import numpy as np

from lunarbase.constants import STEFAN_BOLTZMANN


def radiator_flux_w_per_m2(temperature_k, emissivity, sink_temperature_k=0.0, sides=2):
    """Net heat rejected per m^2 of radiator panel, q = sides * eps * sigma * (T^4 - T_sink^4).

    Stefan-Boltzmann law for a grey body facing a sink at T_sink on each radiating side.
    """
    t4 = np.asarray(temperature_k, dtype=float) ** 4 - np.asarray(sink_temperature_k, dtype=float) ** 4
    return sides * emissivity * STEFAN_BOLTZMANN * t4
