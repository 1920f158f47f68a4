"""``lunarbase serve``: the server's time per run against the model alone, and a bounded load test on localhost.

1. Per run, in this process (FastAPI's TestClient, no network): ``POST /api/run`` with a new override each time
   (never a cache hit), against the baseline of the same work called directly: ``load_scenario`` + ``simulate``
   (the model) + ``summary.to_json`` (the answer). The difference is what the web layer adds (validation, JSON
   encoding, the ASGI round trip). Target: < 100 ms server time per run.
2. Load: ``lunarbase serve`` started as its own process on a free 127.0.0.1 port, then CLIENTS concurrent
   clients (httpx, asyncio) for SECONDS, each asking ``GET /api/run`` with an override no one asked before (every
   request runs the model); then the same for identical requests (answered from the server's cache). Prints
   throughput and latency percentiles; the server is stopped at the end. The clients share the machine's cores
   with the server, so this is a floor, not the server's ceiling.

    .venv/bin/python benchmarks/bench_server.py [--clients 50] [--seconds 25]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _timing import median_seconds

SET = "mass_driver.exit_speed={:.6f} km/s"


def per_run(repeat: int = 40) -> None:
    from fastapi.testclient import TestClient

    from lunarbase import load_scenario, simulate
    from lunarbase.interfaces.server import create_app
    from lunarbase.interfaces.summary import to_json

    client = TestClient(create_app())
    speeds = (2.5 + i * 1e-5 for i in itertools.count())  # a new value each call: never the cache
    client.post("/api/run", json={"set": [SET.format(next(speeds))]})  # warm: compile, caches of astropy units
    scenario = load_scenario("lunar-base-alpha", [SET.format(2.6)])
    run = simulate(scenario)
    load_s = median_seconds(lambda: load_scenario("lunar-base-alpha", [SET.format(next(speeds))]), repeat)
    sim_s = median_seconds(lambda: simulate(scenario), repeat)
    json_s = median_seconds(lambda: to_json(run), repeat)
    direct_s = median_seconds(lambda: to_json(simulate(load_scenario("lunar-base-alpha", [SET.format(next(speeds))]))),
                              repeat)
    server_ms = []

    def one():
        res = client.post("/api/run", json={"set": [SET.format(next(speeds))]})
        assert res.status_code == 200 and res.headers["x-run-cache"] == "miss"
        server_ms.append(float(res.headers["x-run-ms"]))

    http_s = median_seconds(one, repeat)
    hit_s = median_seconds(lambda: client.post("/api/run", json={"set": [SET.format(2.6)]}), repeat)
    print(f"per run, lunar-base-alpha with one override, median of {repeat} (this process):")
    print(f"  load_scenario:                          {load_s * 1e3:7.1f} ms")
    print(f"  simulate (the model):                   {sim_s * 1e3:7.1f} ms")
    print(f"  summary.to_json (the answer):           {json_s * 1e3:7.1f} ms")
    print(f"  the three called directly (baseline):   {direct_s * 1e3:7.1f} ms")
    print(f"  server time, X-Run-Ms (target < 100):   {statistics.median(server_ms):7.1f} ms")
    print(f"  POST /api/run round trip (TestClient):  {http_s * 1e3:7.1f} ms  (web layer adds "
          f"{(http_s - direct_s) * 1e3:.1f} ms: validation, JSON encoding of ~50 kB, ASGI)")
    print(f"  the same request again (cache hit):     {hit_s * 1e3:7.1f} ms")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def load(base: str, clients: int, seconds: float, fresh: bool) -> tuple[int, list[float], int]:
    import httpx

    latencies: list[float] = []
    failures = 0
    counter = itertools.count()
    stop = time.perf_counter() + seconds

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal failures
        while time.perf_counter() < stop:
            value = 2.5 + next(counter) * 1e-6 if fresh else 2.6
            start = time.perf_counter()
            res = await http.get(f"{base}/api/run", params={"set": SET.format(value)})
            latencies.append(time.perf_counter() - start)
            failures += res.status_code != 200

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    return len(latencies), latencies, failures


def report(label: str, n: int, latencies: list[float], failures: int, seconds: float) -> None:
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    print(f"  {label}: {n} requests in {seconds:.0f} s = {n / seconds:.1f} req/s; latency p50 {q[49] * 1e3:.0f} ms, "
          f"p95 {q[94] * 1e3:.0f} ms, max {max(latencies) * 1e3:.0f} ms; non-200: {failures}")


def load_test(clients: int, seconds: float) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "lunarbase.interfaces.cli", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/presets", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("lunarbase serve did not start")
            time.sleep(0.2)
        print(f"load: {clients} concurrent clients against lunarbase serve ({os.cpu_count()} cores shared by server "
              "and clients):")
        n, lat, bad = asyncio.run(load(base, clients, seconds, fresh=True))
        report("every request a new run ", n, lat, bad, seconds)
        short = max(5.0, seconds / 4)
        n, lat, bad = asyncio.run(load(base, clients, short, fresh=False))
        report("identical requests (cache)", n, lat, bad, short)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=25.0)
    args = parser.parse_args()
    per_run()
    load_test(args.clients, args.seconds)


if __name__ == "__main__":
    main()
