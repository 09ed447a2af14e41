"""The two runs of ``make bench`` that look at the server rather than at one page: worker
recycling on against off, and latency over time across restarts.

Both drive a mix of every read scenario (each client cycles through their paths), since what a
restarted worker meets is all the pages at once, each one cold in its new process.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field

# How long after a worker restart (or a reload) its effect is looked for.
RESTART_WINDOW = 2.0
# The restart run, in three stretches of load (seconds, then the events in it: seconds after the
# stretch starts, kind, label). A deploy's stretch is short: its requests wait for the new
# master, however long it takes to start, and the third stretch shows the new master serving.
RESTART_SCHEDULE = (
    (
        10.0,
        (
            (3.0, "worker", "one worker restarted (SIGTERM to it, as recycling does)"),
            (6.5, "reload", "kill -HUP to the master (systemctl reload): every worker replaced"),
        ),
    ),
    (5.0, ((1.0, "deploy", "master restarted on its socket (systemctl restart): a deploy"),)),
    (4.0, ()),
)
EVENTS = [(kind, label) for _seconds, events in RESTART_SCHEDULE for _at, kind, label in events]


def read_mix(entries, request_of) -> list[dict]:
    """One request of every available single-request GET scenario (pages, API, growth)."""
    mix = []
    for entry in entries:
        steps = entry.scenario.requests()
        if len(steps) == 1 and steps[0].method == "GET" and not entry.skipped:
            mix.append(request_of(steps[0], entry.paths[0]))
    return mix


@dataclass
class Tally:
    """Requests of one server (or one window): how many, how fast, how slow."""

    requests: int = 0
    ok: int = 0
    seconds: float = 0.0
    latencies_ms: list = field(default_factory=list)

    def add(self, result: dict):
        self.requests += result["requests"]
        self.ok += result["statuses"].get("200", 0)
        self.seconds += result["seconds"]
        self.latencies_ms.extend(result["latencies_ms"])

    @property
    def failed(self) -> int:
        return self.requests - self.ok

    @property
    def rps(self) -> float | None:
        return self.ok / self.seconds if self.seconds else None

    def percentile(self, fraction: float) -> float | None:
        values = sorted(self.latencies_ms)
        if not values:
            return None
        return values[min(len(values) - 1, round(fraction * (len(values) - 1)))]

    def summary(self) -> dict:
        return {
            "requests": self.requests,
            "failed": self.failed,
            "seconds": round(self.seconds, 2),
            "rps": self.rps,
            "p50": self.percentile(0.5),
            "p99": self.percentile(0.99),
            "p999": self.percentile(0.999),
            "max": max(self.latencies_ms, default=None),
        }


def compare_recycling(load, shipped, plain, mix, seconds, connections, probe, slices=10) -> dict:
    """``seconds`` of mixed reads on the shipped server and as many on the same configuration
    with recycling off, in alternating slices (on/off, off/on, ...), so both meet the same
    machine noise. Returns both servers' figures and the workers the shipped one started."""
    plain.start(probe)
    try:
        tallies = {"on": Tally(), "off": Tally()}
        servers = {"on": shipped, "off": plain}
        for side in tallies:  # a short warm-up of the mix on both (the scenarios warmed "on")
            load.send(port=servers[side].port, mix=mix, seconds=1.0, connections=connections)
        boots_before = shipped.boots()
        for number in range(slices):
            order = ("on", "off") if number % 2 == 0 else ("off", "on")
            for side in order:
                result = load.send(
                    port=servers[side].port,
                    mix=mix,
                    seconds=seconds / slices,
                    connections=connections,
                )
                tallies[side].add(result)
        restarts = shipped.boots() - boots_before
        off_growth = plain.peak_memory()
    finally:
        plain.stop()
    on, off = tallies["on"].summary(), tallies["off"].summary()
    return {
        "on": on,
        "off": off,
        "ratio": on["rps"] / off["rps"] if on["rps"] and off["rps"] else None,
        "restarts": restarts,
        "paths": len(mix),
        "no_recycling_peak_rss_kb": off_growth.peak_rss_kb if off_growth else None,
    }


def restart_run(load, server, mix, connections, probe) -> dict:
    """Mixed reads with every request's time and latency, while the events of
    :data:`RESTART_SCHEDULE` happen; then :func:`analyse` them."""
    times = {}
    timeline = []
    start = time.monotonic()
    for seconds, events in RESTART_SCHEDULE:
        began = time.monotonic()
        thread = threading.Thread(target=happen, args=(server, probe, began, events, times))
        thread.start()
        result = load.send(
            port=server.port, mix=mix, seconds=seconds, connections=connections, timeline=True
        )
        thread.join()  # a deploy: until the new master answers
        timeline.extend(result["timeline"])
    return analyse(sorted(timeline), start, times)


def happen(server, probe, began, events, times):
    """Make each event happen at its time; note when (and when a deploy's master answered)."""
    for offset, kind, _label in events:
        delay = began + offset - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        times[kind] = time.monotonic()
        try:
            if kind == "worker":
                server.restart_one_worker()
            elif kind == "reload":
                server.reload()
            elif kind == "deploy":
                server.redeploy(probe)
                times["deploy_ready"] = time.monotonic()
        except (OSError, SystemExit) as error:
            print(f"restart event {kind} failed: {error}", file=sys.stderr)


def analyse(timeline, start: float, times: dict, window: float = RESTART_WINDOW) -> dict:
    """Figures of the restart run from its timeline (``[monotonic start, ms, status]`` per
    request): the steady state before the first event, and each event's window (``window``
    seconds after it; a deploy's lasts until the new master answers, plus ``window``)."""
    first = min(times.get(kind, float("inf")) for kind, _label in EVENTS)
    steady = window_tally(timeline, start + 0.5, first)
    events = []
    for kind, label in EVENTS:
        at = times.get(kind)
        if at is None:
            events.append({"kind": kind, "label": label, "skipped": True})
            continue
        end = times.get(f"{kind}_ready", at) + window
        tally = window_tally(timeline, at, end)
        events.append(
            {
                "kind": kind,
                "label": label,
                "offset": round(at - start, 2),
                "window": round(end - at, 2),
                **tally.summary(),
            }
        )
    everything = window_tally(timeline, float("-inf"), float("inf"))
    return {
        "start": start,
        "steady": steady.summary(),
        "events": events,
        "failed": everything.failed,
        "requests": everything.requests,
        "timeline": [(round(t - start, 4), ms, status) for t, ms, status in timeline],
        "ready": {k: round(v - start, 2) for k, v in times.items() if k.endswith("_ready")},
    }


def window_tally(timeline, begin: float, end: float) -> Tally:
    """The requests that started in [begin, end), as a :class:`Tally` (its seconds: the window)."""
    tally = Tally()
    for at, ms, status in timeline:
        if begin <= at < end:
            tally.requests += 1
            tally.ok += status == 200
            tally.latencies_ms.append(ms)
    if begin != float("-inf") and end != float("inf"):
        tally.seconds = max(0.0, end - begin)
    return tally
