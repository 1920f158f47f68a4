"""The departure the base's satellites get: from the Moon through the Earth's sphere, or from a planet.

The Moon: the planar patched conics (``physics.patched_conics.depart``) at the track's launch angle, or, with
``departure.model = "site"``, what a driver firing around the clock from the scenario's site and track gives
(the share that escapes, the onboard Delta-v to size satellites for, the spread of orbits reached). A planet:
straight into heliocentric orbit (``planet_departure``). Every field broadcasts over samples: a draw that
varies the site, the track, the exit speed or the start year gets each sample's own month of launches.
"""

from __future__ import annotations

import numpy as np

from lunarbase.physics import ephemeris, moon_orientation, patched_conics
from lunarbase.subsystems import launch_site, launch_windows, planet_departure


def from_base(p, body, exit_speed):
    """The departure of satellites thrown at ``exit_speed`` from the base on ``body`` (module docstring)."""
    if body.name != "moon":
        return planet_departure.depart(body, exit_speed, p.departure.target_orbit_radius)
    if p.departure.model == "angle":
        return patched_conics.depart(exit_speed, p.mass_driver.launch_angle, p.departure.target_orbit_radius)
    # The site's launches give every figure the fleet uses; the planar form only lends its shape.
    return site_departure(patched_conics.depart(exit_speed, 0.0, p.departure.target_orbit_radius), p, exit_speed)


def _track(p, exit_speed):
    """Per-sample site, track and first launch date (each an (n,) array, n = 1 unless drawn)."""
    site_p, md = p.site, p.mass_driver
    aimed = md.track_aim == "azimuth"
    lat, lon, elev, az, el, speed, year = np.broadcast_arrays(*(
        np.ravel(np.asarray(x, dtype=float)) for x in (site_p.latitude, site_p.longitude, site_p.elevation,
                                                       md.track_azimuth if aimed else 0.0, md.track_elevation,
                                                       exit_speed, p.industry.start_year)))
    if not aimed:  # prograde (and the sweep's starting point): along the Moon's motion
        az = moon_orientation.azimuth_toward(lat[:, None], lon[:, None], launch_site.LEADING_APEX)[:, 0]
    lo, hi = ephemeris.COVERED_YEARS
    start_jd = ephemeris.J2000_JD + (np.floor(np.clip(year, lo, hi - 1)) - 2000.0) * 365.25
    return launch_site.LaunchSite(lat, lon, elev, np.array(az, dtype=float), el, "scenario"), speed, start_jd


def site_departure(dep: patched_conics.Departure, p, exit_speed) -> patched_conics.Departure:
    """The departure as launches from the scenario's site and track around the clock show it, over the first
    synodic month of ``industry.start_year`` (clipped to the ephemeris range): what the fleet model consumes
    when a scenario names a site. The planar fields take the site's values: v_inf,E its mean, "outer" the most
    outward orbit of the month, "inner" the most inward. With ``track_aim = "best"`` each distinct sample
    (site, exit speed, start) gets its own sweep of azimuths."""
    r_t, thrust = p.departure.target_orbit_radius, p.departure.thrust_to_mass
    site, speed, start_jd = _track(p, exit_speed)
    if p.mass_driver.track_aim == "best":
        site = site._replace(track_azimuth=_best_azimuths(site, speed, start_jd, r_t, thrust))
    n = speed.size
    column = launch_site.LaunchSite(*(np.reshape(x, (-1, 1)) for x in site[:5]), site.note)
    clock = launch_windows.around_the_clock(column, speed, start_jd, r_t, thrust)

    shape = (n, 1) if n > 1 else np.shape(dep.surface_speed)  # samples as columns, like every design figure

    def shaped(x):
        return np.reshape(x, shape)

    share = shaped(clock.escape_share)
    method, note = _method_and_note(clock, speed)
    return dep._replace(
        method=method, note=note,
        escape_share=share, escapes_earth_moon=np.asarray(share) > 0.0,
        delta_v_to_target=shaped(clock.delta_v_to_target), v_inf_earth=shaped(clock.mean_v_inf_earth),
        outer_semimajor_axis=shaped(clock.greatest_semimajor_axis), outer_aphelion=shaped(clock.greatest_aphelion),
        inner_semimajor_axis=shaped(clock.least_semimajor_axis), inner_perihelion=shaped(clock.least_perihelion))


def _method_and_note(clock, speed) -> tuple[str, str]:
    """How the around-the-clock figures were found (``launch_windows.METHOD_TEXT``; per sample where they
    differ), and what a reader must know: samples where nothing escapes, or where the conics are unchecked."""
    methods = np.asarray(clock.method)
    kinds, counts = np.unique(methods, return_counts=True)
    if len(kinds) == 1:
        method = launch_windows.METHOD_TEXT[kinds[0]]
    else:
        method = "; ".join(f"{launch_windows.METHOD_TEXT[k]}: {c} samples" for k, c in zip(kinds, counts, strict=True))
    notes = []
    unchecked = methods == launch_windows.METHOD_UNCHECKED
    if unchecked.any():
        notes.append(f"{_samples(unchecked)}the escaping share and orbits are patched conics that no N-body run "
                     "has checked for this site and track (scripts/make_escape_table.py covers the preset sites' "
                     "prograde tracks); use `lunarbase depart --method nbody --days '365 d'` to check")
    none = np.asarray(clock.escape_share) <= 0.0
    if none.any():
        speeds = ", ".join(f"{v / 1e3:.3g} km/s" for v in np.unique(np.asarray(speed)[none])[:3])
        notes.append(f"{_samples(none)}no launch leaves the Earth-Moon system at {speeds} from this site and "
                     "track: every satellite launched is lost")
    return method, "; ".join(notes)


def _samples(mask) -> str:
    """'' for a run of one sample, else 'samples 0, 3: ' (the first few)."""
    if mask.size == 1:
        return ""
    idx = np.flatnonzero(mask)
    more = f" and {idx.size - 5} more" if idx.size > 5 else ""
    return f"samples {', '.join(str(i) for i in idx[:5])}{more}: "


def _best_azimuths(site, speed, start_jd, target_radius, thrust_to_mass) -> np.ndarray:
    """``launch_windows.best_azimuth`` for each distinct sample of site, speed and start date."""
    keys = np.stack([site.latitude, site.longitude, site.elevation, site.track_elevation, speed, start_jd], axis=1)
    unique, inverse = np.unique(keys, axis=0, return_inverse=True)
    best = np.array([launch_windows.best_azimuth(
        launch_site.LaunchSite(lat, lon, elev, launch_site.prograde_azimuth(lat, lon), el, "scenario"), v, jd,
        target_radius, thrust_to_mass) for lat, lon, elev, el, v, jd in unique])
    return best[np.ravel(inverse)]
