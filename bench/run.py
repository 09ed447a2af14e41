"""Run the benchmark: ``python -m bench.run`` (``make bench``).

1. Make sure the generated database exists for this code (``bench.fixtures``), and take a fresh
   copy of it for this run.
2. Count SQL queries per request for every scenario, in this process, through Django's test
   client against the same database (``CaptureQueriesContext``, second request, warm caches).
3. Start the production profile exactly as shipped (``gunicorn.conf.py``: preloading, worker
   recycling) with 2 workers (``bench.server``), warm every scenario up, then drive each scenario
   from a separate load process (``bench.load``) for a fixed short time, in interleaved rounds so
   machine noise spreads over all scenarios alike.
4. Recycling: 20 s of mixed reads against the shipped server and 20 s against the same server
   with recycling off, in alternating slices (``bench.phases``).
5. Restarts: mixed reads while one worker is restarted, the master is sent HUP and then
   restarted on its socket (a deploy); latency over time (``bench.phases``).
6. Check that every accepted rating and comment is in the database (lost updates), print the
   table and the goals, write ``bench/results.md``, ``bench/results.png`` and
   ``bench/results-restart.png``, and profile (pyinstrument) any scenario that misses its goal.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import runpy
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench import config, fixtures
from bench.load import Networks
from bench.scenarios import SCENARIOS, Scenario, Step
from bench.server import Server, collect_static


@dataclass
class Figures:
    """What was measured for one scenario (its measured steps: see ``Step.measured``)."""

    scenario: Scenario
    label: str
    path: str = ""  # the first measured step's path (what the table and the profile show)
    paths: list = field(default_factory=list)  # every step's path
    skipped: str = ""
    queries: int | None = None
    sql_ms: float | None = None  # time the database took for those queries (in-process)
    cpu_ms: float | None = None  # CPU time per request, in-process (less noisy than wall time)
    requests: int = 0
    seconds: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    latencies_ms: list = field(default_factory=list)
    unexpected_preparations: int = 0  # answers of unmeasured steps that were not as expected

    slice_ratios: list = field(default_factory=list)  # this slice's req/s ÷ its neighbour's
    neighbour_ok: int = 0  # successful baseline requests in the slices next to this one's
    neighbour_seconds: float = 0.0

    def add(self, result: dict):
        self.seconds += result["seconds"]
        for step, part in zip(self.scenario.requests(), split_steps(result), strict=True):
            if step.measured:
                self.requests += len(part["latencies_ms"])
                self.statuses.update(part["statuses"])
                self.latencies_ms.extend(part["latencies_ms"])
            else:
                self.unexpected_preparations += sum(
                    n
                    for status, n in part["statuses"].items()
                    if int_or_none(status) not in step.expect
                )

    def add_neighbour(self, result: dict, baseline: Figures, own: dict):
        self.neighbour_ok += successes(baseline, result)
        self.neighbour_seconds += result["seconds"]
        reference = successes(baseline, result) / result["seconds"] if result["seconds"] else 0
        if reference and own["seconds"]:
            self.slice_ratios.append(successes(self, own) / own["seconds"] / reference)

    @property
    def neighbour_rps(self) -> float | None:
        return self.neighbour_ok / self.neighbour_seconds if self.neighbour_seconds else None

    @property
    def ok(self) -> int:
        return sum(n for status, n in self.statuses.items() if int_or_none(status) in self.expect)

    @property
    def expect(self):
        """The statuses that count as success for the measured steps."""
        return tuple(
            sorted(
                {code for step in self.scenario.requests() if step.measured for code in step.expect}
            )
        )

    @property
    def errors(self) -> int:
        return self.requests - self.ok + self.unexpected_preparations

    @property
    def rps(self) -> float | None:
        return self.ok / self.seconds if self.seconds else None

    def percentile(self, fraction):
        return percentile(sorted(self.latencies_ms), fraction)


def percentile(sorted_values, fraction):
    if not sorted_values:
        return None
    return sorted_values[min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))]


def split_steps(result: dict) -> list[dict]:
    """The load generator's answer per step (one step: the whole answer)."""
    return result.get("steps") or [result]


def successes(entry: Figures, result: dict) -> int:
    """Expected answers of the measured steps in one load result."""
    total = 0
    for step, part in zip(entry.scenario.requests(), split_steps(result), strict=True):
        if step.measured:
            total += sum(
                n for status, n in part["statuses"].items() if int_or_none(status) in step.expect
            )
    return total


def int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ------------------------------------------------------------------------------------------------
# In-process measurements (test client against the same database)
# ------------------------------------------------------------------------------------------------


_CLIENT = None
# Networks of the in-process writes, apart from the load generator's (bench.load.Networks).
_NETWORKS = Networks(first=8192)


def in_process_request(step: Step, path: str):
    """One request through Django's test client. The client is reused (a new one would load
    the middleware again, WhiteNoise's file scan included, and count that in every request);
    its cookies are dropped before each request, so each POST comes from a new visitor and each
    GET from a first-time one, as in the load."""
    global _CLIENT
    if _CLIENT is None:
        from django.test import Client

        _CLIENT = Client(HTTP_HOST=config.HOST, headers={"Origin": f"http://{config.HOST}"})
    _CLIENT.cookies.clear()  # the load generator sends no cookie either
    cookie = step_cookie(step)
    if cookie:
        name, value = cookie.split("=", 1)
        _CLIENT.cookies[name] = value
    if step.method == "POST":
        from bench.load import make_body

        return _CLIENT.post(
            path,
            data=make_body(step.body),
            content_type="application/json",
            headers={"X-Forwarded-For": _NETWORKS.next_address()},
        )
    return _CLIENT.get(path)


def step_cookie(step: Step) -> str | None:
    return visitor_cookie() if step.returning else step.cookie


def visitor_cookie() -> str:
    """A returning visitor's ``Cookie`` header: the blog's signed visitor cookie, as a browser
    sends it after a first rating (the same one for every request of the scenario)."""
    from django.core import signing

    from practice_blog.visitors import COOKIE_NAME, COOKIE_SALT

    signer = signing.get_cookie_signer(salt=COOKIE_NAME + COOKIE_SALT)
    value = signer.sign("bench-returning-visitor")
    return f"{COOKIE_NAME}={value}"


class Writes(Counter):
    """Accepted visitor writes by kind ("rating", "comment"): they must all be stored."""

    def count(self, entry: Figures, result: dict):
        for step, part in zip(entry.scenario.requests(), split_steps(result), strict=True):
            if step.body:
                self[step.body] += sum(
                    n
                    for status, n in part["statuses"].items()
                    if int_or_none(status) in step.expect
                )

    def count_response(self, step: Step, response):
        if step.body and response.status_code in step.expect:
            self[step.body] += 1


def measure_in_process(figures: list[Figures], catalog: dict, writes: Writes, repeat: int = 10):
    """Resolve each scenario's paths, skip what is not available, and for the rest count the
    SQL queries of one round of its measured steps and their CPU time over ``repeat`` rounds.

    CPU time (``time.process_time``) of this one process, with SQLite inside it, is barely
    disturbed by other programs on a shared machine, unlike requests/s; with PostgreSQL the
    database's own work is not in it. The POSTs made here are counted in ``writes``.
    """
    from django.db import connection, connections
    from django.test.utils import CaptureQueriesContext

    for entry in figures:
        steps = entry.scenario.requests()
        try:
            entry.paths = [step.path(catalog) for step in steps]
        except KeyError as exc:
            entry.skipped = f"not available (no {exc.args[0]} in the generated data)"
            continue
        entry.path = next(
            path for step, path in zip(steps, entry.paths, strict=True) if step.measured
        )
        try:
            for step, path in zip(steps, entry.paths, strict=True):
                first = in_process_request(step, path)
                writes.count_response(step, first)
                if first.status_code not in step.expect:
                    entry.skipped = f"not available (HTTP {first.status_code} from {path})"
                    break
        except Exception as exc:  # noqa: BLE001 - a plugin still being written must not stop the run
            entry.skipped = f"not available ({type(exc).__name__}: {exc})"
        # As gunicorn.conf.py does in the master: what the first request loaded lives as long
        # as the process, so a full garbage collection (~100 ms) does not land in one sample.
        gc.collect()
        gc.freeze()
        if entry.skipped:
            continue
        queries = sql_ms = cpu = 0.0
        for round_number in range(1 + repeat):
            for step, path in zip(steps, entry.paths, strict=True):
                if not step.measured:
                    writes.count_response(step, in_process_request(step, path))
                elif round_number == 0:
                    with CaptureQueriesContext(connection) as captured:
                        writes.count_response(step, in_process_request(step, path))
                    queries += len(captured)
                    sql_ms += sum(float(q["time"]) for q in captured.captured_queries) * 1000
                else:
                    began = time.process_time()
                    writes.count_response(step, in_process_request(step, path))
                    cpu += time.process_time() - began
        measured = sum(1 for step in steps if step.measured)
        entry.queries = round(queries / measured)
        entry.sql_ms = sql_ms / measured
        entry.cpu_ms = cpu * 1000 / repeat / measured
    connections.close_all()


def stored_writes(catalog: dict) -> dict:
    """Ratings and comments stored (all posts), and the summary of the post the POSTs target."""
    from django.db import connections
    from wagtail.models import Page

    from practice_blog.models import Comment, Rating
    from practice_blog.ratings import summary_for

    post = Page.objects.get(pk=catalog["write_post_id"]).specific
    summary = summary_for(post)
    ballots = Rating.objects.filter(scope=summary.scope)
    figures = {
        "ratings": Rating.objects.count(),  # counted and held alike: each was a 201
        "post_ratings": ballots.filter(status=Rating.Status.COUNTED).count(),
        "post_held": ballots.filter(status=Rating.Status.PENDING).count(),
        "summary_count": summary.count,
        "summary_held": summary.held,
        "comments": Comment.objects.count(),
    }
    connections.close_all()
    return figures


def trainings_in_site() -> int:
    """Live English trainings in the site: what the API listing filters and sorts (it is not
    limited to one directory, so the growth directories count too)."""
    from django.apps import apps
    from django.db import connections

    if not apps.is_installed("practice_trainings"):
        return 0
    from practice_trainings.models import TrainingPage

    count = TrainingPage.objects.live().filter(locale__language_code="en").count()
    connections.close_all()
    return count


def profile(entry: Figures, requests: int = 6) -> str:
    """pyinstrument's view of ``requests`` in-process requests of one scenario (text)."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return "(pyinstrument is not installed: pip install -e '.[bench]')"
    from django.db import connections

    steps = list(zip(entry.scenario.requests(), entry.paths, strict=True))
    for step, path in steps:
        in_process_request(step, path)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(requests):
        for step, path in steps:  # a scenario of several steps: all of them (writes included)
            in_process_request(step, path)
    profiler.stop()
    connections.close_all()
    session = profiler.last_session
    hotspots = project_hotspots(session.root_frame(), session.duration)
    per_request = session.duration * 1000 / requests
    lines = [
        f"{requests} requests, {per_request:.1f} ms each in-process (wall time, profiler on).",
        "Time per request spent in the project's own functions (cumulative, callees included):",
        "",
    ]
    for name, seconds in hotspots[:15]:
        lines.append(
            f"  {seconds * 1000 / requests:7.2f} ms  {100 * seconds / session.duration:5.1f} %  "
            f"{name}"
        )
    text = profiler.output_text(unicode=False, color=False, show_all=False)
    tree = [line.rstrip() for line in text.splitlines() if line.strip()]
    return "\n".join([*lines, "", "pyinstrument call tree (library frames folded):", *tree[3:80]])


def project_hotspots(root, duration):
    """Cumulative time of each function of blog/, trainings/ and site/ in a profile, largest
    first, leaving out the middleware (``__call__``), which wraps the whole request."""
    totals = Counter()
    project = str(config.ROOT)

    def walk(frame, seen):
        path = frame.file_path or ""
        if path.startswith(project) and "/.venv/" not in path and "/bench/" not in path:
            name = f"{frame.function} ({Path(path).relative_to(config.ROOT)}:{frame.line_no})"
            if name not in seen:
                totals[name] += frame.time
                seen = seen | {name}
        for child in frame.children:
            walk(child, seen)

    walk(root, frozenset())
    return [(name, t) for name, t in totals.most_common() if not name.startswith("__call__ ")]


# ------------------------------------------------------------------------------------------------
# The load generator
# ------------------------------------------------------------------------------------------------


class LoadGenerator:
    """The load generator (``bench.load --serve``), one process for the whole run."""

    def __init__(self):
        self.process = subprocess.Popen(
            [config.PYTHON, "-m", "bench.load", "--serve"],
            cwd=config.ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def drive(self, entry: Figures, seconds: float, connections: int, port: int) -> dict:
        """Load one scenario (each client sends its steps in turn)."""
        mix = [
            request_of(step, path)
            for step, path in zip(entry.scenario.requests(), entry.paths, strict=True)
        ]
        return self.send(port=port, mix=mix, seconds=seconds, connections=connections)

    def send(self, **command) -> dict:
        self.process.stdin.write(json.dumps({"host": config.HOST, **command}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit("the load generator stopped")
        return json.loads(line)

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def request_of(step: Step, path: str) -> dict:
    return {
        "method": step.method,
        "path": path,
        "kind": step.body,
        "cookie": step_cookie(step),
    }


def shipped_gunicorn(env: dict) -> dict:
    """What gunicorn.conf.py sets in this environment (preloading, recycling), for the report."""
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        values = runpy.run_path(str(config.ROOT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {
        name: values.get(name)
        for name in ("preload_app", "max_requests", "max_requests_jitter", "workers", "timeout")
    }


# ------------------------------------------------------------------------------------------------
# Main
# ------------------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Benchmark practice-cms under gunicorn.")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", choices=sorted(config.SCALES), default="full")
    parser.add_argument("--seconds", type=float, default=1.0, help="per slice (scenario, round)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=0.5, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=4, help="concurrent clients")
    parser.add_argument("--only", nargs="*", help="scenario keys (the baseline always runs)")
    parser.add_argument(
        "--recycling-seconds",
        type=float,
        default=20.0,
        help="seconds of mixed reads on each server (recycling on / off); 0 skips the comparison",
    )
    parser.add_argument("--no-restarts", action="store_true", help="skip the restart run")
    parser.add_argument(
        "--gunicorn",
        nargs="*",
        default=[],
        metavar="NAME=VALUE",
        help="change gunicorn.conf.py's environment, e.g. GUNICORN_MAX_REQUESTS=1000 "
        "(results.md then says the run was not the shipped configuration)",
    )
    parser.add_argument("--rebuild", action="store_true", help="regenerate the database")
    parser.add_argument("--no-profile", action="store_true", help="skip pyinstrument profiles")
    parser.add_argument("--output", default=str(config.ROOT / "bench" / "results.md"))
    parser.add_argument("--chart", default=str(config.ROOT / "bench" / "results.png"))
    parser.add_argument("--shared", action="store_true", help="say the machine was shared")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    os.chdir(config.ROOT)
    started = time.monotonic()
    load_before = os.getloadavg()
    overrides = dict(item.split("=", 1) for item in args.gunicorn)

    phases = {}
    key, catalog_file = fixtures.ensure(args.db, args.scale, args.rebuild)
    phases["data"] = time.monotonic() - started
    catalog = json.loads(catalog_file.read_text())
    url = fixtures.working_copy(args.db, key)
    env = {**config.gunicorn_env(args.db, url), **overrides}
    os.environ.update(config.django_env(args.db, url))
    if args.db == "postgres":
        import redis

        redis.Redis.from_url(config.REDIS_URL).flushdb()
    collect_static(env)
    gunicorn_settings = shipped_gunicorn(env)

    import django

    django.setup()

    sizes = {**catalog.get("sizes", {}), "trainings_in_site": trainings_in_site()}
    chosen = [s for s in SCENARIOS if not args.only or s.key in args.only or s.key == "baseline"]
    figures = [Figures(s, s.label.format(**sizes)) for s in chosen]
    print("Counting SQL queries and CPU time per request (in-process)…", file=sys.stderr)
    mark = time.monotonic()
    measure_in_process(figures, catalog, Writes())  # before the "before" count below
    phases["in-process"] = time.monotonic() - mark
    before = stored_writes(catalog)
    writes = Writes()
    available = [entry for entry in figures if not entry.skipped]
    if not any(entry.scenario.key == "baseline" for entry in available):
        raise SystemExit("the baseline page is not available; nothing to compare with")

    from bench import phases as runs

    server = Server(env, config.PORT, "shipped")
    mark = time.monotonic()
    server.start(catalog["baseline"])
    load = LoadGenerator()
    baseline = next(entry for entry in available if entry.scenario.key == "baseline")
    others = [entry for entry in available if entry is not baseline]
    recycling = restarts = None
    try:
        print(
            f"gunicorn.conf.py as shipped ({config.WORKERS} workers, recycling every "
            f"{gunicorn_settings['max_requests']} ± {gunicorn_settings['max_requests_jitter']} "
            f"requests) on {config.HOST}:{config.PORT}; warming up…",
            file=sys.stderr,
        )
        for entry in available:
            writes.count(entry, load.drive(entry, args.warmup, args.connections, config.PORT))
        for round_number in range(args.rounds):
            print(f"  round {round_number + 1}/{args.rounds}", file=sys.stderr)
            # Each scenario runs next to a slice of the baseline (in alternating order), and its
            # ratio is taken against those neighbouring slices: on a shared machine the load
            # from other programs drifts, and neighbours see nearly the same drift. The order
            # of scenarios rotates each round.
            shift = round_number % max(1, len(others))
            for number, entry in enumerate(others[shift:] + others[:shift]):
                pair = [baseline, entry] if (number + round_number) % 2 == 0 else [entry, baseline]
                measured = {}
                for item in pair:
                    measured[id(item)] = load.drive(
                        item, args.seconds, args.connections, config.PORT
                    )
                    writes.count(item, measured[id(item)])
                for item in pair:
                    item.add(measured[id(item)])
                entry.add_neighbour(measured[id(baseline)], baseline, measured[id(entry)])
        phases["scenarios"] = time.monotonic() - mark
        mix = runs.read_mix(available, request_of)
        if args.recycling_seconds > 0:
            mark = time.monotonic()
            print("Recycling on vs off (mixed reads)…", file=sys.stderr)
            plain_env = {**env, "GUNICORN_MAX_REQUESTS": "0"}
            recycling = runs.compare_recycling(
                load,
                server,
                Server(plain_env, config.PORT_NO_RECYCLING, "no-recycling"),
                mix,
                args.recycling_seconds,
                args.connections,
                catalog["baseline"],
            )
            phases["recycling"] = time.monotonic() - mark
        if not args.no_restarts:
            mark = time.monotonic()
            print("Restarts: one worker, kill -HUP, a deploy (mixed reads)…", file=sys.stderr)
            restarts = runs.restart_run(load, server, mix, args.connections, catalog["baseline"])
            phases["restarts"] = time.monotonic() - mark
        memory = server.peak_memory()
    finally:
        load.close()
        server.stop()

    after = stored_writes(catalog)
    by_key = {entry.scenario.key: entry for entry in figures}
    integrity = {
        "ratings_accepted": writes["rating"],
        "ratings_stored": after["ratings"] - before["ratings"],
        "ratings_lost": writes["rating"] - (after["ratings"] - before["ratings"]),
        "ratings_held": after["post_held"] - before["post_held"],
        "summary_matches_rows": after["summary_count"] == after["post_ratings"]
        and after["summary_held"] == after["post_held"],
        "summary_count": after["summary_count"],
        "summary_held": after["summary_held"],
        "rating_rows": after["post_ratings"],
        "held_rows": after["post_held"],
        "comments_accepted": writes["comment"],
        "comments_stored": after["comments"] - before["comments"],
        "comments_lost": writes["comment"] - (after["comments"] - before["comments"]),
    }

    from bench import report

    outcome = report.evaluate(
        figures, args.db, integrity, sizes, recycling=recycling, restarts=restarts
    )
    profiles = {}
    mark = time.monotonic()
    if not args.no_profile:
        # At most five, so a run with many misses still ends in time.
        for key_ in outcome.missed_scenarios()[:5]:
            entry = by_key.get(key_)
            if entry and not entry.skipped:
                print(f"Profiling {entry.label} (pyinstrument)…", file=sys.stderr)
                profiles[key_] = profile(entry)
    restart_chart = str(Path(args.chart).with_name(Path(args.chart).stem + "-restart.png"))
    run_info = {
        "db": args.db,
        "scale": args.scale,
        "catalog": catalog,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "connections": args.connections,
        "workers": config.WORKERS,
        "gunicorn": gunicorn_settings,
        "gunicorn_overrides": overrides,
        "memory": None
        if memory is None
        else {"rss_kb": memory.peak_rss_kb, "private_kb": memory.private_kb},
        "integrity": integrity,
        "recycling": recycling,
        "restarts": restarts,
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "duration": time.monotonic() - started,
        "phases": {**phases, "profiles": time.monotonic() - mark},
        # More runnable work than cores before the run: other programs were competing.
        "shared": args.shared or load_before[0] > (os.cpu_count() or 1),
        "fixture_key": key,
        "chart_name": Path(args.chart).name,
        "restart_chart_name": Path(restart_chart).name,
        **report.provenance(),
    }
    try:
        save_run(figures, run_info, profiles, integrity, sizes)
    except (OSError, TypeError, ValueError) as exc:  # the results below matter more
        print(f"could not save the run for bench.report: {exc}", file=sys.stderr)
    text = report.table(figures, outcome)
    print(text)
    print(report.summary(outcome, run_info))
    Path(args.output).write_text(report.markdown(figures, outcome, run_info, profiles))
    chart = report.chart(figures, outcome, args.chart)
    drawn = restarts is not None and report.restart_chart(restarts, restart_chart)
    written = [args.output] + ([args.chart] if chart else []) + ([restart_chart] if drawn else [])
    print("\nWrote " + ", ".join(written))


LAST_RUN = config.RUN_DIR / "last-run.json"


def save_run(figures, run_info, profiles, integrity, sizes):
    """Keep the raw figures of the run, so ``python -m bench.report`` can write results.md and
    the chart again (after editing bench/findings.md, say) without measuring again."""
    from dataclasses import fields

    entries = []
    for entry in figures:
        data = {f.name: getattr(entry, f.name) for f in fields(entry)}
        data["scenario"] = entry.scenario.key
        data["statuses"] = dict(entry.statuses)
        entries.append(data)
    LAST_RUN.write_text(
        json.dumps(
            {
                "figures": entries,
                "run": run_info,
                "profiles": profiles,
                "integrity": integrity,
                "sizes": sizes,
            },
            default=str,
        )
    )


def load_run(path=LAST_RUN):
    """The figures of a saved run, as :func:`save_run` wrote them."""
    data = json.loads(Path(path).read_text())
    scenarios = {s.key: s for s in SCENARIOS}
    figures = []
    for raw in data["figures"]:
        raw["scenario"] = scenarios[raw["scenario"]]
        raw["statuses"] = Counter(raw["statuses"])
        figures.append(Figures(**raw))
    return figures, data


if __name__ == "__main__":
    main()
