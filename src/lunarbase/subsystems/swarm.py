"""Armstrong & Sandberg's Dyson swarm from Mercury (Acta Astronautica 89:1-13, 2013), as a growth law.

Their scheme: collectors in orbit near Mercury's distance beam power to the surface, where a share of it
lifts Mercury's material (at its mean binding energy 3 GM / (5 R) per kg; 1.80e30 J for the whole planet)
to build more collectors; collectors come online one build cycle after the energy that made them was spent.
Mass launched per second is then k times the collector mass a cycle ago:
    dM/dt = k M(t - tau),   k = f_lift * eta * S(r) / (sigma * e_bind)
with eta the collectors' efficiency, f_lift the share of energy spent lifting mass, S(r) the flux at r,
sigma the collectors' mass per m^2 and tau the cycle. It grows as exp(lambda t), lambda = W(k tau) / tau
(``physics.growth``); the swarm is done when half of Mercury has been lifted.

A physical ceiling the scheme must respect: collectors at distance r intercept the Sun's light over at most
one complete shell, area 4 pi r^2 (a second shell would sit in the first's shadow). At 0.5 kg/m^2 and
0.387 AU that shell weighs 2.1e22 kg, 6.4 % of Mercury: half of Mercury would make 7.8 complete shells
whose electricity, at 1/3 efficiency, would be 2.6 times the Sun's luminosity. ``armstrong_sandberg`` stops
the swarm at the shell (``shells_asked`` says how many the stated target would have needed), and
``areal_density_for_one_shell`` gives the collector mass per m^2 at which the stated target is one shell.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from lunarbase.constants import YEAR
from lunarbase.physics.growth import delayed_growth_rate, doubling_time, time_to_grow
from lunarbase.physics.sunlight import solar_flux_w_per_m2


class SwarmTimeline(NamedTuple):
    lift_rate_per_s: float  # k, 1/s
    growth_rate_per_s: float  # lambda, 1/s
    doubling_time_s: float
    years_to_target_s: float  # first cycle plus exponential growth to the target mass
    share_in_last_4_years: float
    target_mass_kg: float  # what the swarm reaches: the stated share of the body, at most one complete shell
    shells_asked: float  # complete shells the stated share of the body would make (> 1: impossible)


def shell_mass(distance_m, collector_areal_density, shell_coverage=1.0):
    """Mass of collectors covering a share of the sphere at ``distance_m``: 4 pi r^2 sigma coverage, kg."""
    return 4.0 * np.pi * distance_m**2 * collector_areal_density * shell_coverage


def areal_density_for_one_shell(body, target_share_of_body, distance_m=None):
    """Collector mass per m^2 at which the stated share of ``body`` makes exactly one complete shell, kg/m^2."""
    r = body.sun_distance if distance_m is None else distance_m
    return target_share_of_body * body.mass / (4.0 * np.pi * r**2)


def armstrong_sandberg(body, collector_efficiency, lift_share, collector_areal_density, cycle_s, seed_area_m2,
                       target_share_of_body, distance_m=None, shell_coverage=1.0):
    """The swarm's growth and timeline for ``body`` (a Body) with A&S's assumptions, SI in and out; the target
    is the stated share of the body, or one complete shell of collectors if that is less (module docstring)."""
    r = body.sun_distance if distance_m is None else distance_m
    flux = solar_flux_w_per_m2(r)
    k = lift_share * collector_efficiency * flux / (collector_areal_density * body.binding_energy_per_kg)
    lam = float(delayed_growth_rate(k, cycle_s))
    asked = target_share_of_body * body.mass
    one_shell = shell_mass(r, collector_areal_density, shell_coverage)
    target = min(asked, one_shell)
    seed = seed_area_m2 * collector_areal_density
    total = cycle_s + float(time_to_grow(seed, target, lam))
    return SwarmTimeline(float(k), lam, float(doubling_time(lam)), total, float(1.0 - np.exp(-lam * 4.0 * YEAR)),
                         float(target), float(asked / one_shell))
