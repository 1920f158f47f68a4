"""One module per part of the plan. Pure functions of SI floats and NumPy arrays.

Functions marked *scalar, compiled* are the per-step laws the engine's loop calls; they are plain Python
that Numba inlines (``numba.extending.register_jitable``), so they also run uncompiled on floats.
"""
