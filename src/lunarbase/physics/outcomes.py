"""What becomes of a payload thrown off the Moon: the outcome codes every propagator reports."""

#: Left the Earth-Moon system for a heliocentric orbit.
ESCAPED = 0
#: Still bound to the Earth-Moon system (lunar or Earth orbit: future debris) when the propagation ends.
BOUND = 1
#: Hits the Earth.
IMPACT_EARTH = 2
#: Falls back onto the Moon.
IMPACT_MOON = 3
#: Names by code, as printed and written to JSON.
NAMES = ("escaped", "bound", "impacts_earth", "impacts_moon")
