"""The one place Numba is named: scalar laws the engine's compiled time loop inlines."""

from numba import njit
from numba.extending import register_jitable

#: Decorator for scalar per-step laws: plain Python when called from Python, inlined when compiled.
jitable = register_jitable


def compiled_loop(func):
    """Compile an engine loop once and cache it on disk; IEEE semantics (inf, nan) for divisions."""
    return njit(cache=True, error_model="numpy", nogil=True)(func)


__all__ = ["compiled_loop", "jitable"]
