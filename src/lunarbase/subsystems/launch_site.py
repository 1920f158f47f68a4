"""Where a mass driver stands on the Moon and which way its track points.

A site is a selenographic latitude and longitude (IAU mean-Earth frame), an elevation above the 1737.4 km
reference sphere, and a track with an azimuth (from north through east) and an elevation angle. The Moon is
tidally locked, so a fixed track keeps nearly the same direction relative to the Earth-Moon line (within the
librations, a few degrees); the body-fixed direction of the Moon's orbital motion is 90 deg W on the equator
(the leading apex), and a track aimed there adds the Moon's 1.02 km/s to the payload's own excess speed.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from lunarbase.constants import MOON_RADIUS
from lunarbase.physics import moon_orientation

_DEG = np.pi / 180.0
#: Body-fixed direction of the Moon's mean orbital velocity: 90 deg W on the equator (-y).
LEADING_APEX = np.array([0.0, -1.0, 0.0])


class LaunchSite(NamedTuple):
    """A mass-driver site and track; angles in rad, elevation in m above the reference sphere."""

    latitude: float
    longitude: float
    elevation: float
    track_azimuth: float
    track_elevation: float
    note: str


def prograde_azimuth(latitude: float, longitude: float) -> float:
    """Azimuth (rad) that points a horizontal track as nearly as it can along the Moon's orbital motion."""
    return float(moon_orientation.azimuth_toward(latitude, longitude, LEADING_APEX))


def _site(lat_deg, lon_deg, elevation_m, note, azimuth_deg=None, track_elevation_deg=0.0):
    lat, lon = lat_deg * _DEG, lon_deg * _DEG
    az = prograde_azimuth(lat, lon) if azimuth_deg is None else azimuth_deg * _DEG
    return LaunchSite(lat, lon, float(elevation_m), az, track_elevation_deg * _DEG, note)


#: Site presets. The tracks point along the Moon's orbital motion (``prograde_azimuth``), horizontal.
SITES = {
    "south-polar-ridge": _site(
        -89.45, 222.69, 1500.0,
        "Shackleton-de Gerlache connecting ridge (Gläser et al. 2014, Icarus; coordinates rounded); "
        "elevation: assumption, ridge crests stand 1-2 km above the reference sphere (LOLA)"),
    "equatorial-nearside": _site(
        0.0, 0.0, 0.0,
        "Sinus Medii, the mean sub-Earth point (0 deg, 0 deg), on the reference sphere; track due west, "
        "along the Moon's orbital motion"),
}


def site_named(name: str) -> LaunchSite:
    """A preset site; the error names the field, the value and what is expected."""
    try:
        return SITES[name]
    except KeyError:
        raise ValueError(f"--site: got '{name}'; expected one of {', '.join(SITES)}") from None


def launch_states(site: LaunchSite, exit_speed, jd_tdb):
    """Selenocentric ICRF position (m) and velocity (m/s) of payloads leaving the track at ``exit_speed``.

    v = v_exit d + omega x r: the exit speed is relative to the turning surface (4.6 m/s at the equator);
    ``moon_orientation.launch_state_of``. Broadcasts over ``exit_speed``, ``jd_tdb`` and the site's fields.
    """
    jd, speed, lat, lon, elev, az, el = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (jd_tdb, exit_speed, site.latitude, site.longitude, site.elevation,
                                               site.track_azimuth, site.track_elevation)))
    c = moon_orientation.launch_state_of(jd, lat, lon, MOON_RADIUS + elev, az, el, speed)
    return np.stack(c[:3], axis=-1), np.stack(c[3:], axis=-1)
