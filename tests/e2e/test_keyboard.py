"""Keyboard-only visitors: every stop on the way shows where focus is, and the forms work.

The star input is covered by scenario 1 (test_reading_and_rating.py); here the comment form,
the training filters and a full Tab walk through the key page types.
"""

import time
from urllib.parse import parse_qs, urlsplit

import pytest

from .accessibility import focus_indicator
from .browsing import focused_accessible_name, tab_to

pytestmark = pytest.mark.e2e

WALKED_PAGE_TYPES = ["home", "post", "training_index", "training", "comparison", "methodology"]


def assert_focus_visible(page, where: str) -> None:
    indicator = focus_indicator(page)
    assert indicator is not None, f"{where}: nothing has focus"
    assert indicator.visible, f"{where}: no visible focus on {focused_accessible_name(page)!r}"


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("kind", WALKED_PAGE_TYPES)
def test_every_tab_stop_on_a_page_shows_a_visible_focus_indicator(page, live_site, kind, language):
    page.goto(live_site.require(kind, language))
    seen = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            "() => { const el = document.activeElement;"
            " return el === document.body ? null : el.outerHTML.slice(0, 200); }"
        )
        if stop is None or stop in seen:
            break  # walked off the end of the page (or wrapped around)
        seen.add(stop)
        assert_focus_visible(page, f"{page.url} stop {len(seen)}")
    assert seen, "no element could be reached with Tab"


def test_the_comment_form_can_be_filled_in_and_sent_with_the_keyboard_alone(page, live_site):
    from playwright.sync_api import expect

    page.goto(live_site.require("post"))
    form = page.get_by_role("form", name="Leave a comment")
    tab_to(page, form.get_by_role("textbox", name="Name"))
    assert_focus_visible(page, "name")
    page.keyboard.type("Sam")
    page.keyboard.press("Tab")
    assert focused_accessible_name(page).startswith("Email")
    assert_focus_visible(page, "email")
    page.keyboard.press("Tab")
    # The reply-notification box belongs with the email it uses, and is unticked.
    assert focused_accessible_name(page) == "Email me when the practice replies"
    assert not page.evaluate("document.activeElement.checked")
    assert_focus_visible(page, "reply notification box")
    page.keyboard.press("Tab")
    assert focused_accessible_name(page) == "Comment", "the honeypot must not be a Tab stop"
    assert_focus_visible(page, "comment")
    page.keyboard.type("Thank you for the gentle pace of this piece.")
    time.sleep(3.2)  # the form refuses what is sent faster than a person writes
    page.keyboard.press("Tab")
    assert focused_accessible_name(page) == "Send comment"
    assert_focus_visible(page, "send button")
    page.keyboard.press("Enter")
    # The confirmation is next to the form, and keyboard focus lands on it (read out at once).
    status = page.locator("#comment-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_contain_text("awaiting moderation")
    expect(status).to_be_focused()


def test_the_training_filters_can_be_used_with_the_keyboard_alone(page, live_site):
    from playwright.sync_api import expect

    page.goto(live_site.require("training_index"))
    filters = page.get_by_role("form", name="Filter trainings")
    controls = filters.locator("input, select, button, a[href]")
    # Every control of the form is reached in order, with a visible focus indicator.
    tab_to(page, controls.first)
    for index in range(controls.count()):
        assert controls.nth(index).evaluate("(el) => el === document.activeElement"), index
        assert_focus_visible(page, f"filter control {index}")
        if index < controls.count() - 1:
            page.keyboard.press("Tab")

    # Tick a framework, sort by score, and show the results, all from the keyboard.
    framework = filters.get_by_role("group", name="Frameworks").get_by_role("checkbox").first
    tab_to(page, framework, backwards=True)
    page.keyboard.press("Space")
    expect(framework).to_be_checked()
    order = filters.get_by_role("combobox", name="Sort by")
    tab_to(page, order)
    wanted = order.locator("option").evaluate_all("(options) => options.map((o) => o.value)")
    target = "-score" if "-score" in wanted else wanted[-1]
    for _ in range(len(wanted)):
        if order.input_value() == target:
            break
        page.keyboard.press("ArrowDown")
    assert order.input_value() == target
    tab_to(page, filters.get_by_role("button", name="Show trainings"))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "order=" in url)
    query = parse_qs(urlsplit(page.url).query)
    assert query["order"] == [target]
    assert query["framework"]
    expect(page.get_by_role("status")).to_contain_text("found")
