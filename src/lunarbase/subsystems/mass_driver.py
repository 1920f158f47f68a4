"""Mass drivers: electromagnetic launchers that accelerate payloads along a track to exit speed.

Constant acceleration a to exit speed v: track L = v^2 / (2a), shot time v / a. Electrical energy per kg
v^2 / (2 eta); peak electrical power at exit m a v / eta (force times speed). Throughput = payload per
shot * shots per second * duty cycle. A driver's mass = mass per metre * L + fixed mass.
"""

import math

import numpy as np

from lunarbase._jit import jitable


def track_length(exit_speed, acceleration):
    """L = v^2 / (2 a), m (constant acceleration)."""
    return np.asarray(exit_speed, dtype=float) ** 2 / (2.0 * acceleration)


def shot_duration(exit_speed, acceleration):
    """Time on the track, v / a, s."""
    return np.asarray(exit_speed, dtype=float) / acceleration


def energy_per_kg(exit_speed, efficiency):
    """Electrical energy per kg launched, v^2 / (2 eta), J/kg."""
    return np.asarray(exit_speed, dtype=float) ** 2 / (2.0 * efficiency)


def peak_power(payload_per_shot, acceleration, exit_speed, efficiency):
    """Electrical power drawn at the end of the track, m a v / eta, W."""
    return payload_per_shot * acceleration * np.asarray(exit_speed, dtype=float) / efficiency


def throughput(payload_per_shot, shots_per_s, duty_cycle):
    """Mass one driver launches per second on average, kg/s."""
    return payload_per_shot * shots_per_s * duty_cycle


def driver_mass(exit_speed, acceleration, mass_per_metre, fixed_mass):
    """Mass of one driver, kg: track plus fixed power equipment."""
    return mass_per_metre * track_length(exit_speed, acceleration) + fixed_mass


@jitable
def drivers_complete(built_mass, mass_per_driver):
    """Whole drivers finished from the launcher mass built so far. Scalar, compiled."""
    # The tolerance keeps a driver whose mass was built in many increments from being lost to rounding.
    return math.floor(built_mass / mass_per_driver * (1.0 + 1e-9)) if mass_per_driver > 0.0 else 0.0


@jitable
def launchers_wanted(launch_rate_wanted, throughput_per_driver, mass_per_driver):
    """Launcher mass for whole drivers that throw ``launch_rate_wanted`` kg/s (at least one). Scalar, compiled."""
    return max(math.ceil(launch_rate_wanted / throughput_per_driver), 1.0) * mass_per_driver


def design(md):
    """The figures of one driver for a ``mass_driver`` parameter section, as a dict of SI floats/arrays."""
    thr = throughput(md.payload_per_shot, md.shots_per_hour, md.duty_cycle)
    e = energy_per_kg(md.exit_speed, md.efficiency)
    return {
        "exit_speed": md.exit_speed,
        "acceleration": md.acceleration,
        "length": track_length(md.exit_speed, md.acceleration),
        "shot_duration": shot_duration(md.exit_speed, md.acceleration),
        "energy_per_kg": e,
        "peak_power": peak_power(md.payload_per_shot, md.acceleration, md.exit_speed, md.efficiency),
        "average_power": thr * e,
        "throughput": thr,
        "mass": driver_mass(md.exit_speed, md.acceleration, md.mass_per_metre, md.fixed_mass),
    }


def whole_payload_share(payload_per_shot, satellite_mass):
    """Share of a shot's (or flight's) payload that whole satellites fill: floor(m_shot / m_sat) m_sat / m_shot.

    Satellites are thrown whole, so a 3 t shot carries one 2.68 t satellite (89 %), not 1.12 of them.
    """
    payload = np.asarray(payload_per_shot, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):  # an unbuildable (infinite) satellite fills nothing
        share = np.floor(payload / satellite_mass * (1.0 + 1e-12)) * satellite_mass / payload
    return np.nan_to_num(share, nan=0.0)
