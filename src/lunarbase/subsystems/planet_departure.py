"""Departure from a planet that orbits the Sun itself (Mars, Mercury) into a circular heliocentric orbit.

Patched conics (Curtis ch. 8): the surface speed v gives v_inf = sqrt(v^2 - v_esc^2) outside the planet's
sphere of influence, added to (outer) or taken from (inner) the planet's circular speed at its distance r_p;
the payload then makes a Hohmann transfer from r_p to the target circle at r_t with its own thrusters.
Circular coplanar orbits, v_inf tangent to the planet's motion, no planetary rotation.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from lunarbase.constants import SUN_GM
from lunarbase.physics import orbits


class PlanetDeparture(NamedTuple):
    surface_speed: np.ndarray
    v_inf_body: np.ndarray
    escapes_body: np.ndarray
    outer_semimajor_axis: np.ndarray
    outer_aphelion: np.ndarray
    inner_semimajor_axis: np.ndarray
    inner_perihelion: np.ndarray
    delta_v_to_target: np.ndarray
    #: Share of launches that leave the planet's sphere: 0 or 1 (one exit speed, no launch geometry).
    escape_share: np.ndarray
    #: How the figures were found, in words; what a reader must know about them ("" if nothing).
    method: str = "patched conics from the planet (circular coplanar orbits)"
    note: str = ""


def delta_v_to_circular(heliocentric_speed, start_radius, target_radius):
    """Delta-v from a tangential speed at ``start_radius`` to a circle at ``target_radius`` via Hohmann, m/s."""
    a_transfer = 0.5 * (start_radius + np.asarray(target_radius, dtype=float))
    first = np.abs(heliocentric_speed - orbits.speed_at_radius(SUN_GM, a_transfer, start_radius))
    second = np.abs(orbits.circular_speed(SUN_GM, target_radius)
                    - orbits.speed_at_radius(SUN_GM, a_transfer, target_radius))
    return first + second


def depart(body, exit_speed, target_radius):
    """Patched-conic departure from ``body`` (a :class:`~lunarbase.subsystems.bodies.Body`) at ``exit_speed``."""
    v = np.asarray(exit_speed, dtype=float)
    v_inf = orbits.excess_speed(v, body.escape_speed)
    escapes = np.isfinite(v_inf)
    v_inf0 = np.nan_to_num(v_inf, nan=0.0)
    v_planet = float(orbits.circular_speed(SUN_GM, body.sun_distance))
    r = body.sun_distance
    a_out = orbits.semimajor_axis(SUN_GM, r, v_planet + v_inf0)
    a_in = orbits.semimajor_axis(SUN_GM, r, v_planet - v_inf0)
    target = np.asarray(target_radius, dtype=float)
    dv = np.where(target >= r, delta_v_to_circular(v_planet + v_inf0, r, target),
                  delta_v_to_circular(v_planet - v_inf0, r, target))
    return PlanetDeparture(
        surface_speed=v, v_inf_body=v_inf, escapes_body=escapes,
        outer_semimajor_axis=np.where(escapes, a_out, np.nan),
        outer_aphelion=np.where(escapes, np.where(a_out > 0, 2.0 * a_out - r, np.inf), np.nan),
        inner_semimajor_axis=np.where(escapes, a_in, np.nan),
        inner_perihelion=np.where(escapes, 2.0 * a_in - r, np.nan),
        delta_v_to_target=np.where(escapes, dv, np.nan),
        escape_share=np.where(escapes, 1.0, 0.0),
    )
