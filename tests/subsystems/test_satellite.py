"""The satellite's mass budget: arrays, radiators, hardening and propellant by hand."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarbase.constants import AU
from lunarbase.scenario import load_scenario
from lunarbase.subsystems import (
    satellite,
)

#: CODATA 2018 Stefan-Boltzmann constant, typed in by hand.
SIGMA_CODATA = 5.670374419e-8


#: Total solar irradiance at 1 AU, W/m^2 (Kopp & Lean 2011, GRL 38).
TSI = 1361.0


#: Standard gravity, m/s^2 (CGPM 1901), typed in by hand for the hand formulas.
G0 = 9.80665


PARAMS = load_scenario("lunar-base-alpha").params


def _design(sat=None, accel=300 * G0, delta_v=1.0e3, distance=AU):
    return satellite.design(sat or PARAMS.satellite, PARAMS.chips, distance, accel, delta_v)


def test_satellite_budget_sums_to_mass():
    d = _design()
    total = sum(float(getattr(d, name)) for name in satellite.SatelliteDesign.BUDGET)
    assert total == pytest.approx(float(d.mass), rel=1e-12)
    assert float(d.earth_mass) + float(d.local_mass) == pytest.approx(float(d.mass), rel=1e-12)
    assert float(d.local_mass) > 0 and float(d.earth_mass) > 0


def test_satellite_array_area_1361():
    # A = P_bus / (S eta) with S = 1361 W/m^2 (Kopp & Lean 2011), P_bus = P_c / (1 - overhead): within 0.5 %.
    s = PARAMS.satellite
    d = _design()
    p_bus = s.compute_power / (1 - s.bus_overhead)
    assert float(d.bus_power) == pytest.approx(p_bus, rel=1e-12)
    assert float(d.array_area) == pytest.approx(p_bus / (TSI * s.pv_efficiency), rel=0.005)
    # Sunlight captured is what falls on the array: P_bus / eta.
    assert float(d.sunlight_captured) == pytest.approx(p_bus / s.pv_efficiency, rel=1e-9)
    # At 1.524 AU (Mars) the flux is 586 W/m^2 (NASA fact sheet): the array grows by 1.524^2.
    far = _design(distance=1.524 * AU)
    assert float(far.array_area) == pytest.approx(float(d.array_area) * 1.524**2, rel=1e-9)


def test_satellite_radiator_area_stefan_boltzmann():
    # Two-sided radiator: A_r = P_bus / (2 eps sigma (T^4 - T_sink^4)), sigma CODATA 2018.
    s = PARAMS.satellite
    d = _design()
    q = 2 * s.radiator_emissivity * SIGMA_CODATA * (s.radiator_temperature**4 - s.sink_temperature**4)
    assert float(d.radiator_area) == pytest.approx(float(d.bus_power) / q, rel=1e-9)


def test_satellite_parts_by_hand():
    s, c = PARAMS.satellite, PARAMS.chips
    d = _design()
    # 120 kW of B200s at 1 kW and 2 kg each: 240 kg of accelerators.
    assert float(d.accelerators) == pytest.approx(s.compute_power / c.power_per_unit * c.mass_per_unit)
    assert float(d.servers) == pytest.approx(s.compute_power * s.server_mass_per_power)
    assert float(d.arrays) == pytest.approx(float(d.array_area) * s.array_areal_density)
    assert float(d.radiators) == pytest.approx(float(d.radiator_area) * s.radiator_areal_density)
    assert float(d.specific_power) == pytest.approx(s.compute_power / float(d.mass), rel=1e-12)
    # Dry mass closes: structure and hardening are their fractions of the dry mass.
    dry = float(d.mass) - float(d.propellant) - float(d.tanks)
    f_hard = s.hardening_at_1000_g0 * 300 * G0 / (1000 * G0)
    assert float(d.structure) == pytest.approx(s.structure_fraction * dry, rel=1e-12)
    assert float(d.hardening) == pytest.approx(f_hard * dry, rel=1e-12)


def test_satellite_tsiolkovsky():
    # Rocket equation: dv = Isp g0 ln(m0 / mf), with tanks (f_tank of the propellant) kept as dry mass.
    s = PARAMS.satellite
    dv = 3.0e3
    d = _design(delta_v=dv)
    m0 = float(d.mass)
    mf = m0 - float(d.propellant)
    assert s.propulsion_isp * G0 * math.log(m0 / mf) == pytest.approx(dv, rel=1e-9)
    assert float(d.tanks) == pytest.approx(s.tank_fraction * float(d.propellant), rel=1e-12)
    # No Delta-v, no propellant.
    assert float(_design(delta_v=0.0).propellant) == 0.0


def test_propellant_unreachable_is_infinite():
    # With tanks as heavy as the propellant (f = 1) and a mass ratio R >= 2 the tanks never close.
    dv = 2000 * G0 * math.log(3.0)
    assert np.isinf(satellite.propellant_mass(100.0, dv, 2000.0, 1.0))


def test_hardening_increases_with_acceleration():
    accels = np.array([0.0, 100.0, 300.0, 1000.0, 2000.0]) * G0
    masses = [float(_design(accel=a).hardening) for a in accels]
    assert masses[0] == 0.0
    assert np.all(np.diff(masses) > 0)
    # Linear share: h_1000 at 1000 g0.
    assert satellite.hardening_fraction(1000 * G0, 0.1) == pytest.approx(0.1, rel=1e-12)
    assert satellite.hardening_fraction(500 * G0, 0.1) == pytest.approx(0.05, rel=1e-12)


def test_propellant_from_earth_counts_in_earth_mass():
    dv = 2.0e3
    moon = _design(delta_v=dv)
    earth = _design(sat=PARAMS.satellite.model_copy(update={"propellant_from_moon": False}), delta_v=dv)
    assert float(earth.propellant) > 0
    assert float(earth.mass) == pytest.approx(float(moon.mass), rel=1e-12)
    assert float(earth.earth_mass) - float(moon.earth_mass) == pytest.approx(float(earth.propellant), rel=1e-9)
    # Earth mass: accelerators, comms, thrusters (+ propellant).
    assert float(moon.earth_mass) == pytest.approx(float(moon.accelerators) + float(moon.comms)
                                                   + float(moon.thrusters), rel=1e-12)


@settings(max_examples=100, deadline=None)
@given(power=st.floats(1e3, 1e7), accel_g=st.floats(0.0, 3000.0), dv=st.floats(0.0, 8e3),
       distance_au=st.floats(0.3, 5.0), temperature=st.floats(250.0, 450.0))
def test_satellite_mass_positive_and_finite(power, accel_g, dv, distance_au, temperature):
    sat = PARAMS.satellite.model_copy(update={"compute_power": power, "radiator_temperature": temperature})
    d = _design(sat=sat, accel=accel_g * G0, delta_v=dv, distance=distance_au * AU)
    for name in satellite.SatelliteDesign.BUDGET:
        value = float(getattr(d, name))
        assert math.isfinite(value) and value >= 0.0, name
    assert math.isfinite(float(d.mass)) and float(d.mass) > 0
    assert 0 < float(d.earth_mass) <= float(d.mass)
    assert float(d.specific_power) > 0


def test_radiators_run_no_hotter_than_the_chips_allow():
    # 340 K radiators + 20 K from die to radiator = 360 K, under the 368.15 K (95 C) the HBM tolerates.
    assert satellite.thermal_problems(PARAMS.satellite, PARAMS.chips) == []
    edge = PARAMS.satellite.model_copy(update={"radiator_temperature": 348.15})
    assert satellite.thermal_problems(edge, PARAMS.chips) == []
    hot = PARAMS.satellite.model_copy(update={"radiator_temperature": 360.0})
    (line,) = satellite.thermal_problems(hot, PARAMS.chips)
    assert line == ("satellite.radiator_temperature: got 360 K; the chips would run at 380 K (+ "
                    "satellite.chip_to_radiator_drop 20 K), above chips.max_temperature 368.15 K; expected at most "
                    "348.15 K")
    # A hotter-rated chip lets the same radiator pass.
    tolerant = PARAMS.chips.model_copy(update={"max_temperature": 383.15})
    assert satellite.thermal_problems(hot, tolerant) == []
