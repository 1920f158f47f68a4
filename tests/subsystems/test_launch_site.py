"""Launch sites: the default track points along the Moon's motion from the ridge."""

import numpy as np
import pytest

from lunarbase.subsystems import launch_site


def test_default_track_azimuth_note_matches_the_site():
    from lunarbase.scenario import load_scenario

    p = load_scenario().params
    assert np.degrees(p.mass_driver.track_azimuth) == pytest.approx(
        np.degrees(launch_site.prograde_azimuth(p.site.latitude, p.site.longitude)), abs=0.01)
    ridge = launch_site.SITES["south-polar-ridge"]
    assert (p.site.latitude, p.site.longitude, p.site.elevation) == pytest.approx(
        (ridge.latitude, ridge.longitude, ridge.elevation))
