"""Surface power: arrays sized for the night and storage that carries it."""

import pytest

from lunarbase.scenario import load_scenario
from lunarbase.subsystems import (
    site_power,
)

#: Total solar irradiance at 1 AU, W/m^2 (Kopp & Lean 2011, GRL 38).
TSI = 1361.0


HOUR = 3600.0


PARAMS = load_scenario("lunar-base-alpha").params


EQUATORIAL = load_scenario("lunar-equatorial").params


def test_array_oversize_no_darkness_is_one():
    for eta in (0.3, 0.6, 0.9, 1.0):
        assert site_power.array_oversize(1.0, eta) == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("f, eta", [(0.5, 0.6), (0.923, 0.6), (0.77, 0.5), (0.5, 1.0)])
def test_array_oversize_energy_balance(f, eta):
    # Over a cycle the array, lit a share f at power P_a, delivers P f directly and stores (1 - f) P / eta:
    # P_a f = P f + P (1 - f) / eta.
    p = 1.0
    p_a = site_power.array_oversize(f, eta) * p
    assert p_a * f == pytest.approx(p * f + p * (1 - f) / eta, rel=1e-12)
    # Lossless storage: the array just makes up for the dark share, 1/f.
    assert site_power.array_oversize(f, 1.0) == pytest.approx(1 / f, rel=1e-12)


def test_surface_flux():
    # Kopp & Lean 2011: 1361 W/m^2, within 0.5 %.
    assert site_power.SURFACE_FLUX_W_PER_M2 == pytest.approx(TSI, rel=0.005)


def test_array_area_per_watt_by_hand():
    f, eta_rt, eta_pv = 0.923, 0.6, 0.2
    expected = (f + (1 - f) / eta_rt) / f / (TSI * eta_pv)
    assert site_power.array_area_per_watt(eta_pv, f, eta_rt) == pytest.approx(expected, rel=0.005)


def test_storage_mass_is_darkness_over_specific_energy():
    # Storage E = P t_dark; mass = t_dark / e_spec per W of load, exactly. No arrays (zero areal density).
    for darkness_h, e_spec in ((354.0, 1.8e6), (120.0, 1.8e6), (120.0, 3.6e6)):
        t = darkness_h * HOUR
        assert site_power.storage_energy_per_watt(t) == t
        assert site_power.mass_per_watt(0.2, 0.0, 0.5, 0.6, t, e_spec) == pytest.approx(t / e_spec, rel=1e-15)


def test_mass_per_watt_is_arrays_plus_storage():
    t, e_spec, rho = 120 * HOUR, 1.8e6, 2.0
    arrays = rho * (0.923 + 0.077 / 0.6) / 0.923 / (TSI * 0.2)
    assert site_power.mass_per_watt(0.2, rho, 0.923, 0.6, t, e_spec) == pytest.approx(arrays + t / e_spec,
                                                                                      rel=0.005)


def test_equatorial_site_heavier_than_polar():
    # Equatorial: half a synodic month dark, 354 h, lit 50 %; polar ridge: 120 h, 92.3 % (Glaser 2014, 2 m).
    kw = {"pv_efficiency": 0.2, "array_areal_density": 2.0, "storage_efficiency": 0.6,
          "storage_specific_energy": 500 * HOUR}
    equatorial = site_power.mass_per_watt(illumination_fraction=0.5, longest_darkness_s=354 * HOUR, **kw)
    polar = site_power.mass_per_watt(illumination_fraction=0.923, longest_darkness_s=120 * HOUR, **kw)
    assert equatorial > polar
    # Storage dominates: the ratio is close to 354 / 120.
    assert equatorial / polar == pytest.approx(354 / 120, rel=0.05)


def test_presets_site_power():
    # The presets carry these sites: equatorial 354 h (JPL synodic month / 2) and the polar ridge's 5 d.
    assert EQUATORIAL.site.longest_darkness == pytest.approx(29.5306 * 86400 / 2, abs=0.5 * HOUR)
    assert PARAMS.site.longest_darkness == pytest.approx(120 * HOUR)
    assert site_power.mass_per_watt_for(EQUATORIAL.site) > site_power.mass_per_watt_for(PARAMS.site)
    assert site_power.array_area_per_watt_for(EQUATORIAL.site) > site_power.array_area_per_watt_for(PARAMS.site)
