"""The trainings admin screens an owner works in, in every admin language (Arabic right to left)
at phone and desktop widths: the checklist's edit screen with its version buttons ("New version",
"Publish this version", "Compare with previous"), the comparison of two versions, and the two
import screens (with a preview's problems listed). Each fails on horizontal overflow or text
clipped or spilling out of its box."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .browsing import sign_in
from .layout import layout_problems

pytestmark = pytest.mark.e2e

WIDTHS = (1280, 360)
LANGUAGES = ("en", "es", "fr", "ar")
# A file with problems: the assessments import lists each by line and column.
BAD_ASSESSMENTS = (
    "training,item,answer,checklist_version,reviewer\n"
    "no-such-training-anywhere,whole-person,3,1,nobody-at-all\n"
    "no-such-training-anywhere,a-question-code-that-does-not-exist,7,99,nobody-at-all\n"
)


# Wagtail's own furniture of an edit form that is out of sight by design: the minimap, folded
# beside the form with only its toggle in view; the side panels (status, preview), parked off
# the edge until opened; each panel's heading anchor, transparent until hovered. None is the
# screen's content, and none can be scrolled to.
OUT_OF_SIGHT = (
    ".w-minimap:not(.w-minimap--expanded), .form-side:not(.form-side--open),"
    " .w-panel__anchor { display: none !important; }"
)


SETTLED = """() => {
    const box = document.querySelector('main').getBoundingClientRect();
    const key = [box.left, box.right, document.documentElement.scrollWidth].join(',');
    const now = performance.now();
    if (window.__layoutKey !== key) {
        window.__layoutKey = key;
        window.__layoutSince = now;
        return false;
    }
    return now - window.__layoutSince >= 300;
}"""


def check_widths(page, what, report):
    """The screen's own content (its header, and below) at each width: nothing beyond the
    viewport, no text cut off (Wagtail's panels hang their controls in the form's gutter on
    purpose; the sidebar is Wagtail's)."""
    page.add_style_tag(content=OUT_OF_SIGHT)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        # The sidebar folds on resize, with a transition: measure once the screen's own area
        # has held still for 300 ms (a fixed short pause measured it mid-fold on a busy machine,
        # with the content still pushed 153 px in).
        page.evaluate("() => { window.__layoutKey = null; }")
        page.wait_for_function(SETTLED, polling=50, timeout=10_000)
        found = layout_problems(page, within="main", clipped_only=True)
        report.extend(f"{what} at {width}px: {problem}" for problem in found[:8])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_trainings_admin_screens_hold_their_layout_in_every_language_and_width(
    open_context, live_site, language
):
    screens = live_site.demo_data("checklist-screens")
    context = open_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_site.admin_username, live_site.admin_password)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_site.url}])
    report = []

    page.goto(screens["in_force"])
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    expect(page.locator("a[href*='/new-version/']").first).to_be_visible()
    expect(page.locator("a[href*='/compare/']").first).to_be_visible()
    check_widths(page, "the version in force", report)

    page.goto(screens["draft"])
    expect(page.locator("a[href*='/publish/']").first).to_be_visible()
    check_widths(page, "a draft version", report)

    page.goto(screens["compare"])
    check_widths(page, "the comparison", report)

    page.goto("/admin/trainings/import/")
    check_widths(page, "the trainings import", report)

    page.goto("/admin/trainings/import-assessments/")
    check_widths(page, "the assessments import", report)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("input[type=file]").set_input_files(
        {"name": "assessments.csv", "mimeType": "text/csv", "buffer": BAD_ASSESSMENTS.encode()}
    )
    page.locator("button[value=preview]").click()
    expect(page.locator("#import-problems")).to_be_visible()
    check_widths(page, "the assessments import's problems", report)

    assert report == [], "\n".join(report)
