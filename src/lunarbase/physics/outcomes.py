"""What becomes of a payload thrown off the Moon: the outcome codes every propagator reports.

One vocabulary for the patched conics and the N-body propagator, with one meaning each:

* ESCAPED: left the Earth's Hill sphere (1.496e9 m, the distance of the Sun-Earth L1 and L2 points) for a
  heliocentric orbit; its time to leave the Hill sphere (s after launch) is when it crossed it outward for the
  last time. Conics: the geocentric conic is open and reaches the Hill sphere. N-body: it passed the stop
  distance, or was outside the Hill sphere when followed no further.
* BOUND: still inside the Earth's Hill sphere (in lunar or Earth orbit: future debris) when the propagation
  ends; no time to leave the Hill sphere, no heliocentric elements. Conics: a closed geocentric conic, or a
  closed lunar orbit that never comes back to the surface. N-body: inside the Hill sphere after its ``days``.
* IMPACT_EARTH, IMPACT_MOON: hits the body. A closed lunar orbit from a launch on the surface passes through
  its launch radius every revolution, so it falls back onto the Moon in both methods.
"""

#: Left the Earth-Moon system for a heliocentric orbit (left the Earth's Hill sphere for good).
ESCAPED = 0
#: Still bound to the Earth-Moon system (lunar or Earth orbit: future debris) when the propagation ends.
BOUND = 1
#: Hits the Earth.
IMPACT_EARTH = 2
#: Falls back onto the Moon.
IMPACT_MOON = 3
#: Names by code, as printed and written to JSON.
NAMES = ("escaped", "bound", "impacts_earth", "impacts_moon")
