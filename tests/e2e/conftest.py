"""Fixtures of the browser tests: the live demo site, Debian's Chromium, and visitor contexts.

Every test here is marked ``e2e``. Without Playwright or ``/usr/bin/chromium`` they skip with the
reason; with ``REQUIRE_CHROMIUM=1`` (CI) a missing browser fails the run instead.

Each browser context lets requests reach the live site only: anything else is recorded and
aborted, and a public page that asked for another origin fails its test (no third-party
trackers, fonts or widgets on a practice's pages).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .live_site import LiveSite

CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 900}
DEFAULT_TIMEOUT_MS = 15_000


def _browser_missing_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: .venv/bin/pip install -e '.[dev]'"
    try:
        import axe_playwright_python  # noqa: F401
    except ImportError:
        return "axe-playwright-python is not installed: .venv/bin/pip install -e '.[dev]'"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM}: apt-get install -y chromium"
    return None


@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    reason = _browser_missing_reason()
    if reason:
        if os.environ.get("REQUIRE_CHROMIUM", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"REQUIRE_CHROMIUM is set but {reason}", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def live_site(chromium_executable, tmp_path_factory) -> LiveSite:
    """The demo practice served on a free port for the whole session (see live_site.py)."""
    site = LiveSite(data_dir=tmp_path_factory.mktemp("live-site"))
    site.prepare()
    site.start()
    try:
        yield site
    finally:
        site.stop()


@pytest.fixture(scope="session")
def browser(chromium_executable):
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait as long as actions do: a busy CI machine renders slowly, not wrongly.
    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_executable), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class RequestGuard:
    """Lets a context talk to the live site only; remembers every other URL it tried."""

    def __init__(self, origin: str):
        self.origin = origin
        self.foreign: list[str] = []

    def __call__(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == self.origin:
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


@pytest.fixture
def open_context(browser, live_site):
    """Open browser contexts (options as for ``browser.new_context``); all closed after the test.

    Each context is returned with its :class:`RequestGuard` as ``context.request_guard``; the
    test fails if any of them asked another origin for anything (public pages and admin alike).
    """
    contexts = []

    def open_context(**options):
        options.setdefault("viewport", VIEWPORT)
        options.setdefault("base_url", live_site.url)
        context = browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        guard = RequestGuard(live_site.url)
        context.route("**/*", guard)
        context.request_guard = guard
        contexts.append(context)
        return context

    yield open_context
    foreign = [url for context in contexts for url in context.request_guard.foreign]
    for context in contexts:
        context.close()
    assert foreign == [], "the browser asked another origin for something"


@pytest.fixture
def page(open_context):
    """A visitor's tab with JavaScript on; the test fails if it asked another origin for data."""
    return open_context().new_page()


@pytest.fixture
def no_script_page(open_context):
    """A visitor's tab with JavaScript off: the plain HTML form paths."""
    return open_context(java_script_enabled=False).new_page()


@pytest.fixture
def staff_page(open_context):
    """A tab for a member of staff in the Wagtail admin; it too may only ask the site itself."""
    return open_context().new_page()
