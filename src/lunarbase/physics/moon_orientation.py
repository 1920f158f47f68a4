"""The Moon's orientation in space: the IAU rotation model, and states of points fixed on its surface.

Model: IAU WGCCRE 2009 (Archinal et al. 2011, Celest. Mech. Dyn. Astr. 109:101-135, Table 2), unchanged in
the 2015 report: pole right ascension alpha0 and declination delta0, prime-meridian angle W, each a
polynomial plus 13 periodic terms in the arguments E1..E13 (mean-Earth / polar-axis frame, accurate to ~150 m
on the surface against the DE421 libration solution). The body-fixed frame: x toward the mean sub-Earth point
(0 deg N, 0 deg E), z to the north pole. Body-fixed to ICRF (Archinal eq. 1, transposed):
    M = Rz(90 deg + alpha0) Rx(90 deg - delta0) Rz(W)      (vector rotations).
The rotation rate used for surface velocities is dW/dt along the pole (the periodic terms' rates add < 0.1 %).
"""

from __future__ import annotations

import numpy as np

from lunarbase._jit import jitable
from lunarbase.physics.ephemeris import J2000_JD

_DEG = np.pi / 180.0

# E_k = E0_k + rate_k * d (deg; d in days from J2000 TDB), k = 1..13.
_E0 = np.array([125.045, 250.089, 260.008, 176.625, 357.529, 311.589, 134.963, 276.617, 34.226, 15.134,
                119.743, 239.961, 25.053])
_E_RATE = np.array([-0.0529921, -0.1059842, 13.0120009, 13.3407154, 0.9856003, 26.4057084, 13.0649930,
                    0.3287146, 1.7484877, -0.1589763, 0.0036096, 0.1643573, 12.9590088])
# Periodic coefficients (deg): alpha0 uses sin E_k, delta0 cos E_k, W sin E_k.
_ALPHA_SIN = np.array([-3.8787, -0.1204, 0.0700, -0.0172, 0.0, 0.0072, 0.0, 0.0, 0.0, -0.0052, 0.0, 0.0, 0.0043])
_DELTA_COS = np.array([1.5419, 0.0239, -0.0278, 0.0068, 0.0, -0.0029, 0.0009, 0.0, 0.0, 0.0008, 0.0, 0.0, -0.0009])
_W_SIN = np.array([3.5610, 0.1208, -0.0642, 0.0158, 0.0252, -0.0066, -0.0047, -0.0046, 0.0028, 0.0052, 0.0040,
                   0.0019, -0.0044])
#: Mean sidereal rotation rate, deg/day (Archinal et al. 2011).
W_RATE_DEG_PER_DAY = 13.17635815


@jitable
def pole_and_meridian(jd_tdb):
    """(alpha0, delta0, W) in rad for TDB Julian dates, scalar or array (Archinal et al. 2011, Table 2)."""
    d = jd_tdb - J2000_JD
    t = d / 36525.0
    alpha0 = 269.9949 + 0.0031 * t
    delta0 = 66.5392 + 0.0130 * t
    w = 38.3213 + W_RATE_DEG_PER_DAY * d - 1.4e-12 * d * d
    for k in range(13):
        e_k = (_E0[k] + _E_RATE[k] * d) * _DEG
        s_k = np.sin(e_k)
        alpha0 = alpha0 + _ALPHA_SIN[k] * s_k
        delta0 = delta0 + _DELTA_COS[k] * np.cos(e_k)
        w = w + _W_SIN[k] * s_k
    return alpha0 * _DEG, delta0 * _DEG, np.mod(w, 360.0) * _DEG


@jitable
def icrf_from_body_of(alpha0, delta0, w, x, y, z):
    """A body-fixed vector's ICRF components: Rz(90 deg + alpha0) Rx(90 deg - delta0) Rz(W) (x, y, z)."""
    cw, sw = np.cos(w), np.sin(w)
    x1, y1 = cw * x - sw * y, sw * x + cw * y
    cd, sd = np.sin(delta0), np.cos(delta0)  # cos and sin of (90 deg - delta0)
    y2, z2 = cd * y1 - sd * z, sd * y1 + cd * z
    ca, sa = -np.sin(alpha0), np.cos(alpha0)  # cos and sin of (90 deg + alpha0)
    return ca * x1 - sa * y2, sa * x1 + ca * y2, z2


@jitable
def launch_state_of(jd_tdb, latitude, longitude, radius_m, azimuth, elevation_angle, exit_speed):
    """Selenocentric ICRF state (6 components, m and m/s) of a payload leaving a track on the turning Moon:
    r = M r_body, v = v_exit M d_body + omega x r, omega = dW/dt along the pole (module docstring)."""
    alpha0, delta0, w = pole_and_meridian(jd_tdb)
    cl, sl, co, so = np.cos(latitude), np.sin(latitude), np.cos(longitude), np.sin(longitude)
    ca, sa, ce, se = np.cos(azimuth), np.sin(azimuth), np.cos(elevation_angle), np.sin(elevation_angle)
    # Track direction in east/north/up: cos(el) (sin(az) E + cos(az) N) + sin(el) U.
    dx = ce * (sa * -so + ca * -sl * co) + se * cl * co
    dy = ce * (sa * co + ca * -sl * so) + se * cl * so
    dz = ce * ca * cl + se * sl
    rx, ry, rz = icrf_from_body_of(alpha0, delta0, w, radius_m * cl * co, radius_m * cl * so, radius_m * sl)
    ux, uy, uz = icrf_from_body_of(alpha0, delta0, w, dx, dy, dz)
    px, py, pz = icrf_from_body_of(alpha0, delta0, w, 0.0 * dx, 0.0 * dx, 1.0 + 0.0 * dx)
    om = W_RATE_DEG_PER_DAY * _DEG / 86400.0
    return (rx, ry, rz, exit_speed * ux + om * (py * rz - pz * ry), exit_speed * uy + om * (pz * rx - px * rz),
            exit_speed * uz + om * (px * ry - py * rx))


def _rz(angle):
    c, s = np.cos(angle), np.sin(angle)
    z, o = np.zeros_like(c), np.ones_like(c)
    return np.stack([np.stack([c, -s, z], -1), np.stack([s, c, z], -1), np.stack([z, z, o], -1)], -2)


def _rx(angle):
    c, s = np.cos(angle), np.sin(angle)
    z, o = np.zeros_like(c), np.ones_like(c)
    return np.stack([np.stack([o, z, z], -1), np.stack([z, c, -s], -1), np.stack([z, s, c], -1)], -2)


def icrf_from_body(jd_tdb) -> np.ndarray:
    """Rotation matrices (..., 3, 3) taking Moon body-fixed vectors to ICRF axes (module docstring)."""
    alpha0, delta0, w = pole_and_meridian(jd_tdb)
    return _rz(np.pi / 2 + alpha0) @ _rx(np.pi / 2 - delta0) @ _rz(w)


def body_from_icrf(jd_tdb) -> np.ndarray:
    """Inverse of ``icrf_from_body``: ICRF vectors to the Moon's body-fixed frame."""
    return np.swapaxes(icrf_from_body(jd_tdb), -1, -2)


def local_axes(latitude, longitude):
    """East, north and up unit vectors (body-fixed) at selenographic latitude/longitude (rad), each (..., 3).

    At a pole "north" is taken along the meridian of ``longitude``, so an azimuth stays meaningful there.
    """
    lat, lon = np.asarray(latitude, dtype=float), np.asarray(longitude, dtype=float)
    cl, sl, co, so = np.cos(lat), np.sin(lat), np.cos(lon), np.sin(lon)
    up = np.stack([cl * co, cl * so, sl], axis=-1)
    east = np.stack([-so, co, np.zeros_like(co)], axis=-1)
    north = np.stack([-sl * co, -sl * so, cl], axis=-1)
    return east, north, up


def track_direction(latitude, longitude, azimuth, elevation_angle):
    """Body-fixed unit vector of a track at ``azimuth`` (from north through east) and ``elevation_angle``."""
    east, north, up = local_axes(latitude, longitude)
    az, el = np.asarray(azimuth, dtype=float)[..., None], np.asarray(elevation_angle, dtype=float)[..., None]
    return np.cos(el) * (np.sin(az) * east + np.cos(az) * north) + np.sin(el) * up


def azimuth_toward(latitude, longitude, direction_body):
    """Azimuth (rad, 0..2 pi) of the horizontal projection of a body-fixed direction at a site."""
    east, north, _ = local_axes(latitude, longitude)
    d = np.asarray(direction_body, dtype=float)
    return np.mod(np.arctan2(np.sum(d * east, -1), np.sum(d * north, -1)), 2 * np.pi)


def surface_state(latitude, longitude, radius_m, jd_tdb):
    """Selenocentric ICRF position (m) and velocity (m/s) of a surface point, carried by the Moon's spin.

    r = M r_body; v = omega x r with omega = dW/dt along the pole (module docstring).
    """
    m = icrf_from_body(jd_tdb)
    _, _, up = local_axes(latitude, longitude)
    r = np.einsum("...ij,...j->...i", m, np.asarray(radius_m, dtype=float)[..., None] * up)
    pole = m[..., :, 2]
    omega = W_RATE_DEG_PER_DAY * _DEG / 86400.0
    return r, omega * np.cross(pole, r)
