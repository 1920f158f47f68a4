"""Launch studies: payloads thrown off the Moon from a site, on dates, by one propagator or two.

One validating constructor, ``LaunchStudy.from_inputs``, serves the command line and the Python API alike:
it takes the user's values (strings such as "2.5 km/s", or astropy Quantities and Times), checks them all,
and raises one ``LaunchStudyError`` with one line per problem, each naming the field as the caller names it
(``--exit-speed`` on the command line, ``exit_speed`` from Python), the value given and what was expected.
The study then propagates (``propagate``), gives the lunar phase of its dates (``lunar_phase``) and finds the
launch windows (``windows``) as plain data; the interfaces only render what it returns.

``depart`` is the Python API: quantities in, an astropy ``QTable`` out (``as_table``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NamedTuple

import astropy.units as u
import numpy as np

from lunarbase.constants import AU, SPEED_OF_LIGHT
from lunarbase.physics import ephemeris
from lunarbase.physics.outcomes import ESCAPED, NAMES
from lunarbase.physics.patched_conics import Launches
from lunarbase.scenario import ScenarioError
from lunarbase.subsystems import escape_table, launch_site, launch_windows
from lunarbase.units import UnitParseError, parse_quantity, to_unit

#: Outcome names by code, for the renderers (the interfaces read the launch vocabulary from here).
OUTCOMES = NAMES


def iso_dates(jd_tdb) -> np.ndarray:
    """ISO calendar dates (TDB) of Julian dates, for tables and JSON."""
    return ephemeris.iso_from_jd(jd_tdb)


#: Per-launch fields as shown: (field, SI unit, display unit, label).
FIELDS = (
    ("v_inf_moon", "m/s", "km/s", "v∞ Moon"),
    ("v_inf_earth", "m/s", "km/s", "v∞ Earth"),
    ("a", "m", "AU", "a"),
    ("e", "", "", "e"),
    ("i", "rad", "deg", "i (ecl.)"),
    ("perihelion", "m", "AU", "perihelion"),
    ("aphelion", "m", "AU", "aphelion"),
    ("time_to_leave_hill", "s", "d", "leaves Hill sphere"),
    ("delta_v_to_target", "m/s", "km/s", "onboard Δv"),
    ("transfer_time", "s", "d", "EP transfer"),
)
#: Percentiles of the orbit distribution, and the fields it covers (over the launches that escape).
PERCENTILES = (5, 25, 50, 75, 95)
DISTRIBUTION_FIELDS = ("a", "perihelion", "aphelion", "i", "delta_v_to_target", "time_to_leave_hill")

#: What a study is for: the methods it allows and the most launches N-body may follow. Windows classify
#: every launch of a span, so N-body there stays at a size that runs in minutes.
PURPOSES = {"depart": (launch_windows.METHODS, 100_000), "windows": (("conic", "nbody"), 20_000)}
#: The most launches one study propagates (conic): about 1 GB of results, ~30 s of propagation. A request for
#: more is refused before any work, saying its count (``from_inputs``).
MAX_LAUNCHES = 2_000_000
#: Dates a conic propagation takes at a time when it reports progress.
PROPAGATE_CHUNK = 100_000
#: The span a windows study covers when given no dates: two synodic months from 2030.
WINDOWS_SPAN = "2030-01-01:2030-03-01"
_HALF_PI = np.pi / 2


class LaunchStudyError(ScenarioError):
    """Bad launch-study input: ``str(err)`` is one line per problem; ``problems`` pairs each line with its field
    (the Python argument name, whatever the caller called it in the lines)."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("\n".join(line for _, line in problems))

    @property
    def fields(self) -> list[str]:
        """The fields with a problem, by their Python argument names."""
        return [field for field, _ in self.problems]


def argument_name(field: str) -> str:
    """Fields as the Python API names them: the argument name itself."""
    return field


def _text(value) -> str:
    return value if isinstance(value, str) else str(value)


def _element(value, k: int):
    """Element ``k`` of an array-valued input, for the message (the input itself if it is one value)."""
    if isinstance(value, str) or np.ndim(value) == 0:
        return value
    return value.ravel()[k] if hasattr(value, "ravel") else np.ravel(np.asarray(value, dtype=object))[k]


def _si(value, unit: str):
    """``value`` in ``unit`` (SI): a float, or an array for an array-valued Quantity; UnitParseError if not."""
    if isinstance(value, u.Quantity) and not value.isscalar:
        parse_quantity(1.0 * value.unit, unit)  # a wrong unit is worded as for one value
        out = np.asarray(value.to_value(to_unit(unit), equivalencies=u.dimensionless_angles() if unit == "rad"
                                        else []), dtype=float)
        if out.size == 0 or not np.all(np.isfinite(out)):
            raise UnitParseError("expected a finite number" if out.size else f"expected at least one value, "
                                 f"e.g. '{value.unit}'")
        return out
    return parse_quantity(value, unit)


def _between(low: float | None, high: float | None) -> Callable:
    """Accepts SI values from ``low`` to ``high`` inclusive (either end may be open: None)."""
    return lambda x: (x >= (-np.inf if low is None else low)) & (x <= (np.inf if high is None else high))


class _Problems:
    """Collects one line per problem, named by ``name(field)``: "<name>: got '<value>'; expected ..."."""

    def __init__(self, name: Callable[[str], str]):
        self.name = name
        self.found: list[tuple[str, str]] = []

    def add(self, field: str, tail: str) -> None:
        self.found.append((field, f"{self.name(field)}: {tail}"))

    def got(self, field: str, value, expected: str) -> None:
        self.add(field, f"got '{_text(value)}'; {expected}")

    def quantity(self, field: str, value, unit: str, accept: Callable | None = None, expected: str = "",
                 required: bool = False):
        """``value`` in SI ``unit`` if it parses and ``accept`` takes every element; else None and a problem
        (None given: None, a problem if ``required``)."""
        if value is None:
            return self.add(field, f"missing; expected {expected}") if required else None
        try:
            si = _si(value, unit)
        except UnitParseError as err:
            return self.got(field, value, str(err))
        refused = np.flatnonzero(~np.ravel(accept(np.asarray(si)))) if accept else ()
        if len(refused):
            return self.got(field, _element(value, int(refused[0])), f"expected {expected}")
        return si

    def raise_any(self) -> None:
        if self.found:
            raise LaunchStudyError(self.found)


def _base_site(check: _Problems, site) -> launch_site.LaunchSite | None:
    """A preset by name, or a ``LaunchSite`` as given."""
    if isinstance(site, launch_site.LaunchSite):
        return site
    if not isinstance(site, str) or site not in launch_site.SITES:
        return check.got("site", site, f"expected one of {', '.join(launch_site.SITES)}")
    return launch_site.SITES[site]


def _covered() -> str:
    lo, hi = ephemeris.COVERED_YEARS
    return f"expected a date from {lo}-01-01 to {hi - 1}-12-31 (TDB), ISO format, e.g. 2030-01-01T06:00"


def _julian_dates(check: _Problems, field: str, value) -> np.ndarray | None:
    """TDB Julian dates of ISO strings or an astropy ``Time`` (converted to TDB), within the ephemeris years."""
    from astropy.time import Time

    try:
        jd = np.atleast_1d(value.tdb.jd if isinstance(value, Time) else Time(value, scale="tdb").jd)
    except (TypeError, ValueError):
        values = list(value) if isinstance(value, list | tuple) else [value]
        return check.got(field, next((x for x in values if not _is_date(x)), value), _covered())
    lo, hi = ephemeris.COVERED_YEARS
    year = ephemeris.year_from_jd(jd)
    outside = np.flatnonzero(~((lo <= year) & (year < hi)))
    if outside.size:
        return check.got(field, _element(value, int(outside[0])), _covered())
    return jd.astype(float)


def _is_date(value) -> bool:
    """Whether one value reads as a date (to name the bad one in a list)."""
    from astropy.time import Time

    try:
        Time(value, scale="tdb")
    except (TypeError, ValueError):
        return False
    return True


def _span_ends(check: _Problems, span: str) -> tuple[float, float] | None:
    """START and END of ``span`` as TDB Julian dates: "START:END", or "START/END" for date-times."""
    # Times hold colons too, so a span of date-times is split at "/" (and at a lone ":" without times).
    parts = span.split(":", 1) if span.count(":") == 1 or "T" not in span else span.split("/", 1)
    if len(parts) != 2:
        return check.got("span", span, "expected START:END dates, e.g. 2030-01-01:2030-03-01")
    start = _julian_dates(check, "span", parts[0])
    end = None if start is None else _julian_dates(check, "span", parts[1])
    if end is None:
        return None
    if end[0] < start[0]:
        return check.got("span", span, "expected END after START")
    return float(start[0]), float(end[0])


def _step(check: _Problems, every) -> float | None:
    """The step between launches over a span, s."""
    if every is None:
        return check.add("every", "missing; expected a step of at least 1 min, e.g. '1 h'")
    return check.quantity("every", every, "s", _between(60.0, None), "a step of at least 1 min, e.g. '1 h'")


def _launch_dates(check: _Problems, dates, span, every) -> np.ndarray | None:
    """The launch dates (TDB Julian dates) from ``dates``, or from ``span`` every ``every``: one of the two."""
    if span is not None and dates is not None:
        return check.add("dates", f"got '{_text(dates)}' together with {check.name('span')}; "
                                  "expected one of the two")
    if span is None:
        lo, _ = ephemeris.COVERED_YEARS
        return _julian_dates(check, "dates", f"{lo + 4}-01-01" if dates is None else dates)
    ends, step = _span_ends(check, span), _step(check, every)
    if ends is None or step is None:
        return None
    return launch_windows.launch_dates(*ends, step)


def _exit_speed(check: _Problems, exit_speed):
    """Speed off the track, m/s: one value or an array (Python), above 0 and at most the speed of light."""
    if exit_speed is None:
        return check.add("exit_speed", "missing; expected a speed, e.g. '2.5 km/s'")
    speed = check.quantity("exit_speed", exit_speed, "m/s", lambda x: (x > 0.0) & (x <= SPEED_OF_LIGHT),
                           "a speed above 0 and below the speed of light")
    return speed if speed is None or np.ndim(speed) else float(speed)


def _resolve_site(base, lat, lon, elev, az, el) -> launch_site.LaunchSite:
    """The site with the overrides (None: the preset's value); without an azimuth the track keeps the site's own,
    or points prograde where the latitude or longitude moved."""
    lat = base.latitude if lat is None else lat
    lon = base.longitude if lon is None else lon
    if az is None:
        az = base.track_azimuth if (lat, lon) == (base.latitude, base.longitude) else \
            launch_site.prograde_azimuth(lat, lon)
    return base._replace(latitude=lat, longitude=lon, elevation=base.elevation if elev is None else elev,
                         track_azimuth=az, track_elevation=base.track_elevation if el is None else el)


def _where(check: _Problems, site, latitude, longitude, elevation, azimuth, track_elevation) -> tuple:
    """The preset or site, and the overrides in SI (None: not given; the azimuth None also for "best")."""
    base = _base_site(check, site)
    lat = check.quantity("latitude", latitude, "rad", _between(-_HALF_PI, _HALF_PI), "a latitude within ±90 deg")
    lon = check.quantity("longitude", longitude, "rad")
    elev = check.quantity("elevation", elevation, "m", _between(-20e3, 20e3), "an elevation within ±20 km")
    best = isinstance(azimuth, str) and azimuth == "best"
    az = None if best else check.quantity("azimuth", azimuth, "rad")
    el = check.quantity("track_elevation", track_elevation, "rad", _between(-_HALF_PI, _HALF_PI),
                        "an angle within ±90 deg")
    return base, lat, lon, elev, az, el


def _how(check: _Problems, method, target_radius, thrust_to_mass, days, purpose: str) -> tuple:
    """The method, target radius (m), thrust-to-mass (m/s2) and N-body duration (s); None where wrong."""
    return (_method(check, method, purpose),
            check.quantity("target_radius", target_radius, "m", _between(0.05 * AU, 1000 * AU), "0.05 to 1000 AU",
                           required=True),
            check.quantity("thrust_to_mass", thrust_to_mass, "m/s2", _between(1e-9, 10.0), "1e-9 to 10 m/s2",
                           required=True),
            check.quantity("days", days, "s", _between(3600.0, 3650 * 86400.0), "1 h to 10 yr", required=True))


def _what(check: _Problems, target, delta_v_budget) -> tuple:
    """The orbit class windows look for, and the onboard Delta-v budget (m/s) of the class "target"."""
    if target not in launch_windows.TARGET_CLASSES:
        check.got("target", target, f"expected one of {', '.join(launch_windows.TARGET_CLASSES)}")
    return target, check.quantity("delta_v_budget", delta_v_budget, "m/s", _between(0.0, None),
                                  "a non-negative speed", required=True)


def _cap_launches(check: _Problems, dates: int, launches: int, span, every) -> None:
    """At most ``MAX_LAUNCHES`` launches (dates x exit speeds)."""
    if launches <= MAX_LAUNCHES:
        return
    if span is not None:
        check.add("span", f"got '{span}' every '{_text(every)}' = {launches} launches; "
                          f"expected at most {MAX_LAUNCHES:,}")
    else:
        check.add("dates", f"got {dates} dates = {launches} launches; expected at most {MAX_LAUNCHES:,}")


def _method(check: _Problems, method: str, purpose: str) -> str | None:
    methods, _ = PURPOSES[purpose]
    if method in methods:
        return method
    expected = "conic or nbody" if purpose == "windows" else f"one of {', '.join(methods)}"
    return check.got("method", method, f"expected {expected}")


def _check_nbody(check: _Problems, method: str, launches: int, purpose: str) -> None:
    """N-body follows each payload in turn: at most the purpose's count, and REBOUND installed."""
    _, most = PURPOSES[purpose]
    if launches > most:
        advice = f"(widen {check.name('every')})" if purpose == "windows" else "for N-body"
        return check.add("method", f"got '{method}' for {launches} launches; expected at most {most:,} {advice}")
    from lunarbase.physics import nbody

    try:
        nbody.import_rebound()
    except ImportError as err:
        check.got("method", method, str(err))


class Month(NamedTuple):
    """One synodic month of a windows study: its start (TDB Julian date), launches sampled, launches that reach
    the target class, and the windows that open in it."""

    start_jd: float
    launches: int
    reaching: int
    windows: tuple[launch_windows.Window, ...]


class WindowsFound(NamedTuple):
    """What a windows study finds: the launches, their lunar phase (rad), which reach the target class, the
    months and windows, outcome counts, the escaping and reaching shares, and the orbit distribution."""

    launches: Launches
    phase: np.ndarray
    reaching: np.ndarray
    months: list[Month]
    windows: list[launch_windows.Window]
    outcomes: dict[str, int]
    escape_share: float
    target_share: float
    orbits: dict[str, np.ndarray]


@dataclass(frozen=True, eq=False)
class LaunchStudy:
    """A validated launch study, SI inside: build it with ``from_inputs``.

    ``site``: the site and track (azimuth resolved); ``name``: the site as the user named it; ``exit_speed``:
    m/s, a float or (Python API) an array broadcast against the dates; ``jd``: launch dates, TDB Julian dates;
    ``method``: conic, nbody or both; ``target_radius``: m; ``thrust_to_mass``: m/s2; ``days``: how long
    N-body follows each payload, d; ``target``: the orbit class windows look for; ``delta_v_budget``: m/s, for
    the class "target".
    """

    site: launch_site.LaunchSite
    name: str
    exit_speed: float | np.ndarray
    jd: np.ndarray
    method: str = "conic"
    target_radius: float = AU
    thrust_to_mass: float = 1e-4
    days: float = 60.0
    jupiter: bool = False
    target: str = "outer"
    delta_v_budget: float = 2e3

    @classmethod
    def from_inputs(cls, site="south-polar-ridge", exit_speed=None, dates=None, azimuth=None, method="conic",
                    target_radius="1 AU", thrust_to_mass="1e-4 m/s2", days="60 d", jupiter=False, *, span=None,
                    every="1 h", latitude=None, longitude=None, elevation=None, track_elevation=None,
                    target="outer", delta_v_budget="2 km/s", purpose="depart",
                    name: Callable[[str], str] = argument_name) -> LaunchStudy:
        """The study from the user's values: strings with units or Quantities, ISO dates or an astropy Time.

        ``dates`` (one or many) or ``span`` ("START:END") every ``every``; neither: 2030-01-01 (a depart
        study) or ``WINDOWS_SPAN`` (a windows study). ``azimuth``: an angle, "best" (the sweep's track for the
        first exit speed over the month from the first launch) or None. ``purpose``: "depart" or "windows"
        (``PURPOSES``). ``name`` maps a field to what the caller calls it, for the messages. Raises
        ``LaunchStudyError``, one line per wrong field.
        """
        check = _Problems(name)
        where = _where(check, site, latitude, longitude, elevation, azimuth, track_elevation)
        speed = _exit_speed(check, exit_speed)
        if purpose == "windows" and span is None and dates is None:
            span = WINDOWS_SPAN
        jd = _launch_dates(check, dates, span, every)
        launches = None if jd is None else jd.size * (1 if speed is None else np.size(speed))
        if launches is not None:
            _cap_launches(check, jd.size, launches, span, every)
        how = _how(check, method, target_radius, thrust_to_mass, days, purpose)
        if how[0] not in (None, "conic") and launches is not None:
            _check_nbody(check, method, launches, purpose)
        aim = _what(check, target, delta_v_budget)
        if purpose == "windows" and np.ndim(speed):
            check.got("exit_speed", exit_speed, "expected one speed for launch windows")
        check.raise_any()
        method, r_t, accel, n_s = how
        study = cls(_resolve_site(*where), site if isinstance(site, str) else "custom site", speed, jd, method, r_t,
                    accel, n_s / 86400.0, bool(jupiter), *aim)
        return study.aimed_best() if isinstance(azimuth, str) and azimuth == "best" else study

    def aimed_best(self) -> LaunchStudy:
        """The study with the track that lets the largest share escape over the month from its first launch, then
        needs the least onboard Delta-v (``launch_windows.best_azimuth``, at the first exit speed)."""
        azimuth = launch_windows.best_azimuth(self.site, float(np.ravel(self.exit_speed)[0]), float(self.jd[0]),
                                              self.target_radius, self.thrust_to_mass)
        return replace(self, site=self.site._replace(track_azimuth=azimuth))

    def propagate(self, progress: Callable[[float], None] | None = None):
        """``Launches`` by the study's method, or a (conic, nbody) pair for "both"; an array of exit speeds
        gives one row per speed. ``progress``: called with the fraction done (N-body; conic, after each
        ``PROPAGATE_CHUNK`` dates: more are propagated a chunk at a time, which bounds the propagator's working
        memory to a chunk's)."""
        speed = self.exit_speed[..., None] if np.ndim(self.exit_speed) else self.exit_speed
        if self.method == "conic" and self.jd.size > PROPAGATE_CHUNK:
            return self._conic_in_chunks(speed, progress or (lambda done: None))
        return launch_windows.propagate(self.site, speed, self.jd, self.method, self.target_radius,
                                        self.thrust_to_mass, self.days, self.jupiter, progress=progress)

    def _conic_in_chunks(self, speed, progress: Callable[[float], None]) -> Launches:
        """The conic launches a chunk of dates at a time, so that a long span shows its progress and the
        propagator's intermediate arrays stay a chunk's size (each launch is propagated on its own: the chunks
        join into what one call gives)."""
        out = None
        for lo in range(0, self.jd.size, PROPAGATE_CHUNK):
            hi = min(lo + PROPAGATE_CHUNK, self.jd.size)
            part = launch_windows.propagate(self.site, speed, self.jd[lo:hi], "conic", self.target_radius,
                                            self.thrust_to_mass)
            if out is None:  # filled in place: the chunks and their join are never in memory together
                out = Launches(*(np.empty((*np.shape(f)[:-1], self.jd.size), dtype=np.asarray(f).dtype)
                                 for f in part))
            for whole, piece in zip(out, part, strict=True):
                whole[..., lo:hi] = piece
            progress(hi / self.jd.size)
        return out

    def lunar_phase(self) -> np.ndarray:
        """The Moon's elongation east of the Sun at each launch date, rad: 0 new moon, pi full moon (a chunk of
        ``PROPAGATE_CHUNK`` dates at a time: the ephemeris's per-date vectors for 2,000,000 dates took 430 MB)."""
        if self.jd.size <= PROPAGATE_CHUNK:
            return launch_windows.lunar_phase(self.jd)
        return np.concatenate([launch_windows.lunar_phase(self.jd[lo:lo + PROPAGATE_CHUNK])
                               for lo in range(0, self.jd.size, PROPAGATE_CHUNK)])

    def conic_caveat(self, conic: Launches) -> str:
        """One line where the conics' answer for these launches is not to be trusted, else "".

        The conics have been checked against N-body where a launch escapes with v_inf,E >= 1 km/s (within 1 % in
        a). Launches that do not, at or above the N-body table's lowest speed (below it nothing leaves the Moon
        by either method), are in doubt: slow leavers escape through the Sun-Earth L1/L2 region after months,
        which conics cannot see. Where the table covers the site and track the line says how many of them
        N-body expects to escape within its year (the sum of the table's escape probabilities at their speeds
        and lunar phases)."""
        table = escape_table.load()
        shape = conic.outcome.shape
        speed = np.broadcast_to(np.asarray(self.exit_speed, dtype=float)[..., None] if np.ndim(self.exit_speed)
                                else self.exit_speed, shape)
        with np.errstate(invalid="ignore"):
            doubt = ((conic.outcome != ESCAPED) | ~(conic.v_inf_earth >= escape_table.CONIC_CHECKED_V_INF_EARTH)) \
                & (speed >= table.speed[0])
        m = int(doubt.sum())
        if m == 0:
            return ""
        s = self.site
        index = escape_table.site_index(table, s.latitude, s.longitude, s.elevation, s.track_azimuth,
                                        s.track_elevation)
        rerun = "--method nbody --days '365 d' follows them"
        conic_escapes = int(np.sum(conic.outcome[doubt] == ESCAPED))
        what = f"{m} of {conic.outcome.size} launches (bound, or v∞,E < 1 km/s)"
        if not escape_table.covers(table, np.full(m, index[0]), speed[doubt]).all():
            return (f"patched conics are unchecked for {what}, where they miss slow escapes through the Sun-Earth "
                    f"L1/L2 region, and no N-body table covers this site, track and speed; {rerun}")
        phase = np.broadcast_to(self.lunar_phase(), shape)[doubt]
        p = escape_table.escape_probability(table, np.full(m, index[0]), speed[doubt], phase[:, None])[:, 0]
        return (f"patched conics are unreliable for {what}: they have {conic_escapes} escaping, the N-body table "
                f"(REBOUND, {table.meta['grid']['days']:g} d, this site and track) expects {p.sum():.0f}; {rerun}")

    def windows(self, progress: Callable[[float], None] | None = None) -> WindowsFound:
        """Propagate (conic or nbody, one exit speed) and find which launches reach the target class, per
        synodic month from the first launch, with the outcome counts, shares and orbit distribution."""
        if self.method == "both" or np.ndim(self.exit_speed):
            raise ValueError("windows: one method (conic or nbody) and one exit speed at a time")
        launches = self.propagate(progress)
        ok = launch_windows.reaches(launches, self.target, self.delta_v_budget)
        found = launch_windows.windows(self.jd, ok)
        return WindowsFound(
            launches=launches, phase=self.lunar_phase(), reaching=ok, months=self._months(ok, found), windows=found,
            outcomes={name: int(np.sum(launches.outcome == code)) for code, name in enumerate(NAMES)},
            escape_share=float(np.mean(launches.outcome == ESCAPED)), target_share=float(np.mean(ok)),
            orbits=orbit_distribution(launches))

    def _months(self, ok, found: list[launch_windows.Window]) -> list[Month]:
        """Per synodic month from the first launch: launches sampled and reaching, and the windows opening in it."""
        starts, sampled, reaching = launch_windows.per_synodic_month(self.jd, ok)
        months = []
        for m, start in enumerate(starts):
            end = start + launch_windows.SYNODIC_MONTH / ephemeris.DAY
            inside = tuple(w for w in found if start <= w.start_jd < end)
            months.append(Month(float(start), int(sampled[m]), int(reaching[m]), inside))
        return months


def orbit_distribution(launches: Launches) -> dict[str, np.ndarray]:
    """``PERCENTILES`` of each of ``DISTRIBUTION_FIELDS`` over the launches that escape, SI (NaN: none escape)."""
    escaped = launches.outcome.ravel() == ESCAPED
    out = {}
    for name in DISTRIBUTION_FIELDS:
        values = getattr(launches, name).ravel()[escaped]
        values = values[np.isfinite(values)]
        out[name] = np.percentile(values, PERCENTILES) if values.size else np.full(len(PERCENTILES), np.nan)
    return out


def as_table(launches: Launches):
    """The launches as an astropy ``QTable``: date (Time, TDB), lunar phase, outcome, and every field as a
    Quantity in its display unit, one row per launch (flattened)."""
    from astropy.table import QTable
    from astropy.time import Time

    jd = launches.jd.ravel()
    table = QTable()
    table["date"] = Time(jd, format="jd", scale="tdb")
    table["date"].format = "isot"
    table["lunar_phase"] = (launch_windows.lunar_phase(jd) * u.rad).to(u.deg)
    table["outcome"] = [NAMES[int(k)] for k in launches.outcome.ravel()]
    for name, si, display, _ in FIELDS:
        values = getattr(launches, name).ravel() * (u.Unit(si) if si else u.dimensionless_unscaled)
        table[name] = values.to(u.Unit(display)) if display else values
    return table


def depart(site="south-polar-ridge", exit_speed=2.5 * u.km / u.s, dates="2030-01-01", azimuth=None,
           method: str = "conic", target_radius=1.0 * u.AU, thrust_to_mass=1e-4 * u.m / u.s**2, days=60 * u.day):
    """Throw payloads off the Moon from Python: quantities in, ``QTable`` out (a pair for ``method="both"``).

    ``site``: a preset name or a ``launch_site.LaunchSite``; ``exit_speed``: a Quantity (scalar or array,
    broadcast against the dates); ``dates``: ISO strings or an astropy ``Time`` (read as TDB); ``azimuth``: a
    Quantity angle, "best", or None for the site's own (prograde) track. Bad values raise ``LaunchStudyError``
    (a ValueError), one line per problem, as the command line words them.

        >>> from astropy import units as u
        >>> from lunarbase import depart
        >>> depart("south-polar-ridge", [2.45, 2.5, 3.0] * u.km / u.s, "2030-01-01")["a"]
    """
    study = LaunchStudy.from_inputs(site, exit_speed, dates, azimuth, method, target_radius, thrust_to_mass, days)
    result = study.propagate()
    return tuple(as_table(x) for x in result) if method == "both" else as_table(result)
