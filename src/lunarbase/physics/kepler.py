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


class Elements(NamedTuple):
    """Osculating conic elements; angles in rad. ``a`` < 0 for hyperbolae, ``aphelion`` inf when unbound."""

    a: np.ndarray
    e: np.ndarray
    i: np.ndarray
    periapsis: np.ndarray
    apoapsis: np.ndarray
    energy: np.ndarray
    h: np.ndarray
    e_vec: np.ndarray


def _dot(x, y):
    return np.sum(x * y, axis=-1)


def _norm(x):
    return np.sqrt(_dot(x, x))


def elements(gm, r, v) -> Elements:
    """Elements from a state (Curtis algorithm 4.2): h = r x v, e = (v x h)/mu - r/|r|, a = -mu / (2 eps).

    Inclination is measured from the x-y plane of the vectors' frame.
    """
    r, v = np.asarray(r, dtype=float), np.asarray(v, dtype=float)
    rn = _norm(r)
    h_vec = np.cross(r, v)
    h = _norm(h_vec)
    e_vec = np.cross(v, h_vec) / gm - r / rn[..., None]
    e = _norm(e_vec)
    energy = 0.5 * _dot(v, v) - gm / rn
    with np.errstate(divide="ignore", invalid="ignore"):
        a = -gm / (2.0 * energy)
        p = h * h / gm
        periapsis = p / (1.0 + e)
        apoapsis = np.where(e < 1.0, p / (1.0 - e), np.inf)
        i = np.arccos(np.clip(h_vec[..., 2] / h, -1.0, 1.0))
    return Elements(a, e, i, periapsis, apoapsis, energy, h, e_vec)


def _frame(gm, r, v):
    """Perifocal unit vectors P (to periapsis) and Q, with h and e (Curtis section 2.10)."""
    el = elements(gm, r, v)
    h_hat = np.cross(r, v) / el.h[..., None]
    circular = el.e < 1e-12
    p_hat = np.where(circular[..., None], r / _norm(r)[..., None], el.e_vec / np.where(circular, 1.0, el.e)[..., None])
    q_hat = np.cross(h_hat, p_hat)
    return el, p_hat, q_hat


def state_at_radius(gm, r, v, radius):
    """Position and velocity where the conic through (r, v), moving forward, first reaches ``radius``.

    Outbound branch: true anomaly theta = +arccos((p/R - 1)/e) (Curtis eq. 2.45); then
    r = R (cos theta P + sin theta Q), v = (mu/h)(-sin theta P + (e + cos theta) Q) (eq. 2.119-2.120).
    NaN where the conic never reaches ``radius``.
    """
    el, p_hat, q_hat = _frame(gm, r, v)
    p = el.h**2 / gm
    with np.errstate(invalid="ignore", divide="ignore"):
        cos_t = (p / radius - 1.0) / el.e
    cos_t = np.where(np.abs(cos_t) <= 1.0, cos_t, np.nan)
    theta = np.arccos(cos_t)[..., None]
    rr = np.asarray(radius, dtype=float)[..., None] * (np.cos(theta) * p_hat + np.sin(theta) * q_hat)
    vv = (gm / el.h)[..., None] * (-np.sin(theta) * p_hat + (el.e[..., None] + np.cos(theta)) * q_hat)
    return rr, vv


def asymptote_velocity(gm, r, v):
    """Outgoing hyperbolic excess velocity vector (Curtis eq. 8.38-8.40): |v_inf| = sqrt(v^2 - 2 mu/r), along
    the velocity at theta_inf = arccos(-1/e): direction (-sin theta_inf P + (e + cos theta_inf) Q). NaN if bound.
    """
    el, p_hat, q_hat = _frame(gm, r, v)
    with np.errstate(invalid="ignore", divide="ignore"):
        v_inf = np.sqrt(np.where(el.energy > 0.0, 2.0 * el.energy, np.nan))
        cos_t = -1.0 / el.e
        sin_t = np.sqrt(1.0 - cos_t**2)
    d = -sin_t[..., None] * p_hat + (el.e + cos_t)[..., None] * q_hat
    return v_inf[..., None] * d / _norm(d)[..., None]


def time_from_periapsis(gm, a, e, radius):
    """Time since periapsis to reach ``radius`` outbound, s (Curtis eqs. 3.8, 3.40: Kepler's equation).

    Ellipse: M = E - e sin E with cos E = (1 - r/a)/e; hyperbola: M = e sinh F - F with cosh F = (1 - r/a)/e.
    """
    a, e, r = (np.asarray(x, dtype=float) for x in (a, e, radius))
    with np.errstate(invalid="ignore", divide="ignore"):
        x = (1.0 - r / a) / e
        n = np.sqrt(gm / np.abs(a) ** 3)
        big_e = np.arccos(np.clip(x, -1.0, 1.0))
        f = np.arccosh(np.maximum(x, 1.0))
        t = np.where(a > 0.0, (big_e - e * np.sin(big_e)) / n, (e * np.sinh(f) - f) / n)
    return t


def time_between_radii(gm, r, v, radius):
    """Time of flight from the state (r, v) to ``radius``, outbound, s; NaN if never reached."""
    el = elements(gm, r, v)
    r0 = _norm(r)
    sign0 = np.sign(_dot(r, v))  # inbound: the state lies before periapsis
    t0 = sign0 * time_from_periapsis(gm, el.a, el.e, r0)
    t1 = time_from_periapsis(gm, el.a, el.e, radius)
    reach = np.where(el.e < 1.0, el.apoapsis >= radius, True) & (el.periapsis <= radius)
    return np.where(reach, t1 - t0, np.nan)


def _stumpff(z):
    """Stumpff functions c2(z), c3(z) (Curtis eqs. 3.52-3.53), with series near z = 0."""
    z = np.asarray(z, dtype=float)
    az = np.sqrt(np.abs(z))
    small = np.abs(z) < 1e-6
    with np.errstate(invalid="ignore", divide="ignore"):
        c2 = np.where(z > 0, (1.0 - np.cos(az)) / z, (np.cosh(az) - 1.0) / -z)
        c3 = np.where(z > 0, (az - np.sin(az)) / az**3, (np.sinh(az) - az) / az**3)
    c2 = np.where(small, 0.5 - z / 24.0 + z * z / 720.0, c2)
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
    return np.where(alpha > 1e-12, sq_mu * dt * alpha,
                    np.where((alpha < -1e-12) & np.isfinite(hyper), hyper, sq_mu * dt / rn))


def propagate(gm, r0, v0, dt, iterations: int = 50):
    """State after ``dt`` seconds on the two-body conic through (r0, v0), any conic type.

    Universal-variable formulation (Curtis algorithm 3.4 / Vallado algorithm 8): solve
    sqrt(mu) dt = chi^3 c3(alpha chi^2) r0... for chi by Newton's method (vectorised, fixed iterations with
    early exit), then the Lagrange f, g, fdot, gdot coefficients (Curtis eqs. 3.69).
    """
    r0, v0 = np.asarray(r0, dtype=float), np.asarray(v0, dtype=float)
    dt = np.asarray(dt, dtype=float)
    rn = _norm(r0)
    vr = _dot(r0, v0) / rn
    alpha = 2.0 / rn - _dot(v0, v0) / gm
    sq_mu = np.sqrt(gm)
    chi = _initial_chi(gm, rn, r0, v0, alpha, dt)
    for _ in range(iterations):
        z = alpha * chi * chi
        c2, c3 = _stumpff(z)
        f = (rn * vr / sq_mu * chi * chi * c2 + (1.0 - alpha * rn) * chi**3 * c3 + rn * chi - sq_mu * dt)
        df = (rn * vr / sq_mu * chi * (1.0 - z * c3) + (1.0 - alpha * rn) * chi * chi * c2 + rn)
        step = f / df
        chi = chi - step
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
