"""The plan's claims, checked one by one: what each implies, what the model gives, and a verdict from the numbers.

Each :class:`Claim` is data: its words, who said it, when and where, and what kind of source it is (an official
filing, a statement, press coverage), with the figures it states (``stated``, SI). Three functions of a claim
compute the rest with the model's physics:

- ``implies(claim, models)``: what it takes (mass per year to orbit or off the Moon, launches or mass-driver shots
  per year, power and array area, radiator area, accelerators against world output, spending), the first figure
  being the key one, and the ceilings it meets (:class:`Ceiling`: the sunlight on the body, the body's mass, the
  Sun's output, each marked physical; the site, the cadence, the world's chip output, which are not);
- ``outcome(claim, run)``: what a run gives (a milestone year of ``figures.MILESTONES`` or a first crossing of a
  series, a design figure), and whether that meets the claim;
- ``conditions(claim, models)``: what must hold beyond the plan's own numbers when even they fall short.

The model is run once on each route's ``plan-as-stated`` preset (the claims' own figures) and once on its
engineering default (:data:`ROUTES`), and the verdict follows (:func:`verdict`), never typed in:

1. a physical ceiling exceeded: **impossible by physics** (which law or ceiling, by how much);
2. met on both presets: **consistent**;
3. met on the plan's figures only: **consistent only if** the inputs that decide it hold: each input where
   ``plan-as-stated`` differs from the default is reset alone to the default, and those whose reset breaks the
   claim are named (with both values);
4. met on neither: **consistent only if** the conditions beyond the plan's own numbers hold (and the constraint
   that binds the plan's run is named).

``probability`` stays None unless per-claim milestone samples from a study are passed in (:func:`probability`,
:func:`samples_from`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lunarbase.constants import (
    AU,
    MOON_MASS,
    MOON_RADIUS,
    STEFAN_BOLTZMANN,
    SUN_LUMINOSITY,
    WORLD_PRIMARY_POWER_2024,
    YEAR,
)
from lunarbase.engine import Run, first_crossing, simulate
from lunarbase.figures import MILESTONES
from lunarbase.physics.sunlight import solar_flux_w_per_m2
from lunarbase.scenario import Scenario, ScenarioError, load_scenario
from lunarbase.subsystems import bounds, mass_driver
from lunarbase.subsystems import chips as chips_mod
from lunarbase.units import format_human, quantity_json, to_unit

#: The presets each route's claims are read on: (the plan's own figures, the engineering default).
ROUTES: dict[str, tuple[str, str]] = {
    "earth-orbit": ("plan-as-stated-earth-orbit", "earth-orbit-starship"),
    "moon": ("plan-as-stated", "lunar-base-alpha"),
}
#: The verdicts, in order of severity.
VERDICTS = ("consistent", "consistent only if", "impossible by physics")
#: Kinds of source.
KINDS = ("official filing", "statement", "press")
#: "about X" in a claim: a design figure within this share of X meets it (assumption).
ABOUT = 0.10
#: Share of product mass made of local material at which the base counts as self-sustaining (assumption: the
#: Earth supplies a twentieth of what it makes).
SELF_SUSTAINING_CLOSURE = 0.95
#: The solar constant at 1 AU, W/m2 (inverse-square law from the IAU 2015 luminosity: 1361 W/m2).
SOLAR_CONSTANT = float(solar_flux_w_per_m2(AU))


# ------------------------------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Implied:
    """One figure a claim implies: SI ``value`` in SI ``unit``, read by people in ``shown``."""

    name: str
    label: str
    value: float
    unit: str
    shown: str = ""

    @property
    def shown_unit(self) -> str:
        return self.shown or self.unit

    @property
    def shown_value(self) -> float:
        if self.shown_unit == self.unit:
            return float(self.value)
        return float((self.value * to_unit(self.unit)).to_value(to_unit(self.shown_unit)))

    def text(self) -> str:
        return _human(self.shown_value, self.shown_unit)

    def json(self) -> dict:
        return {**quantity_json(self.shown_value, self.shown_unit), "label": self.label}


@dataclass(frozen=True)
class Ceiling:
    """A limit the claim meets: ``need`` against ``limit`` (same SI unit), under ``law``; ``physical`` ceilings
    (the Sun's output, the sunlight on a body, a body's mass, Stefan-Boltzmann) make a claim impossible when
    exceeded, the others (a site, a cadence, the world's chip output) are conditions."""

    label: str
    law: str
    need: float
    limit: float
    unit: str
    physical: bool
    shown: str = ""

    def _shown(self, value: float) -> float:
        if not self.shown or self.shown == self.unit:
            return float(value)
        return float((value * to_unit(self.unit)).to_value(to_unit(self.shown)))

    @property
    def ratio(self) -> float:
        return self.need / self.limit if self.limit > 0 else math.inf

    @property
    def exceeded(self) -> bool:
        return self.need > self.limit

    def text(self) -> str:
        unit = self.shown or self.unit
        return f"{self.label}: needs {_human(self._shown(self.need), unit)} against " \
               f"{_human(self._shown(self.limit), unit)} ({self.law}), {_times(self.ratio)}"

    def json(self) -> dict:
        return {"label": self.label, "law": self.law, "physical": self.physical,
                "need": quantity_json(self._shown(self.need), self.shown or self.unit),
                "limit": quantity_json(self._shown(self.limit), self.shown or self.unit),
                "ratio": _finite(self.ratio)}


@dataclass(frozen=True)
class Outcome:
    """What one run gives for a claim: the ``year`` it is met (decimal, None if never or not a date), the figure
    read (``value`` in ``unit``), a short ``text``, and whether it meets the claim."""

    met: bool
    text: str
    value: float | None = None
    unit: str = ""
    year: float | None = None

    def json(self) -> dict:
        out = {"met": self.met, "text": self.text, "year": self.year}
        if self.value is not None:
            out["value"] = quantity_json(self.value, self.unit)
        return out


@dataclass(frozen=True)
class Claim:
    """A claim of the plan as data, with the three functions that check it (see the module's docstring).

    ``stated``: the figures the claim states, SI; ``row``: the row of docs/references.md §12 it comes from;
    ``route``: "earth-orbit" or "moon" (:data:`ROUTES`); ``milestone``: the name in ``figures.MILESTONES`` that
    a study's samples are read at (:func:`probability`), with ``deadline`` (decimal year, met before it).
    """

    key: str
    title: str
    words: str
    who: str
    date: str
    where: str
    kind: str
    row: str
    route: str
    stated: Mapping[str, float]
    implies: Callable[[Claim, Models], tuple[list[Implied], list[Ceiling]]]
    outcome: Callable[[Claim, Run], Outcome]
    conditions: Callable[[Claim, Models], list[str]]
    milestone: str | None = None
    deadline: float | None = None

    @property
    def source(self) -> str:
        return f"{self.who}, {self.where} ({self.kind})"


# ------------------------------------------------------------------------------------------------- the runs


@dataclass
class Models:
    """The runs the claims are read on: each route's plan-as-stated and default presets, run once each (and
    the plan with one input reset to the default, run when a verdict asks which inputs decide it)."""

    runs: dict[str, Run] = field(default_factory=dict)
    _swapped: dict[tuple[str, str], Run | None] = field(default_factory=dict, repr=False)

    @classmethod
    def run(cls) -> Models:
        return cls({name: simulate(load_scenario(name)) for pair in ROUTES.values() for name in pair})

    def plan(self, route: str) -> Run:
        return self.runs[ROUTES[route][0]]

    def default(self, route: str) -> Run:
        return self.runs[ROUTES[route][1]]

    def differing(self, route: str) -> list[tuple[str, str, str]]:
        """(path, plan's value, default's value) where plan-as-stated differs from the default, as text."""
        plan, default = self.plan(route).scenario, self.default(route).scenario
        theirs = {r.path: r for r in default.rows()}
        return [(r.path, r.text(), theirs[r.path].text()) for r in plan.rows()
                if not r.path.startswith(("horizon.", "route.")) and r.value != theirs[r.path].value]

    def swapped(self, route: str, path: str) -> Run | None:
        """The plan's run with ``path`` reset to the default's value (None where the model refuses that)."""
        if (route, path) not in self._swapped:
            plan, default = self.plan(route).scenario, self.default(route).scenario
            section, name = path.split(".")
            value = getattr(getattr(default.params, section), name)
            params = plan.params.model_copy(update={section: getattr(plan.params, section).model_copy(
                update={name: value})})
            scenario = Scenario(plan.name, plan.description, params, plan.sources, plan.explicit - {path},
                                plan.uncertainty)
            try:
                self._swapped[(route, path)] = simulate(scenario)
            except ScenarioError:
                self._swapped[(route, path)] = None
        return self._swapped[(route, path)]


def _sat(run: Run) -> dict[str, float]:
    """The run's satellite design as plain floats (kg, m2, W, W/kg)."""
    d = run.design.satellite
    return {k: float(np.ravel(getattr(d, k))[0]) for k in d._fields}


def _year_rate(run: Run) -> tuple[np.ndarray, np.ndarray]:
    """Compute launched over the twelve months ending at each step's end, W/s, and those times: the launch-rate
    milestones' own reading (a rate "a year" is what a year launched, not one step's pace annualised)."""
    t, values = run.milestone_series("launch_rate_1GW_per_yr")
    return t, values[0]


def _peak_rate(run: Run) -> float:
    """Largest compute launched in any twelve months of the run, W/s (``_year_rate``), so a peak and a milestone
    agree."""
    return float(np.nanmax(_year_rate(run)[1]))


def _at(run: Run, name: str, year: float) -> float:
    """Series ``name`` at the step that starts ``year`` (the last step if beyond the horizon)."""
    i = min(int(np.searchsorted(run.t, year - 1e-9)), run.t.size - 1)
    return float(run.series[name][0, i])


def _binding(run: Run, year: float | None = None) -> str:
    """The constraint that binds the run in ``year`` (default: the horizon), in words."""
    years = list(run.years)
    i = len(years) - 1 if year is None else min(max(int(math.floor(year)) - years[0], 0), len(years) - 1)
    return run.binding_by_year[i].replace("_", " ")


# ----------------------------------------------------------------------------------------- what claims imply


def specific_power_mass_rate(compute_rate, specific_power):
    """Mass a year for compute a year: m_dot = P_dot / (P / m), kg/s for W/s at W/kg (100 GW/yr at 100 W/kg is
    1 Mt/yr)."""
    return np.asarray(compute_rate, dtype=float) / specific_power


def fleet_sunlight(compute_rate, lifetime_s, sunlight_per_watt):
    """Sunlight a fleet launched at a steady rate intercepts once it is full: rate x lifetime x (sunlight / W of
    compute), W (the fleet stops growing when as many satellites retire as arrive)."""
    return np.asarray(compute_rate, dtype=float) * lifetime_s * sunlight_per_watt


def radiator_temperature_for(flux_w_per_m2, emissivity, sides=2, sink_k=0.0):
    """Radiator temperature that rejects ``flux`` per m2 of panel: T = (q / (n eps sigma) + T_sink^4)^(1/4)
    (Stefan-Boltzmann)."""
    return (flux_w_per_m2 / (sides * emissivity * STEFAN_BOLTZMANN) + sink_k**4) ** 0.25


def _world_chips(run: Run, year: float) -> float:
    """World accelerator output in ``year`` on a run's chips section, W/s (share 1 of ``chips.earth_supply``)."""
    c = run.scenario.params.chips
    return float(chips_mod.earth_supply(year, c.reference_year, c.world_output, c.world_output_growth, 1.0))


def _rate_figures(rate: float, sp: float, m: Models, route: str, year: float) -> tuple[list[Implied], list[Ceiling]]:
    """What a compute launch rate (W/s) at specific power ``sp`` (W/kg) takes on ``route`` in ``year``."""
    plan, default = m.plan(route), m.default(route)
    p, sat, sat_default = plan.scenario.params, _sat(plan), _sat(default)
    mass = float(specific_power_mass_rate(rate, sp))
    units = rate / p.chips.power_per_unit
    world = _world_chips(default, year)  # today's world output on the engineering default, grown to the year
    unit_cost = float(chips_mod.unit_cost(year, p.chips.cost_per_unit, p.chips.cost_decline, p.chips.reference_year))
    figures = [
        Implied("mass", "mass a year at the claim's specific power", mass, "kg/s", "kg/yr"),
        Implied("mass_at_plan_design", "mass a year at the plan's satellite (the model's design)",
                float(specific_power_mass_rate(rate, sat["specific_power"])), "kg/s", "kg/yr"),
        Implied("mass_at_default_design", "mass a year at the engineering default satellite",
                float(specific_power_mass_rate(rate, sat_default["specific_power"])), "kg/s", "kg/yr"),
        Implied("satellites", "satellites a year (plan's design)", rate / sat["compute_power"], "1/s", "1/yr"),
        Implied("array_area", "solar array area a year (plan's design)",
                rate * sat["array_area"] / sat["compute_power"], "m2/s", "km2/yr"),
        Implied("radiator_area", "radiator area a year (plan's design)",
                rate * sat["radiator_area"] / sat["compute_power"], "m2/s", "km2/yr"),
        Implied("accelerators", f"accelerators a year ({p.chips.power_per_unit:.0f} W each)", units, "1/s", "1/yr"),
        Implied("accelerators_vs_world", f"accelerators against the world's output in {int(year)} (default chips)",
                rate / world, ""),
        Implied("chip_spending", f"spending on accelerators a year at {int(year)} prices", units * unit_cost,
                "USD/s", "USD/yr"),
    ]
    ceilings = [
        Ceiling("the world's accelerator output", "chips.world_output grown at chips.world_output_growth, "
                "engineering default", rate, world, "W/s", physical=False, shown="W/yr"),
        Ceiling("the Sun's output", "full fleet (rate x lifetime) x sunlight per W against L_sun (IAU 2015 B3)",
                float(fleet_sunlight(rate, p.satellite.lifetime, sat["sunlight_captured"] / sat["compute_power"])),
                SUN_LUMINOSITY, "W", physical=True),
    ]
    return figures, ceilings


def _earth_launch(rate: float, sp: float, m: Models) -> tuple[list[Implied], list[Ceiling]]:
    """Flights and launch spending for a compute rate from Earth at ``sp``, on the plan's cadence and payload."""
    p = m.plan("earth-orbit").scenario.params
    lg = p.logistics
    mass = float(specific_power_mass_rate(rate, sp))
    flights = mass / lg.payload_per_flight
    price = lg.price_to_leo_floor * lg.launch_payload_to_leo / lg.payload_per_flight  # the floor: the cheapest
    figures = [Implied("flights", f"Starship flights a year at {lg.payload_per_flight / 1e3:.0f} t", flights, "1/s",
                       "1/yr"),
               Implied("launch_spending", "spending on launches a year at the price floor", mass * price, "USD/s",
                       "USD/yr")]
    ceilings = [Ceiling("one Starship flight an hour", "logistics.flights_max x payload_per_flight (the plan)",
                        mass, lg.flights_max * lg.payload_per_flight, "kg/s", physical=False, shown="kg/yr")]
    return figures, ceilings


def implies_earth_rate(claim: Claim, m: Models) -> tuple[list[Implied], list[Ceiling]]:
    """A compute launch rate from Earth (``stated``: rate W/s, specific_power W/kg, year)."""
    s = claim.stated
    figures, ceilings = _rate_figures(s["rate"], s["specific_power"], m, "earth-orbit", s["year"])
    launch, cadence = _earth_launch(s["rate"], s["specific_power"], m)
    return [*figures[:4], *launch, *figures[4:]], [*ceilings[:1], *cadence, *ceilings[1:]]


def implies_fcc(claim: Claim, m: Models) -> tuple[list[Implied], list[Ceiling]]:
    """The filing's constellation (``stated``: satellites, rate W/s, specific_power W/kg): the satellites in
    service a steady 100 GW/yr keeps at the model's lifetime, N = rate x life / P_sat, and the lifetime at which
    the filed number holds, life = N_filed P_sat / rate."""
    s = claim.stated
    life = m.plan("earth-orbit").scenario.params.satellite.lifetime
    per_sat = s["satellite_mass"] * s["specific_power"]  # 1 t at 100 kW/t
    in_service = s["rate"] * life / per_sat
    figures = [
        Implied("satellites_in_service", f"satellites in service at the rate for a {life / YEAR:.0f}-yr life",
                in_service, ""),
        Implied("lifetime_for_filing", "satellite life at which the filed number holds",
                s["satellites"] * per_sat / s["rate"], "s", "yr"),
        Implied("installed_at_filing", "compute of the filed constellation", s["satellites"] * per_sat, "W"),
        Implied("mass", "mass a year", float(specific_power_mass_rate(s["rate"], s["specific_power"])), "kg/s",
                "kg/yr"),
    ]
    ceilings = [Ceiling("the filed constellation", "FCC SAT-LOA-20260108-00016: up to 1,000,000 satellites",
                        in_service, s["satellites"], "", physical=False)]
    return figures, ceilings


def implies_ai1(claim: Claim, m: Models) -> tuple[list[Implied], list[Ceiling]]:
    """The AI1 satellite's stated figures (``stated``: compute_power, specific_power, array_flux, radiator_flux,
    radiator_area): mass = P / (P/m); arrays A = P_bus / q_array; radiators A_r = P_bus / q_rad; the radiator
    temperature q_rad needs (Stefan-Boltzmann, two-sided) against the chips' limit."""
    s = claim.stated
    p = m.plan("earth-orbit").scenario.params
    sat_default = m.default("earth-orbit").scenario.params.satellite
    bus = s["compute_power"] / (1.0 - p.satellite.bus_overhead)
    arrays = bus / s["array_flux"]
    t_rad = float(radiator_temperature_for(s["radiator_flux"], p.satellite.radiator_emissivity))
    t_allowed = p.chips.max_temperature - p.satellite.junction_to_coolant_drop - p.satellite.coolant_to_radiator_drop
    figures = [
        Implied("mass", "satellite mass at the stated specific power", s["compute_power"] / s["specific_power"], "kg"),
        Implied("array_area", "solar array area (bus power / stated W per m2)", arrays, "m2"),
        Implied("radiator_area", "radiator area (bus power / stated two-sided W per m2)", bus / s["radiator_flux"],
                "m2"),
        Implied("radiator_area_stated", "radiator area as stated", s["radiator_area"], "m2"),
        Implied("radiator_temperature", "radiator temperature for the stated flux", t_rad, "K"),
        Implied("array_mass_today", "array mass at today's blankets (engineering default areal density)",
                arrays * sat_default.array_areal_density, "kg"),
    ]
    ceilings = [Ceiling("radiator flux at the chips' limit", "Stefan-Boltzmann, two sides at chips.max_temperature "
                        "less the heat path's drop", s["radiator_flux"],
                        2 * p.satellite.radiator_emissivity * STEFAN_BOLTZMANN * t_allowed**4, "W/m2",
                        physical=True),
                Ceiling("the solar constant", "array output per m2 against the sunlight on it (1,361 W/m2)",
                        s["array_flux"], SOLAR_CONSTANT, "W/m2", physical=True)]
    return figures, ceilings


def implies_terafab(claim: Claim, m: Models) -> tuple[list[Implied], list[Ceiling]]:
    """Chips a year (``stated``: output W/s, space_share, year) against the world's output, with what the space
    share takes to orbit at the plan's AI1 budget and the power the chips draw once five years of them run."""
    s = claim.stated
    plan = m.plan("earth-orbit")
    sp = _sat(plan)["specific_power"]
    space = s["output"] * s["space_share"]
    figures, ceilings = _rate_figures(s["output"], sp, m, "earth-orbit", s["year"])
    launch, cadence = _earth_launch(space, sp, m)
    life = plan.scenario.params.satellite.lifetime
    return ([figures[6], figures[7], Implied("space_mass", "mass a year to orbit for the space share (AI1 budget)",
                                             float(specific_power_mass_rate(space, sp)), "kg/s", "kg/yr"),
             launch[0], figures[8],
             Implied("power_after_lifetime", "power the chips of one lifetime draw", s["output"] * life, "W")],
            [ceilings[0], *cadence,
             Ceiling("human primary power, 2024", "Energy Institute 2025: 592 EJ", s["output"] * life,
                     WORLD_PRIMARY_POWER_2024, "W", physical=False)])


def _moon_rate_figures(rate: float, m: Models) -> tuple[list[Implied], list[Ceiling]]:
    """A compute launch rate off the Moon by mass driver, at the plan's lunar satellite: mass, shots, drivers,
    launch and factory power, arrays, accelerators; ceilings: the site, the sunlight on the Moon, its mass."""
    plan = m.plan("moon")
    p, sat = plan.scenario.params, _sat(plan)
    sp = sat["specific_power"]
    figures, ceilings = _rate_figures(rate, sp, m, "moon", 2040.0)
    mass = float(specific_power_mass_rate(rate, sp))
    md = mass_driver.design(p.mass_driver)
    per_shot = math.floor(p.mass_driver.payload_per_shot / sat["mass"] * (1 + 1e-12))
    shots = rate / sat["compute_power"] / max(per_shot, 1)
    drivers = mass / (float(md["throughput"]) * float(mass_driver.whole_payload_share(p.mass_driver.payload_per_shot,
                                                                                       sat["mass"])))
    launch_power = mass * float(md["energy_per_kg"])
    factory_power = mass * p.industry.energy_per_kg
    delivered_per_m2 = SOLAR_CONSTANT * p.site.pv_efficiency * p.site.illumination_fraction
    arrays = (launch_power + factory_power) / delivered_per_m2
    moon_sunlight = float(bounds.power_ceiling_by_sunlight(SOLAR_CONSTANT, MOON_RADIUS, 1.0))
    out = [
        Implied("mass", "mass a year off the Moon (plan's lunar satellite)", mass, "kg/s", "kg/yr"),
        figures[2],
        Implied("shots", f"mass-driver shots a year ({p.mass_driver.payload_per_shot / 1e3:.0f} t a shot, whole "
                "satellites)", shots, "1/s", "1/yr"),
        Implied("mass_drivers", "mass drivers at the default cadence", drivers, ""),
        Implied("launch_power", "power to the mass drivers", launch_power, "W"),
        Implied("factory_power", "power to make the satellites (industry.energy_per_kg)", factory_power, "W"),
        Implied("surface_arrays", "surface arrays for that power at the site's sunlight", arrays, "m2", "km2"),
        *figures[6:9],
        figures[5],
    ]
    out_ceilings = [
        Ceiling("the site's usable area", "site.usable_area (assumption: lit polar ridges)", arrays,
                p.site.usable_area, "m2", physical=False, shown="km2"),
        ceilings[0],
        Ceiling("the sunlight on the Moon", "S pi R^2: all the sunlight the Moon's disc intercepts",
                launch_power + factory_power, moon_sunlight, "W", physical=True),
        Ceiling("the Moon's mass", "mass lifted in a century against the Moon's mass (JPL)", mass * 100 * YEAR,
                MOON_MASS, "kg", physical=True),
        ceilings[1],
    ]
    return out, out_ceilings


def implies_moon_rate(claim: Claim, m: Models) -> tuple[list[Implied], list[Ceiling]]:
    """A compute launch rate off the Moon (``stated``: rate W/s)."""
    return _moon_rate_figures(claim.stated["rate"], m)


def implies_share_of_sun(claim: Claim, m: Models) -> tuple[list[Implied], list[Ceiling]]:
    """A share of the Sun's output intercepted (``stated``: share, rate W/s the same speaker gave): the sunlight
    f L_sun; the arrays at 1 AU, f L / S; the fleet's mass at the plan's lunar satellite (kg per W of sunlight);
    the launch rate that holds the fleet against its lifetime, and the energy to make and throw that mass a year
    against all the sunlight on the Moon; the share the stated rate reaches when its fleet is full."""
    s = claim.stated
    plan = m.plan("moon")
    p, sat = plan.scenario.params, _sat(plan)
    sunlight = s["share"] * SUN_LUMINOSITY
    kg_per_w = sat["mass"] / sat["sunlight_captured"]
    fleet = sunlight * kg_per_w
    life = p.satellite.lifetime
    md = mass_driver.design(p.mass_driver)
    upkeep = fleet / life  # kg/s that replaces the satellites as they wear out
    energy = upkeep * (float(md["energy_per_kg"]) + p.industry.energy_per_kg)
    reached = float(fleet_sunlight(s["rate"], life, sat["sunlight_captured"] / sat["compute_power"]))
    moon_sunlight = float(bounds.power_ceiling_by_sunlight(SOLAR_CONSTANT, MOON_RADIUS, 1.0))
    figures = [
        Implied("sunlight", "sunlight intercepted", sunlight, "W"),
        Implied("array_area", "array area at 1 AU", sunlight / SOLAR_CONSTANT, "m2", "km2"),
        Implied("fleet_mass", "fleet mass (plan's lunar satellite)", fleet, "kg"),
        Implied("fleet_share_of_moon", "fleet mass as a share of the Moon's", fleet / MOON_MASS, ""),
        Implied("upkeep", "mass a year to replace worn-out satellites", upkeep, "kg/s", "kg/yr"),
        Implied("upkeep_power", "power to make and throw that mass", energy, "W"),
        Implied("share_at_stated_rate", "share of the Sun the stated 1000 GW/yr reaches (full fleet)",
                reached / SUN_LUMINOSITY, ""),
    ]
    ceilings = [
        Ceiling("the Sun's output", "L_sun (IAU 2015 B3)", sunlight, SUN_LUMINOSITY, "W", physical=True),
        Ceiling("the Moon's mass", "the fleet's mass against the Moon's (JPL)", fleet, MOON_MASS, "kg",
                physical=True),
        Ceiling("the sunlight on the Moon", f"energy conservation: making and throwing the fleet's upkeep "
                f"({life / YEAR:.0f}-yr life) against all the sunlight on the Moon's disc, S pi R^2",
                energy, moon_sunlight, "W", physical=True),
        Ceiling("the material within mining depth", "bounds.mineable_mass (assumption: 3 m deep)", fleet,
                float(bounds.mineable_mass(MOON_MASS, MOON_RADIUS, p.bounds.regolith_density,
                                           p.bounds.mining_depth)), "kg", physical=False),
    ]
    return figures, ceilings


def implies_landing(claim: Claim, m: Models) -> tuple[list[Implied], list[Ceiling]]:
    """One landing (``stated``: year): the Earth launches it takes (1 + tankers) and what it lands."""
    lg = m.plan("moon").scenario.params.logistics
    return ([Implied("launches", "Earth launches for one landing (1 + tankers)", 1 + lg.tankers_per_flight, ""),
             Implied("payload", "landed on the Moon", lg.payload_per_flight, "kg")], [])


def implies_city(claim: Claim, m: Models) -> tuple[list[Implied], list[Ceiling]]:
    """A self-sustaining city by ``stated["year"]``: the closure time constant that reaches 95 % closure by
    then from the industry's start, tau = (t - t0) / ln((c_f - c_0) / (c_f - 0.95)); and what a city of
    ``stated["crew"]`` lands from Earth (habitats, consumables) and draws."""
    s = claim.stated
    p = m.plan("moon").scenario.params
    i, c = p.industry, p.city
    gap = (i.closure_final - i.closure_initial) / (i.closure_final - SELF_SUSTAINING_CLOSURE)
    tau = (s["year"] - i.start_year) * YEAR / math.log(gap) if gap > 1 and s["year"] > i.start_year else 0.0
    span = max(s["year"] - i.start_year, 0.0) * YEAR
    doubling = span * math.log(2) / math.log(s["crew"] / c.crew_initial) if s["crew"] > c.crew_initial else math.inf
    return ([Implied("closure_time_constant", f"closure time constant for {SELF_SUSTAINING_CLOSURE:.0%} closure",
                     tau, "s", "yr"),
             Implied("crew_doubling_time", f"crew doubling time from {c.crew_initial:.0f} at the industry's start",
                     doubling, "s", "yr"),
             Implied("habitats", f"habitats landed from Earth for {s['crew']:,.0f} people",
                     s["crew"] * c.habitat_earth_mass_per_person, "kg"),
             Implied("landings", "landings for them", s["crew"] * c.habitat_earth_mass_per_person
                     / p.logistics.payload_per_flight, ""),
             Implied("consumables", "consumables a year", s["crew"] * c.consumables_per_person, "kg/s", "kg/yr"),
             Implied("city_power", "power to the city", s["crew"] * c.power_per_person, "W")], [])


# --------------------------------------------------------------------------------------- what the model gives


def _year_text(year: float | None) -> str:
    return "never" if year is None else f"{year:.1f}"


def rate_outcome(claim: Claim, run: Run) -> Outcome:
    """First year the compute launch rate exceeds ``stated["rate"]`` (before ``deadline`` if any)."""
    rate = claim.stated["rate"]
    name = claim.milestone
    if name is not None and math.isclose(MILESTONES[name].threshold, rate):
        year = run.milestones[name]
    else:
        y = float(first_crossing(*_year_rate(run), rate)[0])
        year = None if math.isnan(y) else y
    peak = _peak_rate(run)
    met = year is not None and (claim.deadline is None or year < claim.deadline)
    text = _year_text(year) if year is not None else f"never (peak {_human(peak * YEAR, 'W/yr')})"
    return Outcome(met, text, peak * YEAR, "W/yr", year)


def fcc_outcome(claim: Claim, run: Run) -> Outcome:
    """The rate reached with no more satellites in service than filed: met if both hold at once."""
    rate, cap = claim.stated["rate"], claim.stated["satellites"]
    above = _year_rate(run)[1] > rate
    in_service = run.series["satellites_in_service"][0]
    met = bool(np.any(above & (in_service <= cap)))
    peak = float(np.max(in_service))
    text = f"{_human(peak, '')} in service, " + ("rate reached" if np.any(above) else
                                                  f"peak {_human(_peak_rate(run) * YEAR, 'W/yr')}")
    return Outcome(met, text, peak, "")


def ai1_outcome(claim: Claim, run: Run) -> Outcome:
    """The run's satellite design: specific power within ``ABOUT`` of the stated one (or above)."""
    sp = _sat(run)["specific_power"]
    return Outcome(sp >= (1 - ABOUT) * claim.stated["specific_power"], f"{sp:.1f} W/kg", sp, "W/kg")


def chips_outcome(claim: Claim, run: Run) -> Outcome:
    """First year the chip supply the route can buy exceeds the stated space share, before the deadline."""
    need = claim.stated["output"] * claim.stated["space_share"]
    y = float(first_crossing(run.t, run.series["chip_supply"], need * (1 - 1e-9))[0])
    year = None if math.isnan(y) else y
    return Outcome(year is not None and year < claim.deadline, _year_text(year),
                   float(np.max(run.series["chip_supply"])) * YEAR, "W/yr", year)


def landing_outcome(claim: Claim, run: Run) -> Outcome:
    """First cargo landing of the run, before the deadline."""
    y = float(first_crossing(run.t, run.series["cargo_flights"], 0.0)[0])
    year = None if math.isnan(y) else y
    return Outcome(year is not None and year < claim.deadline, _year_text(year), None, "", year)


def city_outcome(claim: Claim, run: Run) -> Outcome:
    """A city by the deadline: closure reaches ``SELF_SUSTAINING_CLOSURE`` before it and the crew then is at
    least ``stated["crew"]`` (assumption: a city of a thousand)."""
    y = float(first_crossing(run.t, run.series["closure"], SELF_SUSTAINING_CLOSURE - 1e-12)[0])
    year = None if math.isnan(y) else y
    crew = _at(run, "crew", claim.deadline)
    met = year is not None and year < claim.deadline and crew >= claim.stated["crew"]
    return Outcome(met, f"{_year_text(year)}, {crew:,.0f} crew by {claim.deadline:.0f}", crew, "", year)


# ------------------------------------------------------------------------- what must hold beyond the plan


def rate_conditions(claim: Claim, m: Models) -> list[str]:
    """Beyond the plan's run: the ceilings it exceeds that are not physics, its shortfall and what binds it."""
    _, ceilings = claim.implies(claim, m)
    plan = m.plan(claim.route)
    out = [c.text() for c in ceilings if c.exceeded and not c.physical]
    sp = claim.stated.get("specific_power")
    have = _sat(plan)["specific_power"]
    if sp is not None and have < (1 - ABOUT) * sp:
        out.insert(0, f"satellites at {sp:.0f} W/kg (the plan's own AI1 budget gives {have:.0f} W/kg)")
    year = claim.deadline - 1 if claim.deadline else None
    if claim.deadline:
        got = float(np.sum(plan.series["compute_launch_rate"][0][
            (plan.t >= math.floor(year)) & (plan.t < math.floor(year) + 1)]) * plan.dt)
        key = claim.implies(claim, m)[0][0]
        lifted = float(np.sum(plan.series["mass_launched"][0][
            (plan.t >= math.floor(year)) & (plan.t < math.floor(year) + 1)]) * plan.dt)
        out.append(f"{key.text()} to orbit in {int(year)}, where the plan's numbers lift {_human(lifted, 'kg')} "
                   f"({_human(got, 'W')} of compute; binding: {_binding(plan, year)})")
    else:
        out.append(f"the plan's numbers peak at {_human(_peak_rate(plan) * YEAR, 'W/yr')} by "
                   f"{plan.years[-1]} (binding: {_binding(plan)})")
    return out


def fcc_conditions(claim: Claim, m: Models) -> list[str]:
    figures, _ = claim.implies(claim, m)
    life = {f.name: f for f in figures}["lifetime_for_filing"]
    plan = m.plan("earth-orbit")
    return [f"satellites replaced every {life.text()} (the model: {plan.scenario.params.satellite.lifetime / YEAR:.0f}"
            " yr), else the filed 1,000,000 hold a fifth of what 100 GW/yr puts up",
            *rate_conditions(claim, m)]


def landing_conditions(claim: Claim, m: Models) -> list[str]:
    """The model lands cargo only for the base, from ``industry.start_year``: a landing before it needs cargo
    of its own (a demonstration), which the model does not hold."""
    plan = m.plan("moon")
    got = claim.outcome(claim, plan)
    p = plan.scenario.params
    return [f"a landing with no base to supply: the model's first cargo lands with the industry ({got.text}; "
            f"industry.start_year {p.industry.start_year:g}) though flights open at logistics.first_flight_year "
            f"{p.logistics.first_flight_year:g}, against {claim.deadline:.2f}"]


def city_conditions(claim: Claim, m: Models) -> list[str]:
    """What the plan's run lacks for the city: closure by the deadline, the crew."""
    plan = m.plan("moon")
    figures = {f.name: f for f in claim.implies(claim, m)[0]}
    got = claim.outcome(claim, plan)
    p = plan.scenario.params
    out = []
    if got.year is None or got.year >= claim.deadline:
        out.append(f"industry.closure_time_constant <= {figures['closure_time_constant'].text()} "
                   f"(plan {p.industry.closure_time_constant / YEAR:g} yr)")
    if got.value < claim.stated["crew"]:
        doubling = p.city.crew_doubling_time / YEAR
        out.append(f"a crew of {claim.stated['crew']:,.0f} by {claim.deadline:.0f}: doubling every "
                   f"{figures['crew_doubling_time'].text()} (city.crew_doubling_time {doubling:g} yr gives "
                   f"{got.value:,.0f}; crew also waits for factory work)")
    return out


def schedule_conditions(claim: Claim, m: Models) -> list[str]:
    plan = m.plan(claim.route)
    got = claim.outcome(claim, plan)
    return [f"the plan's numbers give {got.text} against {claim.deadline:.2f} (binding then: "
            f"{_binding(plan, claim.deadline)})"]


# ------------------------------------------------------------------------------------------- the claims


_FEB_UPDATE = "SpaceX/xAI update (press coverage)"
_JUNE_TALK = "AI1 talk, June 2026 (press coverage, several outlets)"

#: The claims, one or more per row of docs/references.md §12 "The plan's own claims".
CLAIMS: tuple[Claim, ...] = (
    Claim("earth-100gw", "100 GW/yr from Earth",
          "1 Mt/yr of satellites at 100 kW/t -> 100 GW/yr; Starship one flight an hour, 200 t a flight",
          "SpaceX/xAI", "2026-02-02", _FEB_UPDATE, "press", "from Earth", "earth-orbit",
          {"rate": 1e11 / YEAR, "specific_power": 100.0, "year": 2030.0},
          implies_earth_rate, rate_outcome, rate_conditions, milestone="launch_rate_100GW_per_yr"),
    Claim("fcc-filing", "FCC: 1,000,000 satellites",
          "up to 1,000,000 satellites, 500-2,000 km, 30 deg and sun-synchronous; 1 Mt/yr x 100 kW/t = 100 GW/yr",
          "SpaceX", "2026-01-30", "FCC SAT-LOA-20260108-00016, filed 30 Jan 2026, accepted 4 Feb 2026 (DA 26-113)",
          "official filing", "FCC filing", "earth-orbit",
          {"satellites": 1e6, "rate": 1e11 / YEAR, "specific_power": 100.0, "satellite_mass": 1000.0,
           "year": 2030.0},
          implies_fcc, fcc_outcome, fcc_conditions),
    Claim("ai1", "AI1: 120 kW at ~70 kW/t",
          "'AI1': ~150 kW peak / ~120 kW average; solar ~250 W/m2; two-sided radiators ~1,400 W/m2; ~70 kW/t "
          "(~1.7 t); ~110 m2 of radiator", "SpaceX/xAI", "2026-06", _JUNE_TALK, "press", '"AI1" satellite',
          "earth-orbit",
          {"compute_power": 120e3, "specific_power": 70.0, "array_flux": 250.0, "radiator_flux": 1400.0,
           "radiator_area": 110.0},
          implies_ai1, ai1_outcome, lambda c, m: []),
    Claim("earth-1gw-2027", "1 GW/yr by end-2027", "1 GW/yr of AI satellites deployed by the end of 2027",
          "SpaceX/xAI", "2026-06", _JUNE_TALK, "press", '"AI1" mass and targets', "earth-orbit",
          {"rate": 1e9 / YEAR, "specific_power": 70.0, "year": 2027.0},
          implies_earth_rate, rate_outcome, rate_conditions, milestone="launch_rate_1GW_per_yr", deadline=2028.0),
    Claim("earth-100gw-2030", "100 GW/yr by 2030", "100 GW/yr of AI satellites by 2030",
          "SpaceX/xAI", "2026-06", _JUNE_TALK, "press", '"AI1" mass and targets', "earth-orbit",
          {"rate": 1e11 / YEAR, "specific_power": 70.0, "year": 2030.0},
          implies_earth_rate, rate_outcome, rate_conditions, milestone="launch_rate_100GW_per_yr", deadline=2031.0),
    Claim("terafab", "Terafab: > 1 TW/yr of chips",
          "'Terafab': > 1 TW/yr of compute chips, ~80 % for space; 2 nm; hotter-running chips to cut radiator mass",
          "xAI", "2026", "2026 (press coverage)", "press", 'chips ("Terafab")', "earth-orbit",
          {"output": 1e12 / YEAR, "space_share": 0.8, "year": 2030.0},
          implies_terafab, chips_outcome, schedule_conditions, deadline=2031.0),
    Claim("moon-500tw", "500-1000 TW/yr from the Moon",
          "'500 to 1000 TW/year of AI satellites into deep space' by mass driver, with lunar manufacturing; panels "
          "and radiators made on the Moon, chips possibly from Earth", "SpaceX/xAI", "2026-02-18",
          "Space.com, 18 Feb 2026 (press coverage)", "press", "from the Moon", "moon",
          {"rate": 500e12 / YEAR},
          implies_moon_rate, rate_outcome, rate_conditions),
    Claim("moon-1000gw", "1000 GW/yr from the Moon", "'1000 GW or more per year'", "xAI", "2026-02-11",
          "xAI all-hands, 11 Feb 2026 (press coverage)", "press", "from the Moon", "moon",
          {"rate": 1e12 / YEAR},
          implies_moon_rate, rate_outcome, rate_conditions, milestone="launch_rate_1TW_per_yr"),
    Claim("share-of-sun", "A few percent of the Sun", "'... maybe a few percent of the Sun's energy'", "xAI",
          "2026-02-11", "xAI all-hands, 11 Feb 2026 (press coverage)", "press", "from the Moon", "moon",
          {"share": 0.02, "rate": 1e12 / YEAR},
          implies_share_of_sun, lambda c, run: Outcome(
              float(np.max(run.series["share_of_sun"])) >= c.stated["share"],
              f"{float(np.max(run.series['share_of_sun'])):.2g} of the Sun",
              float(np.max(run.series["share_of_sun"])), ""),
          lambda c, m: [f.text() for f in c.implies(c, m)[1] if f.exceeded]),
    Claim("moon-landing-2027", "Lunar landing, March 2027", "uncrewed lunar landing targeted March 2027",
          "SpaceX", "2026-02", "Feb 2026 (press coverage)", "press", "schedule", "moon",
          {"year": 2027.16}, implies_landing, landing_outcome, landing_conditions, deadline=2027.25),
    Claim("moon-city-10yr", "Self-sustaining city < 10 yr", "a 'self-sustaining city' on the Moon in under 10 years",
          "SpaceX/xAI", "2026-02", "Feb 2026 (press coverage)", "press", "schedule", "moon",
          {"year": 2036.1, "crew": 1000.0}, implies_city, city_outcome, city_conditions, deadline=2036.1),
)

#: The claims by key.
BY_KEY: dict[str, Claim] = {c.key: c for c in CLAIMS}


# ----------------------------------------------------------------------------------------------- verdicts


@dataclass(frozen=True)
class Checked:
    """A claim checked: what it implies, the ceilings, what the model gives per preset, the verdict and why."""

    claim: Claim
    implies: list[Implied]
    ceilings: list[Ceiling]
    model: dict[str, Outcome]
    verdict: str
    reason: str
    probability: float | None = None

    @property
    def key_figure(self) -> Implied | None:
        return self.implies[0] if self.implies else None

    def json(self) -> dict[str, Any]:
        c = self.claim
        return {"key": c.key, "claim": c.words, "title": c.title, "who": c.who, "source": c.source,
                "kind": c.kind, "date": c.date, "route": c.route,
                "implies": {f.name: f.json() for f in self.implies},
                "ceilings": [x.json() for x in self.ceilings],
                "model": {name: o.json() for name, o in self.model.items()},
                "verdict": self.verdict, "reason": self.reason, "probability": self.probability}


def deciding_inputs(claim: Claim, m: Models) -> list[str]:
    """The inputs where plan-as-stated differs from the default whose reset alone to the default breaks the
    claim on the plan's run: 'path = plan's value (default: value)'."""
    out = []
    for path, mine, theirs in m.differing(claim.route):
        run = m.swapped(claim.route, path)
        if run is None or not claim.outcome(claim, run).met:
            out.append(f"{path} = {mine} (default {theirs})")
    return out


def verdict(claim: Claim, ceilings: list[Ceiling], plan: Outcome, default: Outcome,
            deciding: Callable[[], list[str]], conditions: Callable[[], list[str]]) -> tuple[str, str]:
    """The verdict and its one-line reason, from the numbers (see the module's docstring for the rules)."""
    broken = [c for c in ceilings if c.physical and c.exceeded]
    if broken:
        worst = max(broken, key=lambda c: c.ratio)
        return "impossible by physics", worst.text()
    word, reason = _verdict(ceilings, plan, default, deciding, conditions)
    physical = [c for c in ceilings if c.physical and c.limit > 0]
    if word != "impossible by physics" and physical:
        near = max(physical, key=lambda c: c.ratio)
        reason += f"; nearest physical ceiling: {near.label}, {_times(near.ratio)}"
    return word, reason


def _verdict(ceilings: list[Ceiling], plan: Outcome, default: Outcome, deciding: Callable[[], list[str]],
             conditions: Callable[[], list[str]]) -> tuple[str, str]:
    if plan.met and default.met:
        return "consistent", f"the model meets it on the plan's figures ({plan.text}) and on the engineering " \
                             f"defaults ({default.text})"
    if plan.met:
        inputs = deciding()
        return "consistent only if", "; ".join(inputs) if inputs else \
            "the plan's inputs hold together (no one of them decides it alone)"
    return "consistent only if", "; ".join(conditions())


def probability(claim: Claim, years: Any) -> float | None:
    """Share of a study's samples that meet the claim: the milestone year per sample (NaN for never) before the
    claim's deadline (or ever, without one). None for an empty sample."""
    y = np.asarray(years, dtype=float).ravel()
    if y.size == 0:
        return None
    met = np.isfinite(y) & ((y < claim.deadline) if claim.deadline is not None else True)
    return float(np.mean(met))


def samples_from(run: Run) -> dict[str, np.ndarray]:
    """Per-claim milestone samples from a run of samples on a claim's route (``simulate(..., draws=...)``, e.g.
    the preset's uncertainty set): {claim key: years} for the claims that read a named milestone."""
    kind = run.scenario.params.route.kind
    route = "earth-orbit" if kind == "earth-orbit" else "moon"
    return {c.key: np.asarray(run.milestones[c.milestone], dtype=float) for c in CLAIMS
            if c.route == route and c.milestone is not None and run.samples is not None}


def study_samples(n: int = 128, seed: int = 0) -> dict[str, np.ndarray]:
    """Per-claim milestone years over each route's default preset and its ``[uncertainty]`` set: a Latin
    hypercube of ``n`` runs (``scenario.uncertainty.sample``), run in this process (``study.run_chunk``: a run the
    route cannot build counts as never meeting the claim). {claim key: years}, for :func:`probability`."""
    from lunarbase.scenario.uncertainty import sample
    from lunarbase.study import run_chunk

    out: dict[str, np.ndarray] = {}
    for route, (_, default) in ROUTES.items():
        scenario = load_scenario(default)
        unc = scenario.uncertainty
        if unc is None:
            continue
        columns = run_chunk(scenario, unc.from_unit_cube(sample(unc, n, "lhs", seed)))
        for claim in CLAIMS:
            if claim.route == route and claim.milestone is not None:
                out[claim.key] = np.asarray(columns[claim.milestone], dtype=float)
    return out


def check(claim: Claim, models: Models, years: Any = None) -> Checked:
    """One claim checked on ``models`` (``years``: its milestone samples from a study, for the probability)."""
    figures, ceilings = claim.implies(claim, models)
    plan_run, default_run = models.plan(claim.route), models.default(claim.route)
    plan, default = claim.outcome(claim, plan_run), claim.outcome(claim, default_run)
    word, reason = verdict(claim, ceilings, plan, default, lambda: deciding_inputs(claim, models),
                           lambda: claim.conditions(claim, models))
    return Checked(claim, figures, ceilings,
                   {plan_run.scenario.name: plan, default_run.scenario.name: default}, word, reason,
                   None if years is None else probability(claim, years))


def check_claims(models: Models | None = None, samples: Mapping[str, Any] | None = None,
                 claims: tuple[Claim, ...] = CLAIMS) -> list[Checked]:
    """Every claim checked, in table order; ``samples``: {claim key: milestone years} from a study (optional)."""
    models = models or Models.run()
    samples = samples or {}
    return [check(c, models, samples.get(c.key)) for c in claims]


# ----------------------------------------------------------------------------------------------- words


def _human(value: float, unit: str) -> str:
    """A figure for people: ``units.format_human``, with km2 and years."""
    if unit in ("km2", "km2/yr"):
        tail = unit[3:]
        return f"{value:,.0f} km2{tail}" if 1 <= abs(value) < 1e6 else f"{value:.3g} km2{tail}"
    if unit == "yr":
        return f"{value:.3g} yr"
    if unit in ("", "W/kg", "K", "W/m2", "m2") and value is not None and abs(value) < 1e3:
        return f"{value:.3g} {unit}".strip()
    if unit == "":
        return f"{value:.3g}" if abs(value) >= 1e15 or abs(value) < 1e3 else format_human(value, unit)
    return format_human(value, unit)


def _times(ratio: float) -> str:
    if not math.isfinite(ratio):
        return "no limit left"
    if ratio >= 1:
        return f"{ratio:.3g}x the limit"
    return f"{ratio:.2g} of the limit"


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


__all__ = ["ABOUT", "BY_KEY", "CLAIMS", "Ceiling", "Checked", "Claim", "Implied", "KINDS", "Models", "Outcome",
           "ROUTES", "SELF_SUSTAINING_CLOSURE", "VERDICTS", "check", "check_claims", "deciding_inputs",
           "fleet_sunlight", "probability", "radiator_temperature_for", "samples_from", "study_samples",
           "specific_power_mass_rate", "verdict"]
