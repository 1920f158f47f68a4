"""What the links' age weighting costs: ``workloads.fleet_usable_flops`` against ``fleet.installed`` (its baseline,
the same fleet without the links), on the default ``lunar-base-alpha`` fleet's shape (2026-2100 monthly, a 6-year
service life, eight orbit samples), for one scenario and for 200 samples.

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
    life, fail = 6 * YEAR, 0.03 / YEAR
    ages = np.arange(fleet.service_steps(n, dt, life)) * dt
    distance, sun_angle = links.heliocentric_geometry(0.93 * AU, 1.08 * AU, AU, 1.7e7, ages)
    for rows in (1, 200):
        deployed = np.random.default_rng(0).uniform(0, 1e20, (rows, n))
        per_sat = np.full((rows, n), 1e19)
        in_service = np.full((rows, n), 1e6)

        def usable(deployed=deployed, per_sat=per_sat, in_service=in_service):
            kern = fleet.kernel(n, dt, fail, life, 0.01 / YEAR, 0.2)
            return workloads.fleet_usable_flops(p, deployed, per_sat, kern, in_service, distance, sun_angle)

        usable()  # compile or load the cached loop
        base = median_seconds(lambda deployed=deployed: fleet.installed(deployed, 1.0, dt, fail, life, 0.01 / YEAR,
                                                                        0.2), 10)
        took = median_seconds(usable, 10)
        print(f"{rows:4d} rows x {n} steps: fleet_usable_flops {took * 1e3:8.2f} ms; baseline fleet.installed "
              f"{base * 1e3:7.2f} ms ({took / base:.0f}x)")


if __name__ == "__main__":
    main()
