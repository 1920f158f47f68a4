"""Rockets off a body's surface: propellant per kg by Tsiolkovsky, made in situ with electricity.

A reusable single stage with dry mass d per kg of payload reaches Delta-v = v_target + losses (gravity and
drag). The mass ratio R = exp(dv / (Isp g0)) on burnout mass m_pl (1 + d) gives the propellant per kg of
payload  m_p / m_pl = (R - 1)(1 + d)  (Tsiolkovsky; Curtis ch. 11). The base makes that propellant (CH4/O2
on Mars by Sabatier and electrolysis) at ``energy_per_kg_propellant``, so the launch energy per kg of payload
is (m_p / m_pl) e_prop: the role the mass driver's v^2 / (2 eta) plays. Vehicles and pads are the
"launchers" the base builds from its own product.
"""

from __future__ import annotations

import numpy as np

from lunarbase.constants import STANDARD_GRAVITY


def propellant_per_kg_payload(delta_v, isp_s, dry_mass_per_payload):
    """(exp(dv / (Isp g0)) - 1)(1 + d), kg of propellant per kg of payload (Tsiolkovsky); infinite where the
    mass ratio is beyond floating point (``problems`` refuses it)."""
    with np.errstate(over="ignore"):
        r = np.exp(np.asarray(delta_v, dtype=float) / (isp_s * STANDARD_GRAVITY))
    return (r - 1.0) * (1.0 + np.asarray(dry_mass_per_payload, dtype=float))


def problems(rocket, launcher) -> list[tuple[np.ndarray, str]]:
    """(samples, one line) where the rocket's propellant per kg of payload is not finite: a mass ratio
    exp(dv / (Isp g0)) no rocket can have."""
    bad = ~np.isfinite(np.asarray(launcher["propellant_per_kg"], dtype=float))
    if not np.any(bad):
        return []
    dv = float(np.max(launcher["delta_v"]))
    return [(bad, f"rocket.isp: got {np.min(rocket.isp):.4g} s; reaching {dv / 1e3:.4g} km/s would take a mass "
                  f"ratio of e^{dv / (np.min(rocket.isp) * STANDARD_GRAVITY):.4g}; expected a higher specific "
                  "impulse")]


def design(rocket, target_speed):
    """One rocket "launcher" (a vehicle with its pad) for a ``rocket`` parameter section, as a dict of SI.

    Keys match :func:`lunarbase.subsystems.mass_driver.design` so the surface-base loop treats both alike:
    ``throughput`` (kg/s one vehicle lifts on average), ``energy_per_kg`` (J per kg of payload: making its
    propellant), ``mass`` (vehicle and pad, kg), ``exit_speed`` (the speed it reaches), ``acceleration``.
    """
    dv = np.asarray(target_speed, dtype=float) + rocket.delta_v_losses
    prop = propellant_per_kg_payload(dv, rocket.isp, rocket.dry_mass_per_payload)
    thr = rocket.payload_per_flight * rocket.flights_per_vehicle
    zero = 0.0 * dv
    return {
        "exit_speed": np.asarray(target_speed, dtype=float) + zero,
        "acceleration": rocket.acceleration + zero,
        "length": zero,
        "shot_duration": dv / rocket.acceleration,
        "energy_per_kg": prop * rocket.energy_per_kg_propellant,
        "propellant_per_kg": prop,
        "peak_power": zero,
        "average_power": thr * prop * rocket.energy_per_kg_propellant,
        "throughput": thr + zero,
        "mass": rocket.dry_mass_per_payload * rocket.payload_per_flight + rocket.pad_mass + zero,
        "delta_v": dv,
    }
