"""Scenario 1: a visitor reads a post and rates it with the keyboard only, then changes the rating.

Once with JavaScript (the widget sends the rating to the API and updates the summary in place)
and once without (the plain form posts to the page and comes back to the rating section).
"""

import re

import pytest

from .accessibility import focus_indicator
from .browsing import tab_to

pytestmark = pytest.mark.e2e

SUMMARY = re.compile(r"([\d.]+) out of 5 · (\d+) ratings?")


def rating_summary(region) -> tuple[float, int]:
    """(average, count) as the post's rating summary shows them; (0, 0) before any rating."""
    text = region.locator("[aria-live]").first.inner_text()
    match = SUMMARY.search(text)
    if match is None:
        assert "No ratings yet" in text, text
        return 0.0, 0
    return float(match.group(1)), int(match.group(2))


def star_totals(region) -> tuple[int, int]:
    """(total stars, number of ratings) from the distribution the section lists."""
    terms = region.get_by_role("term").all_inner_texts()
    counts = region.get_by_role("definition").all_inner_texts()
    total = count = 0
    for term, shown in zip(terms, counts, strict=True):
        stars = int(re.search(r"\d", term).group())
        how_many = int(shown.split()[-1])
        total += stars * how_many
        count += how_many
    return total, count


def expected_summary(totals: tuple[int, int], stars: int) -> tuple[float, int]:
    """The summary after one more rating of ``stars`` on top of ``totals``."""
    total, count = totals
    return (total + stars) / (count + 1), count + 1


def choose_stars_by_keyboard(page, group, stars: int) -> None:
    """Tab into the star group, move to ``stars`` with the arrow keys; focus must be visible."""
    tab_to(page, group)
    indicator = focus_indicator(page)
    assert indicator is not None and indicator.visible, indicator
    # Arrow keys move the selection within a radio group (Down/Up in any writing direction).
    checked = page.evaluate("() => document.activeElement.checked")
    if not checked:
        page.keyboard.press("Space")
    current = int(page.evaluate("() => document.activeElement.value"))
    for _ in range(abs(stars - current)):
        page.keyboard.press("ArrowDown" if stars > current else "ArrowUp")
    assert group.get_by_role("radio", checked=True).get_attribute("value") == str(stars)


def submit_by_keyboard(page, button) -> None:
    tab_to(page, button)
    indicator = focus_indicator(page)
    assert indicator is not None and indicator.visible, indicator
    page.keyboard.press("Enter")


def assert_summary(region, expected: tuple[float, int]) -> None:
    average, count = expected
    shown_average, shown_count = rating_summary(region)
    assert shown_count == count
    assert abs(shown_average - average) <= 0.051, (shown_average, average)
    assert star_totals(region)[1] == count, "the distribution counts the rating too"


def test_a_visitor_rates_a_post_by_keyboard_and_changes_the_rating_with_javascript(page, live_site):
    from playwright.sync_api import expect

    page.goto(live_site.require("post"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.locator("article p").count() > 0
    region = page.get_by_role("region", name="Ratings")
    group = region.get_by_role("group", name="Your rating")
    totals = star_totals(region)
    assert totals[1] == rating_summary(region)[1]

    choose_stars_by_keyboard(page, group, 4)
    submit_by_keyboard(page, region.get_by_role("button", name="Add a rating"))
    expect(region.get_by_text("Your rating: 4 stars")).to_be_visible()
    assert_summary(region, expected_summary(totals, 4))
    assert page.url.startswith(live_site.require("post")), "the widget must not leave the page"

    choose_stars_by_keyboard(page, group, 2)
    submit_by_keyboard(page, region.get_by_role("button", name=re.compile("rating$")))
    expect(region.get_by_text("Your rating: 2 stars")).to_be_visible()
    # The same visitor changed their rating: still one more rating than before, not two.
    assert_summary(region, expected_summary(totals, 2))

    page.reload()
    assert_summary(region, expected_summary(totals, 2))
    expect(group.get_by_role("radio", name="2 stars")).to_be_checked()


def test_a_visitor_without_javascript_rates_and_changes_the_rating_through_the_plain_form(
    no_script_page, live_site
):
    from playwright.sync_api import expect

    page = no_script_page
    page.goto(live_site.require("post"))
    region = page.get_by_role("region", name="Ratings")
    group = region.get_by_role("group", name="Your rating")
    totals = star_totals(region)
    assert totals[1] == rating_summary(region)[1]

    choose_stars_by_keyboard(page, group, 5)
    submit_by_keyboard(page, region.get_by_role("button", name="Add a rating"))
    page.wait_for_load_state()
    # Back on the post, a confirmation says the rating was saved.
    expect(region.get_by_role("status")).to_contain_text("Thank you: you rated this post 5 stars.")
    expect(region.get_by_text("Your rating: 5 stars")).to_be_visible()
    assert_summary(region, expected_summary(totals, 5))
    expect(region.get_by_role("button", name="Change my rating")).to_be_visible()

    choose_stars_by_keyboard(page, group, 3)
    submit_by_keyboard(page, region.get_by_role("button", name="Change my rating"))
    page.wait_for_load_state()
    expect(region.get_by_text("Your rating: 3 stars")).to_be_visible()
    assert_summary(region, expected_summary(totals, 3))
    expect(group.get_by_role("radio", name="3 stars")).to_be_checked()
