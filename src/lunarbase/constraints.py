"""What can bind a route's growth in a step: one vocabulary, owned by no single route.

A route reports, per sample and step, the code of the constraint that limited what it deployed (the
``binding`` series); each route declares the codes it can report (``Route.constraints``). Codes are small
integers so the compiled loops can store them in a float array; names are what people read.
"""

#: Codes, in the order of :data:`CONSTRAINTS`.
FACTORY, CREW, POWER, EARTH_SUPPLY, CHIPS, LAUNCH, IDLE, GRID = range(8)

#: Names by code.
CONSTRAINTS = ("factory", "crew", "power", "earth_supply", "chips", "launch", "idle", "grid")

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
}


def name_of(code) -> str:
    """The name of a constraint code (a float from a ``binding`` series is accepted)."""
    return CONSTRAINTS[int(code)]


__all__ = ["CHIPS", "CONSTRAINTS", "CREW", "EARTH_SUPPLY", "FACTORY", "GRID", "IDLE", "LAUNCH", "MEANINGS", "POWER",
           "name_of"]
