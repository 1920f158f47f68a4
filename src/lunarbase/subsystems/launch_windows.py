"""Launch windows: which launches from a fixed track reach which orbits, through the synodic month.

A track on the tidally locked Moon keeps its direction relative to the Earth-Moon line, while the Earth's
velocity about the Sun turns under it once a synodic month (29.53 d). So the hyperbolic excess a launch
carries away from the Earth-Moon system adds to the Earth's orbital velocity at one lunar phase (outer
orbits, a > 1 AU) and takes from it half a month later (inner orbits). This module samples launches over
dates, classifies what they reach, finds the windows, and summarises a driver that fires around the clock
(the share that escapes and the onboard Delta-v the satellites then need) for the fleet model.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from lunarbase.constants import AU, SYNODIC_MONTH
from lunarbase.physics import ephemeris, patched_conics
from lunarbase.physics.outcomes import ESCAPED
from lunarbase.subsystems import escape_table, launch_site

#: Orbit classes a window can target. "target": escapes and needs no more onboard Delta-v than a budget.
TARGET_CLASSES = ("escape", "outer", "inner", "target")
METHODS = ("conic", "nbody", "both")
#: Quantile of the onboard Delta-v a fleet's satellites are sized for when the driver fires around the clock
#: (assumption: one tank size for all; the slowest 5 % of launch phases are skipped rather than served).
DESIGN_DELTA_V_QUANTILE = 0.95
#: How a sample's around-the-clock figures were found (``AroundTheClock.method``): from the shipped N-body
#: table (``escape_table``: the site and track are in it and the speed within its grid); from the conics where
#: they agree with N-body (every launch escapes with v_inf,E >= 1 km/s, as checked, or the speed is below the
#: table's, 2.30 km/s, where nothing leaves the Moon by either method, or above it); from the conics where no
#: table covers the site or track and some launches fall outside what has been checked against N-body (they
#: may write off slow leavers that escape through the Sun-Earth L1/L2 region).
METHOD_TABLE, METHOD_CONIC, METHOD_UNCHECKED = "nbody-table", "conic", "conic-unchecked"
METHOD_TEXT = {
    METHOD_TABLE: "N-body table (REBOUND, one year per launch)",
    METHOD_CONIC: "patched conics (where they agree with N-body)",
    METHOD_UNCHECKED: "patched conics, unchecked: no N-body table covers this site and track, and some launches "
                      "leave with v∞,E < 1 km/s or not at all, where conics miss slow escapes through the "
                      "Sun-Earth L1/L2 region",
}


def launch_dates(start_jd: float, end_jd: float, every_s: float) -> np.ndarray:
    """TDB Julian dates from ``start_jd`` to ``end_jd`` inclusive, every ``every_s`` seconds."""
    step = every_s / ephemeris.DAY
    return start_jd + np.arange(int(np.floor((end_jd - start_jd) / step + 1e-9)) + 1) * step


def lunar_phase(jd_tdb) -> np.ndarray:
    """Moon's elongation east of the Sun seen from the Earth, rad in [0, 2 pi): 0 new moon, pi full moon.

    Difference of geocentric ecliptic longitudes (Meeus, Astronomical Algorithms, ch. 49).
    """
    moon, _ = ephemeris.relative_states("moon", "earth", jd_tdb)
    sun, _ = ephemeris.relative_states("sun", "earth", jd_tdb)
    moon, sun = ephemeris.ecliptic_from_icrs(moon), ephemeris.ecliptic_from_icrs(sun)
    return np.mod(np.arctan2(moon[..., 1], moon[..., 0]) - np.arctan2(sun[..., 1], sun[..., 0]), 2 * np.pi)


def propagate(site: launch_site.LaunchSite, exit_speed, jd_tdb, method: str = "conic", target_radius=AU,
              thrust_to_mass=1e-4, days: float = 60.0, jupiter: bool = False, progress=None):
    """Launches from ``site`` at ``exit_speed`` on dates ``jd_tdb`` by one method, or a (conic, nbody) pair."""
    if method not in METHODS:
        raise ValueError(f"--method: got '{method}'; expected one of {', '.join(METHODS)}")
    jd = np.atleast_1d(np.asarray(jd_tdb, dtype=float))
    conic = patched_conics.site_launches(site, exit_speed, jd, target_radius, thrust_to_mass) if method != "nbody" \
        else None
    if method == "conic":
        return conic
    r, v = np.broadcast_arrays(*launch_site.launch_states(site, exit_speed, jd))
    jd = np.broadcast_to(jd, r.shape[:-1])
    from lunarbase.physics import nbody

    res = nbody.integrate_launches(jd.ravel(), r.reshape(-1, 3), v.reshape(-1, 3), days=days, jupiter=jupiter,
                                   progress=progress)
    nb = _as_launches(res, jd, r, v, target_radius, thrust_to_mass)
    return nb if method == "nbody" else (conic, nb)


def _as_launches(res, jd, r, v, target_radius, thrust_to_mass) -> patched_conics.Launches:
    """N-body results in the conic ``Launches`` layout (v_inf at the Moon from the launch state's energy, v_inf
    at the Earth from the geocentric state at the stop, ``nbody.NbodyResult``)."""
    shape = jd.shape
    dv, t_transfer = patched_conics.low_thrust_to_circular(res.a, res.e, res.i, target_radius, thrust_to_mass)
    energy = 0.5 * np.sum(v * v, -1) - patched_conics.MOON_GM / np.sqrt(np.sum(r * r, -1))
    return patched_conics.Launches(
        jd=jd, outcome=np.asarray(res.outcome).astype(np.int8).reshape(shape),
        v_inf_moon=np.sqrt(np.where(energy > 0, 2 * energy, np.nan)), v_inf_earth=res.v_inf_earth.reshape(shape),
        a=res.a.reshape(shape), e=res.e.reshape(shape), i=res.i.reshape(shape),
        perihelion=res.perihelion.reshape(shape), aphelion=res.aphelion.reshape(shape),
        time_to_leave_hill=res.time_to_leave_hill.reshape(shape), delta_v_to_target=dv.reshape(shape),
        transfer_time=t_transfer.reshape(shape))


def reaches(launches: patched_conics.Launches, target_class: str, delta_v_budget: float = np.inf) -> np.ndarray:
    """Which launches reach ``target_class``: escape, outer (a >= 1 AU), inner (a < 1 AU) or target (escapes
    and needs at most ``delta_v_budget`` of onboard Delta-v)."""
    if target_class not in TARGET_CLASSES:
        raise ValueError(f"--target: got '{target_class}'; expected one of {', '.join(TARGET_CLASSES)}")
    escaped = launches.outcome == ESCAPED
    with np.errstate(invalid="ignore"):
        return {
            "escape": escaped,
            "outer": escaped & (launches.a >= AU),
            "inner": escaped & (launches.a < AU),
            "target": escaped & (launches.delta_v_to_target <= delta_v_budget),
        }[target_class]


class Window(NamedTuple):
    """A run of consecutive sampled launches that reach the target class."""

    start_jd: float
    end_jd: float
    launches: int


def windows(jd, ok) -> list[Window]:
    """Contiguous runs of ``ok`` over sorted launch dates ``jd``."""
    ok = np.asarray(ok, dtype=bool)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], ok.astype(np.int8), [0]])))
    return [Window(float(jd[s]), float(jd[e - 1]), int(e - s)) for s, e in zip(edges[::2], edges[1::2], strict=True)]


def per_synodic_month(jd, ok) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each synodic month since the first launch: its start date, launches sampled, launches that reach."""
    jd = np.asarray(jd, dtype=float)
    month = np.floor((jd - jd[0]) * ephemeris.DAY / SYNODIC_MONTH).astype(np.int64)
    n = int(month.max()) + 1
    starts = jd[0] + np.arange(n) * SYNODIC_MONTH / ephemeris.DAY
    return starts, np.bincount(month, minlength=n), np.bincount(month, weights=np.asarray(ok, float), minlength=n)


class AroundTheClock(NamedTuple):
    """A driver firing at every sampled phase, per exit-speed sample: the share that escapes, the Delta-v to
    size satellites for, the spread of the orbits reached (NaN where nothing escapes), and how they were found
    (``method``: one of the ``METHOD_*`` codes per sample)."""

    escape_share: np.ndarray
    delta_v_to_target: np.ndarray
    mean_v_inf_earth: np.ndarray
    least_semimajor_axis: np.ndarray
    greatest_semimajor_axis: np.ndarray
    least_perihelion: np.ndarray
    greatest_aphelion: np.ndarray
    method: np.ndarray


def around_the_clock(site: launch_site.LaunchSite, exit_speed, start_jd: float, target_radius=AU,
                     thrust_to_mass=1e-4, every_s: float = 3600.0, months: float = 1.0,
                     nbody_table: bool = True) -> AroundTheClock:
    """Fire every ``every_s`` over ``months`` synodic months for each exit speed (array of samples), from
    ``start_jd`` (one date, or one per sample; the site's fields may be (n, 1) columns of samples too).

    Per sample: the escape share, the ``DESIGN_DELTA_V_QUANTILE`` of onboard Delta-v among escapes, and the
    spread of the heliocentric orbits. The fleet model calls this once per run. The launches go through the
    patched conics; where the shipped N-body table covers the sample's site, track and speed
    (``escape_table``; unless ``nbody_table`` is false) its figures replace the conics': each launch escapes
    with the table's probability at its speed and lunar phase, and the orbits and Delta-v are the table's
    escaped payloads' (``escape_table.orbit_statistics``). ``method`` says which, per sample (``METHOD_*``).
    """
    speeds = np.atleast_1d(np.asarray(exit_speed, dtype=float)).ravel()
    n = speeds.size
    offsets = launch_dates(0.0, months * SYNODIC_MONTH / ephemeris.DAY, every_s)
    starts = np.ravel(np.asarray(start_jd, dtype=float))
    fields = [np.broadcast_to(np.ravel(np.asarray(x, dtype=float)), (n,)) if np.size(x) in (1, n) else x
              for x in site[:5]]
    use = np.zeros(n, dtype=bool)
    if nbody_table:
        table = escape_table.load()
        index = escape_table.site_index(table, *fields)
        use = escape_table.covers(table, index, speeds)
    # The conics only for the samples the table does not answer for, once per distinct sample (site, track,
    # speed, start, target, thrust): each launch is its own conic, so a row's figures are its own.
    rest = ~use
    figures = {name: np.full(n, np.nan) for name in AroundTheClock._fields[:-1]}
    unchecked = np.zeros(n, dtype=bool)
    if rest.any():
        per_sample = [*fields, speeds, starts, np.ravel(np.asarray(target_radius, dtype=float)),
                      np.ravel(np.asarray(thrust_to_mass, dtype=float))]
        if all(np.size(x) in (1, n) for x in per_sample):
            keys = np.stack([np.broadcast_to(x, (n,))[rest] for x in per_sample], axis=1)
            keys, again = np.unique(keys, axis=0, return_inverse=True)
            columns = launch_site.LaunchSite(*(keys[:, k:k + 1] for k in range(5)), site.note)
            res = patched_conics.site_launches(columns, keys[:, 5:6], keys[:, 6:7] + offsets[None, :], keys[:, 7:8],
                                               keys[:, 8:9])
        else:  # a site given on a grid of its own (not one value per sample): every row as it is
            again = np.arange(np.count_nonzero(rest))
            columns = launch_site.LaunchSite(*(np.reshape(x[rest] if np.ndim(x) == 1 else x, (-1, 1))
                                               for x in fields), site.note)
            jd = np.reshape(starts[rest] if starts.size == n and n > 1 else starts, (-1, 1)) + offsets[None, :]
            res = patched_conics.site_launches(columns, speeds[rest][:, None], jd, target_radius, thrust_to_mass)
        again = np.ravel(again)
        conic = _conic_figures(res)
        if not nbody_table:
            return conic._replace(**{k: getattr(conic, k)[again] for k in AroundTheClock._fields})
        for name in figures:
            figures[name][rest] = getattr(conic, name)[again]
        # Where no table covers it, the conics are checked only where every launch escapes with v_inf,E >= 1 km/s
        # (or nothing can leave the Moon: below the table's lowest speed, nothing does from the covered sites).
        with np.errstate(invalid="ignore"):
            checked = np.all((res.outcome == ESCAPED)
                             & (res.v_inf_earth >= escape_table.CONIC_CHECKED_V_INF_EARTH), axis=1)[again]
        unchecked[rest] = (index[rest] < 0) & ~checked & (speeds[rest] >= table.speed[0])
    method = np.where(use, METHOD_TABLE, np.where(unchecked, METHOD_UNCHECKED, METHOD_CONIC)).astype(object)
    if use.any():
        target = np.broadcast_to(np.ravel(np.asarray(target_radius, dtype=float)), (n,))[use]
        for name, values in _table_figures(table, index[use], speeds[use], np.broadcast_to(starts, (n,))[use],
                                           offsets, target).items():
            figures[name][use] = values
    return AroundTheClock(**figures, method=method)


def _conic_figures(res: patched_conics.Launches) -> AroundTheClock:
    """A month of conic launches per sample (rows of ``res``) summarised: every sample's method the conics."""
    escaped = res.outcome == ESCAPED

    def among_escapes(values, reduce):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows: nothing escapes at that speed
            return reduce(np.where(escaped, values, np.nan), axis=1)

    return AroundTheClock(
        escape_share=escaped.mean(axis=1),
        delta_v_to_target=among_escapes(res.delta_v_to_target,
                                        lambda x, axis: np.nanquantile(x, DESIGN_DELTA_V_QUANTILE, axis=axis)),
        mean_v_inf_earth=among_escapes(res.v_inf_earth, np.nanmean),
        least_semimajor_axis=among_escapes(res.a, np.nanmin),
        greatest_semimajor_axis=among_escapes(res.a, np.nanmax),
        least_perihelion=among_escapes(res.perihelion, np.nanmin),
        greatest_aphelion=among_escapes(res.aphelion, np.nanmax),
        method=np.full(escaped.shape[0], METHOD_CONIC, dtype=object),
    )


@lru_cache(maxsize=256)
def _month_phases(start_jd: float, offsets_bytes: bytes) -> np.ndarray:
    """``lunar_phase`` at ``start_jd`` + each offset (days), once per start date and month of launches (a study's
    chunks share a few start dates)."""
    phases = lunar_phase(start_jd + np.frombuffer(offsets_bytes))
    phases.setflags(write=False)
    return phases


def _table_figures(table, index, speeds, starts, offsets, target) -> dict[str, np.ndarray]:
    """The N-body table's figures for samples it covers: the month's escaping share (its lunar phases, once per
    distinct start date) and the escaped payloads' orbits (``escape_table.orbit_statistics``)."""
    share = np.empty(speeds.size)
    unique_starts, which = np.unique(starts, return_inverse=True)
    for k, start in enumerate(unique_starts):
        pick = np.ravel(which) == k
        share[pick] = escape_table.month_escape_share(table, index[pick], speeds[pick],
                                                      _month_phases(float(start), offsets.tobytes()))
    stats = escape_table.orbit_statistics(table, index, speeds, target, quantile=DESIGN_DELTA_V_QUANTILE)
    return {"escape_share": share, **{k: np.where(share > 0.0, v, np.nan) for k, v in stats.items()}}


class AzimuthSweep(NamedTuple):
    """Around-the-clock figures for horizontal tracks at every azimuth (rad) from one site."""

    azimuth: np.ndarray
    escape_share: np.ndarray
    delta_v_to_target: np.ndarray
    mean_v_inf_earth: np.ndarray


def azimuth_sweep(site: launch_site.LaunchSite, exit_speed: float, start_jd: float, target_radius=AU,
                  thrust_to_mass=1e-4, step_deg: float = 2.0, every_s: float = 6 * 3600.0) -> AzimuthSweep:
    """Fire a track at each azimuth (``step_deg`` apart) around the clock for a synodic month.

    Because the selenocentric hyperbola turns the payload by up to ~150 deg before it leaves (theta_inf =
    arccos(-1/e), e = 1 + r v_inf^2 / GM), the track that sends v_inf along the Moon's motion is generally not
    the one aimed along it; this sweep finds it.
    """
    az = np.radians(np.arange(0.0, 360.0, step_deg))
    jd = launch_dates(start_jd, start_jd + SYNODIC_MONTH / ephemeris.DAY, every_s)
    res = patched_conics.site_launches(site._replace(track_azimuth=az[:, None]), exit_speed, jd[None, :], target_radius,
                                  thrust_to_mass)
    escaped = res.outcome == ESCAPED
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # rows where nothing escapes
        dv = np.nanquantile(np.where(escaped, res.delta_v_to_target, np.nan), DESIGN_DELTA_V_QUANTILE, axis=1)
        v_inf = np.nanmean(np.where(escaped, res.v_inf_earth, np.nan), axis=1)
    return AzimuthSweep(az, escaped.mean(axis=1), dv, v_inf)


def best_azimuth(site: launch_site.LaunchSite, exit_speed: float, start_jd: float, target_radius=AU,
                 thrust_to_mass=1e-4) -> float:
    """The azimuth (rad) whose track lets the largest share escape, and among those needs the least onboard
    Delta-v (its ``DESIGN_DELTA_V_QUANTILE``); the site's own azimuth if no track lets anything escape."""
    sweep = azimuth_sweep(site, exit_speed, start_jd, target_radius, thrust_to_mass)
    best_share = sweep.escape_share.max()
    if best_share <= 0.0:
        return float(site.track_azimuth)
    candidates = np.flatnonzero(sweep.escape_share >= best_share - 1e-12)
    return float(sweep.azimuth[candidates[np.nanargmin(sweep.delta_v_to_target[candidates])]])
