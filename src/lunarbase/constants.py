"""Physical constants in one place, plain SI floats, each with its source.

Taken from astropy.constants where astropy carries them; the rest from the cited references.
"""

from astropy import constants as _c

#: speed of light, m/s (SI definition)
SPEED_OF_LIGHT = float(_c.c.si.value)
#: Stefan-Boltzmann constant, W m^-2 K^-4 (CODATA 2018)
STEFAN_BOLTZMANN = float(_c.sigma_sb.si.value)
#: standard gravity, m/s^2 (CGPM 1901)
STANDARD_GRAVITY = float(_c.g0.si.value)
#: astronomical unit, m (IAU 2012 Resolution B2)
AU = float(_c.au.si.value)
#: nominal solar luminosity, W (IAU 2015 Resolution B3)
SUN_LUMINOSITY = float(_c.L_sun.si.value)
#: Sun GM, m^3/s^2 (IAU 2015 nominal)
SUN_GM = float(_c.GM_sun.si.value)
#: Earth GM, m^3/s^2 (WGS84 / IERS)
EARTH_GM = 3.986004418e14
#: Earth equatorial radius, m (WGS84)
EARTH_RADIUS = 6378.137e3
#: Moon GM, m^3/s^2 (JPL DE430/DE440)
MOON_GM = 4.9028e12
#: Moon mean radius, m (IAU WGCCRE)
MOON_RADIUS = 1737.4e3
#: Moon mass, kg (JPL)
MOON_MASS = 7.342e22
#: Moon mean Earth distance, m (JPL: 384,400 km mean distance)
MOON_DISTANCE = 384_400e3
#: Moon synodic month, s (JPL: 29.5306 d)
SYNODIC_MONTH = 29.5306 * 86400.0
#: Julian year, s (IAU)
YEAR = 365.25 * 86400.0
#: hour, s
HOUR = 3600.0
#: Today's world primary energy use, W (Energy Institute, Statistical Review of World Energy 2025: 592 EJ in 2024)
WORLD_PRIMARY_POWER_2024 = 592e18 / YEAR
#: World data-centre electricity, W average (IEA, Energy and AI 2025: 415 TWh in 2024)
WORLD_DATACENTRE_POWER_2024 = 415e12 * 3600.0 / YEAR
