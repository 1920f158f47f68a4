"""lunarbase's ephemeris (astropy's built-in series, Hermite-interpolated) against JPL Development Ephemerides.

What is compared: lunarbase's ``relative_states`` against the JPL kernel at the same TDB dates, as position and
velocity differences (vector norms). Cases: the geocentric Moon (the Earth-Moon vector), the heliocentric Earth,
the barycentric Earth and the barycentric Sun.

Kernels, both from pip packages, so nothing is fetched at run time:

* DE421 (Folkner et al. 2008, JPL IOM 343R-08-003), the ``de421.bsp`` SPK file shipped inside the
  ``skyfield-data`` wheel (17 MB), read with ``jplephem``. It ends 2053-10-09, so it checks 2026-01-01 to
  2053-10-01. Both packages are in the ``dev`` extra.
* DE423 (Folkner 2010, a JPL interoffice memorandum, as the package names it), the ``de423`` package (36 MB,
  the Chebyshev coefficients as NumPy arrays, read by the dozen lines below), covers 1800-2200 and so checks the
  rest of the model's span, 2054-2150. It is not in the ``dev`` extra (size); that test is skipped unless
  ``pip install de423`` was run.

Measured once densely (every 0.05 day against DE421, every 0.1 day against DE423; the tests sample every
1.37 days); max / RMS of the error norm:

=====================  ===============================  ===============================
case                   2026-2053, DE421                 2054-2150, DE423
=====================  ===============================  ===============================
Moon, geocentric       25.8 / 6.0 km, 154 / 36 mm/s     25.0 / 5.9 km, 168 / 35 mm/s
Earth, heliocentric    8.0 / 3.6 km, 3.8 / 1.4 mm/s     11.5 / 4.3 km, 4.5 / 1.5 mm/s
Earth, barycentric     10.2 / 4.8 km, 3.8 / 1.4 mm/s    16.7 / 5.5 km, 4.4 / 1.5 mm/s
Sun, barycentric       5.7 / 3.2 km, 0.3 / 0.1 mm/s     6.9 / 3.5 km, 0.4 / 0.2 mm/s
Jupiter, heliocentric  108,000 / 64,000 km, 15 / 4 m/s  156,000 / 80,000 km, 15 / 4 m/s
=====================  ===============================  ===============================

(Jupiter against the kernels' Jupiter-system barycentre, which is all DE421 holds; plan94's error dwarfs the
offset of the planet from that barycentre. Jupiter only perturbs the N-body runs.)

The error is the series' own (ERFA ``moon98`` and ``epv00``, as astropy calls them): the Hermite interpolation
adds at most 19 m and 4.7 mm/s to it (measured against the series at the same dates). DE421 and DE423 differ
from each other by under 0.6 km (Earth) and 2 m (geocentric Moon) over 2026-2053, far below these errors.
The tolerances below sit a little above the measurements. Nothing here is timed.
"""

from importlib.resources import files

import numpy as np
import pytest

from lunarbase.physics import ephemeris

#: (body, center, max km, RMS km, max mm/s, RMS mm/s): tolerances for 2026-2053 against DE421.
DE421_TOLERANCES = [
    ("moon", "earth", 27.0, 6.5, 170.0, 40.0),
    ("earth", "sun", 9.0, 4.0, 4.5, 1.6),
    ("earth", "ssb", 11.5, 5.3, 4.5, 1.6),
    ("sun", "ssb", 6.5, 3.5, 0.5, 0.2),
    # ERFA plan94, against the Jupiter-system barycentre: ~1e5 km, immaterial for a perturber in the N-body runs.
    ("jupiter", "sun", 120_000.0, 70_000.0, 17_000.0, 5_000.0),
]
#: The same for 2054-2150 against DE423.
DE423_TOLERANCES = [
    ("moon", "earth", 27.0, 6.5, 180.0, 40.0),
    ("earth", "sun", 13.0, 4.8, 5.0, 1.7),
    ("earth", "ssb", 18.5, 6.2, 5.0, 1.7),
    ("sun", "ssb", 7.5, 4.0, 0.5, 0.2),
    ("jupiter", "sun", 170_000.0, 90_000.0, 17_000.0, 5_000.0),
]
#: Sampling step, days: not a divisor of the interpolation step, so the samples fall at every phase.
STEP_DAYS = 1.37


def _relative(states, body, center):
    r, v = states[body]
    if center == "ssb":
        return r, v
    return r - states[center][0], v - states[center][1]


def _errors(states, jd, body, center):
    """Max and RMS of the position (km) and velocity (mm/s) error norms of lunarbase against ``states``."""
    r, v = ephemeris.relative_states(body, center, jd)
    r_ref, v_ref = _relative(states, body, center)
    dr = np.linalg.norm(r - r_ref, axis=-1) / 1e3
    dv = np.linalg.norm(v - v_ref, axis=-1) * 1e3
    return dr.max(), np.sqrt(np.mean(dr**2)), dv.max(), np.sqrt(np.mean(dv**2))


@pytest.fixture(scope="module")
def de421():
    """Barycentric states (m, m/s) of the Sun, Earth and Moon from DE421 every STEP_DAYS over 2026-2053."""
    spk = pytest.importorskip("jplephem.spk", reason="install the dev extra: pip install -e '.[dev]'")
    pytest.importorskip("skyfield_data", reason="install the dev extra: pip install -e '.[dev]'")
    kernel = spk.SPK.open(str(files("skyfield_data") / "data" / "de421.bsp"))
    jd = np.arange(ephemeris.jd_from_iso("2026-01-01"), ephemeris.jd_from_iso("2053-10-01"), STEP_DAYS)

    def segment(center, target):  # km and km/day -> m and m/s, shape (n, 3)
        p, v = kernel[center, target].compute_and_differentiate(jd)
        return p.T * 1e3, v.T * 1e3 / ephemeris.DAY

    try:
        (emb, v_emb), (earth, v_earth), (moon, v_moon) = segment(0, 3), segment(3, 399), segment(3, 301)
        sun, jupiter = segment(0, 10), segment(0, 5)
    finally:
        kernel.close()
    states = {"sun": sun, "earth": (emb + earth, v_emb + v_earth), "moon": (emb + moon, v_emb + v_moon),
              "jupiter": jupiter}  # DE421 has the Jupiter system's barycentre only
    return jd, states


def _check(states, jd, body, center, tolerances):
    err = _errors(states, jd, body, center)
    assert all(e < t for e, t in zip(err, tolerances, strict=True)), (
        f"{body} wrt {center}: max {err[0]:.2f} km, RMS {err[1]:.2f} km, max {err[2]:.1f} mm/s, "
        f"RMS {err[3]:.1f} mm/s; tolerances {tolerances}"
    )


@pytest.mark.parametrize("body, center, max_km, rms_km, max_mm_s, rms_mm_s", DE421_TOLERANCES)
def test_ephemeris_against_de421_2026_2053(de421, body, center, max_km, rms_km, max_mm_s, rms_mm_s):
    jd, states = de421
    assert jd[0] < ephemeris.jd_from_iso("2026-01-02") and jd[-1] > ephemeris.jd_from_iso("2053-09-28")
    _check(states, jd, body, center, (max_km, rms_km, max_mm_s, rms_mm_s))


def _chebyshev(coefficients, jd_start, jd_end, jd):
    """Position (km) and velocity (km/day) from one body's (sets, 3, n) Chebyshev coefficients (old DE layout)."""
    days = (jd_end - jd_start) / coefficients.shape[0]
    k = np.minimum(((jd - jd_start) // days).astype(int), coefficients.shape[0] - 1)
    t = 2.0 * (jd - jd_start - k * days) / days - 1.0
    n = coefficients.shape[2]
    T, dT = np.empty((n, jd.size)), np.empty((n, jd.size))
    T[0], T[1], dT[0], dT[1] = 1.0, t, 0.0, 1.0
    for i in range(2, n):
        T[i] = 2 * t * T[i - 1] - T[i - 2]
        dT[i] = 2 * t * dT[i - 1] - dT[i - 2] + 2 * T[i - 1]
    c = coefficients[k]  # (m, 3, n)
    return np.einsum("mcn,nm->mc", c, T), np.einsum("mcn,nm->mc", c, dT) * 2.0 / days


@pytest.fixture(scope="module")
def de423():
    """Barycentric states (m, m/s) of the Sun, Earth and Moon from DE423 every STEP_DAYS over 2054-2150."""
    pytest.importorskip("de423", reason="optional (36 MB): pip install de423 checks 2054-2150 against DE423")
    folder = files("de423")
    constants = {k.decode(): v for k, v in np.load(str(folder / "constants.npy"))}
    jd = np.arange(ephemeris.jd_from_iso("2054-01-01"), ephemeris.jd_from_iso("2151-01-01"), STEP_DAYS)

    def series(name):  # km and km/day -> m and m/s, shape (n, 3)
        coefficients = np.load(str(folder / f"jpl-{name}.npy"))
        p, v = _chebyshev(coefficients, constants["jalpha"], constants["jomega"], jd)
        return p * 1e3, v * 1e3 / ephemeris.DAY

    (emb, v_emb), (moon, v_moon), sun, jupiter = series("earthmoon"), series("moon"), series("sun"), series("jupiter")
    share = 1.0 / (1.0 + constants["EMRAT"])  # the Earth's offset from the Earth-Moon barycentre, of the Moon's
    earth, v_earth = emb - share * moon, v_emb - share * v_moon
    return jd, {"sun": sun, "earth": (earth, v_earth), "moon": (earth + moon, v_earth + v_moon), "jupiter": jupiter}


@pytest.mark.parametrize("body, center, max_km, rms_km, max_mm_s, rms_mm_s", DE423_TOLERANCES)
def test_ephemeris_against_de423_2054_2150(de423, body, center, max_km, rms_km, max_mm_s, rms_mm_s):
    jd, states = de423
    _check(states, jd, body, center, (max_km, rms_km, max_mm_s, rms_mm_s))


def test_builtin_moon_trails_by_the_light_time(de421):
    # astropy's built-in Moon (ERFA moon98) is the light-time-retarded (astrometric) geocentric position, not the
    # geometric one: on average it trails DE421 along the orbit by the ~1.3 s light time (~1.2 km), a fifth of the
    # RMS error (module docstring of lunarbase.physics.ephemeris). Against DE421's astrometric Moon the mean is ~0.
    jd, states = de421
    r, _ = ephemeris.relative_states("moon", "earth", jd)
    r_ref, v_ref = _relative(states, "moon", "earth")
    along = np.cross(np.cross(r_ref, v_ref), r_ref)
    along /= np.linalg.norm(along, axis=-1, keepdims=True)
    lag_km = np.mean(np.sum((r - r_ref) * along, axis=-1)) / 1e3
    light_time_km = np.mean(np.linalg.norm(r_ref, axis=-1) / 299_792_458.0 * np.linalg.norm(v_ref, axis=-1)) / 1e3
    assert 1.2 < light_time_km < 1.4
    assert -1.6 < lag_km < -0.8
