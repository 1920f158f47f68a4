"""Link physics against independent references: NASA DSOC on Psyche, Friis reciprocity, Shannon, Voyager 1, light
time, and the geometry of two circles about the Sun."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lunarbase.constants import AU, SPEED_OF_LIGHT
from lunarbase.physics import links

#: DSOC flight laser transceiver and ground receiver (Biswas et al., SPIE 2018; NASA JPL releases): 4 W average at
#: 1550 nm through a 22 cm telescope, received by Palomar's 5.1 m Hale telescope with photon-counting detectors.
DSOC = {"power_w": 4.0, "tx_aperture_m": 0.22, "rx_aperture_m": 5.1, "wavelength_m": 1550e-9}
#: End-to-end efficiency of a DSOC-class link as typical component figures (assumption, not DSOC's published
#: budget): transmit optics 0.7, pointing 0.8, atmosphere 0.8, receive optics 0.5 (Hale's obscuration and relay),
#: detector 0.6 (SNSPD array); about one detected photon a bit.
EFFICIENCY = 0.7 * 0.8 * 0.8 * 0.5 * 0.6
PHOTONS_PER_BIT = 1.0


def dsoc_rate(distance_m, max_rate=np.inf):
    return links.optical_rate_bps(**DSOC, distance_m=distance_m, efficiency=EFFICIENCY,
                                  photons_per_bit=PHOTONS_PER_BIT, max_rate_bps=max_rate)


def test_dsoc_at_1_5_au_within_a_factor_of_two():
    """NASA JPL, April 2024: 25 Mb/s from ~226 million km (1.5 AU). Tolerance x2: the component efficiencies
    are typical figures, not DSOC's budget line by line."""
    rate = float(dsoc_rate(226e9))
    assert 25e6 / 2 <= rate <= 25e6 * 2


def test_dsoc_short_range_point_was_capped_by_the_terminal_not_the_photons():
    """NASA JPL, Dec 2023: 267 Mb/s from ~31 million km, the terminal's top rate. A pure 1/d^2 law from it would
    give 267 (31/226)^2 ~ 5 Mb/s at 226 million km, five times below the 25 Mb/s measured there: so the photons
    did not bind at 31 million km, and the photon-limited rate there is well above 267 Mb/s."""
    assert 267e6 * (31 / 226) ** 2 < 25e6 / 4
    assert float(dsoc_rate(31e9)) > 267e6
    assert float(dsoc_rate(31e9, max_rate=267e6)) == pytest.approx(267e6)


def test_optical_budget_is_friis_with_the_receivers_gain():
    """Friis with G_r = 4 pi A_r / lambda^2 (the antenna theorem) gives the same power as the aperture form."""
    lam, d_r, d = 1064e-9, 1.0, 4e8
    g_t = links.aperture_gain(0.1, lam)
    g_r = 4 * np.pi * (np.pi * d_r**2 / 4) / lam**2
    assert float(links.optical_received_power(2.0, 0.1, d_r, lam, d)) == pytest.approx(
        float(links.friis_received_power(2.0, g_t, g_r, lam, d)), rel=1e-12)


@given(st.floats(1e9, 1e13), st.floats(1.1, 100.0))
def test_photon_limited_rate_falls_as_inverse_square(distance, factor):
    near, far = dsoc_rate(distance), dsoc_rate(distance * factor)
    assert float(far) == pytest.approx(float(near) / factor**2, rel=1e-9)


@given(st.floats(1e3, 1e15), st.floats(1e6, 1e12))
def test_rate_never_exceeds_the_cap(distance, cap):
    assert float(dsoc_rate(distance, cap)) <= cap


def test_photon_energy_at_1550_nm():
    """h c / lambda = 1.2816e-19 J at 1550 nm (0.79997 eV, CODATA constants)."""
    assert 1.0 / float(links.photon_rate(1.0, 1550e-9)) == pytest.approx(1.28158e-19, rel=1e-4)


def test_shannon_limits():
    """Capacity is B at SNR = 1 and tends to P / (N0 ln 2) for an unlimited band (Shannon 1948)."""
    t, b = 20.0, 1e6
    n0 = 1.380649e-23 * t
    assert float(links.shannon_rate_bps(n0 * b, t, b)) == pytest.approx(b, rel=1e-12)
    wide = float(links.shannon_rate_bps(1e-18, t, 1e15))
    assert wide == pytest.approx(float(links.shannon_rate_bps(1e-18, t)), rel=1e-3)


def test_voyager_1_downlink_lies_under_shannons_bound():
    """Voyager 1 at ~160 AU sends 160 bit/s at X band (8.4 GHz) from a 23 W transmitter and 3.7 m dish to a 70 m DSN
    antenna (NASA JPL, as cited). With 55 % aperture efficiencies and a 20 K system temperature (assumptions), the
    Friis-Shannon bound must stand above what it achieves, within a coding and loss gap (x30)."""
    lam = SPEED_OF_LIGHT / 8.4e9
    g_t, g_r = 0.55 * links.aperture_gain(3.7, lam), 0.55 * links.aperture_gain(70.0, lam)
    bound = float(links.shannon_rate_bps(links.friis_received_power(23.0, g_t, g_r, lam, 160 * AU), 20.0))
    assert 160.0 < bound < 160.0 * 30


def test_light_time_of_one_au():
    """IAU: the light time for one AU is 499.004784 s."""
    assert float(links.light_time(AU)) == pytest.approx(499.004784, rel=1e-8)


def test_geometry_at_conjunction_and_quadrature():
    """A body on Earth's circle half a turn away is 2 AU off and straight behind the Sun (SEP 0); a quarter turn
    away, sqrt(2) AU off at SEP 45 deg (isosceles right triangle)."""
    d = links.coplanar_distance(AU, AU, np.pi)
    assert float(d) == pytest.approx(2 * AU)
    assert float(links.sun_earth_probe_angle(AU, AU, d)) == pytest.approx(0.0, abs=1e-7)
    q = links.coplanar_distance(AU, AU, np.pi / 2)
    assert float(q) == pytest.approx(np.sqrt(2) * AU)
    assert np.degrees(float(links.sun_earth_probe_angle(AU, AU, q))) == pytest.approx(45.0)


@given(st.floats(0.3, 5.0), st.floats(0.0, 2 * np.pi))
def test_sun_earth_probe_angle_matches_vectors(r_au, separation):
    earth = np.array([AU, 0.0])
    probe = r_au * AU * np.array([np.cos(separation), np.sin(separation)])
    to_sun, to_probe = -earth, probe - earth
    d = float(links.coplanar_distance(AU, r_au * AU, separation))
    assert d == pytest.approx(np.linalg.norm(to_probe), rel=1e-9, abs=1.0)
    if d > 1e-3 * AU:
        cos = to_sun @ to_probe / (np.linalg.norm(to_sun) * np.linalg.norm(to_probe))
        assert float(links.sun_earth_probe_angle(AU, r_au * AU, d)) == pytest.approx(
            np.arccos(np.clip(cos, -1, 1)), abs=1e-6)


def test_drift_rate_is_three_halves_n_da_over_a_for_small_offsets():
    """dn = -3/2 n da / a to first order (Kepler's third law): agreement to ~da/a."""
    n = float(links.mean_motion(AU))
    assert n * 86400 == pytest.approx(0.01720209895, rel=1e-8)  # Gauss's constant k, rad/day (IAU 1976)
    for rel in (1e-4, 1e-3, 1e-2):
        exact = float(links.longitude_drift_rate(AU * (1 + rel), AU))
        assert exact == pytest.approx(-1.5 * n * rel, rel=2 * rel)
