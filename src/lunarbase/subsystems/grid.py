"""Data centres on the ground: grid power that can go to AI, the years to build, PUE and electricity.

New facility power that can be connected each year grows from today's pace, capped by what grids,
transformers and permits allow: G(t) = min(G0 exp(g (t - t0)), G_max). It comes online a build time later.
IT power is facility power / PUE. Accelerators fill IT power as chips arrive, and are replaced at end of life.
"""

from __future__ import annotations

import numpy as np

from lunarbase.physics.growth import capped_growth_since


def capacity_addable(t_years, start_year, initial, growth, maximum):
    """Facility power that can be connected per second, W/s: min(G0 exp(g (t - t0)), G_max); none before t0."""
    return capped_growth_since(t_years, start_year, initial, growth, maximum)


def fill_with_chips(chips_w_per_s, it_added_w_per_s, life_steps):
    """Accelerator power deployed per second, filling IT capacity as chips allow.

    Per step: room_j = empty_j + A_j + D_{j-L}  (IT power added, plus the slots chips retiring after L steps
    free), D_j = min(C_j, room_j), empty_{j+1} = room_j - D_j. Chips that find no room are not bought (no
    inventory, as for the space routes). Loops over steps with samples as a vector; ``life_steps`` L is one
    whole number or one per sample.
    Returns (deployed W/s, grid-bound mask: True where IT room, not chips, limited deployment).
    """
    chips = np.atleast_2d(np.asarray(chips_w_per_s, dtype=float))
    added = np.atleast_2d(np.asarray(it_added_w_per_s, dtype=float))
    shape = np.broadcast_shapes(chips.shape, added.shape)
    chips, added = np.broadcast_to(chips, shape), np.broadcast_to(added, shape)
    lag = np.maximum(np.ravel(np.asarray(life_steps, dtype=int)), 1)
    shape = (*np.broadcast_shapes(shape[:1], lag.shape), shape[-1])
    chips, added, lag = np.broadcast_to(chips, shape), np.broadcast_to(added, shape), np.broadcast_to(lag, shape[:1])
    rows = np.arange(shape[0])
    deployed = np.zeros(shape)
    grid_bound = np.zeros(shape, dtype=bool)
    empty = np.zeros(shape[0])
    for j in range(shape[-1]):
        retiring = np.where(j >= lag, deployed[rows, np.maximum(j - lag, 0)], 0.0)
        room = empty + added[:, j] + retiring
        deployed[:, j] = np.minimum(chips[:, j], room)
        grid_bound[:, j] = room < chips[:, j]
        empty = room - deployed[:, j]
    return deployed, grid_bound
