"""A satellite's links: its laser terminal home and what it weighs and draws, Earth's receiving network, the
lasers between satellites, and where a satellite is relative to Earth as its fleet ages (docs/model.md, links).

Rate home (``physics.links``): R(d) = min(R_max, eta P pi^2 D_t^2 D_r^2 lambda / (16 lambda^2 d^2 h c n_b)), the
``links`` section's terminal (D_t, P, lambda), ground telescope (D_r) and receiver (eta, n_b, R_max).

Terminal sizing (assumptions, each in the schema): the home terminal weighs m_0 + sigma pi D_t^2 / 4 + k_P P and
draws P / eta_wp + P_e; each of the ``isl_terminals`` lasers between satellites weighs and draws its own figure.

Earth's receiving network (``links.ground_network``): "sized", the plan builds the telescopes its fleet needs,
T(t) = max over t' <= t of sum_i r_i(t') / k, r_i a satellite's share of a receiver's time for what its
workloads send home (``workloads``), k beams a telescope; each costs C (D / 4 m)^x to build (van Belle et al.
2004: x = 2.5) and a share o of that a year to run. "fixed": T telescopes, built when the first satellites enter
service; with N satellites in service each has a time share s = a min(1, T k / N) of a receiver.

Where a satellite is (near-circular coplanar orbits about the Sun): a lunar satellite leaves on an orbit of
semimajor axis a_0 (between the month's inner and outer departures, ``patched_conics.Departure``), spirals at
constant thrust to its working orbit a_t over the transfer T, and its mean longitude parts from Earth's at
dn(a) = n(a) - n(a_E): dlambda = (dn(a_0) + dn(a_t)) T / 2 on arrival (a moving linearly in time), then
+ dn(a_t) tau at age tau. A satellite from another body starts at that body's longitude, any phase against
Earth's: its phases are spread evenly over the circle.
"""

from __future__ import annotations

import numpy as np

from lunarbase._jit import compiled_loop
from lunarbase.constants import AU
from lunarbase.physics import links as phys

#: Orbit samples standing for a cohort: phases against Earth (another body's satellites), or launch phases over the
#: synodic month (lunar), where the departure orbit a_0 = mid + half cos(phase) repeats in the month's second half:
#: half as many phases over half the month give the same orbits as ORBIT_SAMPLES over all of it.
ORBIT_SAMPLES = 8


def capacity_home_bps(p, distance_m):
    """A satellite's rate home while it holds a receiver, bit/s, at ``distance_m`` (arrays broadcast):
    ``physics.links.optical_rate_bps`` with the ``links`` section of ``p`` (Parameters or a draw's namespace)."""
    k = p.links
    return phys.optical_rate_bps(k.laser_power, k.terminal_aperture, k.ground_aperture, k.wavelength, distance_m,
                                 k.link_efficiency, k.photons_per_bit, k.max_rate)


def terminal_mass(links):
    """Mass of a satellite's laser terminals, kg: home, m_0 + sigma pi D_t^2 / 4 + k_P P, plus the lasers between
    satellites."""
    home = (links.terminal_fixed_mass + links.telescope_areal_density * np.pi * np.asarray(links.terminal_aperture,
                                                                                           dtype=float) ** 2 / 4.0
            + links.laser_mass_per_power * links.laser_power)
    return home + links.isl_terminals * links.isl_terminal_mass


def terminal_power(links):
    """Electric power a satellite's laser terminals draw, W: P / eta_wp + P_e home, plus the lasers between
    satellites."""
    home = (np.asarray(links.laser_power, dtype=float) / links.laser_wall_plug_efficiency
            + links.terminal_electronics_power)
    return home + links.isl_terminals * links.isl_terminal_power


def receiver_share(links, satellites_in_service):
    """Share of time a satellite holds a ground receiver: a min(1, T k / N) (time-shared; 1 x a with no fleet)."""
    n = np.asarray(satellites_in_service, dtype=float)
    slots = np.asarray(links.ground_telescopes, dtype=float) * links.links_per_telescope
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(n > slots, slots / np.where(n > 0, n, 1.0), 1.0)
    return links.ground_availability * share


def receiving_capacity_bps(p, distance_m):
    """Earth's network receiving at once from satellites at ``distance_m``, bit/s: a T k R(d)."""
    k = p.links
    return k.ground_availability * k.ground_telescopes * k.links_per_telescope * capacity_home_bps(p, distance_m)


def isl_capacity_bps(links):
    """What a satellite can exchange with its neighbours, bit/s: its lasers between satellites times their rate."""
    return np.asarray(links.isl_terminals, dtype=float) * links.isl_rate


def link_out(links, sun_angle_rad):
    """Whether the link home is out: the Sun-Earth-satellite angle inside ``conjunction_angle``."""
    return np.asarray(sun_angle_rad, dtype=float) < links.conjunction_angle


def heliocentric_geometry(inner_a_m, outer_a_m, target_radius_m, transfer_s, ages_s, from_moon=True,
                          samples=None):
    """Distance to Earth (m) and Sun-Earth-satellite angle (rad) of a cohort's satellites at ``ages_s``:
    arrays (..., ages, samples) over ``samples`` orbits standing for it (the module docstring).

    ``inner_a_m``, ``outer_a_m``: the departure orbits' semimajor axes (lunar; non-finite or unbound ones are
    taken as Earth's); ``target_radius_m`` the working orbit's radius; ``transfer_s`` the spiral's duration.
    ``from_moon`` False: another body's satellites, phases spread evenly against Earth's. ``samples``: default
    ``ORBIT_SAMPLES`` (the Moon's: half of it, over half the month, the same orbits).
    """
    if samples is None:
        samples = ORBIT_SAMPLES // 2 if from_moon else ORBIT_SAMPLES
    col = (slice(None), None, None)
    a_in, a_out, a_t, t_tr = (np.reshape(np.asarray(x, dtype=float), (-1,))[col] for x in
                              (inner_a_m, outer_a_m, target_radius_m, transfer_s))
    tau = np.asarray(ages_s, dtype=float)[None, :, None]
    m = np.arange(samples)[None, None, :]
    drift_t = phys.longitude_drift_rate(a_t, AU)
    if from_moon:
        def bound(a):
            return np.where(np.isfinite(a) & (a > 0), a, AU)

        mid, half = 0.5 * (bound(a_in) + bound(a_out)), 0.5 * (bound(a_out) - bound(a_in))
        a0 = mid + half * np.cos(np.pi * (m + 0.5) / samples)  # launch phases over half the month
        arrival = 0.5 * (phys.longitude_drift_rate(a0, AU) + drift_t) * np.nan_to_num(t_tr)
    else:
        arrival = 2.0 * np.pi * (m + 0.5) / samples + 0.0 * a_t
    separation = arrival + drift_t * tau
    d = phys.coplanar_distance(AU, a_t, separation)
    return d, phys.sun_earth_probe_angle(AU, a_t, d)


#: Aperture that ``links.ground_telescope_cost`` is stated for, m.
REFERENCE_APERTURE = 4.0


def telescope_cost(links):
    """Capital cost of one receiving telescope, USD: C_4 (D / 4 m)^x (van Belle, Meinel & Meinel 2004)."""
    return links.ground_telescope_cost * (np.asarray(links.ground_aperture, dtype=float) / REFERENCE_APERTURE) ** (
        links.ground_telescope_cost_exponent)


def ground_network(links, receivers_needed, satellites_in_service, dt_s):
    """Telescopes in service (rows x steps), and what building and running them costs a step (USD): sized, the
    running maximum of the receivers needed over beams a telescope (never torn down); fixed,
    ``links.ground_telescopes`` from the first step with satellites in service. Each telescope is bought again
    every ``links.ground_telescope_life`` (``rebuilt``)."""
    built, capital, operations = _network(links, receivers_needed, satellites_in_service, dt_s)
    return built, rebuilt(capital, np.rint(np.asarray(links.ground_telescope_life, dtype=float) / dt_s)), operations


def rebuilt(bought, life_steps):
    """What is bought each step (rows x steps), with each purchase bought again every ``life_steps`` steps, for as
    long as the horizon lasts: B'_j = B_j + B'_(j - L) (a purchase at k recurs at k + L, k + 2L, ...).

    ``life_steps``: one whole number, or one per row; below 1, one step. A new array."""
    bought = np.atleast_2d(np.asarray(bought, dtype=float))
    out = np.array(bought, order="C")
    lags = np.broadcast_to(np.maximum(np.ravel(np.asarray(life_steps, dtype=float)), 1.0), out.shape[:1])
    _rebuilt_loop(out, np.ascontiguousarray(lags, dtype=np.int64))
    return out


@compiled_loop
def _rebuilt_loop(out, lags):
    rows, steps = out.shape
    for i in range(rows):
        lag = lags[i]
        for j in range(lag, steps):
            out[i, j] += out[i, j - lag]


def _network(links, receivers_needed, satellites_in_service, dt_s):
    """``ground_network`` as built once: telescopes in service, their first purchase and running costs a step."""
    if links.ground_network == "sized":
        need = np.asarray(receivers_needed, dtype=float)
        cost, ops = (np.reshape(x, (-1,)) for x in (telescope_cost(links),
                                                     telescope_cost(links) * links.ground_telescope_ops_share))
        rows = need.shape[0] if need.ndim == 2 else 0
        if rows and need.flags.c_contiguous and np.ndim(links.links_per_telescope) == 0 and cost.size in (
                1, rows) and ops.size in (1, rows):
            # One compiled pass for the chunk's (rows, steps) arrays: the same operations as below (and the same
            # memory order, C, for sums over them follow it).
            out = tuple(np.empty(need.shape) for _ in range(3))
            _sized_network_loop(need, float(links.links_per_telescope),
                                np.ascontiguousarray(cost, dtype=float), np.ascontiguousarray(ops, dtype=float),
                                float(dt_s), *out)
            return out
        need = need / links.links_per_telescope
        built = np.maximum.accumulate(need, axis=-1)
    else:
        serving = np.cumsum(np.asarray(satellites_in_service, dtype=float) > 0, axis=-1) > 0
        built = np.asarray(links.ground_telescopes, dtype=float) * serving
    built = np.atleast_2d(built)
    added = np.diff(built, axis=-1, prepend=0.0)
    capital = added * np.reshape(telescope_cost(links), (-1, 1))
    operations = built * np.reshape(telescope_cost(links) * links.ground_telescope_ops_share, (-1, 1)) * dt_s
    return built, capital, operations


@compiled_loop
def _sized_network_loop(receivers, links_per_telescope, cost, ops_cost, dt_s, built, capital, operations):
    """``ground_network`` of a sized network, rows x steps, operation for operation as its NumPy: the need
    (receivers / links a telescope), its running maximum (``np.maximum``'s: NaN carries on), the steps'
    differences from 0 before the first (``np.diff(prepend=0)``), times the cost, and the running costs."""
    rows, steps = receivers.shape
    for i in range(rows):
        c, o = cost[min(i, cost.size - 1)], ops_cost[min(i, ops_cost.size - 1)]
        top = 0.0
        before = 0.0
        for j in range(steps):
            need = receivers[i, j] / links_per_telescope
            top = need if j == 0 or not (top >= need or top != top) else top
            built[i, j] = top
            capital[i, j] = (top - before) * c
            operations[i, j] = top * o * dt_s
            before = top
