"""Links between a satellite and Earth, or between satellites: diffraction-limited optics, photon counting, RF for
comparison, light time, and the near-circular coplanar geometry of a satellite drifting along Earth's orbit.

Optical (Friis's transmission formula with the apertures' diffraction gains; Hemmati, *Deep Space Optical
Communications*, JPL DESCANSO series vol. 7, 2006, ch. 2): a transmitter of power P and aperture D_t at wavelength
lambda has the gain G_t = (pi D_t / lambda)^2 on its axis; a receiver of aperture D_r collects A_r = pi D_r^2 / 4, so

    P_r = eta P G_t A_r / (4 pi d^2) = eta P pi^2 D_t^2 D_r^2 / (16 lambda^2 d^2),

eta the product of the transmit and receive optics, pointing, atmosphere and detector efficiencies. A
photon-counting receiver detects P_r lambda / (h c) photons a second and decodes one bit per ``photons_per_bit`` of
them, up to the terminal's modulation limit: R = min(R_max, P_r lambda / (h c n_b)); R falls as 1/d^2 once the
photons, not the modulator, bind.

RF (Friis and Shannon; Shannon 1948): P_r = P G_t G_r (lambda / 4 pi d)^2, noise N_0 = k T_sys, and the
capacity of a band B is B log2(1 + P_r / (N_0 B)), at most P_r / (N_0 ln 2) as B grows.

Geometry (two circles about the Sun in one plane): d = sqrt(r_1^2 + r_2^2 - 2 r_1 r_2 cos dlambda), the
Sun-Earth-satellite angle from the law of cosines, and the mean longitudes part at dn = n_2 - n_1 with
n = sqrt(GM / a^3), which for a slightly different a is dn = -3/2 n da / a (Kepler's third law, differentiated).
"""

from __future__ import annotations

import numpy as np

from lunarbase._jit import compiled_loop
from lunarbase.constants import BOLTZMANN, SPEED_OF_LIGHT, SUN_GM
from lunarbase.physics.growth import column

#: Planck's constant, J s (exact in the SI since 2019).
PLANCK = 6.62607015e-34


def aperture_gain(aperture_m, wavelength_m):
    """On-axis gain of a uniformly illuminated circular aperture, (pi D / lambda)^2 (Kraus, *Antennas*;
    an efficiency below 1 for tapered beams, blockage or surface errors multiplies it)."""
    return (np.pi * np.asarray(aperture_m, dtype=float) / np.asarray(wavelength_m, dtype=float)) ** 2


def optical_received_power(power_w, tx_aperture_m, rx_aperture_m, wavelength_m, distance_m, efficiency=1.0):
    """Power a receiver of aperture D_r collects from a diffraction-limited beam, W:
    eta P pi^2 D_t^2 D_r^2 / (16 lambda^2 d^2) (the module docstring; far field, d >> D^2 / lambda)."""
    d = np.asarray(distance_m, dtype=float)
    area = np.pi * np.asarray(rx_aperture_m, dtype=float) ** 2 / 4.0
    with np.errstate(divide="ignore"):  # no distance: unbounded (a cap, where there is one, takes over)
        return efficiency * np.asarray(power_w, dtype=float) * aperture_gain(tx_aperture_m, wavelength_m) * area / (
            4.0 * np.pi * d**2)


def photon_rate(power_w, wavelength_m):
    """Photons a second in ``power_w`` of light at ``wavelength_m``: P lambda / (h c)."""
    return np.asarray(power_w, dtype=float) * np.asarray(wavelength_m, dtype=float) / (PLANCK * SPEED_OF_LIGHT)


def optical_rate_bps(power_w, tx_aperture_m, rx_aperture_m, wavelength_m, distance_m, efficiency, photons_per_bit,
                     max_rate_bps=np.inf):
    """Data rate of a photon-counting optical link, bit/s: min(R_max, P_r lambda / (h c n_b)), with P_r from
    ``optical_received_power`` (efficiency eta included) and n_b detected photons a bit."""
    received = optical_received_power(power_w, tx_aperture_m, rx_aperture_m, wavelength_m, distance_m, efficiency)
    return np.minimum(photon_rate(received, wavelength_m) / photons_per_bit, max_rate_bps)


def friis_received_power(power_w, tx_gain, rx_gain, wavelength_m, distance_m):
    """Friis (1946): P_r = P G_t G_r (lambda / (4 pi d))^2, W."""
    d = np.asarray(distance_m, dtype=float)
    return np.asarray(power_w, dtype=float) * tx_gain * rx_gain * (np.asarray(wavelength_m) / (4.0 * np.pi * d)) ** 2


def shannon_rate_bps(received_power_w, system_temperature_k, bandwidth_hz=np.inf):
    """Shannon capacity of an additive white Gaussian noise channel, bit/s: B log2(1 + P_r / (k T B)); for an
    unlimited band, its limit P_r / (k T ln 2)."""
    p = np.asarray(received_power_w, dtype=float)
    n0 = BOLTZMANN * np.asarray(system_temperature_k, dtype=float)
    b = np.asarray(bandwidth_hz, dtype=float)
    finite = np.isfinite(b)
    with np.errstate(invalid="ignore", divide="ignore"):
        band = b * np.log2(1.0 + p / (n0 * np.where(finite, b, 1.0)))
    return np.where(finite, band, p / (n0 * np.log(2.0)))


def light_time(distance_m):
    """One-way light time, s: d / c."""
    return np.asarray(distance_m, dtype=float) / SPEED_OF_LIGHT


def coplanar_distance(r1_m, r2_m, separation_rad):
    """Distance between two points at radii r_1, r_2 from the Sun, dlambda apart in longitude, m:
    sqrt(r_1^2 + r_2^2 - 2 r_1 r_2 cos dlambda) (law of cosines), written sqrt((r_1 - r_2)^2 + 4 r_1 r_2
    sin^2(dlambda / 2)) so that two orbits close together do not lose the difference to rounding."""
    r1, r2 = np.asarray(r1_m, dtype=float), np.asarray(r2_m, dtype=float)
    separation = np.asarray(separation_rad, dtype=float)
    rows = _sample_rows(separation, r1, r2)
    if rows:  # a chunk's (samples, ...) angles: two compiled passes about NumPy's sine, the same operations
        half = 0.5 * separation
        np.sin(half, out=half)
        gap, product = ((r1 - r2) ** 2, 4.0 * r1 * r2)
        _coplanar_loop(half.reshape(half.shape[0], -1), column(gap, rows), column(product, rows))
        return half
    return np.sqrt((r1 - r2) ** 2 + 4.0 * r1 * r2 * np.sin(0.5 * separation) ** 2)


def _sample_rows(values, *per_sample) -> int:
    """The samples of a C-ordered (samples, ...) array whose other arguments are single values or one a sample
    ((samples, 1, ...)); 0 for anything else (NumPy takes it)."""
    if values.ndim < 2 or not values.flags.c_contiguous or values.size == 0:
        return 0
    n = values.shape[0]
    ok = all(x.size == 1 or (x.shape[0] == n and x.size == n and x.ndim == values.ndim) for x in per_sample)
    return n if ok else 0


@compiled_loop
def _coplanar_loop(sine, gap, product):
    """``coplanar_distance``'s sqrt((r1 - r2)^2 + 4 r1 r2 sin^2), in place of the sine."""
    for i in range(sine.shape[0]):
        g, p = gap[i], product[i]
        for j in range(sine.shape[1]):
            s = sine[i, j]
            sine[i, j] = np.sqrt(g + p * (s * s))


def sun_earth_probe_angle(earth_radius_m, probe_radius_m, distance_m):
    """Angle at Earth between the Sun and the satellite, rad: the law of cosines, cos SEP = (r_E^2 + d^2 - r_s^2)
    / (2 r_E d), in its half-angle form tan(SEP / 2) = sqrt((r_s - r_E + d)(r_s + r_E - d) / ((r_E + d + r_s)
    (r_E + d - r_s))), which keeps its precision where the arccos of a cosine near +-1 would not (a satellite just
    beyond Earth on the Sun's line); pi/2 where d is zero (no direction: not behind the Sun)."""
    r_e, r_s = np.asarray(earth_radius_m, dtype=float), np.asarray(probe_radius_m, dtype=float)
    d = np.asarray(distance_m, dtype=float)
    rows = _sample_rows(d, r_e, r_s)
    if rows:  # a chunk's (samples, ...) distances: two compiled passes about NumPy's arctan2, the same operations
        flat = d.reshape(rows, -1)
        across, along = np.empty(flat.shape), np.empty(flat.shape)
        _half_angle_sides_loop(flat, column(r_e, rows), column(r_s, rows), column(r_s - r_e, rows),
                               column(r_s + r_e, rows), across, along)
        np.arctan2(across, along, out=across)
        _angle_loop(flat, across)
        return across.reshape(d.shape)
    num = np.maximum((r_s - r_e + d) * (r_s + r_e - d), 0.0)
    den = np.maximum((r_e + d + r_s) * (r_e + d - r_s), 0.0)
    return np.where(d > 0, 2.0 * np.arctan2(np.sqrt(num), np.sqrt(den)), np.pi / 2.0)


@compiled_loop
def _half_angle_sides_loop(d, r_e, r_s, outer, inner, across, along):
    """``sun_earth_probe_angle``'s sqrt(max((r_s - r_E + d)(r_s + r_E - d), 0)) and sqrt(max((r_E + d + r_s)
    (r_E + d - r_s), 0)) (``np.maximum``'s: NaN carries), before the arctangent."""
    for i in range(d.shape[0]):
        e, s, o, n = r_e[i], r_s[i], outer[i], inner[i]
        for j in range(d.shape[1]):
            x = d[i, j]
            num = (o + x) * (n - x)
            den = (e + x + s) * (e + x - s)
            across[i, j] = np.sqrt(num if (num >= 0.0 or num != num) else 0.0)
            along[i, j] = np.sqrt(den if (den >= 0.0 or den != den) else 0.0)


@compiled_loop
def _angle_loop(d, half_angle):
    """``sun_earth_probe_angle``'s 2 atan2(.) where d > 0, else pi / 2, in place of the arctangent."""
    for i in range(d.shape[0]):
        for j in range(d.shape[1]):
            half_angle[i, j] = 2.0 * half_angle[i, j] if d[i, j] > 0 else np.pi / 2.0


def mean_motion(semimajor_axis_m, gm=SUN_GM):
    """Mean motion sqrt(GM / a^3), rad/s (Kepler's third law)."""
    return np.sqrt(gm / np.asarray(semimajor_axis_m, dtype=float) ** 3)


def longitude_drift_rate(semimajor_axis_m, reference_axis_m, gm=SUN_GM):
    """Rate at which a body's mean longitude gains on a reference body's, rad/s: n(a) - n(a_ref)
    (-3/2 n da / a to first order)."""
    return mean_motion(semimajor_axis_m, gm) - mean_motion(reference_axis_m, gm)
