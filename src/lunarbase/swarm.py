"""The swarm: every satellite a run deploys, in its heliocentric orbit, and where it is as the years pass.

From a ``Run`` of a surface base on the Moon (``engine.simulate``) to each satellite's orbit:

1. **Who.** Step k launches ``satellites_launched * dt * escape_share`` satellites that leave the Earth-Moon
   system (the fleet's own count). A satellite launched at t_k enters service a design transfer later,
   T_d = delta_v_to_target / (F/m) (as ``surface_base`` delays it), and then survives with the fleet's law
   s(tau) = exp(-f tau) for tau < L (``satellite.failure_rate``, the design's ``service_life``; ``fleet``).
   ``build(run, year=Y)`` takes the satellites alive in year Y (each cohort weighted by its share still
   alive at mid-year; those still in transfer count whole); ``build(run)`` every satellite ever launched,
   each with a death date drawn from the same law. Either way: every satellite when ``satellites`` is at least
   their number, else a weighted sample of that size, drawn systematically over the cohorts' weights (each
   stands for total / n satellites: the same launch-date and survival statistics).
2. **Departure.** Each satellite gets its own launch instant, uniform within its step. Its state on leaving
   the Earth's Hill sphere comes from the same patched conics as ``physics.patched_conics`` (Moon -> Earth
   -> Sun, ephemeris states at each hand-over), evaluated from the scenario's site and track at that instant:
   so the lunar phase at launch sets the direction of v_inf,E, and with it where each satellite goes. A
   launch the conics say does not escape (the N-body table may count it: slow leavers through L1/L2) is
   re-drawn within its step (up to ``_CANDIDATES`` tries); with ``departure.model = "angle"`` (no site) v_inf,E
   (the departure's mean) lies along the Moon's geocentric velocity at launch, in the ecliptic (assumption:
   the Earth's hyperbola does not turn it).
3. **Transfer.** The onboard Delta-v to a circular orbit at r_t (``patched_conics.low_thrust_to_circular``,
   per satellite) takes T = dv / (F/m). Edelbaum's steering holds the acceleration constant, so the
   circular-equivalent speed moves linearly from v0 = sqrt(mu / a0) to v_t = sqrt(mu / r_t) and the mean
   longitude advances by int n dt = int v^3 / mu dt = T (v0 + v_t)(v0^2 + v_t^2) / (4 mu) (Edelbaum 1961,
   ARS J. 31; Kechichian 1997, J. Guid. Control Dyn. 20); e falls linearly to 0; i and Omega stay (the plane
   is not matched: ``low_thrust_to_circular``). After T: a circular orbit at r_t. Satellites on a
   heliocentric hyperbola (a < 0) never circularise and leave.
4. **Where.** ``Swarm.states(jd)``: positions and velocities (n, m, 3), heliocentric, J2000 ecliptic, SI, at
   m TDB Julian dates, through ``physics.propagation`` (Kepler) from each satellite's elements at each date.

Geometry (``geometry``): distance and one-way light time to the Earth (ephemeris Earth, ``physics.ephemeris``),
the Sun-Earth-satellite angle (SEP), and the link outage of a solar conjunction, SEP < the scenario's
``links.conjunction_angle`` (one angle, sourced in the schema, for the swarm and the fleet's links alike).
``neighbours`` counts satellites within a cluster radius (scipy cKDTree) at a date; ``close_approaches`` the
pairs closer than a distance. Two-body motion only: the Earth's pull on co-orbiting satellites (horseshoe and
tadpole orbits near 1 AU) and the planets' perturbations are left out, so is sunlight pressure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from lunarbase.constants import (
    EARTH_GM,
    EARTH_HILL_RADIUS,
    MOON_GM,
    MOON_SOI_RADIUS,
    OBLIQUITY_J2000,
    SPEED_OF_LIGHT,
    SUN_GM,
)
from lunarbase.physics import ephemeris, kepler, patched_conics, propagation
from lunarbase.subsystems import departure as departure_mod
from lunarbase.subsystems import launch_site

#: Satellites ``build`` takes when none is asked for (a weighted sample above this).
DEFAULT_SATELLITES = 20_000
#: Neighbours within this distance count as one cluster, m (assumption: an optical inter-satellite link's range;
#: Starlink's lasers link satellites thousands of km apart, SpaceX 2024; a CLI option).
CLUSTER_RADIUS = 1000e3
#: Pairs closer than this count as close approaches, m (assumption: 10 km, a screening distance well above a
#: satellite's size and below the inter-satellite spacing of a swarm of millions near 1 AU).
CLOSE_APPROACH = 10e3
#: Launch instants tried within a step for a launch the conics say escapes (``build``).
_CANDIDATES = 8
#: Launches or satellites handled at a time (memory: a few dozen float arrays of this size).
_CHUNK = 250_000
#: Most satellite-dates ``summarise`` evaluates; above it the dates thin out (``step_days`` grows).
SATELLITE_DATES = 200_000_000
#: Seconds since J2000 TDB of a Julian date.
_DAY = ephemeris.DAY


class SwarmError(ValueError):
    """What the swarm cannot be made from: one line (field, value, what was expected)."""


def jd_of_year(year):
    """TDB Julian date of a decimal year (Julian years from J2000.0, as ``ephemeris.year_from_jd``)."""
    return ephemeris.J2000_JD + (np.asarray(year, dtype=float) - 2000.0) * 365.25


@dataclass(frozen=True)
class Swarm:
    """Satellites (n,) and their orbits; times as TDB Julian dates, elements SI (``propagation.Elements``,
    epoch s since J2000 TDB), heliocentric J2000 ecliptic. ``weight``: satellites each stands for (1 when every
    satellite is there); ``death_jd``: when it fails or retires (inf where ``weight`` already holds the
    survival, for a swarm built at one year)."""

    launch_jd: np.ndarray
    leave_jd: np.ndarray
    arrive_jd: np.ndarray
    death_jd: np.ndarray
    weight: np.ndarray
    cohort: np.ndarray  # launch year (int)
    initial: propagation.Elements  # on leaving the Earth's Hill sphere, epoch = leave time
    target_radius: float
    total: float  # satellites the swarm stands for
    year: float | None
    method: str  # how the departures were found, in words

    @property
    def size(self) -> int:
        return int(self.weight.size)

    def take(self, idx) -> Swarm:
        """The satellites at ``idx``, as a swarm of their own (same total and settings)."""
        per_satellite = ("launch_jd", "leave_jd", "arrive_jd", "death_jd", "weight", "cohort")
        return Swarm(**{**self.__dict__, **{name: getattr(self, name)[idx] for name in per_satellite},
                        "initial": propagation.Elements(*(np.asarray(x)[idx] for x in self.initial))})

    def alive(self, jd) -> np.ndarray:
        """(n, m): launched by ``jd`` and not yet dead."""
        jd = np.atleast_1d(np.asarray(jd, dtype=float))[None, :]
        return (self.launch_jd[:, None] <= jd) & (jd < self.death_jd[:, None])

    def elements(self, jd) -> propagation.Elements:
        """Each satellite's osculating elements at each date (n, m), epoch at that date (module docstring, 3)."""
        jd = np.atleast_1d(np.asarray(jd, dtype=float))[None, :]
        t = (jd - ephemeris.J2000_JD) * _DAY
        el = [np.asarray(x)[:, None] for x in self.initial]
        a0, e0, i0, raan0, argp0, m0, t_leave = el
        t_arrive = (self.arrive_jd[:, None] - ephemeris.J2000_JD) * _DAY
        # A satellite on a heliocentric hyperbola, or one given no transfer (arrive_jd inf), stays on its conic.
        bound = (a0 > 0.0) & np.isfinite(t_arrive)
        span = np.where(bound, t_arrive - t_leave, np.inf)
        with np.errstate(invalid="ignore", divide="ignore"):
            v0 = np.sqrt(SUN_GM / np.abs(a0))
            vt = np.sqrt(SUN_GM / self.target_radius)
            n0 = np.sqrt(SUN_GM / np.abs(a0) ** 3)
            span_f = np.where(bound, span, 0.0)
            s = np.clip(t - t_leave, 0.0, span_f)  # time spent in the transfer so far
            tau = np.where(span_f > 0, s / np.where(span_f > 0, span_f, 1.0), 0.0)
            v = v0 + (vt - v0) * tau
            dv = vt - v0
            # int_0^s v^3 / mu: the mean longitude gained in the transfer (closed form; v0^3 s / mu when dv ~ 0)
            gained = np.where(np.abs(dv) > 1e-9 * v0, span_f * (v**4 - v0**4) / (4.0 * SUN_GM * np.where(
                np.abs(dv) > 1e-9 * v0, dv, 1.0)), v0**3 * s / SUN_GM)
            before = np.minimum(t - t_leave, 0.0) * n0  # on the initial conic before it leaves the Hill sphere
            after = np.maximum(t - t_leave - span_f, 0.0) * vt**3 / SUN_GM
            begun = bound & (t > t_leave)
            a = np.where(begun, SUN_GM / v**2, a0)
            e = np.where(begun, e0 * (1.0 - tau), e0)
            m = np.where(bound, m0 + before + gained + after, m0 + n0 * (t - t_leave))
        shape = np.broadcast_shapes(a.shape, t.shape)
        return propagation.Elements(*(np.broadcast_to(x, shape) for x in (a, e, i0, raan0, argp0, m, t)))

    def states(self, jd, backend: str = "auto") -> tuple[np.ndarray, np.ndarray]:
        """Positions (n, m, 3) m and velocities (n, m, 3) m/s at TDB dates ``jd`` (m,); heliocentric ecliptic."""
        el = self.elements(jd)
        return propagation.states(SUN_GM, el, el.epoch, backend=backend)


def _problem(message: str) -> SwarmError:
    return SwarmError(message)


def years_covered(run) -> tuple[float, float]:
    """The first and last decimal years a swarm of ``run`` can be asked about (its time grid)."""
    return float(run.t[0]), float(run.t[-1] + run.dt / (365.25 * _DAY))


def satellites_problem(satellites: int) -> str | None:
    """The line refusing a count of satellites to follow, or None (the CLI, the server and ``build`` share it)."""
    return None if int(satellites) > 0 else f"swarm: --satellites: got {satellites}; expected a whole number > 0"


def year_problem(horizon, year: float) -> str | None:
    """The line refusing a ``year`` outside the scenario's ``horizon`` (its ``start_year`` to the end of its
    ``end_year``), or None: checked on the parameters, so a caller can refuse it before running the model."""
    if horizon.start_year <= year < horizon.end_year + 1:
        return None
    return (f"swarm: --year: got {year:g}; expected a year in the run, {horizon.start_year} to {horizon.end_year} "
            "(or a longer horizon: --years)")


def build(run, year: float | None = None, satellites: int = DEFAULT_SATELLITES, seed: int = 0) -> Swarm:
    """The swarm of ``run`` (module docstring): alive in ``year`` if given, else every satellite ever launched;
    at most ``satellites`` of them (a weighted sample above that). Raises ``SwarmError`` (one line) for a run
    with no heliocentric swarm, a year outside the run, or no satellite."""
    p, design = run.scenario.params, run.design
    if run.samples is not None:
        raise _problem("swarm: got a run of samples; expected one scenario's run")
    if p.route.kind != "surface-base" or getattr(design.body, "name", None) != "moon":
        raise _problem(f"swarm: scenario {run.scenario.name} is route '{p.route.kind}' on "
                       f"{getattr(design.body, 'name', 'no body')}; expected a surface base on the Moon (its "
                       "satellites go into heliocentric orbit through the Earth-Moon system)")
    for line in (satellites_problem(satellites), None if year is None else year_problem(p.horizon, year)):
        if line is not None:
            raise _problem(line)
    dt_year = run.dt / (365.25 * _DAY)
    dep = design.departure
    share = float(np.ravel(dep.escape_share)[0])
    escaping = np.asarray(run["satellites_launched"], dtype=float) * run.dt * share
    thrust = float(p.departure.thrust_to_mass)
    r_t = float(p.departure.target_orbit_radius)
    design_transfer_years = float(np.nan_to_num(np.ravel(dep.delta_v_to_target)[0], nan=0.0)) / thrust / (
        365.25 * _DAY)
    failure = float(p.satellite.failure_rate) * 365.25 * _DAY  # 1/yr
    life = float(np.ravel(design.satellite.service_life)[0]) / (365.25 * _DAY)  # yr
    starts = run.t
    if year is not None:
        mid = np.floor(year) + 0.5 if year == np.floor(year) else year
        age = mid - (starts + 0.5 * dt_year) - design_transfer_years
        survive = np.where(age < 0.0, 1.0, np.exp(-failure * np.maximum(age, 0.0)) * (age < life))
        weights = np.where(starts + 0.5 * dt_year <= mid, escaping * survive, 0.0)
    else:
        weights = escaping
    total = float(weights.sum())
    if not total > 0.0:
        when = f"alive in {year:g}" if year is not None else "launched"
        raise _problem(f"swarm: no satellite {when} in scenario {run.scenario.name}; expected a year after the "
                       "first launches (see `lunarbase run`)")
    n = int(min(int(satellites), max(1, int(np.ceil(total - 1e-9)))))
    rng = np.random.default_rng(seed)
    if year is None and n < total:
        # Every launch year gets an equal share of the sample (each point weighted by its year's count / share), so
        # that the early, sparse years of a view are drawn as well as the crowded late ones.
        strata = np.floor(starts + 1e-9)
        picks, point_weight = [], []
        years_with = np.unique(strata[weights > 0])
        shares = np.full(years_with.size, n // years_with.size) + (np.arange(years_with.size) < n % years_with.size)
        for y, k in zip(years_with, shares, strict=True):
            inside = np.flatnonzero(strata == y)
            w_y = weights[inside].sum()
            k = int(min(k, max(1, np.ceil(w_y - 1e-9))))
            picks.append(inside[_systematic(weights[inside], k, rng)])
            point_weight.append(np.full(k, w_y / k))
        picks, point_weight = np.concatenate(picks), np.concatenate(point_weight)
    else:
        picks = _systematic(weights, n, rng)
        point_weight = np.full(n, total / n)
    step_start = starts[picks]
    launch_year, leave, escaped = _launches(p, design, step_start, dt_year, rng)
    keep = escaped
    if not keep.any():
        raise _problem(f"swarm: no launch of scenario {run.scenario.name} escapes the Earth-Moon system by the "
                       "patched conics; expected an exit speed that leaves (see `lunarbase depart`)")
    launch_year, picks, point_weight = launch_year[keep], picks[keep], point_weight[keep]
    point_weight *= total / point_weight.sum()  # the few launches no try let escape: the others stand for them
    r, v, leave_jd = leave[0][keep], leave[1][keep], leave[2][keep]
    n = int(keep.sum())
    initial = propagation.elements_of(SUN_GM, r, v, (leave_jd - ephemeris.J2000_JD) * _DAY)
    dv, transfer_s = patched_conics.low_thrust_to_circular(initial.a, initial.e, initial.i, r_t, thrust)
    arrive = leave_jd + np.where(np.isfinite(transfer_s), transfer_s, np.inf) / _DAY
    launch_jd = jd_of_year(launch_year)
    if year is None:
        service = launch_jd + design_transfer_years * 365.25
        lasts = np.minimum(rng.exponential(1.0 / failure, n) if failure > 0 else np.inf, life)
        death = service + lasts * 365.25
    else:
        death = np.full(n, np.inf)
    method = (f"patched conics from the site ({p.site.latitude * 180 / np.pi:.2f} deg, "
              f"{p.site.longitude * 180 / np.pi:.2f} deg) at each launch instant" if p.departure.model == "site"
              else "v_inf,E along the Moon's velocity at launch (departure.model = angle)")
    return Swarm(launch_jd=launch_jd, leave_jd=leave_jd, arrive_jd=arrive, death_jd=death,
                 weight=point_weight, cohort=np.floor(launch_year).astype(np.int64), initial=initial,
                 target_radius=r_t, total=total, year=year, method=method)


def _systematic(weights, k, rng) -> np.ndarray:
    """k indices drawn in proportion to ``weights`` by systematic sampling (one uniform offset, k even steps
    through the cumulative weight): each index drawn floor or ceil of its expected count."""
    cumulative = np.cumsum(weights)
    picks = np.searchsorted(cumulative, (rng.random() + np.arange(k)) / k * cumulative[-1], side="right")
    return np.minimum(picks, weights.size - 1)


def _launches(p, design, step_start, dt_year, rng):
    """Launch instants (decimal years) within each satellite's step and its heliocentric ecliptic state on
    leaving the Earth's Hill sphere ((n, 3) m, (n, 3) m/s, TDB JD); ``escaped`` False where no try escaped.
    Tries again, for those that did not escape, up to ``_CANDIDATES`` times; ``_CHUNK`` launches at a time."""
    n = step_start.size
    when = np.full(n, np.nan)
    r, v, leave_jd = np.full((n, 3), np.nan), np.full((n, 3), np.nan), np.full(n, np.nan)
    ok = np.zeros(n, dtype=bool)
    for _ in range(_CANDIDATES):
        pending = np.flatnonzero(~ok)
        if pending.size == 0:
            break
        tries = step_start[pending] + rng.random(pending.size) * dt_year
        for lo in range(0, pending.size, _CHUNK):
            idx, t = pending[lo:lo + _CHUNK], tries[lo:lo + _CHUNK]
            if p.departure.model == "site":
                got = departure_states(p, design, jd_of_year(t))
            else:
                got = _planar_states(float(np.ravel(design.departure.v_inf_earth)[0]), jd_of_year(t))
            hit = got[3]
            when[idx[hit]], r[idx[hit]], v[idx[hit]], leave_jd[idx[hit]] = t[hit], got[0][hit], got[1][hit], got[2][hit]
            ok[idx[hit]] = True
    return np.where(ok, when, step_start), (r, v, leave_jd), ok


def departure_states(p, design, jd):
    """Heliocentric J2000-ecliptic states on leaving the Earth's Hill sphere of launches from the scenario's
    site and track at TDB dates ``jd`` (any shape): (r, v, leave_jd, escaped), the chain of
    ``patched_conics._conic_chain`` (Moon's sphere at 66,100 km, Earth's Hill sphere at 1.5e9 m) keeping the
    state where that kernel keeps only the elements."""
    exit_speed = design.launcher["exit_speed"]
    site, speed, start_jd = departure_mod._track(p, exit_speed)
    if p.mass_driver.track_aim == "best":
        site = site._replace(track_azimuth=departure_mod._best_azimuths(
            site, speed, start_jd, p.departure.target_orbit_radius, p.departure.thrust_to_mass))
    site = launch_site.LaunchSite(*(float(np.ravel(x)[0]) for x in site[:5]), site.note)
    jd = np.asarray(jd, dtype=float)
    r_sel, v_sel = launch_site.launch_states(site, float(np.ravel(speed)[0]), jd)
    lo, hi = float(jd.min()), float(jd.max()) + 400.0
    moon = ephemeris.node_table("moon", "earth", lo, hi)
    earth = ephemeris.node_table("earth", "sun", lo, hi)
    c = [r_sel[..., k] for k in range(3)] + [v_sel[..., k] for k in range(3)]
    with np.errstate(invalid="ignore", divide="ignore"):
        a_m, e_m, _, rp_m, ra_m, eps_m, _, p_m, q_m = kepler.conic_of(MOON_GM, *c)
        inbound = c[0] * c[3] + c[1] * c[4] + c[2] * c[5] < 0.0
        r0 = np.sqrt(c[0] ** 2 + c[1] ** 2 + c[2] ** 2)
        from_surface = r0 <= patched_conics.MOON_RADIUS + patched_conics.MOON_HIGHEST_TERRAIN
        falls = ((rp_m < patched_conics.MOON_IMPACT_RADIUS) & ((eps_m <= 0.0) | inbound)) | (
            (eps_m <= 0.0) & from_surface)
        leaves_moon = (eps_m > 0.0) & ~falls
        t_moon = np.where(leaves_moon, kepler.time_between_radii_of(MOON_GM, a_m, e_m, rp_m, ra_m, r0, inbound,
                                                                    MOON_SOI_RADIUS), 0.0)
        w = kepler.asymptote_of(e_m, eps_m, p_m, q_m)
        m = ephemeris.hermite_state(moon.r, moon.v, moon.first_jd, jd + np.nan_to_num(t_moon) / _DAY)
        g = [m[k] + c[k] for k in range(3)] + [m[3 + k] + w[k] for k in range(3)]
        a_g, e_g, _, rp_g, ra_g, eps_g, h_g, p_g, q_g = kepler.conic_of(EARTH_GM, *g)
        g_inbound = g[0] * g[3] + g[1] * g[4] + g[2] * g[5] < 0.0
        hits_earth = leaves_moon & (rp_g < patched_conics.EARTH_RADIUS) & ((eps_g <= 0.0) | g_inbound)
        escapes = leaves_moon & (eps_g > 0.0) & ~hits_earth
        r_g0 = np.sqrt(g[0] ** 2 + g[1] ** 2 + g[2] ** 2)
        t_earth = np.where(escapes, kepler.time_between_radii_of(EARTH_GM, a_g, e_g, rp_g, ra_g, r_g0, g_inbound,
                                                                 EARTH_HILL_RADIUS), 0.0)
        t_hill = np.nan_to_num(t_moon) + np.nan_to_num(t_earth)
        x = kepler.state_at_radius_of(EARTH_GM, e_g, h_g, p_g, q_g, EARTH_HILL_RADIUS)
        leave_jd = jd + t_hill / _DAY
        sun = ephemeris.hermite_state(earth.r, earth.v, earth.first_jd, leave_jd)
    r = ephemeris.ecliptic_from_icrs(np.stack([sun[k] + x[k] for k in range(3)], axis=-1))
    v = ephemeris.ecliptic_from_icrs(np.stack([sun[3 + k] + x[3 + k] for k in range(3)], axis=-1))
    ok = escapes & np.all(np.isfinite(r), axis=-1) & np.all(np.isfinite(v), axis=-1)
    return r, v, leave_jd, ok


def _planar_states(v_inf_earth, jd):
    """``departure.model = "angle"``: the Earth's heliocentric state plus v_inf,E along the Moon's geocentric
    velocity at launch, projected on the ecliptic (module docstring, 2)."""
    jd = np.asarray(jd, dtype=float)
    r_e, v_e = ephemeris.relative_states("earth", "sun", jd)
    _, v_m = ephemeris.relative_states("moon", "earth", jd)
    r_e, v_e, v_m = (ephemeris.ecliptic_from_icrs(x) for x in (r_e, v_e, v_m))
    v_m[..., 2] = 0.0
    direction = v_m / np.linalg.norm(v_m, axis=-1, keepdims=True)
    ok = np.full(jd.shape, np.isfinite(v_inf_earth) and v_inf_earth > 0.0)
    return r_e, v_e + np.nan_to_num(v_inf_earth) * direction, jd, ok


class Geometry(NamedTuple):
    """The swarm seen from the Earth at m dates: per satellite and date (n, m) unless said."""

    jd: np.ndarray  # (m,) TDB
    distance_m: np.ndarray  # to the Earth's centre
    light_time_s: np.ndarray  # one way, distance / c
    sun_angle_rad: np.ndarray  # Sun-Earth-satellite angle (SEP)
    weight: np.ndarray  # satellites each stands for, 0 where not alive at that date
    earth_m: np.ndarray  # (m, 3) the Earth, heliocentric ecliptic


def earth_positions(jd) -> np.ndarray:
    """The Earth's heliocentric J2000-ecliptic positions (m, 3), m, from the shipped ephemeris."""
    r, _ = ephemeris.relative_states("earth", "sun", np.atleast_1d(np.asarray(jd, dtype=float)))
    return ephemeris.ecliptic_from_icrs(r)


def body_positions(body: str, jd) -> np.ndarray:
    """Heliocentric J2000-ecliptic positions (m, 3) of "earth" or "moon" (the shipped ephemeris)."""
    r, _ = ephemeris.relative_states(body, "sun", np.atleast_1d(np.asarray(jd, dtype=float)))
    return ephemeris.ecliptic_from_icrs(r)


def sight_lines(r_sat, r_earth):
    """Distance (m), one-way light time (s) and Sun-Earth-satellite angle (rad) of satellites at ``r_sat``
    (..., 3) seen from the Earth at ``r_earth`` (broadcast): d = |r - r_E|, t = d / c, cos SEP = (-r_E).(r - r_E)
    / (|r_E| d)."""
    los = np.asarray(r_sat, dtype=float) - r_earth
    d = np.linalg.norm(los, axis=-1)
    cos_sep = np.sum(-np.asarray(r_earth) * los, axis=-1) / (np.linalg.norm(r_earth, axis=-1) * d)
    return d, d / SPEED_OF_LIGHT, np.arccos(np.clip(cos_sep, -1.0, 1.0))


def geometry(swarm: Swarm, jd) -> Geometry:
    """Distance, light time and Sun-Earth-satellite angle of every satellite at TDB dates ``jd`` (m,)."""
    jd = np.atleast_1d(np.asarray(jd, dtype=float))
    r, _ = swarm.states(jd)
    earth = earth_positions(jd)
    d, light, sep = sight_lines(r, earth[None, :, :])
    weight = np.where(swarm.alive(jd), swarm.weight[:, None], 0.0)
    return Geometry(jd, d, light, sep, weight, earth)


def weighted_quantiles(values, weights, q) -> np.ndarray:
    """Quantiles ``q`` of ``values`` with ``weights`` (both flattened; zero weights ignored): the inverse of the
    weighted empirical distribution at the midpoints of each value's weight (Hyndman & Fan type 5 for equal
    weights)."""
    values, weights = np.ravel(values), np.ravel(weights)
    keep = (weights > 0) & np.isfinite(values)
    values, weights = values[keep], weights[keep]
    if values.size == 0:
        return np.full(np.shape(q), np.nan)
    order = np.argsort(values)
    values, weights = values[order], weights[order]
    cum = (np.cumsum(weights) - 0.5 * weights) / weights.sum()
    return np.interp(q, cum, values)


class YearSummary(NamedTuple):
    """What ``lunarbase swarm`` prints for one year (SI; percentiles over satellites and the year's dates)."""

    year: float
    satellites: float  # alive at mid-year (a swarm built at the year), else the mean over the year's dates
    sampled: int
    distance_m: dict  # p05, p50, p95
    light_time_s: dict
    outage_days_per_year: float  # weighted mean over satellites
    outage_p95_days: float
    share_ever_in_conjunction: float
    neighbours_within: float  # estimated satellites within cluster_radius of one, mean (mid-year)
    clustered_share: float  # share with at least one other within cluster_radius (mid-year)
    nearest_neighbour_m: dict  # p05, p50, p95 within the sample (mid-year)
    close_pairs: int  # pairs in the sample closer than close_approach (mid-year)
    conjunction_angle_rad: float
    cluster_radius_m: float
    close_approach_m: float
    step_days: float


QUANTILES = {"p05": 0.05, "p50": 0.5, "p95": 0.95}


def year_dates(year: float, step_days: float = 2.0) -> np.ndarray:
    """TDB dates through the Julian year starting at ``year`` (its integer part), every ``step_days``."""
    start = jd_of_year(np.floor(year))
    return start + np.arange(0.0, 365.25, step_days)


def summarise(swarm: Swarm, year: float, *, conjunction_angle: float, step_days: float = 2.0,
              cluster_radius: float = CLUSTER_RADIUS, close_approach: float = CLOSE_APPROACH) -> YearSummary:
    """The year's figures: distance and light-time percentiles over satellites and dates (weighted), solar
    conjunction outage days per year (the share of the year's dates a satellite is alive and SEP <
    ``conjunction_angle``, rad, the scenario's ``links.conjunction_angle``: no default here, so the swarm's outage
    and the fleet's cannot disagree), over the share it is alive, times 365.25 d), neighbours at mid-year.

    Satellites go through in chunks; the percentiles come from a weighted histogram of log distance with bins
    0.05 % wide (a quantile within 0.05 % of the exact one), so memory does not grow with satellites x dates.
    Above ``SATELLITE_DATES`` satellite-dates the dates thin out (``step_days`` grows; the result says it)."""
    step_days = max(step_days, 365.25 * swarm.size / SATELLITE_DATES)
    jd = year_dates(year, step_days)
    earth = earth_positions(jd)
    edges = np.linspace(np.log(1e5), np.log(1e14), int(np.log(1e9) / 5e-4) + 1)  # 1e5 to 1e14 m, 0.05 % bins
    hist = np.zeros(edges.size + 1)
    alive_days = np.zeros(swarm.size)
    out = np.zeros(swarm.size)
    alive_weight = np.zeros(jd.size)
    per_chunk = max(1, _CHUNK * 8 // jd.size)
    for lo in range(0, swarm.size, per_chunk):
        part = swarm.take(np.arange(lo, min(lo + per_chunk, swarm.size)))
        r, _ = part.states(jd)
        d, _, sep = sight_lines(r, earth[None, :, :])
        w = np.where(part.alive(jd), part.weight[:, None], 0.0)
        hist += np.bincount(np.searchsorted(edges, np.log(np.maximum(d, 1.0)).ravel()), weights=w.ravel(),
                            minlength=edges.size + 1)
        alive_days[lo:lo + part.size] = np.sum(w > 0, axis=1)
        out[lo:lo + part.size] = np.sum((w > 0) & (sep < conjunction_angle), axis=1)
        alive_weight += w.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        outage = np.where(alive_days > 0, out / alive_days * 365.25, np.nan)
    per_sat = np.where(alive_days > 0, swarm.weight, 0.0)
    weight_sum = per_sat.sum()
    mean_outage = float(np.sum(np.nan_to_num(outage) * per_sat) / weight_sum) if weight_sum > 0 else np.nan
    distance = dict(zip(QUANTILES, _histogram_quantiles(hist, edges, list(QUANTILES.values())), strict=True))
    mid = jd_of_year(np.floor(year) + 0.5)
    near = neighbours(swarm, mid, cluster_radius)
    return YearSummary(
        year=year, satellites=swarm.total if swarm.year is not None else float(np.mean(alive_weight)),
        sampled=swarm.size, distance_m=distance,
        light_time_s={k: float(light_time_of(v)) for k, v in distance.items()},
        outage_days_per_year=mean_outage,
        outage_p95_days=float(weighted_quantiles(outage, per_sat, 0.95)),
        share_ever_in_conjunction=float(np.sum(per_sat * (out > 0)) / weight_sum) if weight_sum else np.nan,
        neighbours_within=near.mean_neighbours, clustered_share=near.clustered_share,
        nearest_neighbour_m=near.nearest_m, close_pairs=close_approaches(swarm, mid, close_approach),
        conjunction_angle_rad=conjunction_angle, cluster_radius_m=cluster_radius, close_approach_m=close_approach,
        step_days=step_days)


def _histogram_quantiles(hist, edges, q) -> np.ndarray:
    """Quantiles of a weighted histogram of log values (``np.searchsorted`` bins over ``edges``), linear in each
    bin's log range; values back in linear units."""
    total = hist.sum()
    if not total > 0:
        return np.full(len(q), np.nan)
    inner = hist[1:-1]  # values below 1e5 m or above 1e14 m fall outside: none do near 1 AU
    cum = np.concatenate([[hist[0]], hist[0] + np.cumsum(inner)]) / total
    return np.exp(np.interp(q, cum, edges))


class Neighbours(NamedTuple):
    """Neighbours at one date. Per satellite (n,): ``within`` the estimated number of other satellites within the
    radius (the weights of the sample's points in the ball: an unbiased estimate of the swarm's count), NaN
    where not alive; ``nearest_sample_m`` the distance to the nearest other point of the sample (the swarm's
    own nearest neighbour when every satellite is there, an upper bound otherwise)."""

    within: np.ndarray
    nearest_sample_m: np.ndarray
    mean_neighbours: float
    clustered_share: float  # weighted share of satellites with an estimated >= 1 other within the radius
    nearest_m: dict


def neighbours(swarm: Swarm, jd: float, radius: float = CLUSTER_RADIUS) -> Neighbours:
    """Neighbours within ``radius`` of each satellite alive at ``jd`` (scipy cKDTree)."""
    from scipy.spatial import cKDTree

    r, _ = swarm.states(np.array([jd]))
    alive = swarm.alive(np.array([jd]))[:, 0]
    pts, w = r[alive, 0, :], swarm.weight[alive]
    within = np.full(swarm.size, np.nan)
    nearest = np.full(swarm.size, np.nan)
    if pts.shape[0] < 2:
        return Neighbours(within, nearest, np.nan, np.nan, dict.fromkeys(QUANTILES, np.nan))
    tree = cKDTree(pts)
    dist, _ = tree.query(pts, k=2)
    counts = tree.query_ball_point(pts, radius, return_length=True) - 1  # itself excluded
    # A point found in a ball stands for its weight in satellites; the satellite itself's own cohort-mates
    # (weight - 1 of them) are not located by the sample, so they are not counted.
    est = counts * w
    within[alive], nearest[alive] = est, dist[:, 1]
    total = w.sum()
    return Neighbours(within, nearest, float(np.sum(est * w) / total), float(np.sum(w * (est >= 1.0)) / total),
                      dict(zip(QUANTILES, weighted_quantiles(dist[:, 1], w, list(QUANTILES.values())), strict=True)))


def close_approaches(swarm: Swarm, jd: float, distance: float = CLOSE_APPROACH) -> int:
    """Pairs of the sample alive at ``jd`` closer than ``distance`` (cKDTree.query_pairs)."""
    from scipy.spatial import cKDTree

    r, _ = swarm.states(np.array([jd]))
    pts = r[swarm.alive(np.array([jd]))[:, 0], 0, :]
    return 0 if pts.shape[0] < 2 else len(cKDTree(pts).query_pairs(distance, output_type="ndarray"))


def link_inputs(swarm: Swarm, jd: float, cluster_radius: float = CLUSTER_RADIUS) -> dict[str, np.ndarray]:
    """Per-satellite arrays at one date for a link and workload model, shape (k,) over the k satellites alive:
    ``distance_m``, ``light_time_s``, ``sun_angle_rad``, ``weight`` (satellites each stands for),
    ``neighbours_within`` (estimated satellites within ``cluster_radius``), and ``cluster_share`` (a float: the
    weighted share with at least one within). For ``usable_fraction(p, distance_m, sun_angle_rad,
    cluster_share)``: weight its per-satellite result by ``weight``."""
    geo = geometry(swarm, np.array([jd]))
    alive = geo.weight[:, 0] > 0
    near = neighbours(swarm, jd, cluster_radius)
    return {"distance_m": geo.distance_m[alive, 0], "light_time_s": geo.light_time_s[alive, 0],
            "sun_angle_rad": geo.sun_angle_rad[alive, 0], "weight": geo.weight[alive, 0],
            "neighbours_within": near.within[alive], "cluster_share": near.clustered_share}


def light_time_of(distance_m):
    """One-way light time, s: d / c (1 AU: 499.005 s)."""
    return np.asarray(distance_m, dtype=float) / SPEED_OF_LIGHT


__all__ = ["CLOSE_APPROACH", "CLUSTER_RADIUS", "DEFAULT_SATELLITES", "Geometry", "Neighbours",
           "Swarm", "SwarmError", "YearSummary", "build", "close_approaches", "geometry", "link_inputs", "neighbours",
           "summarise", "weighted_quantiles"]


def icrf_from_ecliptic(vectors) -> np.ndarray:
    """J2000 ecliptic vectors to ICRF (equatorial) axes: the inverse of ``ephemeris.ecliptic_from_icrs``."""
    c, s = np.cos(OBLIQUITY_J2000), np.sin(OBLIQUITY_J2000)
    x = np.asarray(vectors, dtype=float)
    return np.stack([x[..., 0], c * x[..., 1] - s * x[..., 2], s * x[..., 1] + c * x[..., 2]], axis=-1)


class History(NamedTuple):
    """The swarm through the years for a view: F frame dates, n satellites (a sample, shuffled)."""

    swarm: Swarm
    jd: np.ndarray  # (F,) TDB
    position_m: np.ndarray  # (n, F, 3) heliocentric ecliptic
    velocity_m_s: np.ndarray  # (n, F, 3)
    alive: np.ndarray  # (n, F)
    earth_m: np.ndarray  # (F, 3)
    moon_m: np.ndarray  # (F, 3)


#: Most satellites a history holds (``history``): what a browser draws smoothly across every frame.
VIEW_POINTS = 200_000


def history(run, frames_per_year: float = 1.0, satellites: int = 20_000, seed: int = 0,
            until_year: float | None = None) -> History:
    """Every satellite ever launched (each with a drawn death date: ``build`` with no year), or a sample of at
    most ``satellites``, at frame dates from the first launch year to ``until_year`` (default the run's end),
    ``frames_per_year`` a year, mid-year first."""
    s = build(run, None, satellites, seed)
    s = s.take(np.random.default_rng(seed + 1).permutation(s.size))  # the first k of any frame: a random subset
    first = float(np.floor(ephemeris.year_from_jd(s.launch_jd.min())))
    last = years_covered(run)[1] if until_year is None else float(until_year)
    years = np.arange(first + 0.5, last, 1.0 / frames_per_year)
    if years.size == 0:
        years = np.array([first + 0.5])
    jd = jd_of_year(years)
    r, v = s.states(jd)
    return History(s, jd, r, v, s.alive(jd), body_positions("earth", jd), body_positions("moon", jd))


def year_of_jd(jd) -> np.ndarray:
    """Decimal years of TDB Julian dates (``ephemeris.year_from_jd``), for the interfaces."""
    return ephemeris.year_from_jd(jd)


def iso_dates(jd) -> np.ndarray:
    """ISO date-times of TDB Julian dates (``ephemeris.iso_from_jd``), for the interfaces."""
    return ephemeris.iso_from_jd(jd)


class LinkSummary(NamedTuple):
    """The links home and what the compute can serve, at mid-year, over the satellites alive (weighted)."""

    capacity_home_bps: dict  # p05, p50, p95 of a satellite's rate home while it holds a receiver
    needed_home_bps: float  # a satellite's inference traffic home at full use (FLOP/s x bits per FLOP)
    flops_per_satellite: float  # the fleet's installed FLOP/s over its satellites in service, that year
    usable: dict  # workload -> weighted mean share of a satellite's compute it can use
    usable_mix: float  # the mix under workloads.allocation (``workloads.mixed``), weighted mean
    cluster_share: float  # share with a neighbour within the cluster radius (the geometry's, not the assumption)


def link_summary(run, swarm: Swarm, year: float, cluster_radius: float = CLUSTER_RADIUS) -> LinkSummary:
    """What the links let the swarm's compute do at mid-``year``: each satellite's rate home at its own distance
    (``subsystems.links.capacity_home_bps``) and the usable share per workload (``subsystems.workloads``) with its
    own distance, Sun angle and the swarm's clustered share from ``neighbours``. A satellite's FLOP/s is the
    fleet's average that year (installed over in service, from the run); the receiver share is the scenario's
    (sized network: the clear-sky share; fixed network: time-shared among the satellites in service)."""
    from lunarbase.subsystems import links, workloads

    p = run.scenario.params
    mid = jd_of_year(np.floor(year) + 0.5)
    d = link_inputs(swarm, mid, cluster_radius)
    step = int(np.clip(np.searchsorted(run.t, np.floor(year) + 0.5), 0, run.t.size - 1))
    in_service = float(run.series["satellites_in_service"][0, step])
    flops = float(run.series["installed_flops"][0, step]) / in_service if in_service > 0 else 0.0
    receiver = None if p.links.ground_network == "sized" else links.receiver_share(p.links, in_service)
    cluster = 0.0 if not np.isfinite(d["cluster_share"]) else d["cluster_share"]
    fractions = workloads.usable_fraction(p, d["distance_m"], d["sun_angle_rad"], cluster, flops, receiver)
    w = d["weight"]
    total = w.sum()

    def mean(x):
        return float(np.sum(np.broadcast_to(x, w.shape) * w) / total) if total > 0 else float("nan")

    rate = links.capacity_home_bps(p, d["distance_m"])
    quantiles = weighted_quantiles(rate, w, list(QUANTILES.values())) if total > 0 else [np.nan] * 3
    return LinkSummary(capacity_home_bps=dict(zip(QUANTILES, map(float, quantiles), strict=True)),
                       needed_home_bps=flops * p.workloads.inference_bits_per_flop, flops_per_satellite=flops,
                       usable={k: mean(v) for k, v in fractions.items()},
                       usable_mix=mean(workloads.mixed(p, fractions)), cluster_share=cluster)


def survey(run, year: float, satellites: int = DEFAULT_SATELLITES, seed: int = 0,
           cluster_radius: float = CLUSTER_RADIUS) -> tuple[Swarm, YearSummary, LinkSummary]:
    """The swarm of ``run`` in ``year`` with what ``lunarbase swarm`` reports of it (the command line and the
    server both call this): the geometry's summary, with the link out inside the scenario's
    ``links.conjunction_angle``, and the links' summary. Raises ``SwarmError`` as ``build`` does."""
    s = build(run, year, satellites, seed)
    summary = summarise(s, year, conjunction_angle=run.scenario.params.links.conjunction_angle,
                        cluster_radius=cluster_radius)
    return s, summary, link_summary(run, s, year, cluster_radius)
