"""What the links' age weighting costs a sample: the routes' fast path ``workloads.usable_shares`` (yearly blocks)
against the exact step-by-step sum ``workloads.fleet_usable_flops`` and against ``fleet.installed`` (the same fleet
without the links), on the default ``lunar-base-alpha`` fleet's shape (2026-2100 monthly, a 6-year service life,
eight orbit samples), for one scenario and for 200 samples; with the fast path's error on the last step's usable
compute.

    .venv/bin/python benchmarks/bench_usable.py
"""

from __future__ import annotations

import numpy as np

from _timing import median_seconds
from lunarbase.constants import AU, YEAR
from lunarbase.scenario.schema import Parameters
from lunarbase.subsystems import fleet, links, workloads


def main() -> None:
    p = Parameters()
    n, dt = 75 * 12, YEAR / 12
    life, fail, deg = 6 * YEAR, 0.03 / YEAR, 0.01 / YEAR
    ages = np.arange(fleet.service_steps(n, dt, life)) * dt
    distance, sun_angle = links.heliocentric_geometry(0.93 * AU, 1.08 * AU, AU, 1.7e7, ages)
    for rows in (1, 200):
        rng = np.random.default_rng(0)
        # Smooth ramps as the routes make (a step's noise in deployments is the fast path's worst case: a few %).
        deployed = np.exp(np.arange(n) / rng.uniform(100.0, 140.0, (rows, 1)))
        per_sat = np.broadcast_to(1e19 * np.exp(np.arange(n) / 300.0), (rows, n))
        installed = fleet.installed(deployed, 1.0, dt, fail, life, deg, 0.2)
        in_service = installed / per_sat

        def exact(deployed=deployed, per_sat=per_sat, in_service=in_service):
            kern = fleet.kernel(n, dt, fail, life, deg, 0.2)
            return workloads.fleet_usable_flops(p, deployed, per_sat, kern, in_service, distance, sun_angle)

        def fast(deployed=deployed, per_sat=per_sat, in_service=in_service):
            kern = fleet.kernel(n, dt, fail, life, deg, 0.2)
            return workloads.usable_shares(p, deployed, per_sat, kern, in_service, distance, dt, sun_angle)

        error = np.max(np.abs(fast()["mix"][:, -1] * installed[:, -1] / exact()["mix"][:, -1] - 1.0))
        base = median_seconds(lambda deployed=deployed: fleet.installed(deployed, 1.0, dt, fail, life, deg, 0.2), 10)
        slow, quick = median_seconds(exact, 5), median_seconds(fast, 10)
        print(f"{rows:4d} rows x {n} steps: exact sum {slow / rows * 1e6:8.1f} us/sample; fast path "
              f"{quick / rows * 1e6:7.1f} us/sample ({slow / quick:.0f}x faster); baseline fleet.installed "
              f"{base / rows * 1e6:6.1f} us/sample; last step's usable compute, fast / exact - 1: {error:.1e}")


if __name__ == "__main__":
    main()
