"""The route contract: what every composition (surface base, Earth orbit, the ground) offers the engine.

A route is three pure steps over the same parameters ``p`` (each section's fields are SI floats, or
``(n, 1)`` columns of per-sample values that broadcast against the ``(n, steps)`` time grid):

1. ``design(p) -> Design``: what does not change over time (the launcher, the departure, the satellite, the
   site), computed once;
2. ``problems(p, design) -> list[str]``: parameter combinations the route cannot build, one line each,
   naming the offending samples when there are several;
3. ``simulate(p, design, t_years, dt_s, wanted=None) -> dict[str, ndarray]``: the series, in the SI units of
   :data:`lunarbase.figures.SERIES` (the engine attaches the units and checks every name is catalogued).
   ``wanted``: None for every series, or the names the caller will read (a study's): the route must make each
   of them, and may leave out the others it would make only to report them.

``constraints`` lists the binding codes the route can report; ``one_value_per_run`` the parameters it takes
one value of per run (a draw that varies them is refused in one line by the engine).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lunarbase.scenario.draws import samples_listed

#: Parameters no route can vary across samples: the time grid and the route's own shape.
ONE_VALUE_PER_RUN = ("horizon.start_year", "horizon.end_year", "horizon.steps_per_year", "route.kind",
                     "route.body", "route.launcher", "route.destination", "route.self_sufficient")


@dataclass(frozen=True)
class Design:
    """What a route designs once per run: each part is ``None`` where the route has none.

    ``launcher``: figures of one launcher (a mass driver, or a rocket with its pad), SI, keys as in
    ``figures.DESIGN["launcher"]``; ``launcher_kind`` says which. ``departure``: the departure from the body
    (a ``patched_conics.Departure`` or a ``planet_departure.PlanetDeparture``). ``satellite``: the
    ``SatelliteDesign``. ``body``: the ``bodies.Body`` the base stands on. ``extra``: other groups of SI
    figures (the site's power, the orbit's light, the grid's build times), by group.
    """

    satellite: Any = None
    launcher: Mapping[str, Any] | None = None
    launcher_kind: str | None = None
    departure: Any = None
    body: Any = None
    acceleration: Any = None
    extra: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def sample(self, i: int, n: int) -> Design:
        """The design of sample ``i`` of ``n``: every per-sample array cut to that sample."""
        return Design(satellite=_cut(self.satellite, i, n), launcher=_cut(self.launcher, i, n),
                      launcher_kind=self.launcher_kind, departure=_cut(self.departure, i, n), body=self.body,
                      acceleration=_cut(self.acceleration, i, n),
                      extra={k: _cut(v, i, n) for k, v in self.extra.items()})


def _cut(value: Any, i: int, n: int) -> Any:
    if value is None:
        return None
    if hasattr(value, "_fields"):
        return type(value)(*(_cut(v, i, n) for v in value))
    if isinstance(value, Mapping):
        return {k: _cut(v, i, n) for k, v in value.items()}
    array = np.asarray(value)
    if array.ndim >= 1 and array.shape[0] == n and n > 1:
        return array[i:i + 1]
    return value


@dataclass(frozen=True)
class Route:
    """A composition of the subsystems the engine can run (see the module docstring for the contract)."""

    kind: str
    design: Callable[[Any], Design]
    problems: Callable[[Any, Design], list[str]]
    simulate: Callable[..., dict[str, np.ndarray]]  # (p, design, t_years, dt_s, wanted=None)
    constraints: tuple[str, ...]
    one_value_per_run: tuple[str, ...] = ()


class ReadRecorder:
    """The parameters as a route sees them, noting every ``section.field`` it reads.

    A parameter a run never reads does nothing in that run: the engine refuses it when it was set
    (``MODE_HINTS`` says which mode would use it), so that no setting is silently ignored.
    """

    def __init__(self, params: Any, reads: set[str], section: str | None = None):
        self._params, self._reads, self._section = params, reads, section

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._params, name)
        if self._section is None:
            return ReadRecorder(value, self._reads, name)
        self._reads.add(f"{self._section}.{name}")
        return value


#: Where a parameter that does nothing in a run would do something: path or section -> the setting that uses it.
MODE_HINTS = {
    "mass_driver.launch_angle": "departure.model = 'angle'",
    "mass_driver.track_azimuth": "mass_driver.track_aim = 'azimuth'",
    "mass_driver": "route.launcher = 'mass-driver' on the surface-base route",
    "rocket": "route.launcher = 'rocket' or route.kind = 'earth-orbit'",
    "grid": "route.kind = 'terrestrial'",
    "orbit": "route.kind = 'earth-orbit'",
    "orbit.inclination": "route.destination = 'leo'",
    "links": "route.kind = 'surface-base' or 'earth-orbit' (satellites with links home)",
    "links.wavelength": "a heliocentric destination (in Earth orbit the link home runs at links.max_rate)",
    "links.photons_per_bit": "a heliocentric destination (in Earth orbit the link home runs at links.max_rate)",
    "links.link_efficiency": "a heliocentric destination (in Earth orbit the link home runs at links.max_rate)",
    "links.ground_telescopes": "links.ground_network = 'fixed'",
    "links.conjunction_angle": "a heliocentric destination (Earth orbit is never behind the Sun)",
    "workloads": "route.kind = 'surface-base' or 'earth-orbit' (on the ground every workload uses it all)",
    "swarm": "the Armstrong & Sandberg check (lunarbase.subsystems.swarm), not a run",
    "surface": "route.kind = 'surface-base'",
    "site": "route.kind = 'surface-base'",
    "city": "route.kind = 'surface-base'",
    "industry": "route.kind = 'surface-base'",
    "departure": "route.kind = 'surface-base'",
    "chips.lunar_fab_year": "chips.lunar_fab = true on the surface-base route",
    "chips.lunar_fab_capacity": "chips.lunar_fab = true on the surface-base route",
    "chips.lunar_fab_growth": "chips.lunar_fab = true on the surface-base route",
}


def mode_hint(path: str) -> str:
    """The setting under which ``path`` would act, if one is known."""
    return MODE_HINTS.get(path) or MODE_HINTS.get(path.partition(".")[0], "")


def samples_named(bad) -> str:
    """' (samples 0, 3, 7)' for the samples flagged in ``bad`` when there are several samples, else ''."""
    return f" ({samples_listed(bad)})" if np.size(bad) > 1 else ""


__all__ = ["Design", "MODE_HINTS", "ONE_VALUE_PER_RUN", "ReadRecorder", "Route", "mode_hint", "samples_named"]
