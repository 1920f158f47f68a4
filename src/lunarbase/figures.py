"""The catalogue of figures: every series, yearly figure, milestone and design figure, described once.

Each entry says what a figure is called, its SI unit (what the model computes), the unit people read it in,
its label, and whether it is a *stock* (a value at an instant: W installed, kg of factory) or a *flow* (a
rate per second that a year sums: kg/s launched). The engine attaches these units to what a route returns,
and every renderer (console, JSON, CSV and Parquet, the HTML reports) reads them from here, so a unit or a
label is written in one place.

Yearly figures are flows summed over each calendar year (a ``kg/s`` flow gives ``kg`` per year, shown as
``kg/yr``) and stocks at the year's end, converted to their shown unit.

A figure that counts FLOP (``flop``) means nothing without the number format the operations are counted in
(dense BF16, FP8 ...): every renderer names the run's ``chips.number_format`` beside it (:func:`in_format`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lunarbase.constants import YEAR


@dataclass(frozen=True)
class Figure:
    """One series: ``name``, SI ``unit``, ``label``, ``kind`` (stock or flow).

    ``yearly`` names its headline yearly figure (the key in ``run --json``'s ``final`` and ``series``);
    ``shown`` is the unit people read it in, where it is not its SI unit (rates per year: kg/yr, W/yr), used by
    the yearly figures and the CSV; ``common`` series are reported by every route (zero where a route has none),
    so that all routes read on the same yardsticks; ``flop`` figures count operations in the run's number format.
    """

    name: str
    unit: str
    label: str
    kind: Literal["stock", "flow"] = "stock"
    yearly: str | None = None
    shown: str | None = None
    common: bool = False
    flop: bool = False

    @property
    def shown_unit(self) -> str:
        """The unit people read it in (its SI unit unless the catalogue says otherwise)."""
        return self.unit if self.shown is None else self.shown

    @property
    def table_unit(self) -> str:
        """The unit of this series in a table for people (the CSV): the shown unit where the catalogue gives one,
        else a flow per year (its SI rate per second times s/yr: "kg/s" -> "kg/yr") and a stock in SI."""
        if self.shown is not None:
            return self.shown
        if self.kind == "flow" and self.unit.endswith("/s"):
            return self.unit.removesuffix("/s") + "/yr"
        if self.kind == "flow" and self.unit.endswith("/s2"):
            return self.unit.removesuffix("/s2") + "/(s yr)"
        return self.unit


def _s(name, unit, label, kind="stock", yearly=None, shown=None, common=False, flop=False) -> Figure:
    return Figure(name, unit, label, kind, yearly, shown, common, flop)


def in_format(label: str, number_format: str) -> str:
    """The label of a FLOP figure with the number format it counts in: 'Installed computing speed (BF16 dense)'."""
    return f"{label} ({number_format})"


#: Every series a route may return, in the order the file sets list them.
SERIES: dict[str, Figure] = {f.name: f for f in (
    # The base's growth loop (surface-base route)
    _s("factory_mass", "kg", "Factory mass", yearly="factory_mass", common=True),
    _s("power_capacity", "W", "Surface power at the base (average)", yearly="surface_power", common=True),
    _s("launcher_mass", "kg", "Launcher mass built (mass drivers or rockets and pads)"),
    _s("mass_drivers", "", "Launchers complete (mass drivers, or rockets)", yearly="mass_drivers", common=True),
    _s("crew", "", "Crew", yearly="crew", common=True),
    _s("crew_factor", "", "Share of the factories the crew can run"),
    _s("output", "kg/s", "Product made at the base", "flow"),
    _s("output_factory_limit", "kg/s", "Output the factories allow", shown="kg/yr"),
    _s("output_power_limit", "kg/s", "Output the free power allows", shown="kg/yr"),
    _s("output_earth_limit", "kg/s", "Output the Earth supply allows", shown="kg/yr"),
    _s("satellites_built", "1/s", "Satellites built", "flow"),
    _s("satellites_launched", "1/s", "Satellites launched", "flow", yearly="satellites_launched", shown="1/yr",
       common=True),
    _s("satellite_inventory", "", "Satellites built and waiting to launch"),
    _s("binding", "", "Binding constraint (code, see lunarbase.constraints)", common=True),
    _s("earth_landed", "kg/s", "Mass landed from Earth for the base's growth", "flow", common=True),
    _s("earth_city", "kg/s", "Mass landed from Earth for the city", "flow"),
    _s("earth_chips", "1/s", "Satellites fitted with Earth-made accelerators", "flow"),
    _s("local_chips", "1/s", "Satellites fitted with accelerators made at the base", "flow"),
    _s("power_city", "W", "Power to the city"),
    _s("power_launch", "W", "Power to the launchers"),
    _s("power_industry", "W", "Power to industry"),
    _s("growth_power", "kg/s", "Product reinvested in power", "flow"),
    _s("growth_launchers", "kg/s", "Product built into launchers", "flow"),
    _s("growth_factory", "kg/s", "Product reinvested in factories", "flow"),
    _s("launch_capacity", "kg/s", "Launch capacity", yearly="launch_capacity", shown="kg/yr", common=True),
    _s("earth_product_imports", "kg/s", "Imported share of product, landed from Earth", "flow"),
    _s("crew_schedule", "", "Crew the schedule allows"),
    _s("closure", "", "Share of product mass made of local material"),
    _s("earth_capacity", "kg/s", "What Earth flights can land", shown="kg/yr"),
    _s("chip_supply", "W/s", "Accelerator power the route can buy or make", "flow"),
    _s("fab_capacity", "W/s", "Accelerator power the base's fab can make", shown="W/yr"),
    _s("power_fab", "W", "Power to the chip fab"),
    _s("earth_fab", "kg/s", "Fab tools landed from Earth", "flow", shown="kg/yr"),
    _s("growth_fab", "kg/s", "Product built into the fab", "flow", shown="kg/yr"),
    # The fleet
    _s("satellite_flops", "FLOP/s", "Computing speed of a satellite built in the step", flop=True),
    _s("satellites_deployed", "1/s", "Satellites deployed on their working orbit", "flow"),
    _s("compute_launch_rate", "W/s", "Compute launched", "flow", yearly="compute_launched", shown="W/yr",
       common=True),
    _s("flops_launch_rate", "FLOP/s2", "Computing speed added", "flow", yearly="flops_added", shown="FLOP/(s yr)",
       common=True, flop=True),
    _s("satellites_in_service", "", "Satellites in service", yearly="satellites_in_service", common=True),
    _s("installed_compute", "W", "Installed compute", yearly="installed_compute", common=True),
    _s("installed_flops", "FLOP/s", "Installed computing speed", yearly="installed_flops", common=True, flop=True),
    _s("peak_flops", "FLOP/s", "Peak computing speed of the accelerators in service (nameplate)", common=True,
       flop=True),
    _s("delivered_flops", "FLOP/s", "Computing speed delivered (derated, available and in use)",
       yearly="delivered_flops", common=True, flop=True),
    _s("usable_fraction", "", "Share of the computing speed in service the workload mix can use over its links",
       yearly="usable_fraction", common=True),
    _s("ground_telescopes", "", "Receiving telescopes on Earth for the links home", yearly="ground_telescopes",
       common=True),
    _s("usable_training", "", "Share usable for training (neighbours in laser range, checkpoints home)",
       common=True),
    _s("usable_batch_inference", "", "Share usable for batch inference (results home over the links)",
       common=True),
    _s("usable_interactive_inference", "", "Share usable for interactive inference (round trip within the "
       "latency budget)", common=True),
    _s("sunlight_captured", "W", "Sunlight intercepted by the fleet's arrays", yearly="sunlight_captured",
       common=True),
    _s("share_of_sun", "", "Share of the Sun's luminosity intercepted", yearly="share_of_sun", common=True),
    _s("power_used", "W", "Electric power used (compute with its overheads, and the base)", yearly="power_used",
       common=True),
    _s("kardashev", "", "Kardashev level of the power used (Sagan)", yearly="kardashev", common=True),
    _s("mass_launched", "kg/s", "Mass launched", "flow", yearly="mass_launched", shown="kg/yr", common=True),
    # Earth and money
    _s("earth_landed_total", "kg/s", "Mass landed from Earth", "flow", yearly="earth_mass_landed", shown="kg/yr",
       common=True),
    _s("flights", "1/s", "Earth launches (cargo flights and the tankers that refill them)", "flow",
       yearly="earth_flights", shown="1/yr", common=True),
    _s("cargo_flights", "1/s", "Cargo flights (landings on the body, or flights to orbit)", "flow"),
    _s("spend_launch", "USD/s", "Spending on launches", "flow", common=True),
    _s("spend_hardware", "USD/s", "Spending on hardware", "flow", common=True),
    _s("spend_chips", "USD/s", "Spending on accelerators", "flow", common=True),
    _s("spend_fab", "USD/s", "Spending on the chip fab's tools (capital)", "flow", common=True),
    _s("spend_operations", "USD/s", "Spending on operations", "flow", common=True),
    _s("spend_ground_network", "USD/s", "Spending on the receiving telescopes (building and running them)", "flow",
       common=True),
    _s("spend_total", "USD/s", "Spending", "flow", yearly="spend", shown="USD/yr", common=True),
    _s("cumulative_spend", "USD", "Cumulative spending", yearly="cumulative_spend", common=True),
    _s("levelized_cost", "USD/FLOP", "Levelized cost of compute to date (discounted, per PFLOP/s-year delivered)",
       yearly="levelized_cost_to_date", shown="USD/PFLOPs_yr", common=True, flop=True),
    _s("cost_per_watt", "USD/W", "Undiscounted cumulative spend per kW deployed", yearly="cost_per_kw",
       shown="USD/kW", common=True),
    _s("cost_per_pflops_year", "USD", "Undiscounted cumulative spend per PFLOP/s-year done (not a levelized cost)",
       common=True, flop=True),
    _s("launch_price", "USD/kg", "Price per kg delivered from Earth (tankers included)"),
    _s("surface_array_area", "m2", "Solar array area at the base", common=True),
    _s("regolith_used", "kg", "Local material used", common=True),
    # The ground
    _s("grid_connectable", "W/s", "Data-centre power grids can connect", "flow"),
    _s("facility_power_online", "W", "AI facility power online"),
    _s("facility_power_drawn", "W", "Electricity drawn by AI facilities"),
)}

#: The headline yearly figures, by key, in table order.
YEARLY: dict[str, Figure] = {f.yearly: f for f in SERIES.values() if f.yearly is not None}
_ORDER = ("surface_power", "factory_mass", "crew", "mass_drivers", "launch_capacity", "mass_launched",
          "satellites_launched", "satellites_in_service", "compute_launched", "flops_added", "installed_compute",
          "installed_flops", "delivered_flops", "usable_fraction", "ground_telescopes", "sunlight_captured",
          "share_of_sun", "power_used", "kardashev", "earth_flights", "earth_mass_landed", "spend",
          "cumulative_spend", "levelized_cost_to_date", "cost_per_kw")
YEARLY = {key: YEARLY[key] for key in _ORDER}


@dataclass(frozen=True)
class Milestone:
    """The first time ``series`` exceeds ``threshold`` (SI: rates per second).

    ``over_a_year``: a rate is read as what was done over the past year (its mean over the last year's steps),
    reached at the end of that year's last step: "launching 100 GW a year" means 100 GW launched in twelve
    months, not one step's pace annualised (which a pulse can pass for a month, and which moves with the step).
    """

    name: str
    series: str
    threshold: float
    label: str
    short: str
    over_a_year: bool = False


#: Milestones, in table order.
MILESTONES: dict[str, Milestone] = {m.name: m for m in (
    Milestone("first_launch", "satellites_launched", 0.0, "First satellite launched", "first launch"),
    Milestone("launch_rate_1GW_per_yr", "compute_launch_rate", 1e9 / YEAR, "Launching 1 GW of compute a year",
              "1 GW/yr", over_a_year=True),
    Milestone("launch_rate_100GW_per_yr", "compute_launch_rate", 1e11 / YEAR, "Launching 100 GW a year",
              "100 GW/yr", over_a_year=True),
    Milestone("launch_rate_1TW_per_yr", "compute_launch_rate", 1e12 / YEAR, "Launching 1 TW a year", "1 TW/yr",
              over_a_year=True),
    Milestone("installed_1TW", "installed_compute", 1e12, "1 TW of compute installed", "1 TW inst."),
    Milestone("kardashev_1", "kardashev", 1.0, "Power used at Kardashev 1 (1e16 W)", "K=1"),
)}


@dataclass(frozen=True)
class DesignFigure:
    """A figure of a route's design (departure, launcher, satellite): SI ``unit``, ``shown`` unit ("" for
    people's SI form with prefixes), ``label``, and whether it counts FLOP (in the run's number format)."""

    unit: str
    shown: str = ""
    label: str = ""
    flop: bool = False


def _d(unit, shown="", label="", flop=False):
    return DesignFigure(unit, shown, label, flop)


#: Design figures by group, in the order the summaries list them.
DESIGN: dict[str, dict[str, DesignFigure]] = {
    "launcher": {
        "exit_speed": _d("m/s", "km/s"), "acceleration": _d("m/s2", "g0"), "length": _d("m", "m"),
        "shot_duration": _d("s"), "energy_per_kg": _d("J/kg", "MJ/kg"), "peak_power": _d("W"),
        "average_power": _d("W"), "throughput": _d("kg/s", "t/h"), "mass": _d("kg"),
    },
    "departure": {
        "surface_speed": _d("m/s", "km/s"), "v_inf_moon": _d("m/s", "km/s"), "escapes_earth_moon": _d(""),
        "v_inf_earth": _d("m/s", "km/s"), "v_inf_body": _d("m/s", "km/s"), "escapes_body": _d(""),
        "outer_semimajor_axis": _d("m", "AU"), "outer_aphelion": _d("m", "AU"), "inner_semimajor_axis": _d("m", "AU"),
        "inner_perihelion": _d("m", "AU"), "delta_v_to_target": _d("m/s", "km/s"), "escape_share": _d(""),
    },
    "ceilings": {
        "power_by_area": _d("W", "", "Power the site's usable area holds"),
        "power_by_sunlight": _d("W", "", "Power from all the sunlight on the body"),
        "mineable_mass": _d("kg", "", "Material within mining depth"),
        "shell_sunlight": _d("W", "", "Sunlight one shell of satellites intercepts"),
    },
    "satellite": {
        "compute_power": _d("W"), "mass": _d("kg"), "specific_power": _d("W/kg"), "array_area": _d("m2"),
        "radiator_area": _d("m2"), "flops": _d("FLOP/s", flop=True), "earth_mass": _d("kg"), "local_mass": _d("kg"),
        "bus_power": _d("W", "kW", "Bus power (compute and its overhead)"),
        "array_power": _d("W", "kW", "Array power at end of life (bus and battery recharge)"),
        "radiator_temperature": _d("K", "K", "Radiator temperature (the junction less the heat path's drops)"),
        "radiator_flux": _d("W/m2", "W/m2", "Net heat a m2 of radiator rejects where it works (end of life)"),
        "battery_energy": _d("J", "kW h", "Battery energy installed (longest eclipse, at the depth of discharge)"),
        "service_life": _d("s", "yr", "Service life (design life, or the memory's dose tolerance)"),
        "accelerator_loss_rate": _d("1/s", "1/yr", "Accelerator failure rate at the junction temperature"),
    },
}


def unit_of(name: str) -> str:
    """The SI unit of series ``name``; a series missing from the catalogue is a programming error."""
    return SERIES[name].unit


__all__ = ["DESIGN", "DesignFigure", "Figure", "MILESTONES", "Milestone", "SERIES", "YEARLY", "in_format", "unit_of"]
