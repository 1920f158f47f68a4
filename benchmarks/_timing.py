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


def best_cpu_seconds(func, repeat: int) -> float:
    """Least CPU time of this process over ``repeat`` calls, s: on a shared machine, where other processes take
    the cores, wall time says more about them than about the code timed."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return min(times)
