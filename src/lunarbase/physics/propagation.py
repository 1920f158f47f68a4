"""Kepler propagation of many orbits at many epochs, from classical elements: elliptic and hyperbolic.

Elements (a, e, i, Omega, omega, M0 at epoch t0; a < 0 for hyperbolae) to positions and velocities at any set
of times, compiled and spread over the cores (``lunarbase._jit.parallel_loop``). Sources:

* Kepler's equation, ellipse M = E - e sin E; hyperbola M = e sinh F - F, with M = n (t - t0) + M0 and
  n = sqrt(mu / |a|^3) (Curtis, Orbital Mechanics for Engineering Students, 3rd ed., eqs. 3.14, 3.40;
  Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., algorithms 2 and 4).
* Solver: Danby & Burkardt's fourth-order iteration (Celest. Mech. 31, 95, 1983; Danby, Fundamentals of
  Celestial Mechanics, 2nd ed., sec. 6.6): d1 = -f/f', d2 = -f/(f' + d1 f''/2), d3 = -f/(f' + d2 f''/2 +
  d2^2 f'''/6), E <- E + d3; from Danby's starting guess E0 = M + 0.85 e sign(sin M) for ellipses (M reduced
  to [-pi, pi]) and F0 = sign(M) ln(2 |M| / e + 1.8) for hyperbolae. Two iterations reach ~1e-15 rad for
  e < 0.9 from that guess; the loop stops at |d3| <= 1e-14 (1 + |E|) or after ``MAX_ITERATIONS``.
* State: perifocal r = (a (cos E - e), b sin E), v = sqrt(mu a) / r (-sin E, sqrt(1 - e^2) cos E) for
  ellipses; r = (a (cosh F - e), -a sqrt(e^2 - 1) sinh F), v = sqrt(-mu a) / r (-sinh F, sqrt(e^2 - 1)
  cosh F) for hyperbolae; rotated by R3(-Omega) R1(-i) R3(-omega) (Curtis eq. 4.49).

Speed: ellipses take a SIMD path (branch-free Cephes sine and cosine, three fixed iterations, vectorised by LLVM
for AVX2/AVX-512 over blocks of orbits, two passes: E, then the state); an orbit it leaves unconverged, and every
hyperbola, goes through the scalar solver. With the optional extra ``lunarbase[fast]``, ``backend="heyoka"``
uses heyoka's ``kepE`` instead (``benchmarks/bench_propagate.py`` compares them in one run).

Parabolae (e = 1 exactly, a infinite) are not served: NaN. ``elements_of`` is the inverse, from states.
Accuracy: ``tests/physics/test_propagation.py`` (against the universal-variable ``kepler.propagate``, REBOUND
and Vallado's example 2-4).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from lunarbase._jit import jitable, parallel_loop, prange, simd_inline, simd_loop
from lunarbase.physics.growth import column

#: Most solver iterations (fourth order: two or three are enough below e = 0.99; more only near e = 1).
MAX_ITERATIONS = 12
#: Stop when the step is below this times (1 + |E|): about 45 ulp of an anomaly near pi.
TOLERANCE = 1e-14
#: Backends: "numba" (always there: the SIMD path), "heyoka" (the optional extra ``lunarbase[fast]``: heyoka's
#: ``kepE`` and the state in one LLVM-compiled function), "auto" (numba: in ``benchmarks/bench_propagate.py`` it
#: matches or beats heyoka in the same run, and needs no compilation at run time).
BACKENDS = ("auto", "numba", "heyoka")
#: Orbit-epochs per heyoka call (its input is a (7, n) array: 56 MB a call at this size).
_HEYOKA_CHUNK = 1 << 20


class Elements(NamedTuple):
    """Classical elements at ``epoch`` (s, any origin shared with the query times); angles rad, a in m
    (negative for hyperbolae), M the mean anomaly (hyperbolic mean anomaly for e > 1)."""

    a: np.ndarray
    e: np.ndarray
    i: np.ndarray
    raan: np.ndarray
    argp: np.ndarray
    mean_anomaly: np.ndarray
    epoch: np.ndarray


@jitable
def danby_step(f, f1, f2, f3):
    """The step of Danby's fourth-order iteration for a root of f, from f and its first three derivatives f1, f2,
    f3 (Danby & Burkardt 1983): d1 = -f / f1, d2 = -f / (f1 + d1 f2 / 2), d3 = -f / (f1 + d2 f2 / 2 + d2^2 f3 / 6).
    (``_ellipse_simd`` writes it out again: it is compiled with SIMD_FASTMATH, this with IEEE semantics.)"""
    d1 = -f / f1
    d2 = -f / (f1 + 0.5 * d1 * f2)
    return -f / (f1 + 0.5 * d2 * f2 + d2 * d2 * f3 / 6.0)


@jitable
def eccentric_anomaly(mean_anomaly, e):
    """E from M for an ellipse (scalar; compiled inline): Danby-Burkardt fourth-order iteration (docstring)."""
    m = mean_anomaly - 2.0 * np.pi * np.floor((mean_anomaly + np.pi) / (2.0 * np.pi))  # to [-pi, pi)
    big_e = m + 0.85 * e * (1.0 if np.sin(m) >= 0.0 else -1.0)
    for _ in range(MAX_ITERATIONS):
        s, c = e * np.sin(big_e), e * np.cos(big_e)
        d3 = danby_step(big_e - s - m, 1.0 - c, s, c)
        big_e += d3
        if abs(d3) <= TOLERANCE * (1.0 + abs(big_e)):
            break
    return big_e + (mean_anomaly - m)


@jitable
def hyperbolic_anomaly(mean_anomaly, e):
    """F from M = e sinh F - F (scalar; compiled inline): the same fourth-order iteration from Danby's guess."""
    m = mean_anomaly
    big_f = (1.0 if m >= 0.0 else -1.0) * np.log(2.0 * abs(m) / e + 1.8)
    for _ in range(4 * MAX_ITERATIONS):  # the log guess is poorer for small |M| near e = 1
        s, c = e * np.sinh(big_f), e * np.cosh(big_f)
        d3 = danby_step(s - big_f - m, c - 1.0, s, c)
        big_f += d3
        if abs(d3) <= TOLERANCE * (1.0 + abs(big_f)):
            break
    return big_f


@jitable
def _state(gm, a, e, ci, si, co, so, cw, sw, m):
    """Position and velocity (6 scalars) on the conic at mean anomaly m, with the rotation's cosines and sines
    (ci, si of i; co, so of Omega; cw, sw of omega) given (they do not change along an orbit)."""
    px, py, pz = co * cw - so * sw * ci, so * cw + co * sw * ci, sw * si
    qx, qy, qz = -co * sw - so * cw * ci, -so * sw + co * cw * ci, cw * si
    if e < 1.0:
        big_e = eccentric_anomaly(m, e)
        s, c = np.sin(big_e), np.cos(big_e)
        root = np.sqrt(1.0 - e * e)
        x, y = a * (c - e), a * root * s
        r = a * (1.0 - e * c)
        k = np.sqrt(gm * a) / r
        vx, vy = -k * s, k * root * c
    elif e > 1.0:
        big_f = hyperbolic_anomaly(m, e)
        s, c = np.sinh(big_f), np.cosh(big_f)
        root = np.sqrt(e * e - 1.0)
        x, y = a * (c - e), -a * root * s
        r = a * (1.0 - e * c)
        k = np.sqrt(-gm * a) / r
        vx, vy = -k * s, k * root * c
    else:
        x = y = vx = vy = np.nan
    return (x * px + y * qx, x * py + y * qy, x * pz + y * qz, vx * px + vy * qx, vx * py + vy * qy,
            vx * pz + vy * qz)


@parallel_loop
def _pairs_loop(gm, a, e, i, raan, argp, m0, dt, out):
    """out[:, k] = state of orbit k after dt[k] (every input flat, (n,); out (6, n))."""
    for k in prange(a.size):
        n = np.sqrt(gm / abs(a[k]) ** 3)
        s = _state(gm, a[k], e[k], np.cos(i[k]), np.sin(i[k]), np.cos(raan[k]), np.sin(raan[k]), np.cos(argp[k]),
                   np.sin(argp[k]), m0[k] + n * dt[k])
        for c in range(6):
            out[c, k] = s[c]


@parallel_loop
def _anomaly_loop(m, e, out):
    for k in prange(m.size):
        out[k] = eccentric_anomaly(m[k], e[k]) if e[k] < 1.0 else hyperbolic_anomaly(m[k], e[k])


# The SIMD path for ellipses: Numba has no vectorised sin/cos (without Intel's SVML), so a call to libm in the loop
# keeps it scalar. ``sincos`` is Cephes' double-precision sine and cosine (Moshier, Cephes Mathematical Library,
# sin.c: Cody-Waite reduction by pi/4 in three parts, minimax polynomials on [-pi/4, pi/4]; within 1 ulp for
# |x| < 1e3), written without branches so that LLVM vectorises the loops round it. Three fourth-order iterations
# from Danby's guess reach 2e-15 rad for e < 0.9 and 1e-9 at e = 0.99; a satellite whose last step is still above
# ``TOLERANCE`` is solved again by the scalar ``_state`` (rare below e = 0.99).
_SIN = (1.58962301576546568060e-10, -2.50507477628578072866e-8, 2.75573136213857245213e-6,
        -1.98412698295895385996e-4, 8.33333333332211858878e-3, -1.66666666666666307295e-1)
_COS = (-1.13585365213876817300e-11, 2.08757008419747316778e-9, -2.75573141792967388112e-7,
        2.48015872888517045348e-5, -1.38888888888730564116e-3, 4.16666666666665929218e-2)
_PIO4 = (7.85398125648498535156e-1, 3.77489470793079817668e-8, 2.69515142907905952645e-15)
_SIMD_ITERATIONS = 3
_BLOCK = 2048


@simd_inline
def sincos(x):
    """sin x and cos x without branches (Cephes ``sin.c``, comment above)."""
    y = np.floor(x * (4.0 / np.pi))
    j = np.int64(y)
    odd = j & 1
    j += odd
    y += odd
    z = ((x - y * _PIO4[0]) - y * _PIO4[1]) - y * _PIO4[2]
    zz = z * z
    ps = z + z * zz * (((((_SIN[0] * zz + _SIN[1]) * zz + _SIN[2]) * zz + _SIN[3]) * zz + _SIN[4]) * zz + _SIN[5])
    pc = 1.0 - 0.5 * zz + zz * zz * (((((_COS[0] * zz + _COS[1]) * zz + _COS[2]) * zz + _COS[3]) * zz + _COS[4]) * zz
                                     + _COS[5])
    q = j & 7
    swap = (q == 2) | (q == 6)
    s = pc if swap else ps
    c = ps if swap else pc
    s = -s if q >= 4 else s
    c = -c if (q == 2) | (q == 4) else c
    return s, c


@simd_inline
def _ellipse_simd(m_full, e):
    """E, sin E, cos E and whether it converged, for an ellipse (branch-free: fixed iterations)."""
    m = m_full - 2.0 * np.pi * np.floor(m_full * (0.5 / np.pi) + 0.5)
    big_e = m + 0.85 * e * (1.0 if m >= 0.0 else -1.0)
    s = c = d3 = 0.0
    for _ in range(_SIMD_ITERATIONS):
        s, c = sincos(big_e)
        es, ec = e * s, e * c
        f, f1 = big_e - es - m, 1.0 - ec
        d1 = -f / f1
        d2 = -f / (f1 + 0.5 * d1 * es)
        d3 = -f / (f1 + 0.5 * d2 * es + d2 * d2 * ec / 6.0)
        big_e += d3
    # sin and cos at the final E from those before the last step: sin(E + d) = s + c d to O(d^2) (d ~ 1e-15).
    return big_e + (m_full - m), s + c * d3, c - s * d3, abs(d3) <= 1e2 * TOLERANCE * (1.0 + abs(big_e))


@simd_loop
def _simd_eccentric_loop(gm, a, e, m0, dt, big_e, ok):
    """First pass of the SIMD states: E at t0 + dt (and convergence), in vectorised blocks. (Handing sin E and
    cos E on instead of E measured 3x slower: the loop with two outputs did not vectorise as well.)"""
    n = a.size
    for b in prange((n + _BLOCK - 1) // _BLOCK):
        for k in range(b * _BLOCK, min(n, (b + 1) * _BLOCK)):
            mean = m0[k] + np.sqrt(gm / (a[k] * a[k] * a[k])) * dt[k]
            big_e[k], _, _, ok[k] = _ellipse_simd(mean, e[k])


@simd_loop
def _simd_state_loop(gm, a, e, i, raan, argp, big_e, x, y, z, vx, vy, vz):
    """Second pass: the perifocal state rotated to the frame (``_state``), vectorised; one output array per
    component (a 2-D output's run-time strides keep LLVM from vectorising, and so does one fused pass)."""
    n = a.size
    for b in prange((n + _BLOCK - 1) // _BLOCK):
        for k in range(b * _BLOCK, min(n, (b + 1) * _BLOCK)):
            si, ci = sincos(i[k])
            so, co = sincos(raan[k])
            sw, cw = sincos(argp[k])
            px, py, pz = co * cw - so * sw * ci, so * cw + co * sw * ci, sw * si
            qx, qy, qz = -co * sw - so * cw * ci, -so * sw + co * cw * ci, cw * si
            s, c = sincos(big_e[k])
            ek, ak = e[k], a[k]
            root = np.sqrt(1.0 - ek * ek)
            xp, yp = ak * (c - ek), ak * root * s
            kv = np.sqrt(gm * ak) / (ak * (1.0 - ek * c))
            vxp, vyp = -kv * s, kv * root * c
            x[k], y[k], z[k] = xp * px + yp * qx, xp * py + yp * qy, xp * pz + yp * qz
            vx[k], vy[k], vz[k] = vxp * px + vyp * qx, vxp * py + vyp * qy, vxp * pz + vyp * qz


@simd_loop
def _simd_anomaly_loop(m, e, out, ok):
    n = m.size
    for b in prange((n + _BLOCK - 1) // _BLOCK):
        for k in range(b * _BLOCK, min(n, (b + 1) * _BLOCK)):
            big_e, _, _, good = _ellipse_simd(m[k], e[k])
            out[k] = big_e
            ok[k] = good


def solve_kepler(mean_anomaly, e) -> np.ndarray:
    """Eccentric (e < 1) or hyperbolic (e > 1) anomaly for each (M, e), broadcast; compiled, parallel, the
    ellipses on the SIMD path (any it leaves unconverged, and hyperbolae, by the scalar solver)."""
    m, ecc = np.broadcast_arrays(np.asarray(mean_anomaly, dtype=float), np.asarray(e, dtype=float))
    m, ecc = np.ascontiguousarray(m).ravel(), np.ascontiguousarray(ecc).ravel()
    out = np.empty(m.size)
    ok = np.empty(m.size, dtype=np.bool_)
    _simd_anomaly_loop(m, ecc, out, ok)
    again = np.flatnonzero(~(ok & (ecc < 1.0)))
    if again.size:
        part = np.empty(again.size)
        _anomaly_loop(m[again], ecc[again], part)
        out[again] = part
    return out.reshape(np.broadcast_shapes(np.shape(mean_anomaly), np.shape(e)))


def states_on_grid(gm, elements: Elements, times, backend: str = "auto") -> tuple[np.ndarray, np.ndarray]:
    """Positions (n, m, 3) m and velocities (n, m, 3) m/s of n orbits (each element (n,) or scalar) at m times
    (s, same origin as ``elements.epoch``): the satellites x epochs grid (``states`` broadcast over it)."""
    n = int(np.broadcast_shapes(*(np.shape(np.ravel(x)) for x in elements))[0])
    times = np.ravel(np.asarray(times, dtype=float))
    return states(gm, Elements(*(column(x, n)[:, None] for x in elements)), times[None, :], backend=backend)


def states(gm, elements: Elements, t, backend: str = "auto") -> tuple[np.ndarray, np.ndarray]:
    """Positions and velocities (shape + (3,)) at times ``t``, every element and ``t`` broadcast together."""
    arrays = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (*elements[:6], np.asarray(t, float)
                                                                         - np.asarray(elements.epoch, float))))
    shape = arrays[0].shape
    flat = [np.ascontiguousarray(x).ravel() for x in arrays]
    out = np.empty((6, flat[0].size))
    if _use_heyoka(backend, flat[0].size):
        _heyoka_states(float(gm), *flat, out)
    else:
        _numba_states(float(gm), *flat, out)
    return _split_state(out.reshape((6,) + shape))


def _split_state(out):
    """(6, ...) components -> positions and velocities (..., 3), views (no copy)."""
    state = np.moveaxis(out, 0, -1)
    return state[..., :3], state[..., 3:]


def _numba_states(gm, a, e, i, raan, argp, m0, dt, out):
    """Ellipses on the SIMD path; what it leaves unconverged, hyperbolae and NaN by the scalar ``_pairs_loop``."""
    ok = np.empty(a.size, dtype=np.bool_)
    big_e = np.empty(a.size)
    _simd_eccentric_loop(gm, a, e, m0, dt, big_e, ok)
    _simd_state_loop(gm, a, e, i, raan, argp, big_e, *out)
    again = np.flatnonzero(~(ok & (e < 1.0) & (a > 0.0)))
    if again.size:
        part = np.empty((6, again.size))
        _pairs_loop(gm, *(x[again] for x in (a, e, i, raan, argp, m0, dt)), part)
        out[:, again] = part


def _use_heyoka(backend: str, size: int) -> bool:
    if backend not in BACKENDS:
        raise ValueError(f"backend: got {backend!r}; expected one of {', '.join(BACKENDS)}")
    if backend != "heyoka":
        return False
    if heyoka_state_function() is None:
        raise ModuleNotFoundError("backend 'heyoka' needs the optional extra: pip install 'lunarbase[fast]'")
    return True


@lru_cache(maxsize=1)
def heyoka_state_function():
    """heyoka's compiled function (a, e, i, Omega, omega, M, mu) -> (x, y, z, vx, vy, vz) for ellipses, the same
    equations as ``_state`` with heyoka's ``kepE`` (Biscani & Izzo, MNRAS 502, 2021: heyoka; its kepE is a
    Newton iteration with a starting guess refined to machine precision); None where heyoka is not installed."""
    try:
        import heyoka as hy
    except ImportError:
        return None
    a, e, i, om, w, m, gm = hy.make_vars("a", "e", "i", "om", "w", "m", "gm")
    big_e = hy.kepE(e, m)
    c, s = hy.cos(big_e), hy.sin(big_e)
    root = hy.sqrt(1.0 - e * e)
    x, y = a * (c - e), a * root * s
    k = hy.sqrt(gm * a) / (a * (1.0 - e * c))
    vx, vy = -k * s, k * root * c
    ci, si, co, so, cw, sw = hy.cos(i), hy.sin(i), hy.cos(om), hy.sin(om), hy.cos(w), hy.sin(w)
    p = (co * cw - so * sw * ci, so * cw + co * sw * ci, sw * si)
    q = (-co * sw - so * cw * ci, -so * sw + co * cw * ci, cw * si)
    outs = [x * p[c_] + y * q[c_] for c_ in range(3)] + [vx * p[c_] + vy * q[c_] for c_ in range(3)]
    return hy.cfunc(outs, [a, e, i, om, w, m, gm])


def _heyoka_states(gm, a, e, i, raan, argp, m0, dt, out):
    """Ellipses through heyoka, in chunks; anything else (hyperbolae, parabolae, NaN) through ``_pairs_loop``."""
    func = heyoka_state_function()
    elliptic = e < 1.0
    if not elliptic.all():
        rest = np.flatnonzero(~elliptic)
        part = np.empty((6, rest.size))
        _pairs_loop(gm, *(x[rest] for x in (a, e, i, raan, argp, m0, dt)), part)
        keep = np.flatnonzero(elliptic)
        if keep.size:
            sub = np.empty((6, keep.size))
            _heyoka_states(gm, *(x[keep] for x in (a, e, i, raan, argp, m0, dt)), sub)
            out[:, keep] = sub
        out[:, rest] = part
        return
    inputs = np.empty((7, min(a.size, _HEYOKA_CHUNK)))
    for start in range(0, a.size, _HEYOKA_CHUNK):
        part = slice(start, start + _HEYOKA_CHUNK)
        size = a[part].size
        rows = inputs[:, :size]
        for row, x in enumerate((a, e, i, raan, argp)):
            rows[row] = x[part]
        np.multiply(np.sqrt(gm / np.abs(a[part]) ** 3), dt[part], out=rows[5])
        rows[5] += m0[part]
        rows[6] = gm
        if size == out.shape[1]:
            func(rows, outputs=out)
        else:
            out[:, part] = func(np.ascontiguousarray(rows))


def elements_of(gm, r, v, epoch=0.0) -> Elements:
    """Classical elements of states (..., 3) (Curtis algorithm 4.2; Vallado algorithm 9), the inverse of
    ``states``. Degenerate cases as Vallado takes them: an equatorial orbit's node on the x axis (Omega = 0),
    a circular orbit's periapsis at the node (omega = 0, the anomaly then the argument of latitude)."""
    r, v = np.asarray(r, dtype=float), np.asarray(v, dtype=float)
    h = np.cross(r, v)
    hn = np.linalg.norm(h, axis=-1)
    rn = np.linalg.norm(r, axis=-1)
    v2 = np.sum(v * v, -1)
    e_vec = ((v2 - gm / rn)[..., None] * r - np.sum(r * v, -1)[..., None] * v) / gm
    e = np.linalg.norm(e_vec, axis=-1)
    a = 1.0 / (2.0 / rn - v2 / gm)
    h_hat = h / hn[..., None]
    i = np.arccos(np.clip(h_hat[..., 2], -1.0, 1.0))
    node = np.stack([-h[..., 1], h[..., 0], np.zeros_like(hn)], axis=-1)
    nn = np.linalg.norm(node, axis=-1)
    equatorial = nn <= 1e-12 * hn
    node = np.where(equatorial[..., None], [1.0, 0.0, 0.0], node / np.where(equatorial, 1.0, nn)[..., None])
    raan = np.mod(np.arctan2(node[..., 1], node[..., 0]), 2 * np.pi)
    circular = e <= 1e-11
    p_hat = np.where(circular[..., None], node, e_vec / np.where(circular, 1.0, e)[..., None])
    argp = np.mod(np.arctan2(np.sum(np.cross(node, p_hat) * h_hat, -1), np.sum(node * p_hat, -1)), 2 * np.pi)
    nu = np.arctan2(np.sum(np.cross(p_hat, r) * h_hat, -1), np.sum(p_hat * r, -1))
    with np.errstate(invalid="ignore"):
        big_e = np.arctan2(np.sqrt(np.maximum(1.0 - e * e, 0.0)) * np.sin(nu), e + np.cos(nu))
        big_f = np.arcsinh(np.sqrt(np.maximum(e * e - 1.0, 0.0)) * np.sin(nu) / (1.0 + e * np.cos(nu)))
    m = np.where(e < 1.0, big_e - e * np.sin(big_e), e * np.sinh(big_f) - big_f)
    return Elements(a, e, i, raan, argp, m, np.broadcast_to(np.asarray(epoch, dtype=float), a.shape))


def mean_motion(gm, a):
    """n = sqrt(mu / |a|^3), rad/s (Kepler's third law)."""
    return np.sqrt(gm / np.abs(np.asarray(a, dtype=float)) ** 3)
