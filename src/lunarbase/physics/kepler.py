"""Two-body states and elements, vectorised: elements from a state, states on a conic at a given radius,
time of flight to a radius, and a universal-variable propagator.

All functions take (..., 3) arrays of positions (m) and velocities (m/s) and broadcast over leading axes.
Sources: Curtis, Orbital Mechanics for Engineering Students (3rd ed.), ch. 2-4 (eq. numbers below);
Vallado, Fundamentals of Astrodynamics and Applications (4th ed.), algorithms 8-9; the propagator follows
SPICE ``prop2b`` as ported to NumPy by skyfield's ``keplerlib.propagate`` (Stumpff functions, universal
anomaly solved by safeguarded Newton iteration).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from lunarbase._jit import jitable, where


class Elements(NamedTuple):
    """Osculating conic elements; angles in rad. ``a`` < 0 for hyperbolae, ``apoapsis`` inf when unbound."""

    a: np.ndarray
    e: np.ndarray
    i: np.ndarray
    periapsis: np.ndarray
    apoapsis: np.ndarray
    energy: np.ndarray
    h: np.ndarray


# The laws below work on components (x, y, z as separate scalars or arrays) so that the same code runs
# vectorised under NumPy and inlined in compiled loops over millions of launches.


@jitable
def conic_of(gm, rx, ry, rz, vx, vy, vz):
    """Conic through a state (Curtis algorithm 4.2): h = r x v, e = ((v^2 - mu/r) r - (r.v) v)/mu,
    eps = v^2/2 - mu/r, a = -mu/(2 eps), p = h^2/mu, r_p = p/(1+e), r_a = p/(1-e).

    Returns (a, e, i, r_p, r_a, eps, h, P, Q) with P, Q the perifocal unit vectors as 3-tuples (P toward
    periapsis; along r for a circle) and i from the x-y plane.
    """
    r = np.sqrt(rx * rx + ry * ry + rz * rz)
    v2 = vx * vx + vy * vy + vz * vz
    rv = rx * vx + ry * vy + rz * vz
    hx, hy, hz = ry * vz - rz * vy, rz * vx - rx * vz, rx * vy - ry * vx
    h = np.sqrt(hx * hx + hy * hy + hz * hz)
    ex = ((v2 - gm / r) * rx - rv * vx) / gm
    ey = ((v2 - gm / r) * ry - rv * vy) / gm
    ez = ((v2 - gm / r) * rz - rv * vz) / gm
    e = np.sqrt(ex * ex + ey * ey + ez * ez)
    energy = 0.5 * v2 - gm / r
    a = -gm / (2.0 * energy)
    p = h * h / gm
    periapsis = p / (1.0 + e)
    apoapsis = where(e < 1.0, p / (1.0 - e), np.inf)
    i = np.arccos(np.minimum(np.maximum(hz / h, -1.0), 1.0))
    round_orbit = e < 1e-12
    px = where(round_orbit, rx / r, ex / e)
    py = where(round_orbit, ry / r, ey / e)
    pz = where(round_orbit, rz / r, ez / e)
    qx = (hy * pz - hz * py) / h
    qy = (hz * px - hx * pz) / h
    qz = (hx * py - hy * px) / h
    return a, e, i, periapsis, apoapsis, energy, h, (px, py, pz), (qx, qy, qz)


@jitable
def state_at_radius_of(gm, e, h, p_hat, q_hat, radius):
    """State where a conic, moving forward, reaches ``radius`` on its outbound branch.

    theta = +arccos((p/R - 1)/e) (Curtis eq. 2.45); r = R (cos theta P + sin theta Q),
    v = (mu/h)(-sin theta P + (e + cos theta) Q) (eqs. 2.119-2.120). NaN where the conic never reaches R.
    """
    cos_t = (h * h / gm / radius - 1.0) / e
    cos_t = where(np.abs(cos_t) <= 1.0, cos_t, np.nan)
    sin_t = np.sqrt(1.0 - cos_t * cos_t)
    k = gm / h
    return (radius * (cos_t * p_hat[0] + sin_t * q_hat[0]), radius * (cos_t * p_hat[1] + sin_t * q_hat[1]),
            radius * (cos_t * p_hat[2] + sin_t * q_hat[2]),
            k * (-sin_t * p_hat[0] + (e + cos_t) * q_hat[0]), k * (-sin_t * p_hat[1] + (e + cos_t) * q_hat[1]),
            k * (-sin_t * p_hat[2] + (e + cos_t) * q_hat[2]))


@jitable
def time_from_periapsis(gm, a, e, radius):
    """Time since periapsis to reach ``radius`` outbound, s (Curtis eqs. 3.8, 3.40: Kepler's equation).

    Ellipse: M = E - e sin E with cos E = (1 - r/a)/e; hyperbola: M = e sinh F - F with cosh F = (1 - r/a)/e.
    """
    x = (1.0 - radius / a) / e
    n = np.sqrt(gm / np.abs(a) ** 3)
    big_e = np.arccos(np.minimum(np.maximum(x, -1.0), 1.0))
    f = np.arccosh(np.maximum(x, 1.0))
    return where(a > 0.0, (big_e - e * np.sin(big_e)) / n, (e * np.sinh(f) - f) / n)


@jitable
def time_between_radii_of(gm, a, e, periapsis, apoapsis, r0, inbound, radius):
    """Time of flight from radius r0 (before periapsis if ``inbound``) to ``radius`` outbound, s; NaN if never."""
    t0 = time_from_periapsis(gm, a, e, r0)
    t0 = where(inbound, -t0, t0)
    reach = (apoapsis >= radius) & (periapsis <= radius)
    return where(reach, time_from_periapsis(gm, a, e, radius) - t0, np.nan)


def _split(x):
    x = np.asarray(x, dtype=float)
    return x[..., 0], x[..., 1], x[..., 2]


def elements(gm, r, v) -> Elements:
    """Osculating elements of (..., 3) states (``conic_of``); inclination from the frame's x-y plane."""
    with np.errstate(divide="ignore", invalid="ignore"):
        a, e, i, rp, ra, energy, h, _, _ = conic_of(gm, *_split(r), *_split(v))
    return Elements(a, e, i, rp, ra, energy, h)


def state_at_radius(gm, r, v, radius):
    """Position and velocity (..., 3) where the conic through (r, v) first reaches ``radius`` outbound."""
    with np.errstate(divide="ignore", invalid="ignore"):
        _, e, _, _, _, _, h, p_hat, q_hat = conic_of(gm, *_split(r), *_split(v))
        s = state_at_radius_of(gm, e, h, p_hat, q_hat, np.asarray(radius, dtype=float))
    return np.stack(s[:3], axis=-1), np.stack(s[3:], axis=-1)


def time_between_radii(gm, r, v, radius):
    """Time of flight from the state (r, v) to ``radius``, outbound, s; NaN if never reached."""
    r, v = np.asarray(r, dtype=float), np.asarray(v, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        a, e, _, rp, ra, _, _, _, _ = conic_of(gm, *_split(r), *_split(v))
        r0 = np.sqrt(np.sum(r * r, axis=-1))
        return time_between_radii_of(gm, a, e, rp, ra, r0, np.sum(r * v, axis=-1) < 0.0, radius)


@jitable
def asymptote_of(e, energy, p_hat, q_hat):
    """Outgoing hyperbolic excess velocity (Curtis eqs. 8.38-8.40): |v_inf| = sqrt(2 eps), along the velocity at
    theta_inf = arccos(-1/e), i.e. -sin theta_inf P + (e + cos theta_inf) Q normalised. NaN when bound."""
    v_inf = np.sqrt(where(energy > 0.0, 2.0 * energy, np.nan))
    cos_t = -1.0 / e
    sin_t = np.sqrt(1.0 - cos_t * cos_t)
    dx = -sin_t * p_hat[0] + (e + cos_t) * q_hat[0]
    dy = -sin_t * p_hat[1] + (e + cos_t) * q_hat[1]
    dz = -sin_t * p_hat[2] + (e + cos_t) * q_hat[2]
    k = v_inf / np.sqrt(dx * dx + dy * dy + dz * dz)
    return k * dx, k * dy, k * dz


def asymptote_velocity(gm, r, v):
    """Outgoing hyperbolic excess velocity vectors (..., 3) of states (r, v) (``asymptote_of``)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        _, e, _, _, _, energy, _, p_hat, q_hat = conic_of(gm, *_split(r), *_split(v))
        return np.stack(asymptote_of(e, energy, p_hat, q_hat), axis=-1)


def _dot(x, y):
    return np.sum(x * y, axis=-1)


def _norm(x):
    return np.sqrt(_dot(x, x))


def _stumpff(z):
    """Stumpff functions c2(z), c3(z) (Curtis eqs. 3.52-3.53), with series near z = 0."""
    z = np.asarray(z, dtype=float)
    az = np.sqrt(np.abs(z))
    small = np.abs(z) < 1e-6
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        c2 = np.where(z > 0, (1.0 - np.cos(az)) / z, (np.cosh(az) - 1.0) / -z)
        c3 = np.where(z > 0, (az - np.sin(az)) / az**3, (np.sinh(az) - az) / az**3)
    c2 = np.where(small, 0.5 - z / 24.0 + z * z / 720.0, c2)  # (cosh overflow far from the root: Newton recovers)
    c3 = np.where(small, 1.0 / 6.0 - z / 120.0 + z * z / 5040.0, c3)
    return c2, c3


def _initial_chi(gm, rn, r0, v0, alpha, dt):
    """Starting guess for the universal anomaly (Vallado algorithm 8): sqrt(mu) dt alpha for ellipses, the
    logarithmic estimate for hyperbolae, sqrt(mu) dt / r0 near parabolic."""
    sq_mu = np.sqrt(gm)
    with np.errstate(invalid="ignore", divide="ignore"):
        a = 1.0 / alpha
        sgn = np.where(dt >= 0.0, 1.0, -1.0)
        arg = (-2.0 * gm * alpha * dt) / (_dot(r0, v0) + sgn * np.sqrt(-gm * a) * (1.0 - rn * alpha))
        hyper = sgn * np.sqrt(-a) * np.log(arg)
    # The logarithmic estimate only holds for long flights (arg > 1); short ones start from sqrt(mu) dt / r0.
    long_hyperbolic = (alpha < -1e-12) & np.isfinite(hyper) & (arg > 1.0)
    return np.where(alpha > 1e-12, sq_mu * dt * alpha, np.where(long_hyperbolic, hyper, sq_mu * dt / rn))


def propagate(gm, r0, v0, dt, iterations: int = 200):
    """State after ``dt`` seconds on the two-body conic through (r0, v0), any conic type.

    Universal-variable formulation (Curtis algorithm 3.4 / Vallado algorithm 8): solve
    sqrt(mu) dt = chi^3 c3(alpha chi^2) r0... for chi, then the Lagrange f, g, fdot, gdot coefficients (Curtis
    eqs. 3.69). Newton's method, safeguarded: the time is increasing in chi (d(sqrt(mu) t)/d chi = r > 0) and
    |d chi/dt| = sqrt(mu) / r <= sqrt(mu) / r_p, so the root lies in [0, sqrt(mu) |dt| / r_p] (signed as dt); a
    Newton step that leaves the bracket the steps so far have narrowed is replaced by bisection. (Plain Newton
    from Vallado's guess stalled on near-parabolic ellipses, whose guess sqrt(mu) dt alpha is far too small.)
    """
    r0, v0 = np.asarray(r0, dtype=float), np.asarray(v0, dtype=float)
    dt = np.asarray(dt, dtype=float)
    rn = _norm(r0)
    vr = _dot(r0, v0) / rn
    alpha = 2.0 / rn - _dot(v0, v0) / gm
    sq_mu = np.sqrt(gm)
    h2 = _dot(np.cross(r0, v0), np.cross(r0, v0))
    e = np.sqrt(np.maximum(1.0 - h2 * alpha / gm, 0.0))  # e^2 = 1 + 2 eps h^2 / mu^2, eps = -mu alpha / 2
    periapsis = h2 / gm / (1.0 + e)
    with np.errstate(divide="ignore"):
        reach = np.where(periapsis > 0.0, sq_mu * np.abs(dt) / periapsis, np.inf)
    lo, hi = np.where(dt >= 0.0, 0.0, -reach), np.where(dt >= 0.0, reach, 0.0)
    chi = np.clip(_initial_chi(gm, rn, r0, v0, alpha, dt), lo, hi)
    chi = np.where(np.isfinite(chi), chi, sq_mu * dt / rn)
    with np.errstate(invalid="ignore", over="ignore"):
        for _ in range(iterations):
            z = alpha * chi * chi
            c2, c3 = _stumpff(z)
            f = (rn * vr / sq_mu * chi * chi * c2 + (1.0 - alpha * rn) * chi**3 * c3 + rn * chi - sq_mu * dt)
            df = (rn * vr / sq_mu * chi * (1.0 - z * c3) + (1.0 - alpha * rn) * chi * chi * c2 + rn)
            lo, hi = np.where(f < 0.0, chi, lo), np.where(f > 0.0, chi, hi)
            newton = chi - f / df
            inside = np.isfinite(newton) & (newton > lo) & (newton < hi)
            bisect = np.where(np.isfinite(lo) & np.isfinite(hi), 0.5 * (lo + hi), newton)
            new = np.where(inside | (f == 0.0), np.where(f == 0.0, chi, newton), bisect)
            step, chi = new - chi, new
            if np.all(np.abs(step) <= 1e-12 * np.maximum(np.abs(chi), 1.0)):
                break
    z = alpha * chi * chi
    c2, c3 = _stumpff(z)
    f = 1.0 - chi * chi / rn * c2
    g = dt - chi**3 / sq_mu * c3
    r = f[..., None] * r0 + g[..., None] * v0
    r_n = _norm(r)
    fdot = sq_mu / (r_n * rn) * (alpha * chi**3 * c3 - chi)
    gdot = 1.0 - chi * chi / r_n * c2
    v = fdot[..., None] * r0 + gdot[..., None] * v0
    return r, v
