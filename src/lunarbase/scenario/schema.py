"""The scenario schema: every parameter, its unit, its default for the announced plan, and its source.

Dimensional values are strings with units ("2.5 km/s", "12 %", "1.2e9 USD/yr") parsed by astropy once,
at load, into SI floats. Growth and decay rates ("%/yr") mean what a reader expects, annual compounding: growth
"40 %/yr" is x1.40 a year and decay "3 %/yr" x0.97 a year; inside they are held as the equivalent continuous
rates, ln(1 + r) and -ln(1 - r) per year (``units.continuous_rate``), so that laws can write exp(rate * t).
The defaults are the ``lunar-base-alpha`` preset; other presets override a few values with notes of their own.
"""

from __future__ import annotations

from typing import Any, Literal, get_origin

from pydantic import BaseModel, ConfigDict, Field, field_validator

from lunarbase.constants import SPEED_OF_LIGHT
from lunarbase.units import continuous_rate, parse_quantity


def q(default: Any, unit: str, source: str, compounding: str | None = None, **bounds: float) -> Any:
    """A quantity field: default as written (with units), SI ``unit`` it is stored in, one-line ``source``;
    ``compounding`` ("growth" or "decay") marks an annually compounded "%/yr" rate held as a continuous one."""
    extra = {"unit": unit, "source": source, **({"compounding": compounding} if compounding else {})}
    return Field(default=default, json_schema_extra=extra, **bounds)


def rate(default: Any, compounding: str, source: str, **bounds: float) -> Any:
    """An annually compounded rate ("40 %/yr"), "growth" or "decay", held as the continuous rate (1/s)."""
    return q(default, "1/s", source, compounding=compounding, **bounds)


def v(default: Any, source: str, **bounds: float) -> Any:
    """A plain field (year, count, label, switch) with its one-line ``source``."""
    return Field(default=default, json_schema_extra={"source": source}, **bounds)


class Section(BaseModel):
    """A group of parameters; unknown keys are errors, quantities are parsed to SI before bounds apply."""

    model_config = ConfigDict(extra="forbid", validate_default=True, frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _parse_units(cls, value: Any, info: Any) -> Any:
        unit = field_unit(cls, info.field_name)
        if unit is None:
            return value
        parsed = parse_quantity(value, unit)
        compounding = field_compounding(cls, info.field_name)
        return parsed if compounding is None else float(continuous_rate(parsed, compounding))


def parameter_field(path: str):
    """The section class, field name and pydantic field that ``path`` ("industry.productivity") names.

    ``LookupError`` with one phrase saying why not, for a caller to prefix with where the path came from: a removed
    parameter (what replaced it, ``REMOVED``) or an unknown one.
    """
    section, _, name = path.partition(".")
    if path in REMOVED:
        raise LookupError(REMOVED[path])
    if section not in SECTIONS or name not in SECTIONS[section].model_fields:
        raise LookupError("unknown parameter; expected a path such as industry.productivity (lunarbase show lists "
                          "them)")
    return SECTIONS[section], name, SECTIONS[section].model_fields[name]


def is_text_choice(info) -> bool:
    """A field whose value is text or a choice of text (route, departure model): one value per run."""
    return get_origin(info.annotation) is not None or info.annotation is str


def field_unit(section: type[BaseModel], name: str) -> str | None:
    extra = section.model_fields[name].json_schema_extra or {}
    return extra.get("unit")


def field_compounding(section: type[BaseModel], name: str) -> str | None:
    extra = section.model_fields[name].json_schema_extra or {}
    return extra.get("compounding")


def field_source(section: type[BaseModel], name: str) -> str:
    extra = section.model_fields[name].json_schema_extra or {}
    return extra.get("source", "")


FRACTION = {"ge": 0.0, "le": 1.0}


class Horizon(Section):
    start_year: int = v(2026, "the year of the announcement (Feb 2026)", ge=1957, le=3000)
    end_year: int = v(2100, "assumption: a long-range planning horizon", ge=1958, le=3000)
    steps_per_year: int = v(12, "assumption: monthly steps; 4 to 365 a year agree on 2100 compute within 0.2 % "
                               "(docs/model.md, numerics)", ge=1, le=366)


class Site(Section):
    kind: Literal["polar", "equatorial", "other"] = v(
        "polar", "south-polar ridge (Shackleton-de Gerlache connecting ridge)")
    latitude: float = q("-89.45 deg", "rad", "connecting ridge near Shackleton rim (Gläser et al. 2014, Icarus)",
                        ge=-1.5707963267948966, le=1.5707963267948966)
    illumination_fraction: float = q("92.3 %", "", "connecting ridge at 2 m height (Gläser et al. 2014)",
                                     gt=0.0, le=1.0)
    longest_darkness: float = q("5 d", "s", "upper end of the 3-5 d darkness typical on the ridge (Gläser 2014)",
                                ge=0.0)
    pv_efficiency: float = q("20 %", "", "assumption: lunar-made silicon cells, mass-market Si today 20-23 %",
                             gt=0.0, le=1.0)
    array_areal_density: float = q("2 kg/m2", "kg/m2", "assumption: thin cells on lunar glass and Al supports",
                                   gt=0.0)
    pv_degradation: float = rate("1 %/yr", "decay", "assumption: UV and thermal cycling, 0.5-1 %/yr seen on Earth",
                              ge=0.0)
    storage_specific_energy: float = q("500 Wh/kg", "J/kg",
                                       "regenerative fuel cells, 0.4-1 kWh/kg (NASA Glenn RFC studies)", gt=0.0)
    storage_efficiency: float = q("60 %", "", "round trip of regenerative fuel cells, 50-60 % (NASA Glenn)",
                                  gt=0.0, le=1.0)
    longitude: float = q("222.69 deg", "rad", "connecting ridge near Shackleton rim (Gläser et al. 2014; rounded)")
    elevation: float = q("1.5 km", "m", "assumption: ridge crests stand 1-2 km above the 1737.4 km sphere (LOLA)",
                         ge=-20e3, le=20e3)
    usable_area: float = q("50 km2", "m2",
                           "assumption: near-permanently lit polar ridges total tens of km2 (Mazarico 2011)",
                           gt=0.0)


class City(Section):
    crew_initial: float = q(4, "", "an Artemis-class surface crew", ge=0.0)
    crew_doubling_time: float = q("3 yr", "s", "assumption: a city grown by Starship crew flights", gt=0.0)
    crew_max: float = q(10000, "", "assumption: 'a city on the Moon' of ten thousand", ge=0.0)
    habitat_earth_mass_per_person: float = q("10 t", "kg",
                                             "assumption: ISS is ~60 t/crew; regolith shielding made locally",
                                             ge=0.0)
    consumables_per_person: float = q("1 t/yr", "kg/s",
                                      "assumption: ISS resupply ~1.8 t/crew-yr, less with lunar O2 and water",
                                      ge=0.0)
    power_per_person: float = q("10 kW", "W", "ISS: ~90 kW for 7 crew (NASA)", ge=0.0)
    cost_per_person_year: float = q("5e6 USD/yr", "USD/s",
                                    "assumption: ISS costs ~$500M/crew-yr; a large base far less", ge=0.0)


class Industry(Section):
    start_year: float = q(2030, "", "assumption: seed landed on early Starship cargo flights", ge=1957, le=3000)
    seed_factory_mass: float = q("100 t", "kg", "NASA 1980 self-replicating lunar factory seed (Freitas & "
                                 "Gilbreath, NASA CP-2255)", gt=0.0)
    seed_power: float = q("300 kW", "W", "assumption: enough to run the seed factory and the first crew",
                          ge=0.0)
    productivity: float = q("1 /yr", "1/s",
                            "NASA CP-2255: the seed replicates itself in about a year", gt=0.0)
    energy_per_kg: float = q("15 kWh/kg", "J/kg",
                             "assumption: regolith to Al, Si, Fe, glass and O2; MRE alone 18-35 kWh/kg O2",
                             ge=0.0)
    closure_initial: float = q("50 %", "", "Metzger et al. 2013: first-generation closure about half",
                               **FRACTION)
    closure_final: float = q("99.5 %", "", "Metzger et al. 2013: near-full closure in later generations",
                             **FRACTION)
    closure_time_constant: float = q("8 yr", "s", "Metzger et al. 2013: self-sustaining in about 20 years",
                                     gt=0.0)
    reinvestment_fraction: float = q("50 %", "", "assumption: half of output grows the base", **FRACTION)
    autonomy: float = q("90 %", "", "assumption: share of output needing no crew on site", **FRACTION)
    factory_mass_per_crew: float = q("1000 t", "kg", "assumption: factory mass one person supervises, of the work "
                                     "robots cannot do alone (crew needed: (1 - autonomy) x factory / this)",
                                     gt=0.0)
    depreciation: float = rate("2 %/yr", "decay", "assumption: wear and maintenance of factories", ge=0.0)
    balance_margin: float = q("10 %", "", "assumption: power and launchers built ahead of demand",
                              ge=0.0, le=10.0)


#: Number formats an accelerator's FLOP/s can be quoted in ("dense": no structured-sparsity doubling).
NumberFormat = Literal["FP64", "FP32", "TF32 dense", "BF16 dense", "FP16 dense", "FP8 dense", "INT8 dense",
                       "FP6 dense", "FP4 dense", "BF16 sparse", "FP16 sparse", "FP8 sparse", "INT8 sparse",
                       "FP4 sparse"]


class Chips(Section):
    power_per_unit: float = q("1000 W", "W", "NVIDIA B200 (HGX): 1,000 W", gt=0.0)
    flops_per_unit: float = q("2.25e15 FLOP/s", "FLOP/s", "NVIDIA B200: 2,250 TFLOP/s dense BF16 (in the format "
                              "chips.number_format names)", gt=0.0)
    number_format: NumberFormat = v(
        "BF16 dense", "the number format chips.flops_per_unit counts in (B200: dense BF16); every FLOP figure "
                      "is in it; set both together")
    reference_year: float = q(2025, "", "B200 volume year", ge=1957, le=3000)
    efficiency_growth: float = rate("25 %/yr", "growth",
                                 "assumption: FLOP/s per W doubling every ~2.8 yr far below the ceiling (GPUs: "
                                 "~2.7 yr, as cited by Ho, Erdil & Besiroglu 2023)", ge=0.0)
    efficiency_ceiling_factor: float = q(
        200, "", "Ho, Erdil & Besiroglu 2023 (arXiv:2312.08595): CMOS tops out near 4.7e15 FP4/J, 'roughly two "
                 "hundred-fold' today's chips; taken as a multiple of the reference chip", ge=1.0)
    bits_erased_per_flop: float = q(
        1, "", "assumption: the fewest bits an irreversible operation erases (Landauer 1961); a BF16 "
               "multiply-add discards far more", ge=1.0)
    max_temperature: float = q(
        "368.15 K", "K", "95 C, the top of JEDEC DRAM's extended range (85-95 C with doubled refresh; DRAM "
                         "datasheets), taken for the HBM; GPU dies run to ~90-105 C (vendor thermal guides)", gt=0.0)
    mass_per_unit: float = q("2 kg", "kg",
                             "assumption: packaged accelerator and HBM shipped from Earth; boards made locally",
                             gt=0.0)
    cost_per_unit: float = q("35000 USD", "USD", "B200 price as reported, $30-40k (press coverage)", ge=0.0)
    cost_decline: float = rate("10 %/yr", "decay", "assumption: price per accelerator unit falls with volume",
                            ge=0.0)
    world_output: float = q("10 GW/yr", "W/s",
                            "assumption: ~7 M data-centre accelerators shipped in 2025 at ~1-1.4 kW", ge=0.0)
    world_output_growth: float = rate("20 %/yr", "growth", "assumption: slower than the 2023-25 boom", ge=0.0)
    share_to_base: float = q("10 %", "", "assumption: share of world output the base can buy", **FRACTION)
    lunar_fab: bool = v(True, "assumption: the plan says chips 'possibly from Earth'; this preset adds a fab")
    lunar_fab_year: float = q(2045, "", "assumption: a fab follows the industrial base by 15 years",
                              ge=1957, le=3000)
    lunar_fab_capacity: float = q("10 GW/yr", "W/s", "assumption: a first fab's output at its opening",
                                  ge=0.0)
    lunar_fab_growth: float = rate("30 %/yr", "growth", "assumption: the plan's fab capacity grows with the base; "
                                   "built only as far as its tools, material, power and crew allow", ge=0.0)
    lunar_fab_tool_mass: float = q(
        "2 t yr/MW", "kg s/W",
        "per MW/yr of capacity; assumption: a leading-edge fab's ~1,000-1,500 tools at 20-150 t (EUV scanners "
        "~180 t, ASML) for ~20-30 GW/yr of B200-class accelerators, with HBM and packaging lines; made on Earth "
        "(on a self-sufficient base, at the base)", ge=0.0)
    lunar_fab_local_mass: float = q(
        "5 t yr/MW", "kg s/W",
        "per MW/yr of capacity; assumption: cleanroom, building, utilities and chemical plant, ~100-150 kt of "
        "steel and concrete for a gigafab, made of the base's product", ge=0.0)
    lunar_fab_energy: float = q(
        "0.3 kWh/W", "J/W", "TSMC 2023: ~25 TWh for ~16 M 12-inch-equivalent wafers (~1.5 MWh each), x2 for "
        "EUV nodes, ~18 kW of B200-class accelerators per wafer, x2 for HBM and packaging", ge=0.0)
    lunar_fab_crew: float = q(
        "25 yr/GW", "s/W",
        "people per GW/yr of capacity; assumption: TSMC ~76,000 staff for ~16 M wafers/yr, ~250 per GW/yr of "
        "accelerators if all were; a tenth at a base whose robots do 90 % of the work", ge=0.0)
    lunar_fab_capital_cost: float = q(
        "2 USD yr/W", "USD s/W",
        "per W/yr of capacity; TSMC Arizona-class fab ~$20-40 B for ~20-30 GW/yr of accelerators (~$1/(W/yr)), "
        "x2 for space-rated tools: assumption; the tools' launch is counted with the Earth mass", ge=0.0)

class Logistics(Section):
    """Starship-class flights from Earth: cargo flights, the tankers that refill them in LEO, and their price.

    A cargo flight delivers ``payload_per_flight`` where the route needs it (landed on the body, or in Earth
    orbit); it takes 1 + ``tankers_per_flight`` launches from Earth. Every launch is priced alike: the price per
    kg to LEO on Wright's curve over cumulative Earth launches, times what one launch lifts to LEO.
    """

    first_flight_year: float = q(2028, "", "assumption: Starship HLS cargo landings from 2028", ge=1957, le=3000)
    flights_initial: float = q("2 /yr", "1/s", "assumption: first cargo landings", ge=0.0)
    flights_growth: float = rate("40 %/yr", "growth", "assumption: Starship cadence growth", ge=0.0)
    flights_max: float = q("1000 /yr", "1/s",
                           "assumption: 1,000 landings/yr, i.e. ~11,000 Earth launches at 10 tankers each, "
                           "~1.25x the plan's one Starship an hour to LEO (8,760/yr)", ge=0.0)
    payload_per_flight: float = q("100 t", "kg", "SpaceX: ~100 t to the lunar surface with refilling",
                                  gt=0.0)
    tankers_per_flight: float = q(
        10, "", "assumption: tanker launches refilling one lunar cargo ship in LEO, between Musk's 4-8 (Aug 2021, "
                "150 t a tanker) and NASA's 'high teens' of launches for a crewed HLS with its depot "
                "(L. Hawkins, NASA Advisory Council, 17 Nov 2023; press)", ge=0.0)
    launch_payload_to_leo: float = q("150 t", "kg",
                                     "Starship reusable to LEO 100-200 t (Musk 2021: 150 t; the plan states 200 t); "
                                     "prices each launch, tanker or cargo", gt=0.0)
    price_to_leo_initial: float = q("1500 USD/kg", "USD/kg",
                                    "NASA OTPS Space-Based Solar Power (2024): ~$1,500/kg to LEO today; the first "
                                    "launch's price on the learning curve", ge=0.0)
    price_to_leo_floor: float = q("30 USD/kg", "USD/kg",
                                  "Starcloud white paper assumes ~$30/kg to LEO; a propellant-and-operations floor",
                                  ge=0.0)
    learning_rate: float = q("85 %", "", "Wright's law, 75-85 % (NASA OTPS Space-Based Solar Power 2024)",
                             gt=0.0, le=1.0)
    hardware_cost_per_kg: float = q("2000 USD/kg", "USD/kg",
                                    "assumption: Earth-made machines and electronics shipped to the base",
                                    ge=0.0)


class MassDriver(Section):
    exit_speed: float = q("2.5 km/s", "m/s",
                          "assumption: above the escape threshold from the default ridge's prograde track: N-body "
                          "(REBOUND, 1 yr a launch, data/escape_table.npz) lets 95 % of launches leave the Earth-"
                          "Moon system from 2.43 km/s and all from 2.48 (the first at 2.35); patched conics none "
                          "below 2.45 (2.41 planar, along the Moon's motion)",
                          gt=0.0, lt=SPEED_OF_LIGHT)
    acceleration: float = q("300 g0", "m/s2", "assumption: g-tolerance of a potted, hardened satellite",
                            gt=0.0)
    launch_angle: float = q("0 deg", "rad",
                            "v_inf along the Moon's orbital velocity, the cheapest escape (patched conics)",
                            ge=0.0, le=3.141592653589793)
    track_aim: Literal["prograde", "best", "azimuth"] = v(
        "prograde", "the track points along the Moon's orbital motion from wherever the site is; 'best' sweeps "
                    "azimuths for the largest escaping share, then the least onboard Delta-v; 'azimuth' uses "
                    "mass_driver.track_azimuth")
    track_azimuth: float = q("47.31 deg", "rad", "used when track_aim = 'azimuth'; 47.31 deg is the prograde azimuth "
                             "at the default ridge site (launch_site.prograde_azimuth)")
    track_elevation: float = q("0 deg", "rad", "assumption: a horizontal track along the ridge",
                               ge=-1.5707963267948966, le=1.5707963267948966)
    efficiency: float = q("80 %", "", "O'Neill 1976: > 60 %; Handmer 2026: 90 %", gt=0.0, le=1.0)
    payload_per_shot: float = q("4 t", "kg", "assumption: one whole satellite (~3.4 t) a shot; Snow & Kolm "
                                "1992 threw 1 t, Handmer 2026 200 kg", gt=0.0)
    shots_per_hour: float = q("60 /h", "1/s", "assumption: one shot a minute", gt=0.0)
    duty_cycle: float = q("90 %", "", "assumption: maintenance downtime", gt=0.0, le=1.0)
    mass_per_metre: float = q("2 t/m", "kg/m", "assumption: coils, rails, conductors and foundations",
                              gt=0.0)
    fixed_mass: float = q("500 t", "kg", "assumption: pulsed-power storage and switching per driver", ge=0.0)


class Departure(Section):
    target_orbit_radius: float = q("1 AU", "m", "assumption: circular heliocentric orbit at 1 AU, away from Earth",
                                   gt=0.0)
    model: Literal["site", "angle"] = v(
        "site", "issue 3: launches from the site's track around the clock over a synodic month, 3-D patched "
                "conics on the ephemeris; 'angle': one planar case at mass_driver.launch_angle")
    thrust_to_mass: float = q("1e-4 m/s2", "m/s2", "assumption: a 5 kW Hall string (~0.3 N) on a ~2.6 t satellite",
                              gt=0.0)


class Satellite(Section):
    compute_power: float = q("120 kW", "W", "'AI1' satellite: ~120 kW average (June 2026 talk, press)", gt=0.0)
    bus_overhead: float = q("10 %", "", "assumption: links, control and conversion losses", ge=0.0, lt=1.0)
    pv_efficiency: float = q("22 %", "", "Starcloud white paper: 22 %", gt=0.0, le=1.0)
    pv_temperature_coefficient: float = q(
        "-0.35 %/K", "1/K", "crystalline silicon cells lose ~0.3-0.45 % of their efficiency per K above 25 C "
                            "(cell datasheets)", ge=-0.01, le=0.0)
    pv_max_temperature: float = q(
        "423 K", "K", "MESSENGER's arrays were tilted off the Sun near Mercury to stay under ~150 C (as cited, not "
                      "checked)", gt=0.0)
    array_areal_density: float = q("2 kg/m2", "kg/m2",
                                   "flexible blanket arrays ~150 W/kg (Mikulas et al., NTRS 20150006022)",
                                   gt=0.0)
    junction_temperature: float = q(
        "358.15 K", "K", "assumption: accelerators and HBM run 10 K under chips.max_temperature (85 C), as air- and "
                         "liquid-cooled GPUs are held below their limit; the radiators follow from it", gt=0.0)
    junction_to_coolant_drop: float = q(
        "15 K", "K", "assumption: die and HBM through the interface material and cold plate to the coolant, "
                     "~0.015 K/W at a 1 kW accelerator (liquid-cooled GPU cold plates)", ge=0.0)
    coolant_to_radiator_drop: float = q(
        "10 K", "K", "assumption: the pumped loop's rise across the cold plates, the heat exchanger or heat-pipe "
                     "condensers, and fin efficiency down to the radiating surface", ge=0.0)
    radiator_emissivity: float = q(0.90, "", "white silicate paint (Fortescue, Table 11.3)", gt=0.0, le=1.0)
    radiator_absorptivity: float = q(0.12, "", "white silicate paint at beginning of life, alpha 0.12 (Fortescue, "
                                     "Table 11.3)", ge=0.0, le=1.0)
    radiator_absorptivity_rise: float = q(
        "0.015 /yr", "1/s", "assumption: ultraviolet and particle darkening of white paints, ~0.1 over 5-10 years "
                            "in orbit (Gilmore, Spacecraft Thermal Control Handbook, as cited, not checked)", ge=0.0)
    radiator_sun_angle: float = q(
        "10 deg", "rad", "assumption: radiators held edge-on to the Sun (as the ISS's rotate, NASA ISS reference "
                         "guide) within attitude and articulation tolerance", ge=0.0, le=1.5707963267948966)
    sink_temperature: float = q("3 K", "K", "deep space: the cosmic background, 2.7 K", ge=0.0)
    thermal_mass_per_power: float = q(
        "2.5 kg/kW", "kg/W", "assumption: coolant, pumps, manifolds, heat exchangers and heat-pipe headers per W of "
                             "bus heat; with the panels ~5 kg/kW, about twice the panels alone", ge=0.0)
    radiator_areal_density: float = q("3 kg/m2", "kg/m2", "advanced radiators < 3 kg/m2 (radiator surveys)",
                                      gt=0.0)
    server_mass_per_power: float = q("2 kg/kW", "kg/W",
                                     "assumption: boards, cold plates, power conversion, made on the Moon",
                                     ge=0.0)
    shielding_mass_per_power: float = q("2 kg/kW", "kg/W",
                                        "assumption: local shielding of HBM (Suncatcher, arXiv:2511.19468)",
                                        ge=0.0)
    structure_fraction: float = q("15 %", "", "typical spacecraft structure 10-20 % of dry mass (SMAD)",
                                  ge=0.0, lt=1.0)
    hardening_at_1000_g0: float = q("10 %", "",
                                    "assumption: added dry mass at 1000 g0, linear in acceleration", ge=0.0)
    propulsion_isp: float = q("2000 s", "s", "Hall thrusters 1,500-2,500 s", gt=0.0)
    thruster_mass: float = q("20 kg", "kg", "assumption: a ~5 kW Hall thruster string", ge=0.0)
    propellant_from_moon: bool = v(True, "assumption: O2 or Ar from regolith processing feeds the thrusters; "
                                   "false ships xenon or krypton from Earth")
    tank_fraction: float = q("10 %", "", "assumption: tankage per kg of propellant", ge=0.0)
    lifetime: float = q("6 yr", "s", "assumption: accelerators' useful life", gt=0.0)
    failure_rate: float = rate("3 %/yr", "decay", "assumption: random failures, early Starlink-like", ge=0.0)
    array_degradation: float = rate("1 %/yr", "decay", "assumption: thin-film arrays in interplanetary space",
                                 ge=0.0)
    accelerator_failure_rate: float = rate(
        "9 %/yr", "decay", "Llama 3 (arXiv:2407.21783): 148 faulty GPUs and 72 HBM3 failures in 54 days on 16,384 "
                           "H100s, ~9 %/yr, taken at satellite.failure_rate_temperature", ge=0.0)
    accelerator_spares: float = q(
        "20 %", "", "assumption: cold-spare accelerators and boards carried, switched in as others fail (no hands to "
                    "swap them)", ge=0.0)
    failure_rate_temperature: float = q(
        "353.15 K", "K", "assumption: data-centre H100s under load run ~70-85 C; 80 C taken", gt=0.0)
    activation_energy: float = q("0.7 eV", "J", "Arrhenius activation energy customary for semiconductor wear-out "
                                 "(JEDEC JEP122)", ge=0.0)
    dose_rate: float = q(
        "3 Gy/yr", "Gy/s", "assumption: deep space at 1 AU behind the HBM shielding: galactic rays ~0.2 Gy/yr (MSL "
                           "RAD cruise, Zeitlin et al. 2013) plus solar-particle events over a cycle; 2x Suncatcher's "
                           "shielded SSO figure", ge=0.0)
    memory_dose_tolerance: float = q(
        "20 Gy", "Gy", "Suncatcher (arXiv:2511.19468): HBM irregularities from ~2 krad(Si); TPU logic no hard "
                       "failure at the tested doses", gt=0.0)
    eclipse_load_share: float = q(
        "10 %", "", "assumption: compute idles in eclipse; batteries carry the bus's housekeeping (its overhead's "
                    "share) through the longest eclipse", gt=0.0, le=1.0)
    battery_specific_energy: float = q(
        "150 W h/kg", "J/kg", "space Li-ion battery packs ~100-160 Wh/kg (cells ~250 Wh/kg; SMAD-class figures)",
        gt=0.0)
    battery_depth_of_discharge: float = q(
        "40 %", "", "assumption: Li-ion in LEO cycling, ~15 eclipses a day, kept to 20-40 % for a 5-yr life",
        gt=0.0, le=1.0)


class Links(Section):
    """A satellite's laser terminal home, Earth's optical receivers, and the links between satellites
    (``physics.links``, ``subsystems.links``; docs/model.md, links)."""

    terminal_aperture: float = q("50 cm", "m", "assumption: a deep-space terminal ~2x DSOC's 22 cm flight telescope "
                                 "(Biswas et al., SPIE 2018)", gt=0.0)
    laser_power: float = q("20 W", "W", "assumption: average optical power, 5x DSOC's 4 W at 1550 nm (Biswas et al., "
                           "SPIE 2018)", gt=0.0)
    wavelength: float = q("1550 nm", "m", "DSOC's downlink, 1550 nm (telecom C band; Biswas et al., SPIE 2018)",
                          gt=0.0)
    link_efficiency: float = q(
        "13 %", "", "assumption: end-to-end share of the diffraction-limited photons detected (transmit optics 0.7, "
                    "pointing 0.8, atmosphere 0.8, receive optics 0.5, detector 0.6), DSOC-class; it puts DSOC's "
                    "25 Mb/s at 226 Gm within a factor of 2 (tests)", gt=0.0, le=1.0)
    photons_per_bit: float = q(
        1.0, "", "assumption: PPM with near-capacity codes at ~1 detected photon a bit (DSOC-class photon counting; "
                 "the lab record is 0.069 photons a bit, Dacha et al. 2025, arXiv:2501.13356)", gt=0.0)
    max_rate: float = q("10 Gbit/s", "bit/s", "assumption: what a photon-counting link's modulator and detector array "
                        "carry (DSOC: 267 Mb/s; TBIRD's coherent LEO downlink 200 Gb/s, NASA/MIT LL)", gt=0.0)
    ground_aperture: float = q("3 m", "m", "assumption: sized for a swarm within ~0.25 AU of Earth (lunarbase swarm "
                               "on lunar-base-alpha): a 3 m telescope already fills the terminal's max_rate there, "
                               "at a tenth of a 10 m's price; DSOC's receiver was Palomar's 5.1 m Hale", gt=0.0)
    ground_network: Literal["sized", "fixed"] = v(
        "sized", "house rule: the plan builds and pays for the receiving telescopes its fleet needs, each step "
                 "(docs/model.md, links); 'fixed': links.ground_telescopes, time-shared as the fleet grows")
    ground_telescopes: float = q(1000, "", "assumption (ground_network = 'fixed' only): optical ground stations on "
                                 "several continents, ~7x Starlink's ~150 gateway sites", ge=0.0)
    links_per_telescope: float = q(
        1, "", "a photon-counting receiver tracks one downlink (DSOC: Palomar's Hale telescope and its nanowire "
               "detector serve one beam; Biswas et al., SPIE 2018); more is an assumption (a multi-beam focal plane)",
        gt=0.0)
    ground_telescope_cost: float = q(
        "10.1e6 USD", "USD", "assumption: a 4 m receiving telescope, on the D^2.5 law from ~$100M for a 10 m photon "
                             "bucket (no diffraction-limited optics or instruments) in series production, about Keck "
                             "I's build cost ($94M in 1990s dollars, as cited); scaled to links.ground_aperture by "
                             "ground_telescope_cost_exponent", ge=0.0)
    ground_telescope_cost_exponent: float = q(
        2.5, "", "ground telescopes' cost ~ D^2.5 since 1980 (van Belle, Meinel & Meinel, SPIE 5489, 2004; "
                 "arXiv:2107.09605); studies span 1.2-3.0 (Oram et al., SPIE 7017, 2008)", ge=0.0, le=4.0)
    ground_telescope_ops_share: float = q(
        "5 %/yr", "1/s", "assumption: staff, power and upkeep of a station a year, a share of its capital "
                         "(observatories spend ~5-10 % a year)", ge=0.0)
    ground_telescope_life: float = q(
        "30 yr", "s", "assumption: a station is rebuilt at its full cost every 30 years (detectors, adaptive optics, "
                      "mount and dome wear out; large telescopes run ~30-50 years between rebuilds)", gt=0.0)
    ground_availability: float = q(
        "70 %", "", "assumption: share of time a station sees the sky through cloud and day (site diversity; "
                    "single sites 50-70 % cloud-free)", **FRACTION)
    conjunction_angle: float = q(
        "5 deg", "rad", "assumption: missions stop commanding Mars inside ~2 deg of the Sun (NASA JPL, Mars solar "
                        "conjunction 2019/2021, as cited); an optical receiver near the Sun fights its glare: 5 deg",
        ge=0.0, le=1.5707963267948966)
    isl_rate: float = q("1.6 Tbit/s", "bit/s", "Google Suncatcher bench demo, 1.6 Tb/s a link (Google blog, Nov 2025); "
                        "Starlink's lasers 100-200 Gb/s over > 5,400 km (SpaceX 2024)", ge=0.0)
    isl_terminals: float = q(4, "", "assumption: four lasers a satellite, a mesh (Starlink satellites carry 3-4, "
                             "SpaceX)", ge=0.0)
    isl_terminal_mass: float = q("10 kg", "kg", "assumption: a short-range terminal with small optics", ge=0.0)
    isl_terminal_power: float = q("100 W", "W", "assumption: transceiver, DWDM lasers and pointing", ge=0.0)
    cluster_share: float = q(
        "50 %", "", "assumption: share of satellites flown in formations within laser range of enough neighbours "
                    "to train together (Suncatcher: 81 satellites within 1 km, arXiv:2511.19468)", **FRACTION)
    terminal_fixed_mass: float = q("15 kg", "kg", "assumption: gimbal, isolation platform and electronics of a "
                                   "deep-space terminal (LLCD's 10 cm space terminal ~30 kg, as cited, not checked)",
                                   ge=0.0)
    telescope_areal_density: float = q(
        "100 kg/m2", "kg/m2", "assumption: lightweighted mirrors and structure per m2 of aperture (space telescopes "
                              "~50-150 kg/m2, as cited, not checked)", ge=0.0)
    laser_mass_per_power: float = q("0.5 kg/W", "kg/W", "assumption: fibre amplifier, its drivers and heat spreader "
                                    "per W of optical output", ge=0.0)
    laser_wall_plug_efficiency: float = q("20 %", "", "assumption: erbium fibre amplifiers 10-25 % wall-plug",
                                          gt=0.0, le=1.0)
    terminal_electronics_power: float = q("50 W", "W", "assumption: modem, pointing and thermal control", ge=0.0)


class Workloads(Section):
    """What the compute is used for and what each use needs of the links (``subsystems.workloads``); the shares are
    weights, normalised by their sum."""

    training_share: float = q("40 %", "", "assumption: a frontier lab's compute split between training and "
                              "inference", ge=0.0)
    batch_inference_share: float = q("40 %", "", "assumption: offline generation, evaluation and agents' work",
                                     ge=0.0)
    interactive_inference_share: float = q("20 %", "", "assumption: chat and tools that a user waits on", ge=0.0)
    training_bits_per_flop: float = q(
        "3.3e-7 bit/FLOP", "bit/FLOP", "assumption: each satellite a data-parallel replica exchanging its gradients, "
                                       "2 x 16 bit a parameter a step, for 6 FLOP a parameter a token (Kaplan et al. "
                                       "2020) over a 16M-token batch a step (Llama 3's): 5.3 / 16e6", ge=0.0)
    checkpoint_bits_per_flop: float = q(
        "1e-12 bit/FLOP", "bit/FLOP", "assumption: a 10-trillion-parameter model's weights and optimiser state (16 B "
                                      "a parameter) sent home daily from 100 satellites of 2.7e17 FLOP/s (~5e-13), "
                                      "doubled for logs and evaluations",
        ge=0.0)
    inference_bits_per_flop: float = q(
        "1.6e-10 bit/FLOP", "bit/FLOP", "assumption: 32 bits of text a token for 2 FLOP a parameter of 100 B active "
                                        "parameters (Kaplan et al. 2020)", ge=0.0)
    allocation: Literal["best", "fixed"] = v(
        "best", "assumption: the operator gives a satellite's compute to the workloads it can serve (interactive "
                "inference it cannot serve goes to the others in their shares' proportion; demand for batch "
                "inference and training is not the limit); 'fixed': the shares as stated, idle where unserved")
    latency_budget: float = q(
        "3 s", "s", "assumption: a reply should start within a few seconds (Nielsen 1993: 1 s keeps a user's flow, "
                    "10 s their attention); the Moon's round trip is 2.6 s", gt=0.0)


class Economics(Section):
    ops_fixed_cost: float = q("1e9 USD/yr", "USD/s", "assumption: mission control, ground segment", ge=0.0)
    ops_cost_per_satellite: float = q(
        "20000 USD/yr", "USD/s", "assumption: operations that scale with the fleet (monitoring, collision avoidance, "
                                 "licences) per satellite in service, beside the fixed mission control", ge=0.0)
    discount_rate: float = q(
        "15 %", "", "assumption: the route's WACC, real (prices here carry no inflation), compounded yearly; a "
                    "first-of-a-kind off-world venture sits above US industries' 5-10 % nominal (Damodaran, cost "
                    "of capital by industry, Jan 2026; Aerospace/Defense 7.6 %) and below venture targets of "
                    "25-70 % (Damodaran, Valuing Young, Start-up and Growth Companies, 2009)", ge=0.0, lt=1.0)


class Delivery(Section):
    """From peak to delivered compute: what the levelized cost divides by (peak -> power and thermal ->
    availability -> utilisation). Array wear and eclipses are modelled in the fleet; these are the rest."""

    power_thermal_derating: float = q(
        "90 %", "", "assumption: sustained dense work holds clocks below the boost clock the peak FLOP/s is quoted "
                    "at, inside the accelerator's power limit (H100 SXM: 700 W, NVIDIA datasheet)", gt=0.0, le=1.0)
    availability: float = q(
        "90 %", "", "assumption: no hands in deep space: upsets, safe modes and link outages idle a share of the "
                    "satellites in service (whole satellites fail at satellite.failure_rate, accelerators at "
                    "satellite.accelerator_failure_rate beyond the spares)", **FRACTION)
    utilisation: float = q(
        "80 %", "", "assumption: share of available accelerator-hours sold or put to work (a rental is paid per "
                    "hour rented; this is not model FLOP utilisation)", **FRACTION)


class Bounds(Section):
    regolith_density: float = q("1500 kg/m3", "kg/m3", "bulk regolith 1.3-1.9 g/cm3 (Lunar Sourcebook)", gt=0.0)
    mining_depth: float = q("3 m", "m", "assumption: regolith is 4-5 m deep on maria, 10-15 m in highlands",
                            gt=0.0)
    shell_coverage: float = q("100 %", "", "a complete shell at the satellites' orbit intercepts all the Sun's "
                              "light; a second shell would be shaded by the first (geometry)", gt=0.0, le=1.0)


class Route(Section):
    """Which composition of subsystems a scenario runs: where it builds, how it launches, where compute works."""

    kind: Literal["surface-base", "earth-orbit", "terrestrial"] = v(
        "surface-base", "the plan: a base that makes satellites where it stands (SpaceX/xAI, Feb 2026)")
    body: Literal["moon", "mars", "mercury", "earth"] = v("moon", "the plan: Lunar Base Alpha")
    launcher: Literal["mass-driver", "rocket"] = v("mass-driver", "the plan: lunar mass drivers")
    destination: Literal["heliocentric", "leo", "sso-dawn-dusk"] = v(
        "heliocentric", "the plan: satellites thrown into deep space")
    self_sufficient: bool = v(False, "the plan: chips 'possibly from Earth'; true makes every satellite part, "
                              "chips included, from the base's own product (Armstrong & Sandberg 2013)")


class Surface(Section):
    """The body's surface environment, beyond the site's day and night (the site section)."""

    atmospheric_transmission: float = q("100 %", "", "airless body: arrays see the full flux S(r)",
                                        gt=0.0, le=1.0)
    dust_storm_outage: float = q("0 %", "", "airless body: no dust storms", ge=0.0, lt=1.0)


class Rocket(Section):
    """A reusable rocket that leaves the body's surface on propellant the base makes (Mars, or Earth)."""

    exit_speed: float = q("5.1 km/s", "m/s", "assumption: just above Mars escape 5.03 km/s, v_inf ~0.8 km/s",
                          gt=0.0, lt=SPEED_OF_LIGHT)
    delta_v_losses: float = q("0.5 km/s", "m/s", "assumption: gravity and drag losses from Mars, ~0.3-0.7 km/s",
                              ge=0.0)
    isp: float = q("360 s", "s", "Raptor methalox: ~330 s sea level, ~380 s vacuum (SpaceX)", gt=0.0)
    dry_mass_per_payload: float = q(1.2, "", "Starship: ~120 t dry for ~100 t payload (SpaceX figures)", ge=0.0)
    payload_per_flight: float = q("100 t", "kg", "Starship: ~100 t payload class (SpaceX)", gt=0.0)
    flights_per_vehicle: float = q("50 /yr", "1/s", "assumption: a vehicle turned around weekly", gt=0.0)
    pad_mass: float = q("500 t", "kg", "assumption: pad, propellant plant share and tanks per vehicle", ge=0.0)
    energy_per_kg_propellant: float = q(
        "10 kWh/kg", "J/kg", "estimate: CH4/O2 from ice and CO2 (electrolysis ~50 kWh/kg H2, 0.11 kg H2 a kg, "
        "Sabatier, mining, liquefaction) ~8-12 kWh/kg", ge=0.0)
    acceleration: float = q("4 g0", "m/s2", "assumption: peak axial load of a rocket ascent, 3-5 g0", gt=0.0)


class Orbit(Section):
    """Satellites built on Earth and launched to Earth orbit (the earth-orbit route)."""

    altitude: float = q("650 km", "m", "Suncatcher: dawn-dusk sun-synchronous orbit ~650 km (arXiv:2511.19468)",
                        gt=100e3)
    inclination: float = q("53 deg", "rad", "Starlink's 53 deg shell; used by the LEO destination only",
                           ge=0.0, le=3.141592653589793)
    flight_share: float = q("50 %", "", "assumption: share of Earth's Starship flights that carry compute",
                            **FRACTION)
    satellite_cost_per_kg: float = q("1000 USD/kg", "USD/kg",
                                     "assumption: Starlink-class bus built at scale, ~$1k/kg (press estimates); "
                                     "prices every kg the items below and the accelerators do not", ge=0.0)
    array_cost_per_watt: float = q("10 USD/W", "USD/W", "assumption: mass-produced flexible arrays, per W at end of "
                                   "life, far under traditional space arrays' hundreds of $/W", ge=0.0)
    radiator_cost_per_area: float = q("1000 USD/m2", "USD/m2", "assumption: panels with embedded heat pipes built "
                                      "at scale", ge=0.0)
    comms_cost: float = q("250000 USD", "USD", "assumption: the laser terminals of one satellite at Starlink-scale "
                          "production", ge=0.0)
    ground_cost_per_satellite: float = q("0 USD", "USD", "assumption: the receiving stations are priced by the links' "
                                         "network (links.ground_network, sized to the fleet); this adds any other "
                                         "ground segment a satellite needs (TT&C, RF gateways): none by default, "
                                         "so the stations are not counted twice", ge=0.0)


class Grid(Section):
    """Data centres on the ground (the terrestrial route)."""

    start_year: float = q(2026, "", "the year of the comparison's start", ge=1957, le=3000)
    capacity_added_initial: float = q("10 GW/yr", "W/s", "IEA Energy and AI 2025: data-centre use 415 TWh (2024) "
                                      "-> 945 TWh (2030), +~10 GW of average load a year", ge=0.0)
    capacity_added_growth: float = rate("5 %/yr", "growth", "assumption: grid connections, transformers, turbines and "
                                     "permits grow slowly", ge=0.0)
    capacity_added_max: float = q("40 GW/yr", "W/s", "assumption: what grids can connect for data centres a year",
                                  ge=0.0)
    ai_share: float = q("60 %", "", "assumption: share of new data-centre power that goes to AI accelerators "
                        "(IEA 2025: accelerated servers drive about half the growth)", **FRACTION)
    build_time: float = q("3 yr", "s", "assumption: 1.5-2 yr to build, grid connection often 3-7 yr", ge=0.0)
    pue: float = q(1.2, "", "hyperscale PUE 1.1-1.2 (Google 2023: 1.10); industry mean 1.56 (Uptime 2024)",
                   ge=1.0)
    electricity_price: float = q("80 USD/MWh", "USD/J", "US industrial average ~$80/MWh (EIA 2024)", ge=0.0)
    capex_per_watt: float = q("10 USD/W", "USD/W", "assumption: $8-12M per MW of facility, excluding chips "
                              "(industry cost guides)", ge=0.0)
    server_lifetime: float = q("5 yr", "s", "assumption: accelerators' useful life on Earth, 4-6 years", gt=0.0)


class Swarm(Section):
    """Armstrong & Sandberg 2013's assumptions for a Dyson swarm from Mercury (the published check only)."""

    collector_efficiency: float = q("33.3 %", "", "Armstrong & Sandberg 2013: collectors 1/3 efficient",
                                    gt=0.0, le=1.0)
    lift_share: float = q("10 %", "", "Armstrong & Sandberg 2013: 1/10 of the energy goes to lifting mass",
                          gt=0.0, le=1.0)
    collector_areal_density: float = q("0.5 kg/m2", "kg/m2", "assumption: our reading of Armstrong & Sandberg "
                                       "2013, not checked against the paper (docs/references.md)", gt=0.0)
    cycle: float = q("5 yr", "s", "Armstrong & Sandberg 2013: 5-year build cycles", gt=0.0)
    seed_area: float = q("1 km2", "m2", "assumption: a 1 km2 first collector (as in the popular accounts)",
                         gt=0.0)
    target_share_of_body: float = q("50 %", "", "Armstrong & Sandberg 2013: half of Mercury used", gt=0.0,
                                    le=1.0)


class Parameters(Section):
    """All parameters of a scenario, by section."""

    horizon: Horizon = Horizon()
    site: Site = Site()
    city: City = City()
    industry: Industry = Industry()
    chips: Chips = Chips()
    logistics: Logistics = Logistics()
    mass_driver: MassDriver = MassDriver()
    departure: Departure = Departure()
    satellite: Satellite = Satellite()
    links: Links = Links()
    workloads: Workloads = Workloads()
    economics: Economics = Economics()
    delivery: Delivery = Delivery()
    bounds: Bounds = Bounds()
    route: Route = Route()
    surface: Surface = Surface()
    rocket: Rocket = Rocket()
    orbit: Orbit = Orbit()
    grid: Grid = Grid()
    swarm: Swarm = Swarm()


#: Parameters that no longer exist, with what replaced them: setting one is refused in one line, never ignored.
REMOVED: dict[str, str] = {
    "satellite.comms_mass": "removed: the laser terminals are sized from the links section (terminal_aperture, "
                            "laser_power, isl_terminals and their masses); expected those instead",
    "satellite.radiator_temperature": "removed: the radiators run at satellite.junction_temperature less "
                                      "satellite.junction_to_coolant_drop and satellite.coolant_to_radiator_drop; "
                                      "expected one of those instead",
    "satellite.chip_to_radiator_drop": "removed: the heat path's drops are satellite.junction_to_coolant_drop and "
                                       "satellite.coolant_to_radiator_drop; expected those instead",
    "chips.efficiency_growth_end_year": "removed: FLOP/s per W now rises on a logistic curve towards "
                                        "chips.efficiency_ceiling_factor times the reference chip; expected "
                                        "chips.efficiency_ceiling_factor or chips.efficiency_growth instead",
}

SECTIONS: dict[str, type[Section]] = {
    name: info.annotation for name, info in Parameters.model_fields.items()  # type: ignore[misc]
}
