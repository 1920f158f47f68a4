"""Physical bounds: flag a scenario that lifts more of the Moon, or covers more ground, than there is."""

import numpy as np

from lunarbase.constants import MOON_MASS, MOON_RADIUS

MOON_SURFACE_AREA = 4.0 * np.pi * MOON_RADIUS**2


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
