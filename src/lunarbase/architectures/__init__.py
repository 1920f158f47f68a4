"""Compositions of the subsystems into routes, each behind the one contract of :mod:`.route`."""

from lunarbase.architectures import earth_orbit, surface_base, terrestrial
from lunarbase.architectures.route import Design, Route

#: The routes, by ``route.kind``. ``surface-base`` serves the Moon, Mars and Mercury.
ROUTES: dict[str, Route] = {r.kind: r for r in (surface_base.ROUTE, earth_orbit.ROUTE, terrestrial.ROUTE)}

__all__ = ["ROUTES", "Design", "Route"]
