"""How a worker's memory grows with the requests it serves, and what replacing it costs: the
measurements behind ``max_requests`` in gunicorn.conf.py (``python -m bench.memory``).

One gunicorn worker, recycling off, on the benchmark's generated database, serves the read mix of
``make bench`` (every single-request GET scenario in turn) from two clients; its resident and
private memory (``/proc/<pid>/smaps_rollup``) are read after every slice. The growth per 1,000
requests is the slope over the second half of the run (the first half includes filling its
cache, which a recycled worker pays again). Then the worker is stopped a few times, as recycling
does, and the mix goes on: how long until a new worker answers, and the latency of the requests
in the two seconds after each stop.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import sys
import time

from bench import config, fixtures
from bench.server import Server, collect_static, read_memory


def slope_per_thousand(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of (requests, KiB), in KiB per 1,000 requests."""
    if len(points) < 2:
        return None
    xs, ys = zip(*points, strict=True)
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if not spread:
        return None
    return 1000 * sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", choices=sorted(config.SCALES), default="full")
    parser.add_argument("--requests", type=int, default=6000, help="requests to serve")
    parser.add_argument("--slice", type=float, default=3.0, help="seconds between readings")
    parser.add_argument("--restarts", type=int, default=3)
    args = parser.parse_args(argv)
    os.chdir(config.ROOT)
    key, catalog_file = fixtures.ensure(args.db, args.scale)
    catalog = json.loads(catalog_file.read_text())
    url = fixtures.working_copy(args.db, key)
    env = {**config.gunicorn_env(args.db, url, recycling=False), "WEB_CONCURRENCY": "1"}
    os.environ.update(config.django_env(args.db, url))
    collect_static(env)

    import django

    django.setup()
    from bench.run import LoadGenerator, request_of
    from bench.scenarios import SCENARIOS

    mix = []
    for scenario in SCENARIOS:
        steps = scenario.requests()
        if len(steps) == 1 and steps[0].method == "GET":
            try:
                mix.append(request_of(steps[0], steps[0].path(catalog)))
            except KeyError:
                continue
    config.WORKERS = 1  # what Server waits for before it reports the server ready
    server = Server(env, config._free_port(), "memory")
    server.start(catalog["baseline"])
    load = LoadGenerator()
    try:
        worker = server.workers()[0]
        readings = [(0, *read_memory(worker))]
        served = 0
        while served < args.requests:
            result = load.send(port=server.port, mix=mix, seconds=args.slice, connections=2)
            served += result["requests"]
            readings.append((served, *read_memory(worker)))
            print(
                f"  {served:6,} requests: RSS {readings[-1][1] / 1024:6.1f} MiB, "
                f"private {readings[-1][2] / 1024:6.1f} MiB",
                file=sys.stderr,
            )
        steady = load.send(port=server.port, mix=mix, seconds=args.slice, connections=2)
        steady_p50 = statistics.median(steady["latencies_ms"])
        restarts = []
        for _ in range(args.restarts):
            old = server.workers()[0]
            stopped = time.monotonic()
            os.kill(old, signal.SIGTERM)
            result = load.send(port=server.port, mix=mix, seconds=2.0, connections=2, timeline=True)
            new = [pid for pid in server.workers() if pid != old]
            latencies = sorted(ms for _at, ms, _status in result["timeline"])
            first_ok = next(
                (at for at, _ms, status in result["timeline"] if status == 200 and at > stopped),
                None,
            )
            restarts.append(
                {
                    "answered_after_s": None if first_ok is None else round(first_ok - stopped, 2),
                    "p50_ms": statistics.median(latencies),
                    "p99_ms": latencies[min(len(latencies) - 1, round(0.99 * len(latencies)))],
                    "max_ms": latencies[-1],
                    "failed": sum(1 for *_, status in result["timeline"] if status != 200),
                    "new_worker": bool(new),
                }
            )
            time.sleep(1.0)
    finally:
        load.close()
        server.stop()
    # Each new worker logs "worker <pid> warmed up with N requests in S s" (gunicorn.conf.py).
    warm_ups = [
        float(match.group(1))
        for match in re.finditer(
            r"worker \d+ warmed up with \d+ requests in ([\d.]+) s",
            server.log_path.read_text(errors="replace"),
        )
    ]
    half = [(n, rss) for n, rss, _private in readings[len(readings) // 2 :]]
    half_private = [(n, private) for n, _rss, private in readings[len(readings) // 2 :]]
    report = {
        "requests": served,
        "paths": len(mix),
        "rss_start_mib": round(readings[0][1] / 1024, 1),
        "rss_end_mib": round(readings[-1][1] / 1024, 1),
        "private_start_mib": round(readings[0][2] / 1024, 1),
        "private_end_mib": round(readings[-1][2] / 1024, 1),
        "rss_kib_per_1000_second_half": slope_per_thousand(half),
        "private_kib_per_1000_second_half": slope_per_thousand(half_private),
        "steady_p50_ms": steady_p50,
        "restarts": restarts,
        "worker_warm_up_seconds": warm_ups,
        "load_average": os.getloadavg(),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
