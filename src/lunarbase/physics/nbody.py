"""N-body propagation of payloads thrown off the Moon: Sun, Earth, Moon (Jupiter optional) with REBOUND's IAS15.

What it does (``integrate_launches``):

* The massive bodies are taken from ``lunarbase.physics.ephemeris.states`` (barycentric ICRS, SI) at the
  earliest launch date and integrated in REBOUND with ``G = 1`` and masses equal to GM (m^3/s^2), so every
  length is in m and every time in s. The simulation is moved to the centre-of-mass frame of its bodies.
* Each payload is a massless test particle (``N_active`` = number of bodies, ``testparticle_type = 0``),
  added at its launch time as ``Moon particle state + (r_sel, v_sel)``, i.e. relative to the simulation's own
  Moon at that instant (launches are processed in date order; the simulation is integrated exactly to each
  launch date).
* Integrator: IAS15 (Rein & Spiegel 2015, MNRAS 446, 1424), a 15th-order Gauss-Radau predictor-corrector with
  adaptive steps, here with the PRS23 step criterion (Pham, Rein & Spiegel 2024, OJAp 7). WHFast (a
  symplectic Wisdom-Holman map) is not suitable: it splits the Hamiltonian into Kepler motion about one
  dominant central body plus small interactions, and a payload leaving the Moon has no dominant central
  body (the Moon's pull dominates at launch, the Earth's a day later, the Sun's beyond ~1.5e9 m), so the
  "perturbations" are not small and a fixed step cannot resolve the launch at 1,737 km from the Moon's
  centre together with weeks of cruise.
* Impacts. Earth collision radius ``EARTH_RADIUS`` (6,378 km); Moon collision radius ``MOON_RADIUS - 1 km``,
  one kilometre inside the mean radius so that a horizontal launch from a zero-elevation site (periapsis
  exactly at the mean radius) is not counted as an impact at launch; terrain is not modelled. After every
  IAS15 step a payload has hit a body of radius R if (a) it ends the step inside R, or (b) its radial velocity
  relative to the body turned from inbound to outbound during the step (it passed periapsis) and the
  osculating two-body periapsis about that body, q = p / (1 + e) with p = h^2 / GM and
  e = sqrt(1 + 2 eps h^2 / GM^2) (Curtis, Orbital Mechanics, eqs. 2.40, 2.58), is below R. Test (b) closes
  the gap that (a) alone would leave: a grazing path that dips below the surface between two step ends
  cannot tunnel through unseen. (A straight-chord test would flag every horizontal launch: the chord of a
  ~300 km step sags several km below the arc.) A payload that hits is removed from the simulation.
  REBOUND's own collision modules were not used: they test all particle pairs, O(N^2) per step for N
  payloads, which for 10,000 payloads costs more than the integration.
* Stop. When a payload is farther than ``stop_distance`` (3e9 m) from the Earth it has ESCAPED: its
  heliocentric state (relative to the Sun particle) is rotated to the J2000 ecliptic and turned into
  osculating elements with ``kepler.elements(SUN_GM, r, v)`` (the payload is massless, so mu = GM_sun), and
  it is removed. At 3e9 m the Earth's potential is ~1e-4 of the heliocentric kinetic energy per mass, so
  the osculating a is within ~1e-4 of what it would be far away. Tested after every step.
* End. Each payload is followed for ``days`` after its own launch (the simulation runs until the last launch
  plus ``days``). One that is then outside the Earth's Hill sphere (``hill_radius``, 1.496e9 m, the distance
  of the Sun-Earth L1 and L2 points) but not yet at the stop distance has also ESCAPED, with its elements
  taken there (the Earth's potential at 1.5e9 m is ~6e-4 of the heliocentric energy); one inside is BOUND,
  with NaN elements.
* One outcome vocabulary with the patched conics (``outcomes``): ESCAPED means it left the Earth's Hill sphere
  within the ``days`` and was outside it when followed no further; BOUND that it was inside the Hill sphere
  when its ``days`` ended (a payload that went out and came back is BOUND); IMPACT_* that it hit a body.
  ``time_to_leave_hill`` is the time (s after launch) of its last crossing of the Hill sphere outward, i.e.
  when it left for good, and is defined for ESCAPED payloads only (NaN otherwise), as the conics' time to
  reach the Hill sphere is. ``v_inf_earth`` is its speed relative to the Earth at the stop less the Earth's
  escape speed there in quadrature, sqrt(v^2 - 2 GM_E / r): the hyperbolic excess where the Earth's pull
  dominates the departure (the conics' v_inf,E), near 0 (or NaN where the Sun's tide did the work and the
  two-body energy is negative) for slow leavers through the L1/L2 region.

Speed. IAS15's step is global: the payload closest to the Moon sets the step for all. The payloads are
therefore split between two copies of the simulation, integrated to the same times: a *near* one for
payloads whose dynamical time tau = min over Earth and Moon of sqrt(d^3 / GM) is short (just launched, in
lunar orbit, passing the Earth) and a *far* one for the rest, whose step is then set by the Moon's own orbit.
Payloads move between the two at every check (every ``CHECK_INTERVAL``); both are the same adaptive IAS15,
so the split changes the cost only, not the accuracy. Removed payloads cost nothing further.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from lunarbase._jit import compiled_loop
from lunarbase.constants import (
    EARTH_GM,
    EARTH_HILL_RADIUS,
    EARTH_RADIUS,
    JUPITER_GM,
    MOON_GM,
    MOON_RADIUS,
    SUN_GM,
)
from lunarbase.physics import ephemeris, kepler, outcomes

#: Moon collision radius, m: 1 km inside the mean radius, so a horizontal launch from a zero-elevation site is
#: not an impact (module docstring).
MOON_COLLISION_RADIUS = MOON_RADIUS - 1.0e3
#: Earth collision radius, m.
EARTH_COLLISION_RADIUS = EARTH_RADIUS
#: IAS15 tolerance (REBOUND's default is 1e-9). 1e-8 takes ~30% fewer steps; outcomes of 10,000 launches
#: differed in 1 of 10,000 (a bound/impact borderline case) and the Jacobi test still holds to ~1e-12 with it.
IAS15_EPSILON = 1e-8
#: Seconds between tier checks and progress reports (simulated time).
CHECK_INTERVAL = 3.0 * 3600.0
#: Dynamical time (s) below which a payload goes to the near simulation, and above which it leaves it.
TAU_NEAR = 1.0e5
TAU_FAR = 2.0e5
#: Particle indices of the bodies in the simulation.
SUN, EARTH, MOON, JUPITER = 0, 1, 2, 3


class NbodyUnavailableError(ImportError):
    """REBOUND (GPL-3.0, an optional extra) is not installed."""


class NbodyResult(NamedTuple):
    """Per payload, in the input order. Elements are heliocentric, J2000 ecliptic, at the stop; NaN unless escaped.

    outcome: ``outcomes`` code; a (m, < 0 if unbound from the Sun), e, i (rad), perihelion (m), aphelion (m, inf
    if unbound); time_to_leave_hill: s after launch of the last outward crossing of the Hill sphere, NaN unless
    escaped; time_of_outcome: s after launch (stop, impact, or the end of the ``days``); r_helio (m), v_helio
    (m/s): (n, 3) heliocentric ecliptic state at the stop; jd_outcome: TDB Julian date of the outcome;
    v_inf_earth: m/s, sqrt(v^2 - 2 GM_E / r) relative to the Earth at the stop, NaN unless escaped (or where
    the two-body energy about the Earth is negative).
    """

    outcome: np.ndarray
    a: np.ndarray
    e: np.ndarray
    i: np.ndarray
    perihelion: np.ndarray
    aphelion: np.ndarray
    time_to_leave_hill: np.ndarray
    time_of_outcome: np.ndarray
    r_helio: np.ndarray
    v_helio: np.ndarray
    jd_outcome: np.ndarray
    v_inf_earth: np.ndarray


def import_rebound():
    """The ``rebound`` module, imported lazily; NbodyUnavailableError (an ImportError) if it is missing."""
    try:
        import rebound
    except ImportError as exc:
        raise NbodyUnavailableError(
            "the N-body propagator needs REBOUND (GPL-3.0, an optional extra): pip install lunarbase[nbody]"
        ) from exc
    return rebound


def configure_integrator(sim, epsilon: float | None = None) -> None:
    """IAS15 with the PRS23 adaptive step criterion and tolerance ``epsilon``: the settings every run uses."""
    sim.integrator = "ias15"
    settings = getattr(sim, "ri_ias15", None) or sim.integrator  # REBOUND 4: sim.ri_ias15; 5: sim.integrator
    settings.epsilon = IAS15_EPSILON if epsilon is None else epsilon
    settings.adaptive_mode = 2  # PRS23 (Pham, Rein & Spiegel 2024), the default since REBOUND 4.0


def body_simulation(jd: float, *, jupiter: bool = False):
    """REBOUND simulation (G = 1, masses = GM, SI) of the Sun, Earth, Moon (and Jupiter) at TDB ``jd``, t = 0,
    centre-of-mass frame, IAS15 configured, ready for test particles."""
    rebound = import_rebound()
    sim = rebound.Simulation()
    sim.G = 1.0
    bodies = [("sun", SUN_GM), ("earth", EARTH_GM), ("moon", MOON_GM)] + ([("jupiter", JUPITER_GM)] if jupiter else [])
    for name, gm in bodies:
        r, v = ephemeris.states(name, jd)
        sim.add(m=gm, x=r[0], y=r[1], z=r[2], vx=v[0], vy=v[1], vz=v[2])
    sim.move_to_com()
    sim.N_active = len(bodies)
    sim.testparticle_type = 0
    configure_integrator(sim)
    return sim


#: ``_scan`` code of a payload still flying.
_FLYING = -1


@compiled_loop
def _scan(state, n_bodies, ids, t, t_launch, hill_time, rv_earth, rv_moon, hill2, stop2, code):
    """One pass over the payloads after a step (compiled): impact, Hill-sphere and stop tests.

    ``state``: (N, 6) particle states, bodies first. Sets ``code`` per payload (_FLYING, or an ``outcomes``
    code), the time (s after launch) it last left the Hill sphere in ``hill_time`` (NaN while inside), updates
    the radial velocities
    r.v about the Earth and the Moon in ``rv_*`` in place; returns how many payloads are done. Impact test:
    inside the collision radius, or periapsis passed during the step (r.v from < 0 to >= 0) with the
    osculating two-body periapsis q = p / (1 + e) below it (module docstring).
    """
    done = 0
    for k in range(ids.shape[0]):
        p = state[n_bodies + k]
        code[k] = _FLYING
        de2 = 0.0
        for body in (EARTH, MOON):
            gm = EARTH_GM if body == EARTH else MOON_GM
            radius = EARTH_COLLISION_RADIUS if body == EARTH else MOON_COLLISION_RADIUS
            b = state[body]
            x, y, z = p[0] - b[0], p[1] - b[1], p[2] - b[2]
            u, v, w = p[3] - b[3], p[4] - b[4], p[5] - b[5]
            d2 = x * x + y * y + z * z
            rv = x * u + y * v + z * w
            if body == EARTH:
                prev, rv_earth[k], de2 = rv_earth[k], rv, d2
            else:
                prev, rv_moon[k] = rv_moon[k], rv
            if code[k] != _FLYING:
                continue
            hit = d2 < radius * radius
            if not hit and prev < 0.0 <= rv:
                hx, hy, hz = y * w - z * v, z * u - x * w, x * v - y * u
                h2 = hx * hx + hy * hy + hz * hz
                energy = 0.5 * (u * u + v * v + w * w) - gm / np.sqrt(d2)
                e = np.sqrt(max(1.0 + 2.0 * energy * h2 / (gm * gm), 0.0))
                hit = h2 / gm / (1.0 + e) < radius
            if hit:
                code[k] = outcomes.IMPACT_EARTH if body == EARTH else outcomes.IMPACT_MOON
        i = ids[k]
        if de2 <= hill2:
            hill_time[i] = np.nan  # inside (again): it has not left for good
        elif np.isnan(hill_time[i]):
            hill_time[i] = t - t_launch[i]
        if code[k] == _FLYING and de2 > stop2:
            code[k] = outcomes.ESCAPED
        if code[k] != _FLYING:
            done += 1
    return done


class _Tier:
    """One simulation and the payloads in it: ``ids`` (payload index per particle slot after the bodies)."""

    def __init__(self, sim, owner: _Run):
        self.sim, self.owner = sim, owner
        self.n_bodies = sim.N_active
        self.ids = np.zeros(0, dtype=np.int64)
        self.rv_earth = np.zeros(0)  # r.v relative to the Earth at the last step end
        self.rv_moon = np.zeros(0)
        self.error: BaseException | None = None
        sim.heartbeat = self._heartbeat

    def state(self) -> np.ndarray:
        buf = np.empty((self.sim.N, 6))
        self.sim.serialize_particle_data(xyzvxvyvz=buf)
        return buf

    def add(self, ids, states) -> None:
        for x in states:
            self.sim.add(m=0.0, x=x[0], y=x[1], z=x[2], vx=x[3], vy=x[4], vz=x[5])
        self.ids = np.concatenate([self.ids, ids])
        self._refresh_rv()

    def remove(self, slots) -> None:
        """Remove payloads at ``slots`` (indices into ``ids``)."""
        slots = np.sort(np.asarray(slots, dtype=np.int64))[::-1]
        for k in slots:
            self.sim.remove(int(k) + self.n_bodies)
        keep = np.ones(len(self.ids), dtype=bool)
        keep[slots] = False
        self.ids, self.rv_earth, self.rv_moon = self.ids[keep], self.rv_earth[keep], self.rv_moon[keep]

    def _refresh_rv(self) -> None:
        s = self.state()
        p, b = s[self.n_bodies :], s
        self.rv_earth = np.sum((p[:, :3] - b[EARTH, :3]) * (p[:, 3:] - b[EARTH, 3:]), axis=1)
        self.rv_moon = np.sum((p[:, :3] - b[MOON, :3]) * (p[:, 3:] - b[MOON, 3:]), axis=1)

    def _heartbeat(self, _sim_pointer) -> None:
        if self.error is not None or len(self.ids) == 0:
            return
        try:
            self._check()
        except BaseException as exc:  # a ctypes callback cannot raise: keep it and re-raise after integrate
            self.error = exc
            self.sim.stop()

    def _check(self) -> None:
        """After each step: impacts, first exit from the Hill sphere, passing the stop distance (``_scan``)."""
        n = len(self.ids)
        if self.sim.N - self.n_bodies != n:
            return
        run = self.owner
        s = self.state()
        code = np.empty(n, dtype=np.int64)
        done = _scan(s, self.n_bodies, self.ids, self.sim.t, run.t_launch, run.hill_time, self.rv_earth,
                     self.rv_moon, run.hill_radius**2, run.stop_distance**2, code)
        if done == 0:
            return
        slots = np.flatnonzero(code != _FLYING)
        ids = self.ids[slots]
        run.outcome[ids] = code[slots]
        run.t_outcome[ids] = self.sim.t
        esc = code[slots] == outcomes.ESCAPED
        run.record(ids[esc], s, s[self.n_bodies + slots[esc]])
        self.remove(slots)

    def end(self, slots) -> None:
        """Payloads at ``slots`` have flown their ``days``: ESCAPED if outside the Hill sphere (a Hill-sphere
        exit time is set), BOUND otherwise; stop following them."""
        run = self.owner
        ids = self.ids[slots]
        out = ~np.isnan(run.hill_time[ids])
        run.outcome[ids[out]] = outcomes.ESCAPED
        s = self.state()
        run.record(ids[out], s, s[self.n_bodies + slots[out]])
        self.remove(slots)

    def integrate(self, t: float) -> None:
        """To exactly ``t`` (both tiers stop at the same times, so payloads can move between them)."""
        self.sim.integrate(t, exact_finish_time=1)
        if self.error is not None:
            raise self.error

    def timescale(self) -> np.ndarray:
        """Dynamical time per payload, s: min over Earth and Moon of sqrt(d^3 / GM)."""
        s = self.state()
        p = s[self.n_bodies :, :3]
        d_e = np.linalg.norm(p - s[EARTH, :3], axis=1)
        d_m = np.linalg.norm(p - s[MOON, :3], axis=1)
        return np.minimum(np.sqrt(d_e**3 / EARTH_GM), np.sqrt(d_m**3 / MOON_GM))


class _Run:
    """Bookkeeping shared by the tiers: per-payload records in input order."""

    def __init__(self, n, t_launch, stop_distance, hill_radius):
        self.t_launch = t_launch
        self.stop_distance, self.hill_radius = stop_distance, hill_radius
        self.outcome = np.full(n, outcomes.BOUND, dtype=np.int64)
        self.hill_time = np.full(n, np.nan)
        self.t_outcome = np.full(n, np.nan)
        self.r_helio = np.full((n, 3), np.nan)
        self.v_helio = np.full((n, 3), np.nan)
        self.r_earth = np.full((n, 3), np.nan)
        self.v_earth = np.full((n, 3), np.nan)

    def record(self, ids, bodies, payloads) -> None:
        """Heliocentric and geocentric states of escaped payloads ``ids`` (``payloads``: their (k, 6) states
        in the simulation, ``bodies``: the simulation's states, bodies first)."""
        self.r_helio[ids] = payloads[:, :3] - bodies[SUN, :3]
        self.v_helio[ids] = payloads[:, 3:] - bodies[SUN, 3:]
        self.r_earth[ids] = payloads[:, :3] - bodies[EARTH, :3]
        self.v_earth[ids] = payloads[:, 3:] - bodies[EARTH, 3:]


def _move(src: _Tier, dst: _Tier, mask) -> None:
    slots = np.flatnonzero(mask)
    if len(slots) == 0:
        return
    states = src.state()[src.n_bodies + slots]
    ids = src.ids[slots]
    src.remove(slots)
    dst.add(ids, states)


def _follow(run, tiers, events, order, t_launch, duration, t_end, r_sel, v_sel, progress) -> None:
    """The event loop: integrate every tier to each event time, end, launch and re-tier payloads."""
    near, far = tiers
    n = len(order)
    next_launch = 0
    next_check = CHECK_INTERVAL
    for t in events:
        for tier in tiers:
            tier.integrate(t)
        # Payloads that have flown their ``days``: escaped if outside the Hill sphere, else bound; stop them.
        for tier in tiers:
            ended = run.t_launch[tier.ids] + duration <= t * (1 + 1e-15) + 1e-6
            if ended.any():
                run.t_outcome[tier.ids[ended]] = run.t_launch[tier.ids[ended]] + duration
                tier.end(np.flatnonzero(ended))
        # Launches at this time: relative to this simulation's Moon.
        start = next_launch
        while next_launch < n and t_launch[order[next_launch]] <= t:
            next_launch += 1
        if next_launch > start:
            ids = order[start:next_launch]
            moon = near.state()[MOON]
            near.add(ids, np.hstack([r_sel[ids] + moon[:3], v_sel[ids] + moon[3:]]))
        if t >= next_check or t == t_end:
            next_check = t + CHECK_INTERVAL
            if len(near.ids):
                _move(near, far, near.timescale() > TAU_FAR)
            if len(far.ids):
                _move(far, near, far.timescale() < TAU_NEAR)
            if progress is not None:
                progress(min(t / t_end, 1.0))
        if next_launch == n and not any(len(tier.ids) for tier in tiers):
            break


def integrate_launches(
    jd_launch,
    r_sel,
    v_sel,
    *,
    days: float = 60.0,
    stop_distance: float = 3.0e9,
    jupiter: bool = False,
    hill_radius: float = EARTH_HILL_RADIUS,
    progress: Callable[[float], None] | None = None,
) -> NbodyResult:
    """Follow payloads launched from the Moon with REBOUND/IAS15 until they pass ``stop_distance`` from the
    Earth (ESCAPED), hit the Earth or the Moon, or have flown ``days`` after their own launch (then ESCAPED if
    outside the Earth's Hill sphere, BOUND if inside).

    ``jd_launch``: (n,) TDB Julian dates; ``r_sel``, ``v_sel``: (n, 3) selenocentric ICRS position (m) and
    velocity (m/s) at launch. ``progress``: called with the fraction of simulated time done, every check.
    Method, impact test and stop rule: module docstring. Raises NbodyUnavailableError without REBOUND.
    """
    import_rebound()
    jd = np.atleast_1d(np.asarray(jd_launch, dtype=float))
    r_sel = np.asarray(r_sel, dtype=float).reshape(-1, 3)
    v_sel = np.asarray(v_sel, dtype=float).reshape(-1, 3)
    n = len(jd)
    if r_sel.shape != (n, 3) or v_sel.shape != (n, 3):
        raise ValueError(f"r_sel and v_sel must be ({n}, 3) like jd_launch; got {r_sel.shape} and {v_sel.shape}")
    nan3 = np.full((n, 3), np.nan)
    if n == 0:
        empty = np.zeros(0)
        return NbodyResult(np.zeros(0, dtype=np.int64), *([empty] * 7), nan3, nan3.copy(), empty, empty)
    jd0 = float(jd.min())
    t_launch = (jd - jd0) * ephemeris.DAY
    duration = float(days) * ephemeris.DAY
    t_end = float(t_launch.max()) + duration
    run = _Run(n, t_launch, float(stop_distance), float(hill_radius))

    base = body_simulation(jd0, jupiter=jupiter)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "reset function pointers after copying": _Tier sets the heartbeat
        twin = base.copy()
    near, far = _Tier(base, run), _Tier(twin, run)
    tiers = (near, far)

    # Event times: launches, each payload's end, and regular checks; all tiers stop exactly at each.
    checks = np.arange(CHECK_INTERVAL, t_end, CHECK_INTERVAL)
    events = np.unique(np.concatenate([t_launch, t_launch + duration, checks, [t_end]]))
    order = np.argsort(t_launch, kind="stable")
    _follow(run, tiers, events, order, t_launch, duration, t_end, r_sel, v_sel, progress)
    if progress is not None:
        progress(1.0)

    escaped = run.outcome == outcomes.ESCAPED
    r_h = ephemeris.ecliptic_from_icrs(run.r_helio)
    v_h = ephemeris.ecliptic_from_icrs(run.v_helio)
    with np.errstate(invalid="ignore", divide="ignore"):
        el = kepler.elements(SUN_GM, np.where(escaped[:, None], r_h, 1.0), np.where(escaped[:, None], v_h, 1.0))
    nan = np.where(escaped, 1.0, np.nan)
    t_outcome = run.t_outcome - t_launch
    d_e = np.linalg.norm(run.r_earth, axis=1)
    with np.errstate(invalid="ignore"):
        v_inf_e = np.sqrt(np.sum(run.v_earth**2, axis=1) - 2.0 * EARTH_GM / d_e)
    return NbodyResult(
        outcome=run.outcome,
        a=el.a * nan,
        e=el.e * nan,
        i=el.i * nan,
        perihelion=el.periapsis * nan,
        aphelion=el.apoapsis * nan,
        time_to_leave_hill=np.where(escaped, run.hill_time, np.nan),
        time_of_outcome=t_outcome,
        r_helio=np.where(escaped[:, None], r_h, np.nan),
        v_helio=np.where(escaped[:, None], v_h, np.nan),
        jd_outcome=jd + t_outcome / ephemeris.DAY,
        v_inf_earth=np.where(escaped, v_inf_e, np.nan),
    )
