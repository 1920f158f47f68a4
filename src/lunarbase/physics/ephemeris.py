"""Positions and velocities of the Sun, the Earth, the Moon (and Jupiter) from astropy's built-in ephemeris.

Source: the series behind ``astropy.coordinates.get_body_barycentric_posvel(..., ephemeris="builtin")``, which
need no network and no kernel file, called straight from ERFA exactly as astropy's built-in ephemeris calls them
(barycentric Moon = Earth + geocentric Moon; Sun = barycentric Earth - heliocentric Earth), so that a run need
not import ``astropy.coordinates`` (a few tenths of a second at start-up; ``tests/physics/test_ephemeris.py``
checks the two agree): the Earth and the Sun from ERFA ``epv00`` (a simplified VSOP2000 solution); the
Moon from ERFA ``moon98`` (Meeus's truncation of ELP2000-82, Astronomical Algorithms 2nd ed., ch. 47), added
to the Earth; Jupiter from ERFA ``plan94`` (Simon et al. 1994).

Accuracy, measured against JPL Development Ephemerides (tests/physics/test_ephemeris_de.py; max / RMS of the
error norm; DE421 over 2026-01-01 to 2053-10-01, where that kernel ends, and DE423 over 2054-2150, a part that
runs where the optional ``de423`` package is installed):

* Moon, geocentric: 25.8 / 6.0 km and 154 / 36 mm/s (2026-2053); 25.0 / 5.9 km, 168 / 35 mm/s (2054-2150).
* Earth, heliocentric: 8.0 / 3.6 km and 3.8 / 1.4 mm/s (2026-2053); 11.5 / 4.3 km (2054-2150).
* Earth, barycentric: 10.2 / 4.8 km (2026-2053); 16.7 / 5.5 km (2054-2150): epv00 degrades past 2100.
* Sun, barycentric: 5.7 / 3.2 km (2026-2053); 6.9 / 3.5 km (2054-2150).
* Jupiter, heliocentric (against the kernels' Jupiter-system barycentre): 108,000 / 64,000 km (2026-2053),
  156,000 / 80,000 km (2054-2150); it only perturbs the N-body runs.

These are the series' own errors (they match ERFA's stated comparisons: moon98 RMS 6.1 km, max 31.7 km
against ELP/MPP02 over 1950-2100; epv00 barycentric RMS 4.6 km, max 13.4 km against DE405 over 1900-2100).
One part is systematic and understood: astropy's built-in Moon is the light-time-retarded (astrometric)
geocentric position, so it trails the geometric Moon by ~1.2 km along its orbit on average (the ~1.3 s light
time); removing it would take the RMS from 6.0 to 5.9 km and the max from 25.6 to 24.3 km (measured at the
test's 1.37-day samples), so it is left as it is. No frame or time-scale mistake shows: epv00 returns BCRS
axes and moon98 GCRS axes, both ICRS-aligned; astropy passes TDB where moon98 asks for TT (< 2 ms, < 2 m).
For launch geometry 26 km at 384,000 km is 4e-3 degrees.

ERFA evaluates these series at roughly 60 microseconds a date, too slow for a million launches, so
``states`` samples them four times a day (cached in blocks of 64 days) and interpolates with cubic Hermite polynomials
on positions and velocities: within 19 m and 4.7 mm/s of the series for the Moon (measured; the series'
own velocity is not exactly the derivative of its position, which is why one node a day is not enough).

Time argument: TDB Julian dates. The interfaces read calendar dates as TDB; against UTC that is a ~70 s
shift, immaterial for launch geometry. Frame: ICRS (equatorial, J2000 axes), barycentric, SI units.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from typing import NamedTuple

import erfa
import numpy as np

from lunarbase._jit import floor_index, jitable
from lunarbase.constants import AU, OBLIQUITY_J2000

#: Julian date of J2000.0 (TDB).
J2000_JD = 2451545.0
#: Seconds per day.
DAY = 86400.0
#: Dates the interfaces accept, TDB calendar years (inclusive start, exclusive end): 2026-2150.
COVERED_YEARS = (2026, 2151)
#: Bodies this module serves.
BODIES = ("sun", "earth", "moon", "jupiter")
#: Interpolation nodes per day: 4 keeps the interpolant within ~20 m of the series (module docstring).
_NODES_PER_DAY = 4
#: Days per cached block; a block is computed once per process. Short, so that a run's departure study (a
#: month of launches followed for about a year) evaluates the series on few more days than it needs.
_BLOCK_DAYS = 64
#: plan94's number for each planet this module serves.
_PLAN94 = {"jupiter": 5}


def jd_from_iso(text: str) -> float:
    """TDB Julian date of an ISO date or date-time ("2030-01-01", "2030-01-01T06:00")."""
    from astropy.time import Time

    return float(Time(text, scale="tdb").jd)


def iso_from_jd(jd_tdb) -> np.ndarray:
    """ISO date-times (to the millisecond, as astropy's ``Time.isot`` writes them) of TDB Julian dates.

    Why not ``Time(...).isot``: it formats one date at a time in Python (~16 us a date), which made writing a
    million launch records take minutes. This splits the dates as ``Time`` does (``day_frac``), calls ERFA's
    ``d2dtf`` once for all of them and writes the digits with array arithmetic (~1 us a date); the strings are
    the same (``tests/physics/test_ephemeris.py`` checks them against astropy's).
    """
    from astropy.time.utils import day_frac

    jd = np.atleast_1d(np.asarray(jd_tdb, dtype=float)).ravel()
    jd1, jd2 = day_frac(jd, 0.0)
    year, month, day, hmsf = erfa.d2dtf("TDB", 3, jd1, jd2)
    text = np.empty((jd.size, 23), dtype=np.uint8)
    text[:, [4, 7, 10, 13, 16, 19]] = np.frombuffer(b"--T::.", dtype=np.uint8)
    for column, values, width in ((0, year, 4), (5, month, 2), (8, day, 2), (11, hmsf["h"], 2), (14, hmsf["m"], 2),
                                  (17, hmsf["s"], 2), (20, hmsf["f"], 3)):
        v = np.asarray(values, dtype=np.int64)
        for k in range(width):
            text[:, column + width - 1 - k] = 48 + (v // 10**k) % 10
    return text.view("S23").ravel().astype("U23")


def year_from_jd(jd_tdb):
    """Decimal year (Julian years from J2000.0)."""
    return 2000.0 + (np.asarray(jd_tdb, dtype=float) - J2000_JD) / 365.25


@lru_cache(maxsize=2048)
def _block(start_day: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Barycentric states of every body at the nodes of one block: body -> ((n, 3) m, (n, 3) m/s).

    One ``epv00`` call serves the Earth, the Sun and the Moon (astropy's built-in ephemeris makes one per body).
    """
    jd1, jd2 = J2000_JD + start_day, np.arange(_BLOCK_DAYS * _NODES_PER_DAY + 1) / _NODES_PER_DAY
    with warnings.catch_warnings():
        # ERFA flags dates after 2100 as outside its fitted span; the series stays smooth (docstring).
        warnings.simplefilter("ignore", erfa.ErfaWarning)
        earth_helio, earth = erfa.epv00(jd1, jd2)
        sun = erfa.pvmpv(earth, earth_helio)
        pv = {"earth": earth, "sun": sun, "moon": erfa.pvppv(erfa.moon98(jd1, jd2), earth)}
        pv.update({name: erfa.pvppv(erfa.plan94(jd1, jd2, number), sun) for name, number in _PLAN94.items()})
    return {body: (state["p"] * AU, state["v"] * (AU / DAY)) for body, state in pv.items()}  # au, au/d -> SI


def _nodes(body: str, day0: int, day1: int) -> tuple[np.ndarray, np.ndarray]:
    """States at the nodes covering days [day0, day1] since J2000, stitched from cached blocks."""
    first = (day0 // _BLOCK_DAYS) * _BLOCK_DAYS
    blocks = [_block(s)[body] for s in range(first, day1 + 1, _BLOCK_DAYS)]
    r = np.concatenate([b[0][:-1] for b in blocks[:-1]] + [blocks[-1][0]])
    v = np.concatenate([b[1][:-1] for b in blocks[:-1]] + [blocks[-1][1]])
    return r, v, first


class NodeTable(NamedTuple):
    """States of one body relative to another at evenly spaced nodes: (n, 3) m and m/s from ``first_jd``."""

    r: np.ndarray
    v: np.ndarray
    first_jd: float


def node_table(body: str, center: str, jd_min: float, jd_max: float) -> NodeTable:
    """Nodes covering [jd_min, jd_max] for ``body`` relative to ``center`` (``center`` "ssb": barycentric)."""
    for name in (body, center):
        if name not in BODIES + ("ssb",):
            raise ValueError(f"unknown body {name!r}; expected one of {', '.join(BODIES)}")
    day0 = int(np.floor(jd_min - J2000_JD))
    day1 = int(np.floor(jd_max - J2000_JD)) + 1
    r, v, first = _nodes(body, day0, day1)
    if center != "ssb":
        r_c, v_c, _ = _nodes(center, day0, day1)
        r, v = r - r_c, v - v_c
    return NodeTable(np.ascontiguousarray(r), np.ascontiguousarray(v), J2000_JD + first)


@jitable
def hermite_state(nodes_r, nodes_v, first_jd, jd):
    """Cubic Hermite interpolation of node states at ``jd`` (scalar or array): 6 components, m and m/s.

    p(s) = h00 p0 + h10 m0 + h01 p1 + h11 m1 on s in [0, 1], m = v * step (standard cubic Hermite basis).
    """
    x = (jd - first_jd) * _NODES_PER_DAY
    k = np.minimum(np.maximum(floor_index(x), 0), nodes_r.shape[0] - 2)
    s = x - k
    step = DAY / _NODES_PER_DAY
    s2 = s * s
    s3 = s2 * s
    h00, h10, h01, h11 = 2 * s3 - 3 * s2 + 1, s3 - 2 * s2 + s, -2 * s3 + 3 * s2, s3 - s2
    d00, d10, d01, d11 = 6 * s2 - 6 * s, 3 * s2 - 4 * s + 1, -6 * s2 + 6 * s, 3 * s2 - 2 * s

    def at(c):
        p0, p1 = nodes_r[k, c], nodes_r[k + 1, c]
        m0, m1 = nodes_v[k, c] * step, nodes_v[k + 1, c] * step
        return h00 * p0 + h10 * m0 + h01 * p1 + h11 * m1, (d00 * p0 + d10 * m0 + d01 * p1 + d11 * m1) / step

    (x0, v0), (x1, v1), (x2, v2) = at(0), at(1), at(2)
    return x0, x1, x2, v0, v1, v2


def relative_states(body: str, center: str, jd_tdb) -> tuple[np.ndarray, np.ndarray]:
    """Position (m) and velocity (m/s) of ``body`` relative to ``center`` (ICRS axes), shape jd.shape + (3,).

    ``center`` "ssb" gives barycentric states. Interpolated between cached nodes (module docstring).
    """
    jd = np.asarray(jd_tdb, dtype=float)
    table = node_table(body, center, float(jd.min()), float(jd.max()))
    c = hermite_state(table.r, table.v, table.first_jd, jd)
    return np.stack(c[:3], axis=-1), np.stack(c[3:], axis=-1)


def states(body: str, jd_tdb) -> tuple[np.ndarray, np.ndarray]:
    """Barycentric ICRS position (m) and velocity (m/s) of ``body``, shape ``jd.shape + (3,)``."""
    return relative_states(body, "ssb", jd_tdb)


def ecliptic_from_icrs(vectors) -> np.ndarray:
    """Rotate ICRS (equatorial J2000) vectors to the J2000 mean ecliptic, about x by the obliquity."""
    c, s = np.cos(OBLIQUITY_J2000), np.sin(OBLIQUITY_J2000)
    x = np.asarray(vectors, dtype=float)
    return np.stack([x[..., 0], c * x[..., 1] + s * x[..., 2], -s * x[..., 1] + c * x[..., 2]], axis=-1)
