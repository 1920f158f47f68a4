"""The one place Numba is named: scalar laws the engine's compiled time loop inlines."""

import warnings
from contextlib import contextmanager

import numpy as np
from numba import njit, prange, types
from numba.core.errors import NumbaIRAssumptionWarning
from numba.extending import overload, register_jitable

#: Decorator for scalar per-step laws: plain Python when called from Python, inlined when compiled.
jitable = register_jitable


def compiled_loop(func):
    """Compile an engine loop once and cache it on disk; IEEE semantics (inf, nan) for divisions."""
    return njit(cache=True, error_model="numpy", nogil=True)(func)


def parallel_loop(func):
    """Like ``compiled_loop``, with ``numba.prange`` loops spread over the cores."""
    return njit(cache=True, error_model="numpy", nogil=True, parallel=True)(func)


#: Floating-point liberties the SIMD loops take: fused multiply-add, reciprocal approximations, no signed zeros,
#: approximate library functions. Not "reassoc" (it would undo Cody-Waite range reduction) and not "nnan"/"ninf"
#: (NaN marks a refused orbit).
SIMD_FASTMATH = {"contract", "arcp", "nsz", "afn"}


def simd_loop(func):
    """Like ``parallel_loop``, with ``SIMD_FASTMATH``, so that branch-free inner loops vectorise (AVX2/AVX-512)."""
    return njit(cache=True, error_model="numpy", nogil=True, parallel=True, fastmath=set(SIMD_FASTMATH))(func)


def simd_inline(func):
    """A scalar helper of the SIMD loops: inlined into them, with the same floating-point flags."""
    return njit(inline="always", error_model="numpy", fastmath=set(SIMD_FASTMATH))(func)


def call_quietly(loop, *args):
    """``loop(*args)``, a compiled loop whose helpers are inlined, with Numba's notes of its first compile quieted
    (``quiet_inlining``) only while it has none: ``warnings.catch_warnings`` changes the process's filters, which
    threads calling the loop at once (a server's) could leave changed, so calls once it is compiled (or loaded
    from the cache) leave them alone."""
    if loop.signatures:
        return loop(*args)
    with quiet_inlining():
        return loop(*args)


@contextmanager
def quiet_inlining():
    """Calls of a loop whose helpers are inlined (``jitable(inline="always")``), without Numba's SSA notes.

    Numba's own pedantic check reports the conditional expressions of an inlined helper as out of scope, on the
    first compile only; the compiled results are checked (tests, benchmarks), not the note.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NumbaIRAssumptionWarning)
        yield


def where(condition, if_true, if_false):
    """``np.where`` for arrays; a plain conditional when compiled on scalars (no 0-d array allocated)."""
    return np.where(condition, if_true, if_false)


def floor_index(x):
    """Integer part of x as int64, for arrays and (compiled) scalars alike."""
    return np.floor(x).astype(np.int64)


@overload(where)
def _where_compiled(condition, if_true, if_false):
    if isinstance(condition, types.Boolean):
        return lambda condition, if_true, if_false: if_true if condition else if_false
    return lambda condition, if_true, if_false: np.where(condition, if_true, if_false)


@overload(floor_index)
def _floor_index_compiled(x):
    if isinstance(x, types.Float):
        return lambda x: np.int64(np.floor(x))
    return lambda x: np.floor(x).astype(np.int64)


__all__ = ["SIMD_FASTMATH", "call_quietly", "compiled_loop", "floor_index", "jitable", "parallel_loop", "prange",
           "quiet_inlining", "simd_inline", "simd_loop", "where"]
