"""Compositions of the subsystems into routes; the lunar route first."""

from lunarbase.architectures import earth_orbit, lunar, terrestrial

#: The route compositions, by ``route.kind``. ``lunar`` is the surface-base route for every body.
ROUTES = {"surface-base": lunar, "earth-orbit": earth_orbit, "terrestrial": terrestrial}
