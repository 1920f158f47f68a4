"""Kepler propagation from elements: Vallado's worked example, the universal-variable propagator, REBOUND,
and conservation of energy and angular momentum (hypothesis)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarbase.constants import AU, SUN_GM
from lunarbase.physics import kepler, propagation

MU_E = 398600.4418e9  # Vallado's Earth GM, m^3/s^2
BACKENDS = ["numba"] + (["heyoka"] if propagation.heyoka_state_function() is not None else [])


def random_elements(n, hyperbolic=False, seed=1):
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.4, 3.0, n) * AU * (-1.0 if hyperbolic else 1.0)
    e = rng.uniform(1.05, 3.0, n) if hyperbolic else rng.uniform(0.0, 0.95, n)
    return propagation.Elements(a, e, rng.uniform(0, np.pi, n), rng.uniform(0, 2 * np.pi, n),
                                rng.uniform(0, 2 * np.pi, n), rng.uniform(-3, 3, n), np.zeros(n))


@pytest.mark.parametrize("backend", BACKENDS)
def test_vallado_example_2_4(backend):
    """Vallado (4th ed.) example 2-4: 40 minutes on from r0, v0; r = (-4219.7527, 4363.0292, -3958.7666) km,
    v = (3.689866, -1.916735, -6.112511) km/s."""
    r0 = np.array([1131.340, -2282.343, 6672.423]) * 1e3
    v0 = np.array([-5.64305, 4.30333, 2.42879]) * 1e3
    el = propagation.elements_of(MU_E, r0, v0)
    r, v = propagation.states(MU_E, el, 2400.0, backend=backend)
    np.testing.assert_allclose(r / 1e3, [-4219.7527, 4363.0292, -3958.7666], atol=2e-3)
    np.testing.assert_allclose(v / 1e3, [3.689866, -1.916735, -6.112511], atol=2e-6)


@pytest.mark.parametrize("hyperbolic", [False, True])
@pytest.mark.parametrize("backend", BACKENDS)
def test_matches_universal_variable_propagator(hyperbolic, backend):
    """2,000 orbits, up to ~10 years either way: within 1e-10 of |r| of ``kepler.propagate`` (run to
    convergence: its default 50 Newton steps leave a few multi-revolution cases short)."""
    el = random_elements(2000, hyperbolic)
    dt = np.random.default_rng(2).uniform(-3e8, 3e8, 2000)
    r0, v0 = propagation.states(SUN_GM, el, 0.0, backend=backend)
    r, v = propagation.states(SUN_GM, el, dt, backend=backend)
    ru, vu = kepler.propagate(SUN_GM, r0, v0, dt, iterations=500)
    assert np.max(np.linalg.norm(r - ru, axis=-1) / np.linalg.norm(ru, axis=-1)) < 1e-10
    assert np.max(np.linalg.norm(v - vu, axis=-1) / np.linalg.norm(vu, axis=-1)) < 1e-10


def test_elements_round_trip_and_grid_agrees_with_pairs():
    el = random_elements(500)
    r, v = propagation.states(SUN_GM, el, 0.0, backend="numba")
    back = propagation.elements_of(SUN_GM, r, v)
    r2, v2 = propagation.states(SUN_GM, back, 0.0, backend="numba")
    assert np.max(np.abs(r2 - r)) < 1e-11 * AU
    times = np.linspace(-1e8, 1e8, 7)
    rg, vg = propagation.states_on_grid(SUN_GM, el, times, backend="numba")
    rp, vp = propagation.states(SUN_GM, propagation.Elements(*(np.asarray(x)[:, None] for x in el)), times[None, :],
                                backend="numba")
    assert rg.shape == (500, 7, 3)
    np.testing.assert_allclose(rg, rp, rtol=0, atol=1e-12 * AU)


def test_kepler_solver_residual():
    rng = np.random.default_rng(3)
    m, e = rng.uniform(-50, 50, 100_000), rng.uniform(0, 0.99, 100_000)
    big_e = propagation.solve_kepler(m, e)
    assert np.max(np.abs(big_e - e * np.sin(big_e) - m)) < 1e-12
    eh = rng.uniform(1.001, 5, 100_000)
    big_f = propagation.solve_kepler(m, eh)
    assert np.max(np.abs(eh * np.sinh(big_f) - big_f - m) / (1 + np.abs(m))) < 1e-12


@settings(max_examples=60, deadline=None)
@given(st.floats(0.3, 5.0), st.floats(0.0, 2.5).filter(lambda e: abs(e - 1.0) > 1e-3), st.floats(0, 3.1),
       st.floats(-1e9, 1e9))
def test_energy_and_angular_momentum_conserved(a_au, e, i, dt):
    a = a_au * AU * (-1.0 if e > 1.0 else 1.0)
    el = propagation.Elements(a, e, i, 0.7, 1.9, 0.3, 0.0)
    r0, v0 = propagation.states(SUN_GM, el, 0.0, backend="numba")
    r, v = propagation.states(SUN_GM, el, dt, backend="numba")

    def energy(r, v):
        return 0.5 * v @ v - SUN_GM / np.linalg.norm(r)

    assert energy(r, v) == pytest.approx(energy(r0, v0), rel=1e-10)
    np.testing.assert_allclose(np.cross(r, v), np.cross(r0, v0), rtol=0, atol=1e-10 * np.linalg.norm(np.cross(r0, v0)))


def test_parabola_is_refused_as_nan():
    r, _ = propagation.states(SUN_GM, propagation.Elements(AU, 1.0, 0, 0, 0, 0.1, 0), 0.0, backend="numba")
    assert np.isnan(r).all()


def test_against_rebound_two_body():
    """REBOUND's IAS15 (Sun + massless particles, G = 1, masses GM) over one year: within 1e-9 of |r|."""
    rebound = pytest.importorskip("rebound")
    el = random_elements(20, seed=4)
    r0, v0 = propagation.states(SUN_GM, el, 0.0, backend="numba")
    sim = rebound.Simulation()
    sim.G = 1.0
    sim.add(m=SUN_GM)
    for k in range(20):
        sim.add(m=0.0, x=r0[k, 0], y=r0[k, 1], z=r0[k, 2], vx=v0[k, 0], vy=v0[k, 1], vz=v0[k, 2])
    sim.N_active = 1
    sim.integrate(3.15576e7, exact_finish_time=1)
    got = np.array([[p.x - sim.particles[0].x, p.y - sim.particles[0].y, p.z - sim.particles[0].z]
                    for p in sim.particles[1:]])
    r, _ = propagation.states(SUN_GM, el, 3.15576e7, backend="numba")
    assert np.max(np.linalg.norm(got - r, axis=-1) / np.linalg.norm(r, axis=-1)) < 1e-9


def test_backend_is_checked():
    with pytest.raises(ValueError, match="backend"):
        propagation.states(SUN_GM, random_elements(3), 0.0, backend="gpu")


def test_branch_free_sincos_matches_libm():
    """The SIMD path's sine and cosine (Cephes sin.c) within 2 ulp of 1 of the C library's, |x| <= 1000 rad."""
    x = np.random.default_rng(5).uniform(-1000, 1000, 200_000)
    s, c = zip(*(propagation.sincos(v) for v in x[:2000]), strict=True)
    assert np.max(np.abs(np.array(s) - np.sin(x[:2000]))) < 5e-16
    assert np.max(np.abs(np.array(c) - np.cos(x[:2000]))) < 5e-16


def test_near_parabolic_ellipses_fall_back_and_converge():
    """e up to 0.99999: the three fixed SIMD steps leave some unconverged; the scalar fallback finishes them."""
    rng = np.random.default_rng(6)
    m, e = rng.uniform(-np.pi, np.pi, 50_000), 1.0 - 10.0 ** rng.uniform(-5, -1, 50_000)
    big_e = propagation.solve_kepler(m, e)
    assert np.max(np.abs(big_e - e * np.sin(big_e) - m)) < 1e-12
