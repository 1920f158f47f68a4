"""What can bind a route's growth in a step: one vocabulary, owned by no single route.

A route reports, per sample and step, the code of the constraint that limited what it deployed (the
``binding`` series); each route declares the codes it can report (``Route.constraints``). Codes are small
integers so the compiled loops can store them in a float array; names are what people read.
"""

#: Codes, in the order of :data:`CONSTRAINTS`.
FACTORY, CREW, POWER, EARTH_SUPPLY, CHIPS, LAUNCH, IDLE, GRID, SITE_AREA, BODY_SUNLIGHT, MINEABLE, SHELL = range(12)

#: Names by code. The last four are physical ceilings: growth stops there whatever else is wanted.
CONSTRAINTS = ("factory", "crew", "power", "earth_supply", "chips", "launch", "idle", "grid", "site_area",
               "body_sunlight", "mineable_mass", "orbital_shell")

#: What each constraint means, for reports and the map in docs/architecture.md.
MEANINGS = {
    "factory": "the base's factories make no more product (productivity x factory mass)",
    "crew": "too few people to run the factories (crew factor below 1)",
    "power": "the base's power is spent (city, launches, then industry)",
    "earth_supply": "Earth cannot land more of what the base imports",
    "chips": "no more accelerators to put in satellites",
    "launch": "launchers (mass drivers, rockets, Starship flights) throw no more",
    "idle": "the route has not started",
    "grid": "grids connect no more data-centre power",
    "site_area": "arrays cover the site's usable area (or the whole body's surface)",
    "body_sunlight": "arrays collect all the sunlight the body's disc intercepts",
    "mineable_mass": "the material that can be mined is used up",
    "orbital_shell": "the satellites fill their orbital shell: a complete shell intercepts all the Sun's light, and "
                     "a second would be shaded by the first",
}


def name_of(code) -> str:
    """The name of a constraint code (a float from a ``binding`` series is accepted)."""
    return CONSTRAINTS[int(code)]


__all__ = ["BODY_SUNLIGHT", "CHIPS", "CONSTRAINTS", "CREW", "EARTH_SUPPLY", "FACTORY", "GRID", "IDLE", "LAUNCH",
           "MEANINGS", "MINEABLE", "POWER", "SHELL", "SITE_AREA", "name_of"]
