"""Earth logistics: Starship-class flights to the lunar surface, their cadence and their price."""

import numpy as np

from lunarbase.constants import YEAR
from lunarbase.physics.growth import capped_exponential
from lunarbase.subsystems.economics import wright_cost


def flights_rate(t_years, first_flight_year, initial, growth, maximum):
    """Landings the fleet can fly, per second: initial * exp(g (t - t0)), capped; none before t0."""
    years = np.asarray(t_years, dtype=float) - first_flight_year
    return np.where(years >= 0.0, capped_exponential(initial, growth, np.maximum(years, 0.0) * YEAR, maximum), 0.0)


def landed_capacity(flights_per_s, payload_per_flight):
    """Mass Earth can land on the Moon, kg/s."""
    return np.asarray(flights_per_s) * payload_per_flight


def cost_per_kg(cumulative_flights, logistics):
    """Landed price per kg after ``cumulative_flights`` landings, on a Wright learning curve."""
    return wright_cost(logistics.cost_per_kg_initial, cumulative_flights, logistics.learning_rate,
                       logistics.cost_floor_per_kg)
