"""The city: crew over time, what it needs from Earth, its power, and what it adds to output."""

import numpy as np

from lunarbase._jit import jitable
from lunarbase.physics.growth import capped_growth_since


def crew_schedule(t_years, start_year, initial, doubling_time_s, maximum):
    """Most crew the plan can fly: initial * 2^((t - t0)/T_double), capped at ``maximum``; none before t0."""
    return capped_growth_since(t_years, start_year, initial, np.log(2.0) / np.asarray(doubling_time_s, dtype=float),
                               maximum)


@jitable
def crew_needed(factory_mass, factory_mass_per_crew, autonomy):
    """People the factories need: one per ``factory_mass_per_crew`` of the share robots cannot run alone,
    (1 - a) F / m. Scalar, compiled."""
    return (1.0 - autonomy) * factory_mass / factory_mass_per_crew


@jitable
def crew_on_site(scheduled, initial, needed):
    """Crew present: the schedule, but no more than the work needs (at least the first crew). Scalar, compiled.

    People follow the work robots cannot do alone (``needed``: the factories' :func:`crew_needed` plus any
    other works', such as a chip fab's).
    """
    return min(scheduled, max(initial, needed))


@jitable
def earth_needs(crew_now, crew_before, dt_s, consumables_per_person, habitat_earth_mass_per_person):
    """Mass the city needs from Earth, kg/s: consumables plus habitats for new arrivals. Scalar, compiled."""
    arrivals = max(crew_now - crew_before, 0.0)
    return crew_now * consumables_per_person + arrivals * habitat_earth_mass_per_person / dt_s


@jitable
def output_factor(crew_count, factory_mass, autonomy, factory_mass_per_crew):
    """Share of factory capacity that runs: a + (1 - a) min(1, crew / needed), needed = (1 - a) F / m.

    Scalar, compiled. ``a`` is the share robots run alone; the rest needs a person per ``m`` of factory.
    """
    needed = (1.0 - autonomy) * factory_mass / factory_mass_per_crew
    if needed <= 0.0:
        return 1.0
    return autonomy + (1.0 - autonomy) * min(1.0, crew_count / needed)
