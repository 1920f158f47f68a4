"""Shared by the benchmark scripts: the timing they all use."""

import statistics
import time


def median_seconds(func, repeat: int) -> float:
    """Median wall time of ``repeat`` calls of ``func``, s."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
