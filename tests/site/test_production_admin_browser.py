"""The Wagtail admin and the public pages work in a real browser under the Content-Security-Policy.

Chromium reports every blocked script, style or frame on its console; these tests collect those
reports while an editor signs in, edits a page, opens the live preview, and a visitor reads it.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from practice_site.models import StandardPage

pytestmark = [
    # The policy does not depend on the database: spare the PostgreSQL suite three slow flushes.
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
        reason="runs on the SQLite suite",
    ),
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
PASSWORD = "a long editor password"


@pytest.fixture
def browser_page():
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "Playwright is not installed"
    if reason is None and not CHROMIUM.is_file():
        reason = f"no Chromium at {CHROMIUM}"
    if reason:
        if os.environ.get("REQUIRE_CHROMIUM", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"REQUIRE_CHROMIUM is set but {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(20_000)
        page.csp_violations = []

        def record(message):
            if "Content Security Policy" in message.text or "Refused to" in message.text:
                page.csp_violations.append(f"{page.url}: {message.text}")

        page.on("console", record)
        # Nothing leaves this machine: requests to any other host are aborted.
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if urlsplit(route.request.url).hostname in {"localhost", "127.0.0.1"}
                or route.request.url.startswith(("data:", "blob:"))
                else route.abort()
            ),
        )
        yield page
        browser.close()


@pytest.fixture
def about(home):
    page = StandardPage(
        title="About the practice",
        slug="about",
        introduction="Who we are",
        body=[("heading", {"text": "How we work", "level": "h2"})],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def editor(db, settings):
    # As in production: no avatars from gravatar.com (privacy, and no third-party request).
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


def sign_in(page, base_url):
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


# Data fixtures come before browser_page: Playwright's sync API runs an event loop, inside which
# Django refuses database queries.
def test_the_public_page_loads_without_a_csp_violation(live_server, about, browser_page):
    response = browser_page.goto(f"{live_server.url}/en/about/")
    browser_page.wait_for_load_state("networkidle")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert browser_page.locator("h1").first.inner_text() == "About the practice"
    assert browser_page.csp_violations == [], "\n".join(browser_page.csp_violations)


def test_an_editor_signs_in_edits_and_previews_without_a_csp_violation(
    live_server, about, editor, browser_page
):
    page = browser_page
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/pages/{about.pk}/edit/")
    page.wait_for_load_state("networkidle")
    # StreamField draws its blocks with JavaScript: they only appear if the admin's scripts ran.
    heading = page.locator("[data-contentpath='body'] input[type=text]").first
    heading.wait_for()
    assert heading.input_value() == "How we work"
    page.click("button[data-side-panel-toggle='preview']")
    preview = page.frame_locator("iframe#w-preview-iframe, .w-preview__iframe").first
    preview.locator("text=How we work").first.wait_for()
    page.goto(f"{live_server.url}/admin/images/multiple/add/")
    page.wait_for_load_state("networkidle")
    assert page.csp_violations == [], "\n".join(page.csp_violations)


def test_the_signed_in_editors_userbar_loads_without_a_csp_violation(
    live_server, about, editor, browser_page
):
    sign_in(browser_page, live_server.url)
    browser_page.goto(f"{live_server.url}/en/about/")
    browser_page.wait_for_load_state("networkidle")
    assert browser_page.locator("wagtail-userbar").count() == 1
    assert browser_page.csp_violations == [], "\n".join(browser_page.csp_violations)
