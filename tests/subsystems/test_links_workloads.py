"""The links subsystem and the workloads' usable shares: laws, limits and a hand-computed fleet case."""

import functools
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lunarbase.constants import AU, MOON_DISTANCE, SPEED_OF_LIGHT
from lunarbase.scenario.schema import Parameters
from lunarbase.subsystems import fleet, links, workloads

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from bench_usable_loop import captured_inputs, reference_fast_loop  # noqa: E402 - the loop _fast_loop replaced

P = Parameters()


def params(links_over=None, workloads_over=None, **sections):
    """Parameters with some ``links`` and ``workloads`` fields replaced (plain namespaces, as a draw's)."""
    k = {**P.links.model_dump(), **(links_over or {})}
    w = {**P.workloads.model_dump(), **(workloads_over or {})}
    return SimpleNamespace(links=SimpleNamespace(**k), workloads=SimpleNamespace(**w), satellite=P.satellite,
                           chips=P.chips, **sections)


def test_capacity_home_is_capped_near_and_inverse_square_far():
    near, far, farther = links.capacity_home_bps(P, np.array([1e9, 1 * AU, 2 * AU]))
    assert near == pytest.approx(P.links.max_rate)
    assert farther == pytest.approx(far / 4, rel=1e-9)


def test_capacity_home_broadcasts_over_samples():
    p = params({"laser_power": np.array([[1.0], [4.0]])})
    rate = links.capacity_home_bps(p, np.array([1.5 * AU, 2 * AU]))
    assert rate.shape == (2, 2)
    assert rate[1, 0] == pytest.approx(4 * rate[0, 0])


def test_terminal_mass_and_power_follow_their_laws():
    k = P.links
    home = k.terminal_fixed_mass + k.telescope_areal_density * np.pi * k.terminal_aperture**2 / 4 + (
        k.laser_mass_per_power * k.laser_power)
    assert float(links.terminal_mass(k)) == pytest.approx(home + k.isl_terminals * k.isl_terminal_mass)
    p = params({"laser_power": 40.0})
    assert float(links.terminal_power(p.links)) - float(links.terminal_power(k)) == pytest.approx(
        20.0 / k.laser_wall_plug_efficiency)


def test_receiver_share_is_time_shared_beyond_the_network():
    k = P.links
    slots = k.ground_telescopes * k.links_per_telescope
    share = links.receiver_share(k, np.array([0.0, slots / 2, slots, 10 * slots]))
    assert share == pytest.approx([k.ground_availability] * 3 + [k.ground_availability / 10])


def test_interactive_inference_needs_the_round_trip_inside_the_budget():
    """The Moon's round trip (2.56 s) fits a 3 s budget; 1 AU's (998 s) does not."""
    out = workloads.usable_fraction(P, np.array([MOON_DISTANCE, AU]), np.pi / 2, 1.0)
    assert set(out) == set(workloads.WORKLOADS)
    assert out["interactive_inference"][0] > 0 and out["interactive_inference"][1] == 0
    edge = P.workloads.latency_budget * SPEED_OF_LIGHT / 2
    inside, outside = workloads.usable_fraction(P, np.array([edge * 0.999, edge * 1.001]), np.pi / 2,
                                                1.0)["interactive_inference"]
    assert inside > 0 and outside == 0


def test_conjunction_stops_inference_not_training():
    angle = P.links.conjunction_angle
    out = workloads.usable_fraction(P, 2 * AU, np.array([angle / 2, 2 * angle]), 1.0)
    assert out["batch_inference"][0] == 0 and out["batch_inference"][1] > 0
    assert out["training"][0] == out["training"][1] > 0


def test_batch_inference_share_is_capacity_over_need():
    """u_b = min(1, a R(d) / (F b_inf)), by hand at 2 AU."""
    flops = 1e19
    expected = P.links.ground_availability * float(links.capacity_home_bps(P, 2 * AU)) / (
        flops * P.workloads.inference_bits_per_flop)
    got = workloads.usable_fraction(P, 2 * AU, np.pi / 2, 1.0, flops_per_satellite=flops)["batch_inference"]
    assert expected < 1 and float(got) == pytest.approx(expected)


def test_training_scales_with_the_cluster_share_and_the_lasers():
    flops = 1e20
    out = workloads.usable_fraction(P, 1e9, np.pi / 2, np.array([0.0, 0.5, 1.0]), flops_per_satellite=flops)
    isl = float(links.isl_capacity_bps(P.links)) / (flops * P.workloads.training_bits_per_flop)
    assert isl < 1
    assert out["training"] == pytest.approx([0.0, 0.5 * isl, isl])


def test_mix_is_normalised():
    p = params(workloads_over={"training_share": 2.0, "batch_inference_share": 1.0, "interactive_inference_share": 1.0})
    weights = workloads.mix(p.workloads)
    assert sum(weights.values()) == pytest.approx(1.0) and weights["training"] == pytest.approx(0.5)


def fleet_case(n=40, life_steps=30.5, rows=1):
    dt = 86400.0 * 30
    rng = np.random.default_rng(1)
    deployed = rng.uniform(0, 5, (rows, n))
    kern = fleet.kernel(n, dt, 0.1 / (365.25 * 86400), life_steps * dt, 0.05 / (365.25 * 86400), 0.2)
    return dt, deployed, kern


def test_fleet_usable_with_everything_usable_is_the_installed_fleet():
    """Where every workload can use everything, the age-weighted sum is ``fleet.installed`` (round-off)."""
    n = 40
    dt, deployed, kern = fleet_case(n)
    p = params({"max_rate": 1e30, "link_efficiency": 1.0, "isl_rate": 1e30, "cluster_share": 1.0,
                "ground_availability": 1.0, "conjunction_angle": 0.0},
               {"latency_budget": 1e9})
    out = workloads.fleet_usable_flops(p, deployed, np.ones((1, n)), kern, np.zeros((1, n)),
                                       np.full((1, n, 3), 1e9), np.pi / 2)
    ref = fleet.installed(deployed, 1.0, dt, 0.1 / (365.25 * 86400), 30.5 * dt, 0.05 / (365.25 * 86400), 0.2)
    for name in (*workloads.WORKLOADS, "mix"):
        assert out[name] == pytest.approx(ref, rel=1e-12, abs=1e-12)


def test_fleet_usable_by_age_hand_computed():
    """One cohort of 2 units at step 0, no failures or wear, a long life: the kernel is 1/2, 1, 1, 1 (the step's
    own cohort counts half). Its satellites lie within the latency budget for their first two steps and beyond
    it from then on; only interactive inference in the mix: usable FLOP/s 1, 2, 0, 0."""
    n, dt = 4, 86400.0
    kern = fleet.kernel(n, dt, 0.0, 1e3 * dt)
    assert kern[0] == pytest.approx([0.5, 1, 1, 1])
    edge = P.workloads.latency_budget * SPEED_OF_LIGHT / 2
    distance = np.array([0.5, 0.5, 2.0, 2.0])[None, :, None] * edge
    p = params({"max_rate": 1e30, "ground_availability": 1.0},
               {"training_share": 0.0, "batch_inference_share": 0.0, "interactive_inference_share": 1.0})
    deployed = np.array([[2.0, 0.0, 0.0, 0.0]])
    out = workloads.fleet_usable_flops(p, deployed, np.ones((1, n)), kern, np.zeros((1, n)), distance, np.pi / 2)
    assert out["mix"][0] == pytest.approx([1.0, 2.0, 0.0, 0.0])
    assert out["batch_inference"][0] == pytest.approx([1.0, 2.0, 2.0, 2.0])


def test_fleet_usable_shares_the_ground_network():
    """Ten times more satellites than receiver slots: each holds a receiver a tenth of the time."""
    n = 3
    deployed, kern = np.array([[1.0, 0.0, 0.0]]), fleet.kernel(3, 86400.0, 0.0, 1e6)
    p = params({"ground_availability": 1.0, "ground_telescopes": 1.0, "links_per_telescope": 1.0,
                "ground_network": "fixed"})
    rate = float(links.capacity_home_bps(p, 2 * AU))
    flops = rate / P.workloads.inference_bits_per_flop  # a dedicated receiver carries exactly what it needs
    out = workloads.fleet_usable_flops(p, deployed, np.full((1, n), flops), kern, np.array([[1.0, 10.0, 10.0]]),
                                       np.full((1, n, 1), 2 * AU), np.pi / 2)
    assert out["batch_inference"][0] == pytest.approx([0.5, 0.1, 0.1])


def test_sized_network_gives_each_satellite_what_it_needs():
    """Sized: the same fleet as above is not time-shared (each batch satellite holds a whole receiver), and it needs
    one receiver a satellite for batch inference and half a one for a workload sending half as much."""
    n = 3
    deployed, kern = np.array([[1.0, 0.0, 0.0]]), fleet.kernel(3, 86400.0, 0.0, 1e6)
    only_batch = {"training_share": 0.0, "batch_inference_share": 1.0, "interactive_inference_share": 0.0}
    p = params({"ground_availability": 1.0, "ground_network": "sized"}, only_batch)
    rate = float(links.capacity_home_bps(p, 2 * AU))
    flops = rate / P.workloads.inference_bits_per_flop
    args = (deployed, np.full((1, n), flops), kern, np.array([[1.0, 10.0, 10.0]]), np.full((1, n, 1), 2 * AU),
            np.pi / 2)
    out = workloads.fleet_usable_flops(p, *args)
    assert out["batch_inference"][0] == pytest.approx([0.5, 1.0, 1.0])
    satellites = deployed[0, 0] / flops * kern[0]  # satellite-equivalents in service
    assert out["receivers"][0] == pytest.approx(satellites)
    half = workloads.fleet_usable_flops(params({"ground_availability": 1.0}, {
        **only_batch, "inference_bits_per_flop": P.workloads.inference_bits_per_flop / 2}), *args)
    assert half["receivers"][0] == pytest.approx(satellites / 2)


def test_telescopes_are_built_to_the_peak_and_priced():
    """Built to the running peak of need (never torn down), each at C (D / 4 m)^2.5, run at o C a year."""
    k = params({"ground_aperture": 10.0}).links
    need = np.array([[0.0, 2.0, 5.0, 3.0, 6.0]])
    built, capital, ops = links.ground_network(k, need, need, 10.0)
    each = k.ground_telescope_cost * (k.ground_aperture / 4.0) ** 2.5
    assert each == pytest.approx(100e6, rel=0.01)  # ~$100M for a 10 m (Keck I's class)
    assert built[0] == pytest.approx([0, 2, 5, 5, 6]) and capital.sum() == pytest.approx(6 * each)
    assert ops[0] == pytest.approx(built[0] * each * k.ground_telescope_ops_share * 10.0)
    small = params({"ground_aperture": 1.0}).links
    assert float(links.telescope_cost(small)) == pytest.approx(each * 10**-2.5)
    fixed = params({"ground_network": "fixed", "ground_telescopes": 7.0, "ground_aperture": 10.0}).links
    built, capital, _ = links.ground_network(fixed, need, need, 10.0)
    assert built[0] == pytest.approx([0, 7, 7, 7, 7]) and capital.sum() == pytest.approx(7 * each)


def test_telescopes_are_bought_again_every_life():
    """A telescope bought at step k is bought again at k + L, k + 2L, ... within the horizon: over S steps it is
    paid 1 + floor((S - 1 - k) / L) times; nothing is paid before it is first bought."""
    steps, life = 100, 30
    bought = np.zeros((2, steps))
    bought[0, 5], bought[1, 0], bought[1, 40] = 3.0, 1.0, 2.0
    out = links.rebuilt(bought, np.array([life, life]))
    assert np.flatnonzero(out[0]).tolist() == [5, 35, 65, 95] and np.all(out[0][out[0] > 0] == 3.0)
    assert out[1].sum() == pytest.approx(1.0 * (1 + 99 // life) + 2.0 * (1 + 59 // life))
    assert np.array_equal(links.rebuilt(bought, 1e9), bought)  # a life beyond the horizon: bought once
    k = params({"ground_aperture": 10.0, "ground_telescope_life": 20.0}).links  # 2 steps of 10 s
    need = np.array([[0.0, 2.0, 5.0, 5.0, 6.0, 6.0]])
    _, capital, _ = links.ground_network(k, need, need, 10.0)
    each = float(links.telescope_cost(k))
    assert capital[0] / each == pytest.approx([0, 2, 3, 2, 4, 2])


def test_best_allocation_moves_unservable_interactive_compute_to_the_others():
    """Beyond the latency budget, 'fixed' idles the interactive share; 'best' gives it to training and batch in
    their shares' proportion: w_t u_t + w_b u_b scaled by 1 / (w_t + w_b)."""
    u = {"training": np.array(0.2), "batch_inference": np.array(0.9), "interactive_inference": np.array(0.0)}
    shares = {"training_share": 0.4, "batch_inference_share": 0.4, "interactive_inference_share": 0.2}
    fixed = workloads.mixed(params(workloads_over={**shares, "allocation": "fixed"}), u)
    best = workloads.mixed(params(workloads_over={**shares, "allocation": "best"}), u)
    assert float(fixed) == pytest.approx(0.4 * 0.2 + 0.4 * 0.9)
    assert float(best) == pytest.approx((0.4 * 0.2 + 0.4 * 0.9) / 0.8)
    served = {**u, "interactive_inference": np.array(1.0)}
    assert float(workloads.mixed(params(workloads_over=shares), served)) == pytest.approx(0.4 * 0.2 + 0.4 * 0.9 + 0.2)


def test_fast_shares_match_the_exact_sum():
    """The coarse path with one step a block is the step-by-step sum at round-off (a lunar-like fleet)."""
    n, dt = 60 * 12, 365.25 * 86400 / 12
    life, fail, deg = 6 * 365.25 * 86400, 0.03 / (365.25 * 86400), 0.01 / (365.25 * 86400)
    ages = np.arange(fleet.service_steps(n, dt, life)) * dt
    distance, sun_angle = links.heliocentric_geometry(0.93 * AU, 1.08 * AU, AU, 1.7e7, ages)
    growth = np.exp(np.arange(n) / 120.0)
    deployed = (growth * (1 + 0.3 * np.sin(np.arange(n) / 7.0)))[None]
    per_sat = (2e18 * np.exp(np.arange(n) / 200.0))[None]
    kern = fleet.kernel(n, dt, fail, life, deg, 0.2)
    installed = fleet.installed(deployed, 1.0, dt, fail, life, deg, 0.2)
    in_service = installed / per_sat
    exact = workloads.fleet_usable_flops(P, deployed, per_sat, kern, in_service, distance, sun_angle)
    one = workloads.usable_shares(P, deployed, per_sat, kern, in_service, distance, dt, sun_angle, coarse_steps=1)
    for name in (*workloads.WORKLOADS, "mix"):
        assert one[name] * installed == pytest.approx(exact[name], rel=1e-9, abs=1e-9 * installed.max())
    equivalents = fleet.installed(deployed / per_sat, 1.0, dt, fail, life, deg, 0.2)  # satellites, as the sum counts
    assert one["receivers_per_satellite"] * equivalents == pytest.approx(exact["receivers"], rel=1e-9)


@pytest.mark.parametrize("preset", ["lunar-base-alpha", "earth-orbit-starship"])
def test_routes_fast_path_matches_the_exact_sum(preset, monkeypatch):
    """The routes' yearly blocks against one block a step (the exact sum): 2100's delivered compute and telescopes
    within 0.5 %."""
    from lunarbase import load_scenario, simulate
    scenario = load_scenario(preset)
    fast = simulate(scenario).series
    monkeypatch.setattr(workloads, "COARSE_SECONDS", 0.0)  # one step a block
    exact = simulate(scenario).series
    for name in ("delivered_flops", "ground_telescopes"):
        assert np.ravel(fast[name])[-1] == pytest.approx(np.ravel(exact[name])[-1], rel=5e-3)


def test_lunar_cohort_geometry():
    """A satellite spiralling to Earth's own circle stops drifting on arrival; one on a smaller circle keeps
    gaining at n(a) - n(a_E), and its distance follows the law of cosines."""
    ages = np.array([0.0, 3.15e7, 6.3e7])
    d, sep = links.heliocentric_geometry(0.95 * AU, 1.05 * AU, AU, 1e7, ages)
    assert np.allclose(d[0, 0], d[0, 2]) and np.all(d > 0)
    assert np.all((sep > 0) & (sep <= np.pi / 2 + 1e-9))
    d2, _ = links.heliocentric_geometry(AU, AU, 0.9 * AU, 0.0, ages)
    from lunarbase.physics.links import coplanar_distance, longitude_drift_rate
    expected = coplanar_distance(AU, 0.9 * AU, longitude_drift_rate(0.9 * AU, AU) * ages)
    assert d2[0, :, 0] == pytest.approx(expected)


def test_other_bodies_spread_their_phases():
    d, _ = links.heliocentric_geometry(np.nan, np.nan, 1.524 * AU, 0.0, [0.0], from_moon=False)
    assert np.all((d >= 0.524 * AU * (1 - 1e-9)) & (d <= 2.524 * AU * (1 + 1e-9)))  # between opposition and conjunction
    assert d.min() < 0.8 * AU and d.max() > 2.4 * AU


@given(st.floats(1e6, 5 * AU), st.floats(0.0, np.pi), st.floats(0.0, 1.0), st.floats(1e15, 1e22),
       st.floats(0.0, 1.0))
def test_usable_fractions_are_shares_and_grow_with_the_network(distance, sun_angle, cluster, flops, share):
    out = workloads.usable_fraction(P, distance, sun_angle, cluster, flops_per_satellite=flops, receiver_share=share)
    more = workloads.usable_fraction(P, distance, sun_angle, cluster, flops_per_satellite=flops,
                                     receiver_share=min(1.0, 2 * share))
    for name in workloads.WORKLOADS:
        assert 0.0 <= float(out[name]) <= 1.0
        assert float(more[name]) >= float(out[name])
    assert 0.0 <= float(workloads.mixed(P, out)) <= 1.0


@functools.lru_cache(maxsize=4)
def _chunk_inputs(preset: str) -> tuple:
    """The fast loop's arguments (``out`` left out) for a 16-sample study chunk of a preset."""
    return captured_inputs(preset, 16)["study"]


def _edge_rows(args: tuple) -> tuple:
    """A chunk's arguments with rows made to take the loop's other paths: nothing deployed, deployments starting
    late, a rate home of NaN, inf and 0 at some ages, no FLOP/s a satellite for some steps, no traffic home, no
    training or batch share, no receiver share, a deployment of NaN."""
    (x, kern, fc, share, rate, up, in_time, cluster, isl, b_isl, b_ckpt, b_inf, avail, w_t, w_b, w_i,
     best, g, points) = (np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args)
    x[0] = 0.0
    x[1, :300] = 0.0
    rate[2, 1, 0], rate[3, 2, -1], rate[4, :, 0] = np.nan, np.inf, 0.0
    fc[5, ::7] = 0.0
    b_inf[6] = b_ckpt[6] = b_isl[6] = 0.0
    w_t[7] = w_b[7] = 0.0
    share[8] = 0.0
    x[9, 400] = np.nan
    return (x, kern, fc, share, rate, up, in_time, cluster, isl, b_isl, b_ckpt, b_inf, avail, w_t, w_b, w_i, best,
            g, points)


@pytest.mark.parametrize("preset", ["lunar-base-alpha", "mars-base", "earth-orbit-starship"])
@pytest.mark.parametrize(("g", "points", "best"), [(12, 1, None), (7, 3, 0), (1, 1, None), (2000, 2, 1)])
def test_fast_loop_keeps_the_bits_of_the_loop_it_replaced(preset, g, points, best):
    """``workloads._fast_loop`` (cohort blocks innermost, vectorised) equals the loop it replaced bit for bit (NaN
    where NaN) on a preset's drawn chunk with edge rows, for blocks of a year, of 7 steps (not dividing the grid),
    of one step and of the whole grid, with one or more ages a block, and writes every element of ``out``."""
    args = _edge_rows(_chunk_inputs(preset))
    args = (*args[:16], args[16] if best is None else best, g, points)
    x = args[0]
    expected, got = np.zeros((5, *x.shape)), np.full((5, *x.shape), -1.0)
    reference_fast_loop(*args, expected)
    workloads._fast_loop(*args, got)
    assert np.array_equal(got, expected, equal_nan=True)
    assert np.all((got >= 0.0) & (got <= 1.0))  # every element written (shares; the NaN rows' blocks count none)
    assert np.all(got[:, 0] == 0.0) and np.all(got[:, 1, :300] == 0.0)  # nothing before a first deployment
