"""Earth logistics: Starship-class cargo flights, the tanker launches that refill them, and their price.

A cargo flight delivers its payload where the route needs it (landed on the Moon, Mars or Mercury, or in Earth
orbit). Beyond low Earth orbit a cargo ship is refilled in LEO first, so one cargo flight is 1 + T launches
from Earth (T tankers; T = 0 for a flight to Earth orbit). Every launch, tanker or cargo, is priced alike:
the price per kg to LEO on Wright's learning curve over cumulative Earth launches, times what one launch lifts
to LEO. So a kg delivered costs (1 + T) * price_LEO(N) * m_LEO / payload, and the routes' Earth launches and
launch spending read on one yardstick.
"""

import numpy as np

from lunarbase._jit import compiled_loop
from lunarbase.physics.growth import capped_growth_since, column
from lunarbase.subsystems.economics import wright_cost


def flights_rate(t_years, first_flight_year, initial, growth, maximum):
    """Cargo flights the fleet can fly, per second: initial * exp(g (t - t0)), capped; none before t0."""
    return capped_growth_since(t_years, first_flight_year, initial, growth, maximum)


def landed_capacity(flights_per_s, payload_per_flight):
    """Mass the cargo flights can deliver, kg/s."""
    return np.asarray(flights_per_s) * payload_per_flight


def launches_per_flight(tankers_per_flight):
    """Earth launches one cargo flight takes: the cargo ship itself and the tankers that refill it in LEO."""
    return 1.0 + np.asarray(tankers_per_flight, dtype=float)


def price_per_launch(cumulative_launches, logistics):
    """USD for one Earth launch after ``cumulative_launches``: Wright's price per kg to LEO times its lift."""
    per_kg = wright_cost(logistics.price_to_leo_initial, cumulative_launches, logistics.learning_rate,
                         logistics.price_to_leo_floor)
    return per_kg * logistics.launch_payload_to_leo


def price_per_kg_delivered(cumulative_launches, logistics):
    """USD per kg a cargo flight delivers: (1 + tankers) launches at today's price, over its payload.

    For a chunk's (rows, steps) launches against per-sample columns, the same operations in two compiled passes
    about NumPy's power (Wright's N^log2(LR)): the same numbers, without the (rows, steps) temporaries."""
    cumulative = np.asarray(cumulative_launches, dtype=float)
    k = logistics
    columns = [np.asarray(x, dtype=float) for x in (k.price_to_leo_initial, k.learning_rate, k.price_to_leo_floor,
                                                    k.launch_payload_to_leo, k.tankers_per_flight,
                                                    k.payload_per_flight)]
    if cumulative.ndim == 2 and cumulative.size and cumulative.flags.c_contiguous and all(
            x.size == 1 or x.shape == (cumulative.shape[0], 1) for x in columns):
        rows = cumulative.shape[0]
        first, rate, floor, lift, tankers, payload = (column(x, rows) for x in columns)
        price = np.empty(cumulative.shape)
        _at_least_one_loop(np.ascontiguousarray(cumulative), price)
        np.power(price, np.reshape(np.log2(columns[1]), (-1, 1)), out=price)  # N^log2(LR), as wright_cost takes it
        _price_loop(first, floor, lift, column(launches_per_flight(columns[4]), rows), payload, price)
        return price
    return (launches_per_flight(logistics.tankers_per_flight) * price_per_launch(cumulative_launches, logistics)
            / logistics.payload_per_flight)


@compiled_loop
def _at_least_one_loop(cumulative, out):
    """``np.maximum(cumulative, 1)`` (NaN carries): Wright's N, at least the first unit."""
    for i in range(cumulative.shape[0]):
        for j in range(cumulative.shape[1]):
            c = cumulative[i, j]
            out[i, j] = c if (c >= 1.0 or c != c) else 1.0


@compiled_loop
def _price_loop(first_unit, floor, lift, launches_per_flight, payload, powered):
    """``price_per_kg_delivered`` after N^log2(LR) (in ``powered``, replaced): max(c1 N^x, floor) (``np.maximum``'s:
    NaN carries) times the lift, times the launches a flight, over its payload."""
    for i in range(powered.shape[0]):
        c1, fl, m, per, load = first_unit[i], floor[i], lift[i], launches_per_flight[i], payload[i]
        for j in range(powered.shape[1]):
            v = c1 * powered[i, j]
            v = v if (v >= fl or v != v) else fl
            powered[i, j] = per * (v * m) / load


def flights_for(logistics, t_years):
    """:func:`flights_rate` for a ``logistics`` section; a cadence that starts at its cap has no growth to read."""
    if np.all(logistics.flights_initial >= logistics.flights_max):
        return np.where(np.asarray(t_years, dtype=float) >= logistics.first_flight_year, logistics.flights_max, 0.0)
    return flights_rate(t_years, logistics.first_flight_year, logistics.flights_initial, logistics.flights_growth,
                        logistics.flights_max)
