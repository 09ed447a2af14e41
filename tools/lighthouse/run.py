"""Lighthouse on the production profile: every public page type, in English and Arabic.

``make lighthouse`` prepares the production profile (database, migrations, static files, the demo)
and runs this script with the gunicorn command after ``--``. The script starts that server, waits
for it, then audits each page with the pinned Lighthouse (tools/lighthouse/package.json) in one
headless Chromium (audit.mjs), mobile preset and simulated throttling, the CPU slowdown calibrated
to the machine's benchmark before each page. It prints a table of page x category, with each
run's benchmarkIndex and CPU multiplier, and exits non-zero, naming the failing audits, when any
score of performance, accessibility, best practices or SEO is under 100.

Performance is simulated from a trace, so CPU contention on a loaded machine can still cost a
point now and then: a page whose performance is under 100 is run once more and judged on the
better of its two runs (Lighthouse CI's "optimistic" aggregation). The other categories do not
depend on timing and are judged on the first run. Reports are written to var/lighthouse/ (JSON,
one per page and run). docs/lighthouse.md says why.

Usage (normally through make):
    python tools/lighthouse/run.py --base-url http://127.0.0.1:8000 [--only en-home] -- gunicorn ...
"""

import argparse
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

TOOLS_DIR = Path(__file__).resolve().parent
PROJECT_DIR = TOOLS_DIR.parent.parent
REPORT_DIR = PROJECT_DIR / "var" / "lighthouse"
LIGHTHOUSE = TOOLS_DIR / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
NODE = shutil.which("node") or "node"

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CATEGORY_HEADINGS = {
    "performance": "perf",
    "accessibility": "a11y",
    "best-practices": "best",
    "seo": "seo",
}
# One page of each public type, by its English path; the Arabic page is found through the
# English page's hreflang link, so translated slugs need no list of their own.
PAGES = (
    ("home", "/en/"),
    ("journal", "/en/journal/"),
    ("post", "/en/journal/choosing-a-trauma-focused-training/"),
    ("trainings", "/en/trainings/"),
    ("training", "/en/trainings/rooted-bodies/"),
    ("comparison", None),  # built from the directory's first three trainings
    ("methodology", "/en/how-we-score-trainings/"),
)
LANGUAGES = ("en", "ar")
RERUNS_FOR_PERFORMANCE = 1


class Failure(Exception):
    pass


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def answers(url: str) -> bool:
    """Whether any HTTP server answers at url (an error status is an answer too)."""
    try:
        fetch(url)
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False
    return True


def wait_for(url: str, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise Failure(f"the server stopped before answering (exit {server.returncode})")
        try:
            fetch(url)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(1)
    raise Failure(f"no answer from {url} within {seconds:.0f} s")


def alternate(page_html: str, language: str, base_url: str) -> str:
    for tag in re.findall(r"<link\b[^>]*>", page_html):
        if 'rel="alternate"' in tag and f'hreflang="{language}"' in tag:
            href = html.unescape(re.search(r'href="([^"]+)"', tag).group(1))
            return href if href.startswith("http") else base_url + href
    raise Failure(f"no hreflang={language} alternate link")


def comparison_url(directory_url: str) -> str:
    page_html = fetch(directory_url)
    ids = re.findall(r'name="ids"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="ids"', page_html)
    ids = [a or b for a, b in ids][:3]
    if len(ids) < 2:
        raise Failure(f"{directory_url} offers fewer than two trainings to compare")
    return f"{directory_url}compare/?ids={','.join(ids)}"


def page_urls(base_url: str) -> list[tuple[str, str]]:
    """(name, url) of every page to audit, English first, then Arabic."""
    english = {}
    for name, path in PAGES:
        if path is not None:
            english[name] = base_url + path
    english["comparison"] = comparison_url(english["trainings"])
    urls = []
    for language in LANGUAGES:
        for name, _path in PAGES:
            if language == "en":
                url = english[name]
            elif name == "comparison":
                url = comparison_url(alternate(fetch(english["trainings"]), language, base_url))
            else:
                url = alternate(fetch(english[name]), language, base_url)
            urls.append((f"{language}-{name}", url))
    return urls


def audit(runs: list[tuple[str, str, int]]) -> dict[tuple[str, int], dict]:
    """Lighthouse on each (name, url, run), each in a fresh Chromium; the parsed reports."""
    if not runs:
        return {}
    jobs = [
        {"url": url, "output": str(REPORT_DIR / f"{name}-{run}.json")} for name, url, run in runs
    ]
    for job in jobs:
        Path(job["output"]).unlink(missing_ok=True)
    completed = subprocess.run(
        [NODE, str(TOOLS_DIR / "audit.mjs"), json.dumps(jobs)],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=120 * len(jobs),
    )
    reports = {}
    for (name, url, run), job in zip(runs, jobs, strict=True):
        output = Path(job["output"])
        if not output.exists():
            raise Failure(f"lighthouse failed on {url}:\n{completed.stderr[-2000:]}")
        report = json.loads(output.read_text())
        if report.get("runtimeError"):
            message = report["runtimeError"]["message"]
            raise Failure(f"lighthouse could not load {url}: {message}")
        reports[(name, run)] = report
    return reports


def scores(report: dict) -> dict[str, int]:
    return {key: round((report["categories"][key]["score"] or 0) * 100) for key in CATEGORIES}


def failing_audits(report: dict, category: str) -> list[str]:
    """The audits that cost the category points: weighted, scored and not passed."""
    failing = []
    for ref in report["categories"][category]["auditRefs"]:
        result = report["audits"][ref["id"]]
        if ref.get("weight", 0) == 0 or result.get("score") is None:
            continue
        if result["scoreDisplayMode"] in ("notApplicable", "informative", "manual"):
            continue
        if result["score"] < 1:
            value = f" ({result['displayValue']})" if result.get("displayValue") else ""
            failing.append(f"{ref['id']}{value}")
    return failing


def calibration(report: dict) -> tuple[int, float]:
    """The machine's benchmarkIndex and the CPU multiplier audit.mjs calibrated from it."""
    measured = report.get("practiceCalibration") or {}
    index = measured.get("benchmarkIndex", report.get("environment", {}).get("benchmarkIndex", 0))
    multiplier = report["configSettings"]["throttling"]["cpuSlowdownMultiplier"]
    return round(index), multiplier


def judge(pages: list[tuple[str, str]]) -> list[tuple[str, dict[str, int], dict, list[dict]]]:
    """Scores and failing audits of each page; performance from its better run where it flapped."""
    first = audit([(name, url, 1) for name, url in pages])
    flapped = [(name, url) for name, url in pages if scores(first[(name, 1)])["performance"] < 100]
    reruns = audit(
        [(name, url, run) for name, url in flapped for run in range(2, 2 + RERUNS_FOR_PERFORMANCE)]
    )
    judged = []
    for name, _url in pages:
        report = first[(name, 1)]
        result = scores(report)
        problems = {key: failing_audits(report, key) for key in CATEGORIES if result[key] < 100}
        runs = [report] + [reruns[key] for key in sorted(reruns) if key[0] == name]
        if len(runs) > 1:
            best = max(runs, key=lambda run: scores(run)["performance"])
            result["performance"] = scores(best)["performance"]
            problems.pop("performance", None)
            if result["performance"] < 100:
                problems["performance"] = failing_audits(best, "performance")
        judged.append((name, result, problems, runs))
    return judged


def print_table(rows: list[tuple[str, dict[str, int], list[dict]]]) -> None:
    """Scores per page, then each run's performance, benchmarkIndex and CPU multiplier."""
    width = max(len(name) for name, _scores, _runs in rows)
    header = f"{'page':<{width}}  " + "  ".join(f"{CATEGORY_HEADINGS[c]:>4}" for c in CATEGORIES)
    print(header + "  runs: perf @ benchmarkIndex (CPU multiplier)")
    print("-" * (len(header) + 44))
    for name, result, runs in rows:
        cells = "  ".join(f"{result[c]:>4}" for c in CATEGORIES)
        details = []
        for run in runs:
            index, multiplier = calibration(run)
            details.append(f"{scores(run)['performance']} @ {index} ({multiplier:g}x)")
        print(f"{name:<{width}}  {cells}  " + ", ".join(details))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--only", action="append", help="audit only these pages (e.g. ar-post)")
    parser.add_argument("server", nargs=argparse.REMAINDER, help="-- the server command to start")
    args = parser.parse_args()
    base_url = args.base_url.rstrip("/")
    server_command = args.server[1:] if args.server[:1] == ["--"] else args.server
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: cd tools/lighthouse && npm ci", file=sys.stderr)
        return 2
    REPORT_DIR.mkdir(parents=True, exist_ok=True)

    # Stopped from outside (CI's time limit): still stop the server, through `finally` below.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    server = None
    if server_command and answers(base_url + "/en/"):
        # Another server on that port would be audited instead of this checkout's.
        print(f"lighthouse: something already answers on {base_url}: choose PORT", file=sys.stderr)
        return 2
    if server_command:
        # Its own process group, so stopping it stops its workers too.
        server = subprocess.Popen(server_command, start_new_session=True)
    try:
        if server is not None:
            wait_for(base_url + "/en/", server)
        pages = page_urls(base_url)
        if args.only:
            pages = [(name, url) for name, url in pages if name in args.only]
        rows, failures = [], []
        started = time.monotonic()
        for name, result, problems, runs in judge(pages):
            rows.append((name, result, runs))
            for category, audits in problems.items():
                failures.append(
                    f"{name} {category} {result[category]}: {', '.join(audits) or 'no audit named'}"
                )
        print()
        print_table(rows)
        print(f"\n{len(rows)} pages in {time.monotonic() - started:.0f} s; reports in {REPORT_DIR}")
        if failures:
            print("\nUnder 100:", *failures, sep="\n  ")
            return 1
        print("every score is 100")
        return 0
    except Failure as exc:
        print(f"lighthouse: {exc}", file=sys.stderr)
        return 1
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
