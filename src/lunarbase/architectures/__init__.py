"""Compositions of the subsystems into routes; the lunar route first."""
