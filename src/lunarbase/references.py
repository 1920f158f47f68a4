"""Yardsticks to read every result against: today's Earth and the Sun (sources in ``constants``).

``REFERENCES`` are the rows the summaries print beside a run's horizon figures; ``POWER_LINES`` and
``KARDASHEV_LINES`` the dotted lines the charts draw, in watts and as Kardashev levels; ``H100_RENTAL`` the
price line beside the levelized cost of compute.
"""

from lunarbase.constants import (
    H100_RENTAL_USD_PER_HOUR,
    SUN_LUMINOSITY,
    WORLD_DATACENTRE_POWER_2024,
    WORLD_PRIMARY_POWER_2024,
)
from lunarbase.physics.scales import kardashev_level

#: Rows to read the fleet against (Energy Institute 2025; IEA, Energy and AI 2025; IAU 2015 B3):
#: key -> (label, SI value, SI unit).
REFERENCES = {
    "earth_primary_power_2024": ("Reference: human primary power, 2024", WORLD_PRIMARY_POWER_2024, "W"),
    "earth_kardashev_2024": ("Reference: Kardashev level of Earth, 2024",
                             float(kardashev_level(WORLD_PRIMARY_POWER_2024)), ""),
    "world_datacentre_power_2024": ("Reference: world data-centre electricity, 2024", WORLD_DATACENTRE_POWER_2024,
                                    "W"),
    "sun_luminosity": ("Reference: the Sun's luminosity (IAU 2015 B3)", SUN_LUMINOSITY, "W"),
}

#: Reference lines for charts in watts: (value, label).
POWER_LINES = [(WORLD_DATACENTRE_POWER_2024, "world data-centre electricity 2024 (IEA)"),
               (WORLD_PRIMARY_POWER_2024, "human primary power 2024 (Energy Institute)"),
               (SUN_LUMINOSITY, "the Sun's luminosity")]

#: The same references as Kardashev levels, with K = 1 and 1 % of the Sun.
KARDASHEV_LINES = [(float(kardashev_level(WORLD_DATACENTRE_POWER_2024)), "world data centres 2024"),
                   (float(kardashev_level(WORLD_PRIMARY_POWER_2024)), "Earth today (human primary power)"),
                   (1.0, "K = 1"), (float(kardashev_level(0.01 * SUN_LUMINOSITY)), "1 % of the Sun"),
                   (float(kardashev_level(SUN_LUMINOSITY)), "the Sun's luminosity")]

#: Today's price of the compute the levelized cost buys: (label, (low, high) USD per H100-hour), a market
#: reference read from a vendor survey (see ``constants.H100_RENTAL_USD_PER_HOUR``).
H100_RENTAL = ("Reference: an H100 SXM rented on demand, 2026 (GPU clouds' list prices, Mercatus survey, May 2026)",
               H100_RENTAL_USD_PER_HOUR)

__all__ = ["H100_RENTAL", "KARDASHEV_LINES", "POWER_LINES", "REFERENCES"]
