"""Every public page type, in every language, at phone, tablet and desktop widths.

Each page is loaded once per language at 1280 px (where the directory's filters unfold), checked,
then narrowed to 768 and 360 px and checked again: media queries and container queries apply on
resize, so one load covers the three widths. A page fails on horizontal overflow, text clipped by
or spilling out of its box, a console error, a failed request or a missing ``lang``/``dir``.
"""

import re

import pytest
from playwright.sync_api import expect

from .layout import layout_problems
from .test_accessibility import EXPECTED_STATUS, LANGUAGES, PAGE_TYPES

pytestmark = pytest.mark.e2e

WIDTHS = (1280, 768, 360)
HEIGHT = 800


def watch(page, live_site):
    """Collect console errors, uncaught exceptions and failed or refused requests of the page."""
    problems = []

    def on_console(message):
        # A failed load is reported below with its URL and type (the 404 page's own document
        # is expected); the console's copy of it says neither.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status}: {response.url}")

    page.on("response", on_response)
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_type_holds_its_layout_at_every_width(open_context, live_site, language):
    page = open_context(viewport={"width": WIDTHS[0], "height": HEIGHT}).new_page()
    problems = watch(page, live_site)
    report = []
    checked = 0
    for kind in PAGE_TYPES:
        url = live_site.page_url(kind, language)
        if url is None:
            continue
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        response = page.goto(url)
        assert response.status == EXPECTED_STATUS.get(kind, 200), url
        html = page.locator("html")
        assert html.get_attribute("lang") == language, url
        assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr"), url
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            found = layout_problems(page)
            report.extend(f"{kind} at {width}px: {problem}" for problem in found[:6])
            checked += 1
        page.wait_for_load_state("load")
        report.extend(f"{kind}: {problem}" for problem in problems)
        problems.clear()
    assert checked >= 3 * len(WIDTHS), "the demo has too few page types to check"
    assert report == [], "\n".join(report)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_quote_in_a_trainings_description_holds_its_layout_at_every_width(
    open_context, live_site, language
):
    """Training descriptions use the shared quote block: the demo's "Rooted Bodies" has one in
    every language (Arabic right to left); it is shown, and nothing overflows or is clipped."""
    page = open_context(viewport={"width": WIDTHS[0], "height": HEIGHT}).new_page()
    page.goto(live_site.require("training_with_quote", language))
    quote = page.locator("figure.quote blockquote").first
    expect(quote).to_be_visible()
    assert quote.inner_text().strip() != ""
    report = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        quote.scroll_into_view_if_needed()
        box = quote.bounding_box()
        if box["x"] < 0 or box["x"] + box["width"] > width:
            report.append(f"the quote at {width}px reaches {box['x']}..{box['x'] + box['width']}")
        report.extend(f"{width}px: {problem}" for problem in layout_problems(page))
    assert report == [], "\n".join(report)


def test_the_overflow_check_sees_a_page_wider_than_the_phone(open_context, live_site):
    """The layout check is not vacuous: a box wider than the viewport is reported."""
    page = open_context(viewport={"width": 360, "height": HEIGHT}).new_page()
    page.goto(live_site.require("home"))
    assert layout_problems(page) == []
    page.evaluate(
        "() => { const box = document.createElement('p'); box.textContent = 'x'.repeat(30);"
        " box.style.inlineSize = '900px'; document.querySelector('main').append(box); }"
    )
    found = layout_problems(page)
    assert any("wide in a 360px viewport" in problem for problem in found), found


def test_on_a_phone_the_directory_shows_trainings_first_with_the_filters_folded(
    open_context, live_site
):
    page = open_context(viewport={"width": 360, "height": HEIGHT}).new_page()
    page.goto(live_site.require("training_index", "es"))
    filters = page.locator("details.training-filters")
    assert filters.get_attribute("open") is None
    # The first training card starts within the first screen and a half.
    first_card = page.get_by_role("article").first
    assert first_card.bounding_box()["y"] < 1.5 * HEIGHT
    # The filters open with the keyboard, and their form is the one named "Filter trainings".
    filters.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("form", name=re.compile("Filtrar formaciones"))).to_be_visible()
    assert layout_problems(page) == []


def test_on_a_phone_the_checklist_table_becomes_stacked_rows_with_their_labels(
    open_context, live_site
):
    page = open_context(viewport={"width": 360, "height": HEIGHT}).new_page()
    page.goto(live_site.require("training", "fr"))
    table = page.locator("table.scorecard__items")
    if table.count() == 0:
        pytest.skip("the demo's French training has no scorecard")
    cell = table.locator("tbody td[data-label]").first
    assert cell.evaluate("(td) => getComputedStyle(td).display") == "block"
    label = cell.evaluate("(td) => getComputedStyle(td, '::before').content")
    assert label.strip('"') == cell.get_attribute("data-label") != ""
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360


def test_the_comparison_scrolls_inside_its_own_region_not_the_page(open_context, live_site):
    page = open_context(viewport={"width": 360, "height": HEIGHT}).new_page()
    page.goto(live_site.require("comparison", "es"))
    region = page.locator(".table-scroll").first
    sizes = region.evaluate("(el) => ({inner: el.scrollWidth, outer: el.clientWidth})")
    assert sizes["inner"] > sizes["outer"], "four trainings side by side are wider than a phone"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert region.get_attribute("tabindex") == "0"  # scrollable by keyboard too
