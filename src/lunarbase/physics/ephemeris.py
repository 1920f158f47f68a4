"""Positions and velocities of the Sun, the Earth, the Moon (and Jupiter) from astropy's built-in ephemeris.

Source: ``astropy.coordinates.get_body_barycentric_posvel(..., ephemeris="builtin")``, which needs no
network and no kernel file (choice and accuracy stated here, as the issue asks): the Earth and the Sun from ERFA ``epv00`` (VSOP2000-based; Earth's position to
about 5 km over 1900-2100, and the series stays smooth, with slowly growing error, to 2150 and beyond);
the Moon from astropy's ELP2000-82 series as truncated by Meeus (Astronomical Algorithms, 2nd ed., ch. 47:
about 10" in longitude and 4" in latitude, i.e. ~20 km at the Moon's distance); planets from ERFA
``plan94`` (Simon et al. 1994). That is ample for launch geometry: 20 km at 384,000 km is 3e-3 degrees.

astropy evaluates these series at roughly 30 microseconds a date, too slow for a million launches, so
``states`` samples them four times a day (cached in blocks) and interpolates with cubic Hermite polynomials
on positions and velocities: within ~20 m and 5 mm/s of the series for the Moon (measured; the series'
own velocity is not exactly the derivative of its position, which is why one node a day is not enough).

Time argument: TDB Julian dates. The interfaces read calendar dates as TDB; against UTC that is a ~70 s
shift, immaterial for launch geometry. Frame: ICRS (equatorial, J2000 axes), barycentric, SI units.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np

from lunarbase.constants import OBLIQUITY_J2000

#: Julian date of J2000.0 (TDB).
J2000_JD = 2451545.0
#: Seconds per day.
DAY = 86400.0
#: Dates the interfaces accept, TDB calendar years (inclusive start, exclusive end): the issue's 2026-2150.
COVERED_YEARS = (2026, 2151)
#: Bodies this module serves.
BODIES = ("sun", "earth", "moon", "jupiter")
#: Interpolation nodes per day: 4 keeps the interpolant within ~20 m of the series (module docstring).
_NODES_PER_DAY = 4
#: Days per cached block; a block is computed once per process.
_BLOCK_DAYS = 512


def jd_from_iso(text: str) -> float:
    """TDB Julian date of an ISO date or date-time ("2030-01-01", "2030-01-01T06:00")."""
    from astropy.time import Time

    return float(Time(text, scale="tdb").jd)


def iso_from_jd(jd_tdb) -> np.ndarray:
    """ISO date-times (to the second) of TDB Julian dates."""
    from astropy.time import Time

    return np.atleast_1d(Time(np.asarray(jd_tdb, dtype=float), format="jd", scale="tdb").isot)


def year_from_jd(jd_tdb):
    """Decimal year (Julian years from J2000.0)."""
    return 2000.0 + (np.asarray(jd_tdb, dtype=float) - J2000_JD) / 365.25


@lru_cache(maxsize=512)
def _block(body: str, start_day: int) -> tuple[np.ndarray, np.ndarray]:
    """Barycentric states at the daily nodes of one block: (n, 3) m and (n, 3) m/s."""
    from astropy.coordinates import get_body_barycentric_posvel
    from astropy.time import Time

    jd = J2000_JD + start_day + np.arange(_BLOCK_DAYS * _NODES_PER_DAY + 1) / _NODES_PER_DAY
    with warnings.catch_warnings():
        # ERFA flags dates after 2100 as outside its fitted span; the series stays smooth (docstring).
        warnings.simplefilter("ignore")
        pos, vel = get_body_barycentric_posvel(body, Time(jd, format="jd", scale="tdb"), ephemeris="builtin")
    r = pos.get_xyz(xyz_axis=1).to_value("m")
    v = vel.get_xyz(xyz_axis=1).to_value("m/s")
    return r, v


def _nodes(body: str, day0: int, day1: int) -> tuple[np.ndarray, np.ndarray]:
    """States at the nodes covering days [day0, day1] since J2000, stitched from cached blocks."""
    first = (day0 // _BLOCK_DAYS) * _BLOCK_DAYS
    blocks = [_block(body, s) for s in range(first, day1 + 1, _BLOCK_DAYS)]
    r = np.concatenate([b[0][:-1] for b in blocks[:-1]] + [blocks[-1][0]])
    v = np.concatenate([b[1][:-1] for b in blocks[:-1]] + [blocks[-1][1]])
    return r, v, first


def states(body: str, jd_tdb) -> tuple[np.ndarray, np.ndarray]:
    """Barycentric ICRS position (m) and velocity (m/s) of ``body``, shape ``jd.shape + (3,)``.

    Cubic Hermite interpolation between daily nodes of the built-in ephemeris (module docstring).
    """
    if body not in BODIES:
        raise ValueError(f"unknown body {body!r}; expected one of {', '.join(BODIES)}")
    jd = np.asarray(jd_tdb, dtype=float)
    days = jd - J2000_JD
    day0, day1 = int(np.floor(days.min())), int(np.floor(days.max())) + 1
    r_n, v_n, first = _nodes(body, day0, day1)
    x = (days - first) * _NODES_PER_DAY
    k = np.clip(np.floor(x).astype(np.int64), 0, len(r_n) - 2)
    s = (x - k)[..., None]
    h = DAY / _NODES_PER_DAY
    p0, p1, m0, m1 = r_n[k], r_n[k + 1], v_n[k] * h, v_n[k + 1] * h
    s2, s3 = s * s, s * s * s
    r = (2 * s3 - 3 * s2 + 1) * p0 + (s3 - 2 * s2 + s) * m0 + (-2 * s3 + 3 * s2) * p1 + (s3 - s2) * m1
    dr = (6 * s2 - 6 * s) * p0 + (3 * s2 - 4 * s + 1) * m0 + (-6 * s2 + 6 * s) * p1 + (3 * s2 - 2 * s) * m1
    return r, dr / h


def relative_states(body: str, center: str, jd_tdb) -> tuple[np.ndarray, np.ndarray]:
    """Position and velocity of ``body`` relative to ``center`` (ICRS axes), m and m/s."""
    r_b, v_b = states(body, jd_tdb)
    r_c, v_c = states(center, jd_tdb)
    return r_b - r_c, v_b - v_c


def ecliptic_from_icrs(vectors) -> np.ndarray:
    """Rotate ICRS (equatorial J2000) vectors to the J2000 mean ecliptic, about x by the obliquity."""
    c, s = np.cos(OBLIQUITY_J2000), np.sin(OBLIQUITY_J2000)
    x = np.asarray(vectors, dtype=float)
    return np.stack([x[..., 0], c * x[..., 1] + s * x[..., 2], -s * x[..., 1] + c * x[..., 2]], axis=-1)
