"""Turn the figures of a run into the goals' verdicts, the printed table, ``bench/results.md``,
the chart of the ratios (``bench/results.png``) and the chart of latency across restarts
(``bench/results-restart.png``)."""

from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench import config
from bench.phases import RESTART_WINDOW
from bench.scenarios import (
    AFTER_CHANGE,
    AFTER_CHANGE_GOAL,
    GROWTH_GOALS,
    RATING_WRITES_GOAL,
    RATIO_GOALS,
    RECYCLING_GOAL,
    RESTART_TAIL_GOAL,
    STALL_MS,
    TAIL_GOAL,
)


@dataclass
class Verdict:
    goal: str
    measured: str
    target: str
    met: bool | None  # None: could not be measured in this run
    scenarios: tuple = ()


@dataclass
class Outcome:
    baseline_rps: float | None
    baseline_cpu_ms: float | None = None
    ratios: dict = field(default_factory=dict)
    growth: list = field(default_factory=list)  # (label, small, large, ratio, p50 ratio)
    verdicts: list = field(default_factory=list)

    def missed_scenarios(self) -> list[str]:
        keys = []
        for verdict in self.verdicts:
            if verdict.met is False:
                keys.extend(k for k in verdict.scenarios if k not in keys)
        return keys


def evaluate(
    figures,
    db: str,
    integrity: dict | None = None,
    sizes: dict | None = None,
    recycling: dict | None = None,
    restarts: dict | None = None,
) -> Outcome:
    by_key = {entry.scenario.key: entry for entry in figures}
    baseline = by_key.get("baseline")
    baseline_rps = baseline.rps if baseline and not baseline.skipped else None
    outcome = Outcome(baseline_rps, baseline.cpu_ms if baseline else None)
    for entry in figures:
        if entry.skipped or not entry.rps:
            continue
        # Against the baseline slices next to this scenario's (see bench.run), else the mean.
        reference = entry.neighbour_rps or baseline_rps
        if entry is baseline:
            outcome.ratios[entry.scenario.key] = 1.0
        elif reference:
            outcome.ratios[entry.scenario.key] = entry.rps / reference
    for goal in RATIO_GOALS:
        entry = by_key.get(goal.scenario)
        ratio = outcome.ratios.get(goal.scenario)
        label = entry.label if entry else goal.scenario
        cpu = cpu_ratio(entry, outcome) if entry else None
        measured = f"{ratio:.2f}×" if ratio is not None else _why(entry)
        if ratio is not None and cpu is not None:
            measured += f" (CPU time: {cpu:.2f}×)"
        outcome.verdicts.append(
            Verdict(
                f"{label} ≥ {goal.minimum:.2f}× baseline req/s",
                measured,
                f"≥ {goal.minimum:.2f}×",
                None if ratio is None else ratio >= goal.minimum,
                (goal.scenario,),
            )
        )
    for goal in GROWTH_GOALS:
        small, large = by_key.get(goal.small), by_key.get(goal.large)
        try:
            label = goal.label.format(**(sizes or {}))
        except KeyError:
            label = goal.label
        ratio = p50_ratio = None
        small_ratio = outcome.ratios.get(goal.small)
        large_ratio = outcome.ratios.get(goal.large)
        if small_ratio and large_ratio:
            # Each side is already relative to its neighbouring baseline slices.
            ratio = small_ratio / large_ratio
        if small and large and small.percentile(0.5) and large.percentile(0.5):
            p50_ratio = large.percentile(0.5) / small.percentile(0.5)
        cpu_growth = None
        if small and large and small.cpu_ms and large.cpu_ms:
            cpu_growth = large.cpu_ms / small.cpu_ms
        outcome.growth.append((label, goal.small, goal.large, ratio, p50_ratio, cpu_growth))
        measured = f"{ratio:.2f}" if ratio is not None else _why(large or small)
        if ratio is not None and cpu_growth is not None:
            measured += f" (CPU time: {cpu_growth:.2f})"
        outcome.verdicts.append(
            Verdict(
                f"Growth, {label} ≤ {goal.maximum:.2f}",
                measured,
                f"≤ {goal.maximum:.2f}",
                None if ratio is None else ratio <= goal.maximum,
                (goal.large,),
            )
        )
    rating = by_key.get("rating_post")
    minimum = RATING_WRITES_GOAL[db]
    rps = rating.rps if rating and not rating.skipped else None
    measured = f"{rps:.0f}/s" if rps is not None else _why(rating)
    if rps is not None and rating.cpu_ms:
        # What the workers could do if the cores were theirs alone: an upper bound (no HTTP
        # parsing, no gunicorn, no load generator), useful when other programs take the CPU.
        ceiling = config.WORKERS * 1000 / rating.cpu_ms
        measured += (
            f" (CPU-bound ceiling {config.WORKERS} × 1000 ÷ {rating.cpu_ms:.1f} ms "
            f"≈ {ceiling:.0f}/s)"
        )
    outcome.verdicts.append(
        Verdict(
            f"Rating writes ≥ {minimum}/s ({db}, {config.WORKERS} workers)",
            measured,
            f"≥ {minimum}/s",
            None if rps is None else rps >= minimum,
            ("rating_post",),
        )
    )
    if integrity and "ratings_lost" in integrity:
        lost = integrity["ratings_lost"]
        ok = lost == 0 and integrity["summary_matches_rows"]
        held = integrity.get("ratings_held", 0)
        outcome.verdicts.append(
            Verdict(
                "Zero lost rating updates (rows stored, counted or held, == 201 answers; "
                "summary == rows)",
                f"{integrity['ratings_accepted']} accepted, {integrity['ratings_stored']} stored "
                f"({held} of them held from bursts); summary {integrity['summary_count']} counted"
                f" + {integrity.get('summary_held', 0)} held / rows {integrity['rating_rows']}"
                f" + {integrity.get('held_rows', 0)}",
                "0 lost",
                ok,
                ("rating_post",) if not ok else (),
            )
        )
    else:
        outcome.verdicts.append(Verdict("Zero lost rating updates", "not measured", "0 lost", None))
    outcome.verdicts.append(after_change_verdict(by_key))
    outcome.verdicts.extend(profile_verdicts(figures, recycling, restarts))
    return outcome


def after_change_verdict(by_key) -> Verdict:
    """The first request after a change (a rating, then the post) against a warm render of the
    same post that never uses a shared answer: medians, so one slow neighbour does not decide."""
    changed, rendered = (by_key.get(key) for key in AFTER_CHANGE)
    goal = f"First request after a change ≤ {AFTER_CHANGE_GOAL:g}× a warm uncached render (p50)"
    if not changed or not rendered or changed.skipped or rendered.skipped:
        return Verdict(
            goal, _why(changed if not changed or changed.skipped else rendered), "", None
        )
    after, warm = changed.percentile(0.5), rendered.percentile(0.5)
    if not after or not warm:
        return Verdict(goal, "no successful request", "", None)
    ratio = after / warm
    return Verdict(
        goal,
        f"{after:.1f} ms vs {warm:.1f} ms ({ratio:.2f}×)",
        f"≤ {AFTER_CHANGE_GOAL:g}×",
        ratio <= AFTER_CHANGE_GOAL,
        AFTER_CHANGE[:1],
    )


def tail_ratio(entry) -> float | None:
    p50, p99 = entry.percentile(0.5), entry.percentile(0.99)
    return p99 / p50 if p50 and p99 is not None else None


def profile_verdicts(figures, recycling, restarts) -> list[Verdict]:
    """The goals of the production profile as shipped (recycling on): latency tails, stalls,
    the cost of recycling, and a worker restart."""
    verdicts = []
    tails = [(tail_ratio(e), e) for e in figures if not e.skipped and tail_ratio(e) is not None]
    if tails:
        worst, entry = max(tails, key=lambda pair: pair[0])
        over = [e.label for ratio, e in tails if ratio > TAIL_GOAL]
        measured = f"worst {worst:.1f}× ({entry.label})"
        if over:
            measured += f"; over in {len(over)} of {len(tails)}: " + "; ".join(over)
        verdicts.append(
            Verdict(
                f"Every scenario's p99 ≤ {TAIL_GOAL:g}× its p50",
                measured,
                f"≤ {TAIL_GOAL:g}×",
                not over,
            )
        )
    else:
        verdicts.append(
            Verdict(f"Every scenario's p99 ≤ {TAIL_GOAL:g}× its p50", "not measured", "", None)
        )
    if recycling:
        on = recycling["on"]
        verdicts.append(
            Verdict(
                f"No request over {STALL_MS} ms in {on['seconds']:.0f} s of mixed reads "
                f"(recycling on)",
                f"slowest {_fmt(on['max'], '.0f')} ms of {on['requests']:,} "
                f"({recycling['restarts']} workers started by recycling meanwhile)",
                f"≤ {STALL_MS} ms",
                on["max"] is not None and on["max"] <= STALL_MS,
            )
        )
        ratio = recycling["ratio"]
        verdicts.append(
            Verdict(
                f"Requests/s with recycling on ≥ {RECYCLING_GOAL:.0%} of recycling off",
                "not measured"
                if ratio is None
                else f"{ratio:.1%} ({on['rps']:.0f} vs {recycling['off']['rps']:.0f} req/s)",
                f"≥ {RECYCLING_GOAL:.0%}",
                None if ratio is None else ratio >= RECYCLING_GOAL,
            )
        )
    else:
        verdicts.append(
            Verdict("Recycling on vs off", "not measured (--recycling-seconds 0)", "", None)
        )
    if restarts:
        steady = restarts["steady"]
        events = {event["kind"]: event for event in restarts["events"]}
        worker = events.get("worker", {})
        if worker.get("skipped") or not worker or not steady["p50"] or worker.get("p99") is None:
            verdicts.append(Verdict("A forced restart of one worker", "not measured", "", None))
        else:
            ratio = worker["p99"] / steady["p50"]
            verdicts.append(
                Verdict(
                    f"A forced restart of one worker: no request fails, p99 in the "
                    f"{worker['window']:g} s after it ≤ {RESTART_TAIL_GOAL:g}× the p50 before",
                    f"{worker['failed']} failed of {worker['requests']}; p99 "
                    f"{worker['p99']:.0f} ms vs p50 {steady['p50']:.0f} ms ({ratio:.1f}×)",
                    f"0 failed, ≤ {RESTART_TAIL_GOAL:g}×",
                    worker["failed"] == 0 and ratio <= RESTART_TAIL_GOAL,
                )
            )
        others = [e for e in restarts["events"] if e["kind"] != "worker" and not e.get("skipped")]
        verdicts.append(
            Verdict(
                "No request fails across a reload (kill -HUP) and a deploy (restart on the socket)",
                f"{restarts['failed']} failed of {restarts['requests']:,} in the whole run; "
                + "; ".join(f"{e['kind']}: slowest {_fmt(e['max'], '.0f')} ms" for e in others),
                "0 failed",
                restarts["failed"] == 0,
            )
        )
    else:
        verdicts.append(Verdict("Restarts", "not measured (--no-restarts)", "", None))
    return verdicts


def _why(entry) -> str:
    if entry is None:
        return "not measured"
    if entry.skipped:
        return f"skipped ({entry.skipped})"
    return "no successful request"


def _fmt(value, spec, empty="–"):
    return empty if value is None else format(value, spec)


def spread(entry) -> str:
    """The lowest and highest ratio of single rounds: how much the machine's noise moved it."""
    values = getattr(entry, "slice_ratios", [])
    if len(values) < 2:
        return ""
    return f" ({min(values):.2f}–{max(values):.2f})"


def rows(figures, outcome):
    result = []
    for entry in figures:
        if entry.skipped:
            result.append([entry.label, "skipped", entry.skipped, *[""] * (len(HEADERS) - 3)])
            continue
        ratio = outcome.ratios.get(entry.scenario.key)
        tail = tail_ratio(entry)
        result.append(
            [
                entry.label,
                _fmt(entry.rps, ".1f"),
                _fmt(ratio, ".2f") + ("×" if ratio is not None else "") + spread(entry),
                _fmt(entry.percentile(0.5), ".1f"),
                _fmt(entry.percentile(0.99), ".1f"),
                _fmt(entry.percentile(0.999), ".1f"),
                _fmt(max(entry.latencies_ms, default=None), ".0f"),
                _fmt(tail, ".1f") + ("×" if tail is not None else ""),
                _fmt(entry.queries, "d"),
                _fmt(entry.sql_ms, ".1f"),
                _fmt(entry.cpu_ms, ".1f"),
                _fmt(cpu_ratio(entry, outcome), ".2f"),
                str(entry.errors),
            ]
        )
    return result


HEADERS = [
    "Scenario",
    "req/s",
    "× baseline",
    "p50 ms",
    "p99 ms",
    "p99.9 ms",
    "max ms",
    "p99 ÷ p50",
    "SQL/req",
    "SQL ms",
    "CPU ms/req",
    "CPU × baseline",
    "not OK",
]


def cpu_ratio(entry, outcome):
    """Baseline CPU time ÷ this scenario's (comparable with the req/s ratio: higher is better)."""
    if entry.cpu_ms and outcome.baseline_cpu_ms:
        return outcome.baseline_cpu_ms / entry.cpu_ms
    return None


def table(figures, outcome) -> str:
    body = rows(figures, outcome)
    widths = [max(len(str(row[i])) for row in [HEADERS, *body]) for i in range(len(HEADERS))]
    lines = []
    for number, row in enumerate([HEADERS, *body]):
        cells = [
            str(cell).ljust(widths[i]) if i == 0 else str(cell).rjust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells))
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def profile_line(run) -> str:
    """What gunicorn ran with: the shipped configuration, or what --gunicorn changed."""
    settings = run.get("gunicorn") or {}
    line = (
        f"gunicorn.conf.py: preload {'on' if settings.get('preload_app') else 'off'}, "
        f"workers recycled every {settings.get('max_requests')} ± "
        f"{settings.get('max_requests_jitter')} requests, {run.get('workers')} workers"
    )
    overrides = run.get("gunicorn_overrides") or {}
    if overrides:
        changed = ", ".join(f"{k}={v}" for k, v in overrides.items())
        return line + f" (NOT as shipped: {changed})"
    return line + " (as shipped)"


def summary(outcome, run) -> str:
    lines = ["", profile_line(run), "", "Goals:"]
    for verdict in outcome.verdicts:
        mark = {True: "met   ", False: "MISSED", None: "n/a   "}[verdict.met]
        lines.append(f"  [{mark}] {verdict.goal}: {verdict.measured}")
    met = sum(1 for v in outcome.verdicts if v.met is True)
    missed = sum(1 for v in outcome.verdicts if v.met is False)
    lines.append(f"  {met} met, {missed} missed.")
    lines.extend(restart_lines(run.get("restarts")))
    memory = run.get("memory")
    if memory:
        lines.append(
            f"Peak memory of a worker: {memory['rss_kb'] / 1024:.0f} MiB resident, of which "
            f"{memory['private_kb'] / 1024:.0f} MiB its own (the rest shared with the master)"
        )
    return "\n".join(lines)


def restart_lines(restarts) -> list[str]:
    if not restarts:
        return []
    steady = restarts["steady"]
    lines = [
        "",
        f"Restarts (mixed reads; before them: p50 {_fmt(steady['p50'], '.0f')} ms, "
        f"p99 {_fmt(steady['p99'], '.0f')} ms, {_fmt(steady['rps'], '.0f')} req/s):",
    ]
    for event in restarts["events"]:
        if event.get("skipped"):
            lines.append(f"  {event['label']}: did not happen")
            continue
        lines.append(
            f"  at {event['offset']:.1f} s, {event['label']}: "
            f"over the next {event['window']:.1f} s {_fmt(event['rps'], '.0f')} req/s, "
            f"p50 {_fmt(event['p50'], '.0f')} ms, "
            f"p99 {_fmt(event['p99'], '.0f')} ms, slowest {_fmt(event['max'], '.0f')} ms, "
            f"{event['failed']} failed"
        )
    return lines


# ------------------------------------------------------------------------------------------------
# results.md
# ------------------------------------------------------------------------------------------------


def provenance() -> dict:
    """When and on what the run happened (kept with the run, so a re-rendering keeps them)."""
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
        "machine": machine(),
    }


def _git(*args) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=config.ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    return {"cores": cores, "cpu": cpu or platform.processor(), "memory": memory}


def versions() -> str:
    import django
    import wagtail

    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}"
    )


def markdown(figures, outcome, run, profiles) -> str:
    info = run.get("machine") or machine()
    commit = run.get("commit") or _git("rev-parse", "--short", "HEAD")
    dirty = run.get("dirty", _git("status", "--porcelain", "--untracked-files=no"))
    sizes = run["catalog"].get("sizes", {})
    now = run.get("date") or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    db_text = (
        "SQLite (WAL, IMMEDIATE transactions), local-memory cache per worker"
        if run["db"] == "sqlite"
        else "PostgreSQL + Redis cache"
    )
    out = [
        "# Benchmark results",
        "",
        "Generated by `make bench` (`python -m bench.run`); see [docs/benchmarks.md]"
        "(../docs/benchmarks.md) for how to run it and what each figure means.",
        "",
        f"- **Date:** {now}",
        f"- **Commit:** `{commit}`"
        + (" (with uncommitted changes in the checkout)" if dirty else ""),
        f"- **Machine:** {info['cores']} cores ({info['cpu']}), {info['memory']} RAM; "
        f"load average before/after: {run['load_before'][0]:.2f} / {run['load_after'][0]:.2f}",
        f"- **Software:** {versions()}",
        f"- **Server:** production settings under gunicorn, {run['workers']} sync workers, "
        f"on {db_text}; {profile_line(run)}",
        f"- **Load:** {run['connections']} concurrent keep-alive clients in a separate process; "
        f"after a warm-up, each scenario ran {run['rounds']} × {run['seconds']:g} s, every slice "
        "next to a slice of the baseline, and its ratio is taken against those neighbouring "
        "baseline slices",
        f"- **Data** (scale `{run['scale']}`): "
        + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in sizes.items())
        + ", in English and Spanish",
    ]
    if run.get("shared"):
        out.append(
            "- **Note:** this run was on a shared machine (other programs were competing for the "
            "CPU: load average above the number of cores), so absolute req/s and latencies are "
            "low and noisy. The req/s ratios compare neighbouring slices; the CPU ms/req column "
            "(in-process CPU time) is the steadiest figure and its ratio the one to trust most."
        )
    met = [v for v in outcome.verdicts if v.met is True]
    missed = [v for v in outcome.verdicts if v.met is False]
    unknown = [v for v in outcome.verdicts if v.met is None]
    out.append(
        f"- **Goals:** {len(met)} met, {len(missed)} missed"
        + (f", {len(unknown)} not measured" if unknown else "")
        + " (see Goals; what costs the time and the fixes are at the end)"
    )
    out += [
        "",
        "## Figures",
        "",
        "| " + " | ".join(HEADERS) + " |",
        "|" + "|".join(["---"] + ["---:"] * (len(HEADERS) - 1)) + "|",
    ]
    for row in rows(figures, outcome):
        out.append("| " + " | ".join(str(cell) for cell in row) + " |")
    chart_name = run.get("chart_name", "results.png")
    out += ["", f"![Ratios to the baseline and growth ratios]({chart_name})", "", "## Growth", ""]
    out += [
        "| Comparison | req/s ratio (small ÷ large) | p50 ratio (large ÷ small) "
        "| CPU ms ratio (large ÷ small) |",
        "|---|---:|---:|---:|",
    ]
    for label, _small, _large, ratio, p50, cpu in outcome.growth:
        out.append(f"| {label} | {_fmt(ratio, '.2f')} | {_fmt(p50, '.2f')} | {_fmt(cpu, '.2f')} |")
    out += ["", "## Goals", "", "| Goal | Measured | Target | Met |", "|---|---|---|---|"]
    for verdict in outcome.verdicts:
        met = {True: "yes", False: "**no**", None: "not measured"}[verdict.met]
        out.append(f"| {verdict.goal} | {verdict.measured} | {verdict.target} | {met} |")
    integrity = run.get("integrity") or {}
    if "comments_lost" in integrity:
        out += [
            "",
            f"Comments: {integrity['comments_accepted']} accepted (202), "
            f"{integrity['comments_stored']} stored, {integrity['comments_lost']} lost.",
        ]
    out += recycling_markdown(run.get("recycling"))
    out += restarts_markdown(run.get("restarts"), run.get("restart_chart_name"))
    memory = run.get("memory")
    out += ["", "## Memory", ""]
    if memory:
        out.append(
            f"Peak resident memory of a gunicorn worker: {memory['rss_kb'] / 1024:.0f} MiB, of "
            f"which {memory['private_kb'] / 1024:.0f} MiB is its own (`Private_*` in "
            "`/proc/<pid>/smaps_rollup`); the rest is the application loaded once in the "
            "master and shared copy-on-write (preloading)."
        )
    else:
        out.append("Not measured (no /proc).")
    out += [
        "",
        "## Notes",
        "",
        "- The blog's write limits were raised for this run (1,000,000 a second, in the site's "
        "blog settings of the benchmark database), so the POST rows measure the write path and "
        "not the 429 answer; every POST comes from a new visitor (no cookie), so each one is a "
        "new rating or comment. Comments are held for moderation (the default).",
        "- SQL/req is counted in-process with `CaptureQueriesContext` through Django's test "
        "client against the same database (the second of two requests, caches warm); SQL ms is "
        "the time those queries took. CPU ms/req is this process's CPU time per request over "
        "10 in-process requests (SQLite runs inside the process, so it includes the database's "
        "work; with PostgreSQL it does not): it is far less disturbed by other programs than "
        "req/s, and CPU × baseline reads like × baseline.",
        "- gunicorn runs `gunicorn.conf.py` as shipped (preloading, worker recycling, log "
        "level); only the number of workers is fixed (2), and the listening socket is handed "
        "to it as systemd's socket activation does, so the restart run can restart the "
        "master without refusing a connection.",
        f"- The run took {run['duration']:.0f} s: "
        + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in run.get("phases", {}).items())
        + f" (the data is generated only when the cache misses; fixture key "
        f"`{run['fixture_key']}`, generated in "
        f"{run['catalog'].get('generated_in_seconds', '?')} s).",
    ]
    skipped = [entry for entry in figures if entry.skipped]
    if skipped:
        out.append(
            "- Skipped (not available in this checkout): "
            + "; ".join(f"{e.label}: {e.skipped}" for e in skipped)
            + "."
        )
    findings = config.ROOT / "bench" / "findings.md"
    if findings.exists():
        out += ["", findings.read_text().strip()]
    if profiles:
        out += ["", "## Profiles of the missed goals", ""]
        out.append(
            "In-process requests of each scenario under pyinstrument: first the project's own "
            "functions by cumulative time per request (callees included, so nested entries "
            "overlap), then pyinstrument's call tree with library frames folded."
        )
        for key, text in profiles.items():
            out += ["", f"### {key}", "", "```", text, "```"]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------------------------
# Chart
# ------------------------------------------------------------------------------------------------


def chart(figures, outcome, path) -> bool:
    """A PNG of the ratios to the baseline and of the growth ratios, with the goals drawn in:
    for each, the req/s ratio (solid) and the same ratio from in-process CPU time (hatched)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (pip install -e '.[bench]'): no chart.")
        return False
    goals = {goal.scenario: goal.minimum for goal in RATIO_GOALS}
    entries = [
        e for e in figures if e.scenario.key in outcome.ratios and e.scenario.group != "growth"
    ][::-1]
    growth = [g for g in outcome.growth if g[3] is not None][::-1]
    fig, (top, bottom) = plt.subplots(
        2,
        1,
        figsize=(10, 9),
        gridspec_kw={"height_ratios": [max(len(entries), 1), max(len(growth), 1) + 0.8]},
    )
    height = 0.38

    def colour(ok):
        return "#607d8b" if ok is None else ("#2e7d32" if ok else "#c62828")

    for index, entry in enumerate(entries):
        key = entry.scenario.key
        value = outcome.ratios[key]
        goal = goals.get(key)
        ok = None if goal is None else value >= goal
        top.barh(index + height / 2, value, height, color=colour(ok))
        top.text(value + 0.01, index + height / 2, f"{value:.2f}×", va="center", fontsize=7)
        cpu = cpu_ratio(entry, outcome)
        if cpu is not None:
            cpu_ok = None if goal is None else cpu >= goal
            top.barh(
                index - height / 2,
                cpu,
                height,
                color="white",
                edgecolor=colour(cpu_ok),
                hatch="////",
            )
            top.text(cpu + 0.01, index - height / 2, f"{cpu:.2f}×", va="center", fontsize=7)
        if goal is not None:
            top.plot([goal] * 2, [index - 0.45, index + 0.45], color="black", linewidth=2)
    top.set_yticks(range(len(entries)), [e.label for e in entries], fontsize=8)
    top.axvline(1.0, color="#999999", linestyle="--", linewidth=1)
    top.set_xlabel(
        "relative to the bare StandardPage: solid = req/s, hatched = CPU time (black: goals)",
        fontsize=8,
    )
    top.set_title("practice-cms vs a bare Wagtail page (higher is better)", fontsize=11)
    if growth:
        for index, (_label, _s, _l, ratio, _p, cpu) in enumerate(growth):
            bottom.barh(index + height / 2, ratio, height, color=colour(ratio <= 1.10))
            bottom.text(ratio + 0.02, index + height / 2, f"{ratio:.2f}", va="center", fontsize=7)
            if cpu is not None:
                bottom.barh(
                    index - height / 2,
                    cpu,
                    height,
                    color="white",
                    edgecolor=colour(cpu <= 1.10),
                    hatch="////",
                )
                bottom.text(cpu + 0.02, index - height / 2, f"{cpu:.2f}", va="center", fontsize=7)
        bottom.set_yticks(range(len(growth)), [g[0] for g in growth], fontsize=8)
        bottom.axvline(1.10, color="black", linewidth=2)
        bottom.set_xlabel(
            "growth: cost with a lot of data ÷ cost with little (goal ≤ 1.10; lower is better)",
            fontsize=8,
        )
    else:
        bottom.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def recycling_markdown(recycling) -> list[str]:
    if not recycling:
        return []
    on, off = recycling["on"], recycling["off"]
    out = [
        "",
        "## Recycling on and off",
        "",
        f"Mixed reads (each client cycles through the {recycling['paths']} read scenarios' "
        f"paths), {on['seconds']:.0f} s on the shipped server and {off['seconds']:.0f} s on the "
        "same configuration with `GUNICORN_MAX_REQUESTS=0`, in alternating slices. The shipped "
        f"server started {recycling['restarts']} workers by recycling meanwhile.",
        "",
        "| | req/s | p50 ms | p99 ms | p99.9 ms | max ms | requests | failed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, side in (("recycling on (shipped)", on), ("recycling off", off)):
        out.append(
            f"| {name} | {_fmt(side['rps'], '.1f')} | {_fmt(side['p50'], '.1f')} | "
            f"{_fmt(side['p99'], '.1f')} | {_fmt(side['p999'], '.1f')} | "
            f"{_fmt(side['max'], '.0f')} | {side['requests']:,} | {side['failed']} |"
        )
    return out


def restarts_markdown(restarts, chart_name) -> list[str]:
    if not restarts:
        return []
    steady = restarts["steady"]
    out = [
        "",
        "## Restarts",
        "",
        "Mixed reads from the same clients while, in turn, one worker is stopped (the master "
        "forks a replacement, as after recycling), the master is sent HUP (every worker "
        "replaced), and the master is stopped and started again on its socket (a deploy). "
        f"Each row covers the {RESTART_WINDOW:g} s after the event (a deploy: until the new "
        f"master answers, plus {RESTART_WINDOW:g} s). Before the first event: "
        f"{_fmt(steady['rps'], '.0f')} req/s, p50 {_fmt(steady['p50'], '.1f')} ms, "
        f"p99 {_fmt(steady['p99'], '.1f')} ms.",
        "",
        "| event | at (s) | window (s) | req/s | p50 ms | p99 ms | max ms | failed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for event in restarts["events"]:
        if event.get("skipped"):
            out.append(f"| {event['label']} | did not happen | | | | | | |")
            continue
        out.append(
            f"| {event['label']} | {event['offset']:.1f} | {event['window']:.1f} | "
            f"{_fmt(event['rps'], '.0f')} | {_fmt(event['p50'], '.1f')} | "
            f"{_fmt(event['p99'], '.1f')} | {_fmt(event['max'], '.0f')} | {event['failed']} |"
        )
    out.append(f"\n{restarts['failed']} of {restarts['requests']:,} requests failed in the run.")
    if chart_name:
        out += ["", f"![Latency of every request across the restarts]({chart_name})"]
    return out


def restart_chart(restarts, path) -> bool:
    """Every request of the restart run: its latency at the time it started (log scale), the
    events as vertical lines, and requests/s per quarter second below."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (pip install -e '.[bench]'): no restart chart.")
        return False
    timeline = restarts["timeline"]
    if not timeline:
        return False
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(10, 6), sharex=True, gridspec_kw={"height_ratios": [3, 1]}
    )
    ok = [(t, ms) for t, ms, status in timeline if status == 200]
    failed = [(t, ms) for t, ms, status in timeline if status != 200]
    if ok:
        top.scatter(*zip(*ok, strict=True), s=3, color="#1565c0", alpha=0.5, label="200")
    if failed:
        top.scatter(*zip(*failed, strict=True), s=14, color="#c62828", label="failed")
    top.set_yscale("log")
    top.set_ylabel("latency (ms, log scale)")
    top.axhline(STALL_MS, color="#999999", linestyle=":", linewidth=1)
    top.text(0, STALL_MS * 1.1, f"{STALL_MS} ms", fontsize=7, color="#666666")
    for event in restarts["events"]:
        if event.get("skipped"):
            continue
        for axis in (top, bottom):
            axis.axvline(event["offset"], color="#ef6c00", linestyle="--", linewidth=1)
        top.text(
            event["offset"],
            top.get_ylim()[1],
            " " + event["kind"],
            fontsize=8,
            color="#ef6c00",
            va="top",
        )
    end = max(t for t, _ms, _status in timeline)
    bins = [0] * (int(end / 0.25) + 1)
    for t, _ms, status in timeline:
        if status == 200 and t >= 0:
            bins[int(t / 0.25)] += 4  # per second
    bottom.step([n * 0.25 for n in range(len(bins))], bins, where="post", color="#2e7d32")
    bottom.set_ylabel("req/s")
    bottom.set_xlabel("seconds since the load started")
    top.set_title("Latency across a worker restart, kill -HUP and a deploy (mixed reads)")
    top.legend(loc="upper left", fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def main(argv=None):
    """``python -m bench.report``: write results.md and the chart again from the last run."""
    import argparse

    from bench.run import LAST_RUN, load_run

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--input", default=str(LAST_RUN))
    parser.add_argument("--output", default=str(config.ROOT / "bench" / "results.md"))
    parser.add_argument("--chart", default=str(config.ROOT / "bench" / "results.png"))
    args = parser.parse_args(argv)
    figures, data = load_run(args.input)
    run = {**data["run"], "chart_name": Path(args.chart).name}
    outcome = evaluate(
        figures,
        run["db"],
        data.get("integrity"),
        data.get("sizes"),
        recycling=run.get("recycling"),
        restarts=run.get("restarts"),
    )
    restart_path = Path(args.chart).with_name(Path(args.chart).stem + "-restart.png")
    run["restart_chart_name"] = restart_path.name
    Path(args.output).write_text(markdown(figures, outcome, run, data.get("profiles") or {}))
    chart(figures, outcome, args.chart)
    if run.get("restarts"):
        restart_chart(run["restarts"], restart_path)
    print(f"Wrote {args.output}, {args.chart} and {restart_path} from {args.input}")


if __name__ == "__main__":
    main()
