"""The N-body escape table: what becomes of payloads thrown from a preset site's track, where conics are blind.

Near the conic threshold the patched conics call a launch bound that the Sun-Earth-Moon three-body problem lets
escape: slow leavers drift out of the Earth's Hill sphere through the Sun-Earth L1/L2 region after months,
and some launches below the Moon's two-body escape speed leave it through the Earth-Moon L1/L2 region. The
conics cannot see either, so the fleet model reads what REBOUND found instead, from a small table shipped
with the package (``data/escape_table.npz``; REBOUND is GPL and optional: the table is what lets the core use
N-body results without it).

The table (``GRID``): for each covered site and track (the presets, horizontal prograde tracks), each exit
speed (every 10 m/s from 2.30 to 2.60 km/s, every 50 m/s to 3.50 km/s), each lunar phase (the Moon's
elongation east of the Sun, every 15 deg) and each of sixteen epochs (new moons 14 synodic months apart from
January 2030, which span the Moon's 18.6-year nodal and 8.85-year apsidal cycles and the seasons), one
payload followed by ``physics.nbody.integrate_launches`` (Sun, Earth, Moon; IAS15) for a Julian year. Per
payload: the outcome (``physics.outcomes``: escaped = outside the Earth's Hill sphere after the year or past
3e9 m), the osculating heliocentric a, e, i (J2000 ecliptic) where it escaped, the time it left the Hill
sphere, v_inf,E, and the time of the outcome. ``scripts/make_escape_table.py`` makes it (minutes on two
cores) and prints the thresholds; ``GRID`` and ``VERSION`` here are what it must hold (the stamp in the file
is checked on load, and by a test).

How the fleet uses it (``launch_windows.around_the_clock``): a launch at speed s and lunar phase phi escapes
with the probability P(s, phi) = share of the sixteen epochs that escaped, interpolated linearly in speed and
(periodically) in phase; the escaping share of a month of launches is the mean of P over them. The orbits
reached (a, perihelion, aphelion), v_inf,E and the onboard Delta-v to the target (Edelbaum,
``patched_conics.low_thrust_to_circular``, from each escaped payload's a, e, i, for the scenario's own target
radius) are statistics over the escaped payloads of all phases and epochs at the two table speeds around s,
interpolated linearly in speed (all phases count alike: a driver firing around the clock samples them
uniformly). Assumption: the statistics of the sixteen epochs (2030-2048) hold for any start year.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from lunarbase.constants import AU, SYNODIC_MONTH
from lunarbase.physics import patched_conics
from lunarbase.physics.outcomes import ESCAPED
from lunarbase.subsystems import launch_site

#: Bump when the meaning of a stored field changes (the generator stamps the file with it).
VERSION = 1
#: The shipped table.
PATH = Path(__file__).resolve().parent.parent / "data" / "escape_table.npz"

_KMS = 1e3
#: The grid the table must cover, as the generator makes it. Sites: names of ``launch_site.SITES`` (their
#: horizontal prograde tracks); speeds in m/s; phases: how many, evenly spaced from new moon; epochs: the first
#: new moon on or after ``first_epoch`` (ISO, TDB) and every ``epoch_step_months`` synodic months after;
#: days: how long each payload is followed; the N-body settings it ran with.
GRID = {
    "version": VERSION,
    "sites": ("south-polar-ridge", "equatorial-nearside"),
    "speeds": tuple(round(float(x), 1) for x in np.concatenate([np.arange(2300.0, 2600.0 + 1, 10.0),
                                                                 np.arange(2650.0, 3500.0 + 1, 50.0)])),
    "phases": 24,
    "first_epoch": "2030-01-01",
    "epochs": 16,
    "epoch_step_months": 14,
    "days": 365.25,
    "nbody": {"integrator": "IAS15", "epsilon": 1e-8, "stop_distance_m": 3.0e9, "hill_radius_m": 1.496e9,
              "bodies": ("sun", "earth", "moon")},
}
#: Per-payload fields of the table, each (sites, speeds, phases, epochs): outcome (int8, ``outcomes`` code),
#: a (m), e, i (rad), time_to_leave_hill (s), v_inf_earth (m/s), time_of_outcome (s); NaN where not escaped.
FIELDS = ("outcome", "a", "e", "i", "time_to_leave_hill", "v_inf_earth", "time_of_outcome")
#: Tolerances to match a scenario's site and track to a table site: angles (rad, ~2 m on the surface) and m.
_ANGLE_TOL = 1e-6
_ELEVATION_TOL = 1.0
#: Where the conics have been checked against N-body within 1 % in a (``test_nbody``): v_inf,E >= 1 km/s.
CONIC_CHECKED_V_INF_EARTH = 1.0 * _KMS


class StaleTableError(RuntimeError):
    """The shipped table does not hold what ``GRID`` declares: regenerate it (scripts/make_escape_table.py)."""


def signature(grid: dict | None = None) -> str:
    """A stamp of the grid and settings: the generator writes it, the loader compares it."""
    text = json.dumps(GRID if grid is None else grid, sort_keys=True, default=list)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def grid_speeds() -> np.ndarray:
    return np.asarray(GRID["speeds"], dtype=float)


def grid_phases() -> np.ndarray:
    """Lunar phases of the table, rad: 0 (new moon), 2 pi / n, ..."""
    return np.arange(GRID["phases"]) * 2.0 * np.pi / GRID["phases"]


def epoch_step_days() -> float:
    return GRID["epoch_step_months"] * SYNODIC_MONTH / 86400.0


class Table(NamedTuple):
    """The shipped table: ``sites`` (names), the sites' fields (rad, m; (n_sites,)), ``speed`` (m/s),
    ``phase`` (rad), ``jd`` (TDB Julian dates of the launches, (phases, epochs)), the ``FIELDS`` arrays
    (sites, speeds, phases, epochs), and ``meta`` (how it was made)."""

    sites: tuple[str, ...]
    latitude: np.ndarray
    longitude: np.ndarray
    elevation: np.ndarray
    track_azimuth: np.ndarray
    track_elevation: np.ndarray
    speed: np.ndarray
    phase: np.ndarray
    jd: np.ndarray
    outcome: np.ndarray
    a: np.ndarray
    e: np.ndarray
    i: np.ndarray
    time_to_leave_hill: np.ndarray
    v_inf_earth: np.ndarray
    time_of_outcome: np.ndarray
    meta: dict

    def escape_probability(self) -> np.ndarray:
        """Share of the epochs that escaped, (sites, speeds, phases)."""
        return np.mean(self.outcome == ESCAPED, axis=-1)

    def escape_share(self) -> np.ndarray:
        """Share of all phases and epochs that escaped, (sites, speeds)."""
        return np.mean(self.outcome == ESCAPED, axis=(-2, -1))


def site_fields(names) -> dict[str, np.ndarray]:
    """The table's site and track fields for preset ``names`` (horizontal prograde tracks)."""
    sites = [launch_site.SITES[name] for name in names]
    return {"latitude": np.array([s.latitude for s in sites]), "longitude": np.array([s.longitude for s in sites]),
            "elevation": np.array([s.elevation for s in sites]),
            "track_azimuth": np.array([launch_site.prograde_azimuth(s.latitude, s.longitude) for s in sites]),
            "track_elevation": np.zeros(len(sites))}


def problems_of(data: dict) -> list[str]:
    """What a table file (its arrays by name) lacks against ``GRID``: one line per problem, none if current."""
    found = []
    meta = json.loads(str(data["meta"])) if "meta" in data else {}
    if meta.get("version") != VERSION:
        found.append(f"version {meta.get('version')}, expected {VERSION}")
    if meta.get("signature") != signature():
        found.append(f"grid signature {meta.get('signature')}, expected {signature()} (GRID changed)")
    shape = (len(GRID["sites"]), len(GRID["speeds"]), GRID["phases"], GRID["epochs"])
    for name in FIELDS:
        if name not in data or data[name].shape != shape:
            found.append(f"{name}: shape {getattr(data.get(name), 'shape', None)}, expected {shape}")
    if "speed" not in data or not np.array_equal(data["speed"], grid_speeds()):
        found.append("speeds differ from GRID")
    if "sites" not in data or tuple(str(x) for x in data["sites"]) != tuple(GRID["sites"]):
        found.append("sites differ from GRID")
    return found


@lru_cache(maxsize=1)
def load(path: Path = PATH) -> Table:
    """The table; ``StaleTableError`` (one line) if it is missing or does not hold what ``GRID`` declares."""
    try:
        with np.load(path, allow_pickle=False) as f:
            data = {name: f[name] for name in f.files}
    except OSError as err:
        raise StaleTableError(f"N-body escape table {path}: {err}; run scripts/make_escape_table.py") from None
    found = problems_of(data)
    if found:
        raise StaleTableError(f"N-body escape table {path} is stale: {'; '.join(found)}; "
                              "run scripts/make_escape_table.py")
    names = tuple(str(x) for x in data["sites"])
    fields = {name: data[name].astype(float) if name != "outcome" else data[name].astype(np.int8) for name in FIELDS}
    return Table(names, *(data[k].astype(float) for k in ("latitude", "longitude", "elevation", "track_azimuth",
                                                          "track_elevation")),
                 data["speed"].astype(float), grid_phases(), data["jd"].astype(float), **fields,
                 meta=json.loads(str(data["meta"])))


def site_index(table: Table, latitude, longitude, elevation, track_azimuth, track_elevation) -> np.ndarray:
    """Per sample, the index of the table site whose site and track match (within ~2 m), -1 where none does."""
    lat, lon, elev, az, el = np.broadcast_arrays(*(np.ravel(np.asarray(x, dtype=float)) for x in
                                                   (latitude, longitude, elevation, track_azimuth, track_elevation)))

    def angle_close(x, y):
        return np.abs(np.angle(np.exp(1j * (x[:, None] - y[None, :])))) <= _ANGLE_TOL

    polar = np.abs(np.abs(lat) - np.pi / 2) < _ANGLE_TOL  # at a pole longitude and azimuth are not defined
    match = (angle_close(lat, table.latitude) & (angle_close(lon, table.longitude) | polar[:, None])
             & (np.abs(elev[:, None] - table.elevation[None, :]) <= _ELEVATION_TOL)
             & (angle_close(az, table.track_azimuth) | polar[:, None]) & angle_close(el, table.track_elevation))
    return np.where(match.any(axis=1), np.argmax(match, axis=1), -1)


def covers(table: Table, index, speed) -> np.ndarray:
    """Whether the table answers for each sample: its site and track are in it and its speed within the grid."""
    speed = np.ravel(np.asarray(speed, dtype=float))
    return (np.asarray(index) >= 0) & (speed >= table.speed[0]) & (speed <= table.speed[-1])


def _bracket(table: Table, speed):
    """Lower grid row and weight of the upper one, per speed (clipped to the grid)."""
    s = np.clip(speed, table.speed[0], table.speed[-1])
    lo = np.clip(np.searchsorted(table.speed, s, side="right") - 1, 0, len(table.speed) - 2)
    return lo, (s - table.speed[lo]) / (table.speed[lo + 1] - table.speed[lo])


def escape_probability(table: Table, index, speed, phase) -> np.ndarray:
    """P(escape) of launches at ``phase`` (rad, (n, k)) for samples ``index``, ``speed`` ((n,)): bilinear in
    speed and (periodic) lunar phase over the table's share of epochs that escaped."""
    p = table.escape_probability()
    index, speed = np.ravel(index), np.ravel(speed)
    lo, w = _bracket(table, speed)
    n_ph = len(table.phase)
    x = np.mod(np.asarray(phase, dtype=float), 2.0 * np.pi) / (2.0 * np.pi / n_ph)
    j0 = np.floor(x).astype(np.int64) % n_ph
    f = x - np.floor(x)
    j1 = (j0 + 1) % n_ph
    site, row_lo, row_hi = index[:, None], lo[:, None], lo[:, None] + 1

    def at(row):
        return (1.0 - f) * p[site, row, j0] + f * p[site, row, j1]

    return (1.0 - w[:, None]) * at(row_lo) + w[:, None] * at(row_hi)


def month_escape_share(table: Table, index, speed, phase) -> np.ndarray:
    """Mean P(escape) over one set of launch phases ``phase`` (rad, (k,), shared by every sample) for samples
    ``index``, ``speed`` ((n,)): the mean over the phases of :func:`escape_probability`.

    P is linear in speed between two table rows, so its mean over the phases is the rows' means mixed by the
    speed's weight, (1 - w) mean_k P(lo, phi_k) + w mean_k P(lo + 1, phi_k): equal to averaging per launch up to
    round-off (exactly on a grid speed), and the rows' means are taken once for all samples.
    """
    index, speed = np.ravel(index), np.ravel(speed)
    lo, w = _bracket(table, speed)
    phase = np.ascontiguousarray(phase, dtype=float)
    per_row = _shipped_month_rows(phase.tobytes()) if table is load() else _month_rows(table, phase)
    return (1.0 - w) * per_row[index, lo] + w * per_row[index, lo + 1]


def _month_rows(table: Table, phase: np.ndarray) -> np.ndarray:
    """Mean P(escape) over the launch phases ``phase`` of every (site, speed) row of the table, (sites, speeds)."""
    p = table.escape_probability()  # (sites, speeds, phases)
    n_ph = len(table.phase)
    x = np.mod(phase, 2.0 * np.pi) / (2.0 * np.pi / n_ph)
    j0 = np.floor(x).astype(np.int64) % n_ph
    f = x - np.floor(x)
    return ((1.0 - f) * p[:, :, j0] + f * p[:, :, (j0 + 1) % n_ph]).mean(axis=-1)


@lru_cache(maxsize=256)
def _shipped_month_rows(phase_bytes: bytes) -> np.ndarray:
    """``_month_rows`` of the shipped table, once per month of phases (a study's chunks share a few start dates)."""
    rows = _month_rows(load(), np.frombuffer(phase_bytes))
    rows.setflags(write=False)
    return rows


#: What ``orbit_statistics`` reports, and the reduction over a row's escaped payloads that gives it.
_STATISTICS = ("delta_v_to_target", "mean_v_inf_earth", "least_semimajor_axis", "greatest_semimajor_axis",
               "least_perihelion", "greatest_aphelion")


@lru_cache(maxsize=64)
def _row_statistics(target_radius: float, quantile: float) -> dict[str, np.ndarray]:
    """``_statistics_by_row`` of the shipped table, once per target radius and quantile."""
    return _statistics_by_row(load(), target_radius, quantile)


def _statistics_by_row(table: Table, target_radius: float, quantile: float) -> dict[str, np.ndarray]:
    """Each statistic of :func:`orbit_statistics` over the escaped payloads of every (site, speed) row of the
    table, (sites, speeds) (NaN where none escaped)."""
    sites, speeds = table.outcome.shape[:2]

    def flat(field):
        return getattr(table, field).reshape(sites, speeds, -1)

    escaped = flat("outcome") == ESCAPED
    a, e = flat("a"), flat("e")
    dv, _ = patched_conics.low_thrust_to_circular(a, e, flat("i"), target_radius, 1.0)  # Delta-v needs no thrust
    with np.errstate(invalid="ignore"):
        perihelion = a * (1.0 - e)
        aphelion = np.where(a > 0.0, a * (1.0 + e), np.inf)
    reductions = (lambda x, axis: np.nanquantile(x, quantile, axis=axis), np.nanmean, np.nanmin, np.nanmax,
                  np.nanmin, np.nanmax)
    values = (dv, flat("v_inf_earth"), a, a, perihelion, aphelion)
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # rows where nothing escapes
        for name, reduce, x in zip(_STATISTICS, reductions, values, strict=True):
            out[name] = reduce(np.where(escaped, x, np.nan), axis=2)
    return out


def orbit_statistics(table: Table, index, speed, target_radius=AU, thrust_to_mass=1e-4, quantile=0.95) -> dict:
    """Per sample: the ``quantile`` of the onboard Delta-v to a circle at ``target_radius`` (per sample or one)
    among escaped payloads, their mean v_inf,E, least and greatest a, least perihelion and greatest aphelion:
    statistics over all phases and epochs at each of the two table speeds around the sample's, interpolated
    linearly in speed (the other row's value where one row has no escapes; NaN where neither has). The rows'
    statistics are taken once per target radius (``_row_statistics``); the Delta-v does not depend on
    ``thrust_to_mass`` (only the time to spend it does)."""
    index, speed = np.ravel(index), np.ravel(speed)
    lo, w = _bracket(table, speed)
    n = len(index)
    targets = np.broadcast_to(np.ravel(np.asarray(target_radius, dtype=float)), (n,))
    out = {name: np.empty(n) for name in _STATISTICS}
    for target in np.unique(targets):
        rows = _row_statistics(float(target), float(quantile)) if table is load() else \
            _statistics_by_row(table, float(target), float(quantile))
        pick = targets == target
        for name in _STATISTICS:
            low, high = rows[name][index[pick], lo[pick]], rows[name][index[pick], lo[pick] + 1]
            out[name][pick] = _mixed(low, high, w[pick])
    return out


def _mixed(low, high, w):
    """Linear in speed between two rows; the other row's value where one is NaN, the larger where one is inf."""
    low, high = np.where(np.isnan(low), high, low), np.where(np.isnan(high), low, high)
    with np.errstate(invalid="ignore"):  # inf - inf at solar escape: the aphelion stays inf
        mixed = (1.0 - w) * low + w * high
    return np.where(np.isinf(low) | np.isinf(high), np.maximum(low, high), mixed)
