"""Physical bounds: the ceilings a base's growth stops at, and flags for totals beyond a body's means.

Ceilings (enforced by the routes, named as the binding constraint when they bind):
- arrays cover at most the site's usable area (and never more than the body's surface): P <= A / a_W, with
  a_W the array area per watt of average delivered power (``site_power``);
- arrays on a body collect at most the sunlight its disc intercepts, S pi R^2 eta_pv (whatever their layout:
  a sphere's cross-section is pi R^2);
- the material within the mining depth, rho (4/3) pi (R^3 - (R - d)^3), never more than the body's mass;
- satellites in a shell about the Sun intercept at most its luminosity times the shell's coverage: a shell of
  area 4 pi r^2 at flux L / (4 pi r^2) intercepts L, and a second shell would sit in the first's shadow.
"""

import numpy as np

from lunarbase.constants import MOON_MASS, MOON_RADIUS

MOON_SURFACE_AREA = 4.0 * np.pi * MOON_RADIUS**2


def mineable_mass(body_mass, body_radius, density, depth):
    """Mass within ``depth`` of the surface at ``density``, rho (4/3) pi (R^3 - (R - d)^3), at most the body's, kg."""
    inner = np.maximum(body_radius - np.asarray(depth, dtype=float), 0.0)
    return np.minimum(density * 4.0 / 3.0 * np.pi * (body_radius**3 - inner**3), body_mass)


def power_ceiling_by_area(usable_area, body_radius, array_area_per_watt):
    """Average delivered power the arrays on the usable area (at most the body's surface) give, W."""
    return np.minimum(usable_area, 4.0 * np.pi * body_radius**2) / array_area_per_watt


def power_ceiling_by_sunlight(surface_flux, body_radius, pv_efficiency):
    """Electric power from all the sunlight the body's disc intercepts, S pi R^2 eta_pv, W."""
    return surface_flux * np.pi * body_radius**2 * pv_efficiency


def shell_sunlight(sun_luminosity, shell_coverage):
    """Sunlight a shell of satellites can intercept, L x coverage, W (the same at every radius)."""
    return sun_luminosity * np.asarray(shell_coverage, dtype=float)

def mined_area(mass_mined_kg, regolith_density, mining_depth):
    """Ground stripped to ``mining_depth`` to win ``mass_mined_kg`` of regolith, m^2."""
    return np.asarray(mass_mined_kg, dtype=float) / (regolith_density * mining_depth)


def check(mass_lifted_kg, mass_mined_kg, array_area_m2, usable_area_m2, regolith_density, mining_depth,
          body_mass=MOON_MASS, body_radius=MOON_RADIUS, body_name="Moon"):
    """Figures and flags (one line each) for the horizon year's totals, on the base's body (default the Moon).

    The figure keys keep their lunar names ("..._share_of_moon") for every body.
    """
    surface = 4.0 * np.pi * body_radius**2
    mining = mined_area(mass_mined_kg, regolith_density, mining_depth)
    figures = {
        "mass_lifted_share_of_moon": float(mass_lifted_kg / body_mass),
        "mined_area": float(mining),
        "array_area": float(array_area_m2),
        "surface_used_share": float((mining + array_area_m2) / surface),
    }
    flags = []
    whose = _possessive(body_name)
    if mass_lifted_kg > body_mass:
        flags.append(f"lifts {mass_lifted_kg:.3g} kg, more than {whose} mass ({body_mass:.3g} kg)")
    if mining + array_area_m2 > surface:
        flags.append(f"mining and arrays cover more than {whose} surface")
    if array_area_m2 > usable_area_m2:
        flags.append(
            f"surface arrays need {array_area_m2 / 1e6:.4g} km2, more than the site's usable "
            f"{usable_area_m2 / 1e6:.4g} km2"
        )
    if mining > surface * 0.01:
        flags.append(f"mining strips {mining / 1e6:.4g} km2, over 1 % of {whose} surface")
    return figures, flags


def _possessive(body_name: str) -> str:
    """"the Moon's", "the Earth's", but "Mars's" and "Mercury's": planets' names take no article."""
    return f"the {body_name}'s" if body_name in ("Moon", "Earth", "Sun") else f"{body_name}'s"
