"""The benchmark's own arithmetic (bench/): what it reports from the load it measured.

Timed goals are checked by ``make bench`` itself, never here; these tests feed the harness made-up
figures and check its verdicts.
"""

from collections import Counter

from bench import phases, report
from bench.load import Networks
from bench.run import Figures, Writes, successes
from bench.scenarios import SCENARIOS, Scenario, Step

BASELINE = next(s for s in SCENARIOS if s.key == "baseline")


def load_result(latencies, statuses, seconds=1.0, steps=None):
    result = {
        "seconds": seconds,
        "requests": len(latencies),
        "statuses": statuses,
        "latencies_ms": sorted(latencies),
    }
    if steps:
        result["steps"] = steps
    return result


def figures_with(latencies, scenario=BASELINE):
    entry = Figures(scenario, scenario.label)
    entry.add(load_result(latencies, {"200": len(latencies)}))
    return entry


def test_a_scenario_of_several_steps_counts_only_its_measured_ones():
    after_a_change = Scenario(
        "after_change",
        "Post, first read after a rating",
        steps=(
            Step(lambda c: "/api/v3/pages/1/ratings/", "POST", "rating", (201,), measured=False),
            Step(lambda c: "/en/post/"),
        ),
    )
    entry = Figures(after_a_change, after_a_change.label)
    result = load_result(
        [1, 2, 30, 40],
        {"201": 1, "429": 1, "200": 2},
        seconds=2.0,
        steps=[
            {"statuses": {"201": 1, "429": 1}, "latencies_ms": [1, 2]},
            {"statuses": {"200": 2}, "latencies_ms": [30, 40]},
        ],
    )
    entry.add(result)
    assert entry.requests == 2 and entry.ok == 2 and entry.rps == 1.0
    assert entry.latencies_ms == [30, 40]
    assert entry.errors == 1  # the refused write is reported
    assert successes(entry, result) == 2
    writes = Writes()
    writes.count(entry, result)
    assert writes == Counter({"rating": 1})


def test_every_scenario_must_keep_its_p99_within_three_times_its_p50():
    steady = figures_with([10.0] * 99 + [25.0])
    stalling = figures_with([10.0] * 98 + [300.0, 300.0])
    verdict = next(v for v in report.profile_verdicts([steady], None, None) if "p99" in v.goal)
    assert verdict.met is True
    verdict = next(
        v for v in report.profile_verdicts([steady, stalling], None, None) if "p99" in v.goal
    )
    assert verdict.met is False
    assert "30.0×" in verdict.measured


def tally(**values):
    base = {"requests": 100, "failed": 0, "seconds": 10.0, "rps": 100.0, "p50": 10.0}
    return {**base, "p99": 20.0, "p999": 30.0, "max": 40.0, **values}


def test_recycling_must_cost_under_five_percent_and_stall_nothing():
    recycling = {
        "on": tally(rps=96.0, max=240.0),
        "off": tally(rps=100.0),
        "ratio": 0.96,
        "restarts": 3,
        "paths": 5,
    }
    verdicts = report.profile_verdicts([], recycling, None)
    assert [v.met for v in verdicts if "recycling" in v.goal.lower() or "ms in" in v.goal] == [
        True,
        True,
    ]
    recycling = {**recycling, "on": tally(rps=90.0, max=260.0), "ratio": 0.9}
    verdicts = report.profile_verdicts([], recycling, None)
    assert [v.met for v in verdicts if "recycling" in v.goal.lower() or "ms in" in v.goal] == [
        False,
        False,
    ]


def timeline_around(start, slow_after_restart):
    """4 clients, a request every 10 ms each, 10 ms each; slower for 1 s after 3 s."""
    rows = []
    for n in range(1200):
        at = start + n * 0.01
        slow = start + 3.0 <= at < start + 4.0
        rows.append((at, slow_after_restart if slow else 10.0, 200))
    return rows


def test_a_worker_restart_is_judged_on_the_window_after_it():
    start = 1000.0
    times = {"worker": start + 3.0, "reload": start + 6.5, "deploy": start + 9.0}
    times["deploy_ready"] = start + 10.0
    calm = phases.analyse(timeline_around(start, 30.0), start, times)
    worker = next(e for e in calm["events"] if e["kind"] == "worker")
    assert worker["window"] == phases.RESTART_WINDOW
    assert calm["steady"]["p50"] == 10.0
    deploy = next(e for e in calm["events"] if e["kind"] == "deploy")
    assert deploy["window"] == 1.0 + phases.RESTART_WINDOW  # until the new master answered
    verdict = next(v for v in report.profile_verdicts([], None, calm) if "one worker" in v.goal)
    assert verdict.met is True
    stalled = phases.analyse(timeline_around(start, 80.0), start, times)
    verdict = next(v for v in report.profile_verdicts([], None, stalled) if "one worker" in v.goal)
    assert verdict.met is False  # 80 ms against a p50 of 10 ms


def test_a_failed_request_anywhere_in_the_restart_run_is_reported():
    start = 0.0
    timeline = timeline_around(start, 10.0)
    timeline[700] = (timeline[700][0], 5.0, "error:ConnectionResetError")
    times = {"worker": 3.0, "reload": 6.5, "deploy": 9.0, "deploy_ready": 9.5}
    result = phases.analyse(timeline, start, times)
    assert result["failed"] == 1
    verdict = next(v for v in report.profile_verdicts([], None, result) if "reload" in v.goal)
    assert verdict.met is False


def test_the_read_mix_takes_every_single_get_scenario_once():
    entries = [Figures(scenario, scenario.label) for scenario in SCENARIOS]
    for entry in entries:
        entry.paths = [
            f"/{entry.scenario.key}/{n}/" for n, _ in enumerate(entry.scenario.steps or [0])
        ]
    mix = phases.read_mix(entries, lambda step, path: {"method": step.method, "path": path})
    paths = [request["path"] for request in mix]
    assert "/baseline/0/" in paths and "/api_post/0/" in paths and "/post_rendered/0/" in paths
    assert "/rating_post/0/" not in paths
    assert not any(path.startswith("/post_after_change/") for path in paths)


def after_change_figures(after_ms, rendered_ms):
    rendered = figures_with(rendered_ms, next(s for s in SCENARIOS if s.key == "post_rendered"))
    scenario = next(s for s in SCENARIOS if s.key == "post_after_change")
    changed = Figures(scenario, scenario.label)
    changed.add(
        load_result(
            after_ms,
            {"201": len(after_ms), "200": len(after_ms)},
            steps=[
                {"statuses": {"201": len(after_ms)}, "latencies_ms": [3.0] * len(after_ms)},
                {"statuses": {"200": len(after_ms)}, "latencies_ms": sorted(after_ms)},
            ],
        )
    )
    return {"post_after_change": changed, "post_rendered": rendered}


def test_the_first_request_after_a_change_may_cost_half_again_a_warm_render():
    met = report.after_change_verdict(after_change_figures([12.0, 14.0, 15.0], [10.0] * 3))
    assert met.met is True and "14.0 ms vs 10.0 ms (1.40×)" in met.measured
    missed = report.after_change_verdict(after_change_figures([16.0, 17.0, 30.0], [10.0] * 3))
    assert missed.met is False and missed.scenarios == ("post_after_change",)


def test_held_ballots_count_as_stored_and_must_match_the_summary():
    integrity = {
        "ratings_accepted": 10,
        "ratings_stored": 10,
        "ratings_held": 4,
        "ratings_lost": 0,
        "summary_matches_rows": True,
        "summary_count": 6,
        "summary_held": 4,
        "rating_rows": 6,
        "held_rows": 4,
    }
    verdict = next(
        v
        for v in report.evaluate([figures_with([1.0])], "sqlite", integrity).verdicts
        if v.goal.startswith("Zero lost")
    )
    assert verdict.met is True
    assert "10 accepted, 10 stored (4 of them held from bursts)" in verdict.measured
    assert "summary 6 counted + 4 held / rows 6 + 4" in verdict.measured
    broken = {**integrity, "summary_matches_rows": False, "summary_held": 3}
    verdict = next(
        v
        for v in report.evaluate([figures_with([1.0])], "sqlite", broken).verdicts
        if v.goal.startswith("Zero lost")
    )
    assert verdict.met is False


def test_visitors_writes_come_five_to_a_network_and_processes_use_different_networks():
    load, runner = Networks(), Networks(first=8192)
    addresses = [load.next_address() for _ in range(11)]
    assert len(set(addresses[:5])) == 1 and addresses[5] != addresses[4]
    assert addresses[10] not in addresses[:10]
    assert runner.next_address() not in addresses


def test_memory_growth_is_the_slope_per_thousand_requests():
    from bench.memory import slope_per_thousand

    readings = [(0, 100.0), (1000, 100.5), (2000, 101.0), (3000, 101.5)]
    assert slope_per_thousand(readings) == 0.5
    assert slope_per_thousand([(0, 100.0), (2000, 99.0)]) == -0.5
    assert slope_per_thousand([(500, 100.0)]) is None
