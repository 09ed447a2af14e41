"""A small closed-loop load generator: N threads, each sending one request after the other.

Run by ``bench.run`` in its own process (so its work is not counted in the server's), it prints
one JSON object: how many requests completed, their statuses and latency percentiles.

``python -m bench.load --port 8765 --path /en/about/ --seconds 3 --connections 4``

Each thread keeps its connection open while the server allows it (gunicorn's sync workers close
it after every response, so it reconnects: that is what a browser meets too). POST bodies are
made per request: a rating with random stars, or a comment with a unique text; no cookie is
sent, so every POST comes from a new visitor (a new rating, not a changed one). Each POST names
its visitor's network in ``X-Forwarded-For`` (the benchmark's server trusts 127.0.0.1 as its
proxy): :data:`BALLOTS_PER_NETWORK` visitors share a network, as a household or an office does, so
the blog's burst holding holds some of their ballots and its daily cap refuses none.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import random
import threading
import time
import uuid
from collections import Counter

#: New visitors' writes sent from one network before the next one is used: more than the blog's
#: burst limit (3 new ballots per network and post within an hour, the rest held as pending), far
#: less than its daily cap (20, beyond which a ballot is refused).
BALLOTS_PER_NETWORK = 5


class Networks:
    """Client addresses for visitors' writes, :data:`BALLOTS_PER_NETWORK` per /24 network, in
    100.64.0.0/10 (shared address space: no real visitor's). ``first`` keeps two processes'
    networks apart (the load generator and the runner's in-process requests)."""

    def __init__(self, first: int = 0):
        self._numbers = itertools.count(first * BALLOTS_PER_NETWORK)
        self._lock = threading.Lock()

    def next_address(self) -> str:
        with self._lock:
            network = next(self._numbers) // BALLOTS_PER_NETWORK
        return f"100.{64 + network // 256 % 64}.{network % 256}.7"


NETWORKS = Networks()


def make_body(kind: str | None) -> bytes | None:
    if kind == "rating":
        return json.dumps({"stars": random.randint(1, 5)}).encode()  # noqa: S311
    if kind == "comment":
        return json.dumps(
            {
                "author_name": "Benchmark reader",
                "body": f"Thank you for this post ({uuid.uuid4().hex}); it helped me choose.",
                "email": "",
            }
        ).encode()
    return None


def percentile(sorted_values, fraction):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def drive(
    host,
    port,
    method="GET",
    path=None,
    kind=None,
    seconds=1.0,
    connections=4,
    cookie=None,
    mix=None,
    timeline=False,
):
    """Send requests from ``connections`` threads for ``seconds``; return the figures.

    One request (``method``, ``path``, ``kind``, ``cookie``) is repeated, or each thread cycles
    through ``mix``, a list of dicts with those keys (thread n starts at item n). With
    ``timeline``, every request's start (``time.monotonic()``, the same clock in every process
    of the machine), latency and status are returned too, for the restart chart.
    """
    requests = mix or [{"method": method, "path": path, "kind": kind, "cookie": cookie}]
    prepared = []
    for request in requests:
        headers = {"Host": f"{host}:{port}", "User-Agent": "practice-cms-bench"}
        if request.get("cookie"):
            headers["Cookie"] = request["cookie"]
        if request.get("kind"):
            headers["Content-Type"] = "application/json"
            headers["Origin"] = f"http://{host}:{port}"
        prepared.append(
            (request.get("method", "GET"), request["path"], request.get("kind"), headers)
        )
    results = []
    start = time.perf_counter()
    stop_at = start + seconds

    def worker(offset):
        latencies = []
        statuses = Counter()
        events = []
        per_step = [([], Counter()) for _ in prepared]
        conn = None
        number = offset
        while time.perf_counter() < stop_at:
            step = number % len(prepared)
            method_, path_, kind_, headers = prepared[step]
            number += 1
            body = make_body(kind_)
            if kind_:
                headers = {**headers, "X-Forwarded-For": NETWORKS.next_address()}
            began = time.perf_counter()
            wall = time.monotonic()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(host, port, timeout=60)
                conn.request(method_, path_, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as exc:
                status = f"error:{type(exc).__name__}"
                if conn is not None:
                    conn.close()
                conn = None
            latency = time.perf_counter() - began
            latencies.append(latency)
            statuses[status] += 1
            per_step[step][0].append(latency)
            per_step[step][1][status] += 1
            if timeline:
                events.append((round(wall, 4), round(latency * 1000, 3), status))
        if conn is not None:
            conn.close()
        results.append((latencies, statuses, events, per_step))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    latencies = sorted(value for values, *_ in results for value in values)
    statuses = Counter()
    for _, counts, *_ in results:
        statuses.update(counts)
    figures = {
        "seconds": elapsed,
        "requests": len(latencies),
        "statuses": {str(key): value for key, value in statuses.items()},
        "latencies_ms": [round(value * 1000, 3) for value in latencies],
    }
    if timeline:
        figures["timeline"] = sorted(event for _, _, events, _ in results for event in events)
    if len(prepared) > 1:
        figures["steps"] = []
        for index in range(len(prepared)):
            counts = Counter()
            values = []
            for *_, per_step in results:
                values.extend(per_step[index][0])
                counts.update(per_step[index][1])
            figures["steps"].append(
                {
                    "statuses": {str(key): value for key, value in counts.items()},
                    "latencies_ms": sorted(round(value * 1000, 3) for value in values),
                }
            )
    return figures


def serve():
    """Read one JSON command per line on stdin (the arguments of :func:`drive`) and answer each
    with one JSON line: the runner keeps this process for the whole run instead of paying
    Python's start-up between slices."""
    import sys

    for line in sys.stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        print(json.dumps(drive(**command)), flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Closed-loop HTTP load for the benchmark.")
    parser.add_argument("--serve", action="store_true", help="take commands on stdin")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int)
    parser.add_argument("--method", default="GET")
    parser.add_argument("--path")
    parser.add_argument("--body", choices=["rating", "comment"], default=None)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args(argv)
    if args.serve:
        serve()
        return
    if not args.port or not args.path:
        parser.error("--port and --path are required")
    figures = drive(
        args.host, args.port, args.method, args.path, args.body, args.seconds, args.connections
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
