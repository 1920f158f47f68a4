"""Shared by the benchmark scripts (and the tests that read their reference loops): a compiled loop's inputs, as
a preset's own runs call it."""

from lunarbase import load_scenario, simulate
from lunarbase.scenario import uncertainty
from lunarbase.study import _Design, chunks_of, run_chunk


def preset_calls(owner, name: str, preset: str, samples: int, keep=lambda *args, **kwargs: args) -> dict:
    """What ``owner.name`` is called with while ``preset`` runs: its scalar scenario (``"scalar"``), then, where it
    has an ``[uncertainty]`` table, a study chunk of ``samples`` Monte Carlo runs (``"study"``), as
    ``keep(*args, **kwargs)`` of the call; a case whose run does not call it is left out."""
    scenario = load_scenario(preset)
    calls, original = [], getattr(owner, name)

    def spy(*args, **kwargs):
        calls.append(keep(*args, **kwargs))
        return original(*args, **kwargs)

    setattr(owner, name, spy)
    try:
        simulate(scenario)
        if scenario.uncertainty is not None:
            design = _Design(scenario.uncertainty, uncertainty.sample, "mc", samples, 3, chunks_of(samples, samples))
            given, _ = design.draws(design.point(0))
            run_chunk(scenario, given)
    finally:
        setattr(owner, name, original)
    return dict(zip(("scalar", "study"), calls, strict=False))
