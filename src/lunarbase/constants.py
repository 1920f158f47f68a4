"""Physical constants in one place, plain SI floats, each with its source.

Taken from astropy.constants where astropy carries them; the rest from the cited references.
"""

from astropy import constants as _c

#: speed of light, m/s (SI definition)
SPEED_OF_LIGHT = float(_c.c.si.value)
#: Stefan-Boltzmann constant, W m^-2 K^-4 (CODATA 2018)
STEFAN_BOLTZMANN = float(_c.sigma_sb.si.value)
#: Boltzmann constant, J/K (exact since the 2019 SI redefinition, CODATA 2018: 1.380649e-23)
BOLTZMANN = float(_c.k_B.si.value)
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
#: Earth mean solar day, s
EARTH_SOLAR_DAY = 86400.0
#: Earth J2 zonal harmonic (EGM2008: 1.08263e-3), for sun-synchronous precession
EARTH_J2 = 1.08263e-3
#: Earth's mean surface temperature, K (NASA Earth Fact Sheet: 288 K), where the ground's data centres shed heat
EARTH_SURFACE_TEMPERATURE = 288.0
#: Earth's Bond albedo (NASA Earth Fact Sheet: 0.306), the share of sunlight it reflects onto radiators below
EARTH_ALBEDO = 0.306
#: Earth's mean outgoing infrared, W/m^2 at the top of the atmosphere (CERES EBAF, Loeb et al. 2018, J. Climate
#: 31: 240 W/m^2), the planet's infrared load on radiators in Earth orbit
EARTH_INFRARED = 240.0
#: Earth mass, kg (GM_E / G with CODATA 2018 G; JPL: 5.9722e24)
EARTH_MASS = 5.9722e24
#: Mars GM, m^3/s^2 (JPL DE440 / Mars fact sheet: 4.2828e13)
MARS_GM = 4.2828e13
#: Mars volumetric mean radius, m (JPL Mars fact sheet: 3389.5 km)
MARS_RADIUS = 3389.5e3
#: Mars mass, kg (JPL Mars fact sheet: 6.4171e23)
MARS_MASS = 6.4171e23
#: Mars semi-major axis, m (JPL: 1.524 AU)
MARS_SEMIMAJOR_AXIS = 1.524 * float(_c.au.si.value)
#: Mars mean solar day (sol), s (JPL: 24.6597 h)
MARS_SOLAR_DAY = 24.6597 * 3600.0
#: Mercury GM, m^3/s^2 (JPL DE440 / Mercury fact sheet: 2.2032e13)
MERCURY_GM = 2.2032e13
#: Mercury volumetric mean radius, m (JPL Mercury fact sheet: 2439.7 km)
MERCURY_RADIUS = 2439.7e3
#: Mercury mass, kg (JPL Mercury fact sheet: 3.301e23)
MERCURY_MASS = 3.301e23
#: Mercury semi-major axis, m (JPL: 0.387 AU)
MERCURY_SEMIMAJOR_AXIS = 0.387 * float(_c.au.si.value)
#: Mercury mean solar day, s (JPL: 4222.6 h = 175.94 d, two orbits per solar day)
MERCURY_SOLAR_DAY = 4222.6 * 3600.0
#: hour, s
HOUR = 3600.0
#: Today's world primary energy use, W (Energy Institute, Statistical Review of World Energy 2025: 592 EJ in 2024)
WORLD_PRIMARY_POWER_2024 = 592e18 / YEAR
#: World data-centre electricity, W average (IEA, Energy and AI 2025: 415 TWh in 2024)
WORLD_DATACENTRE_POWER_2024 = 415e12 * 3600.0 / YEAR
#: Obliquity of the ecliptic at J2000.0, rad (IAU 2006: 84381.406"; ICRS-ecliptic offsets are < 0.1")
OBLIQUITY_J2000 = 84381.406 / 3600.0 * 3.141592653589793 / 180.0
#: Earth's Hill-sphere radius, m: a (m_E / 3 M_sun)^(1/3) = 1.50e9 m at 1 AU (Curtis, Orbital Mechanics, ch. 8)
EARTH_HILL_RADIUS = 1.496e9
#: Earth's sphere of influence (Laplace), m: a (m_E / M_sun)^(2/5) = 9.25e8 m (Curtis, Table A.2)
EARTH_SOI_RADIUS = 9.25e8
#: Moon's sphere of influence, m: r_M (m_M / m_E)^(2/5) = 66,200 km (Curtis, Table A.2: 66,100 km)
MOON_SOI_RADIUS = 66.1e6
#: Moon's sidereal rotation rate, rad/s (IAU WGCCRE 2009: 13.17635815 deg/day)
MOON_ROTATION_RATE = 13.17635815 / 86400.0 * 3.141592653589793 / 180.0
#: Jupiter GM, m^3/s^2 (JPL DE440: 1.26712764e17)
JUPITER_GM = 1.26712764e17
#: Radius below which a payload counts as having hit the Moon, m: 1 km under the mean radius, so a horizontal
#: launch from a site on the reference sphere is not an impact (assumption; terrain relief is +-10 km)
MOON_IMPACT_RADIUS = MOON_RADIUS - 1e3
#: Highest lunar terrain above the 1737.4 km reference sphere, m (LOLA: 10,786 m; Smith et al. 2010, GRL 37,
#: L18204). A state at or below this radius is on (or under) the surface: a closed lunar orbit from it returns
#: to its own radius every revolution and falls back.
MOON_HIGHEST_TERRAIN = 10.786e3
#: NVIDIA H100 SXM5, dense BF16 Tensor Core peak, FLOP/s (NVIDIA H100 Tensor Core GPU datasheet: 1,979 TFLOPS
#: "with sparsity", i.e. 989 TFLOPS dense): the H100-equivalent of the levelized cost per accelerator-hour
H100_FLOPS = 989e12
#: NVIDIA H100 SXM5 maximum thermal design power, W (NVIDIA H100 Tensor Core GPU datasheet: up to 700 W)
H100_POWER = 700.0
#: On-demand rental of one H100 SXM, USD per GPU-hour, low and high: long-tail and specialist GPU clouds, 2026
#: (Mercatus, "Cloud GPU pricing", May 2026: $1.99-2.50 long-tail, $2.50-3.50 specialist, $3.50-5.00
#: hyperscalers). A market reference read from a vendor survey, not a published index.
H100_RENTAL_USD_PER_HOUR = (2.0, 3.5)
