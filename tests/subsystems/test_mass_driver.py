"""Mass drivers: track, shot, energy, power and throughput against published designs."""

import pytest

from lunarbase.constants import STANDARD_GRAVITY, YEAR
from lunarbase.physics import patched_conics
from lunarbase.scenario import load_scenario
from lunarbase.subsystems import (
    mass_driver,
)

#: Standard gravity, m/s^2 (CGPM 1901), typed in by hand for the hand formulas.
G0 = 9.80665


HOUR = 3600.0


PARAMS = load_scenario("lunar-base-alpha").params


def test_track_length_at_1000_g():
    # L = v^2 / (2a): 2.5 km/s at 1000 g0 is 2500^2 / (2 * 9806.65) = 318.7 m.
    length = mass_driver.track_length(2.5e3, 1000 * STANDARD_GRAVITY)
    assert length == pytest.approx(319.0, abs=0.5)
    assert length == pytest.approx(2500.0**2 / (2 * 1000 * G0), rel=1e-12)


def test_shot_duration():
    # t = v / a: 2.5 km/s at 1000 g0 takes 0.255 s.
    assert mass_driver.shot_duration(2.5e3, 1000 * G0) == pytest.approx(2500.0 / 9806.65, rel=1e-12)


def test_energy_per_kg():
    # Kinetic energy v^2/2 over efficiency: 2.5 km/s at 80 % is 3.906 MJ/kg.
    assert mass_driver.energy_per_kg(2.5e3, 0.8) == pytest.approx(3.90625e6, rel=1e-12)
    assert mass_driver.energy_per_kg(2.5e3, 1.0) == pytest.approx(0.5 * 2500.0**2, rel=1e-12)


def test_peak_power_is_force_times_speed():
    # P = F v / eta = m a v / eta: 1 t at 1000 g0 leaving at 2.5 km/s, 80 % efficient.
    expected = 1000.0 * 1000 * G0 * 2500.0 / 0.8
    assert mass_driver.peak_power(1000.0, 1000 * G0, 2.5e3, 0.8) == pytest.approx(expected, rel=1e-12)
    # Under constant force the mean power over the shot is half the peak: (m v^2 / 2 eta) / (v / a).
    energy = 1000.0 * mass_driver.energy_per_kg(2.5e3, 0.8)
    mean = energy / mass_driver.shot_duration(2.5e3, 1000 * G0)
    assert mean == pytest.approx(expected / 2, rel=1e-12)


def test_throughput_snow_and_kolm():
    # Snow & Kolm quenchgun (1992): 1 t every 2 h -> ~4,400 t/yr (4,383 t per Julian year), within 1 %.
    per_s = mass_driver.throughput(1000.0, 1.0 / (2 * HOUR), 1.0)
    assert per_s * YEAR == pytest.approx(4.4e6, rel=0.01)


def test_throughput_handmer():
    # Handmer (2026): 1 t every 3 s -> ~10 Mt/yr (10.5 Mt exactly), within 6 %.
    assert mass_driver.throughput(1000.0, 1.0 / 3.0, 1.0) * YEAR == pytest.approx(10e9, rel=0.06)


def test_throughput_duty_cycle():
    # 1 t a shot, 60 shots/h, 90 % duty: 1000 * 60/3600 * 0.9 = 15 kg/s.
    assert mass_driver.throughput(1000.0, 60 / HOUR, 0.9) == pytest.approx(15.0, rel=1e-12)


def test_driver_design_by_hand():
    md = PARAMS.mass_driver
    d = mass_driver.design(md)
    length = md.exit_speed**2 / (2 * md.acceleration)
    thr = md.payload_per_shot * md.shots_per_hour * md.duty_cycle
    e = md.exit_speed**2 / (2 * md.efficiency)
    assert d["length"] == pytest.approx(length, rel=1e-12)
    assert d["mass"] == pytest.approx(md.mass_per_metre * length + md.fixed_mass, rel=1e-12)
    assert d["throughput"] == pytest.approx(thr, rel=1e-12)
    assert d["energy_per_kg"] == pytest.approx(e, rel=1e-12)
    assert d["average_power"] == pytest.approx(thr * e, rel=1e-12)
    assert d["peak_power"] == pytest.approx(md.payload_per_shot * md.acceleration * md.exit_speed / md.efficiency,
                                            rel=1e-12)
    # The preset's exit speed leaves the Earth-Moon system at its launch angle.
    assert md.exit_speed > patched_conics.escape_threshold(md.launch_angle)


def test_drivers_complete():
    assert mass_driver.drivers_complete(2.5e6, 1e6) == 2
    assert mass_driver.drivers_complete(0.99e6, 1e6) == 0
    assert mass_driver.drivers_complete(1e6, 0.0) == 0


def test_a_driver_built_in_many_increments_is_not_lost_to_rounding():
    mass = 2_624_408.777
    built = 7 * mass * (1 - 4e-16)  # what many small additions can leave: 6.999999999999999 drivers
    assert built / mass < 7
    assert mass_driver.drivers_complete(built, mass) == 7
    assert mass_driver.drivers_complete(mass * 6.99, mass) == 6


def test_shots_carry_whole_satellites():
    """A 3 t shot carries one 2.68 t satellite (89 % of its payload); a 100 t flight 37 of them (99.2 t)."""
    assert mass_driver.whole_payload_share(3000.0, 2680.0) == pytest.approx(2680.0 / 3000.0, rel=1e-12)
    assert mass_driver.whole_payload_share(100e3, 2680.0) == pytest.approx(37 * 2680.0 / 100e3, rel=1e-12)
    assert mass_driver.whole_payload_share(5360.0, 2680.0) == pytest.approx(1.0, rel=1e-12)  # exactly two


def test_the_base_throws_whole_satellites():
    from tests.conftest import run_of

    run = run_of("lunar-base-alpha")
    md = run.scenario.params.mass_driver
    per_shot = (md.payload_per_shot // float(run.design.satellite.mass)) * float(run.design.satellite.mass)
    assert run.design.launcher["throughput"] == pytest.approx(per_shot * md.shots_per_hour * md.duty_cycle, rel=1e-9)
