"""Bodies: escape speeds, flux and binding energy against JPL fact sheets and published figures."""

import pytest

from lunarbase.subsystems import bodies


@pytest.mark.parametrize("name, escape_km_s, flux_w_m2", [
    ("moon", 2.38, 1361.0),      # docs/references.md; Kopp & Lean 2011
    ("mars", 5.03, 586.0),       # docs/references.md; inverse-square at 1.524 AU
    ("mercury", 4.25, 9083.0),   # JPL fact sheet 4.3 km/s; 1361 / 0.387^2
    ("earth", 11.18, 1361.0),    # JPL 11.186 km/s at the equatorial radius
])
def test_bodies_escape_and_flux(name, escape_km_s, flux_w_m2):
    b = bodies.BODIES[name]
    assert b.escape_speed / 1e3 == pytest.approx(escape_km_s, rel=5e-3)
    assert b.top_of_atmosphere_flux == pytest.approx(flux_w_m2, rel=5e-3)


def test_mercury_binding_energy_is_armstrong_and_sandbergs():
    """3 G M^2 / (5 R) for Mercury: 1.80e30 J as A&S quote (uniform sphere; within 1 %)."""
    b = bodies.BODIES["mercury"]
    assert b.binding_energy_per_kg * b.mass == pytest.approx(1.80e30, rel=0.01)
