"""Scenario 3: an editor creates a training, assesses it against the checklist and publishes it;
the score badge, the per-item table, the directory's sort order and the comparison reflect it.
"""

import re

import pytest

from .browsing import save_screenshot, sign_in

pytestmark = pytest.mark.e2e

TITLE = "Grounded Care Foundations"
SCORE = re.compile(r"(\d+(?:\.\d+)?)\s*/\s*100")
SUMMARY = "A calm, paced introduction to trauma-informed care for new practitioners."


def evidence_for(number: int) -> str:
    return f"Syllabus, module {number}: covered with practice time"


def create_training_draft(page) -> None:
    """Pages → the English home → the training directory → Add child page; save a draft."""
    from playwright.sync_api import expect

    page.goto("/admin/pages/")
    page.get_by_role("row").filter(has_text="English").get_by_role(
        "link", name=re.compile("^Explore child pages")
    ).click()
    page.get_by_role("row").filter(has_text="Training index page").get_by_role(
        "link", name=re.compile("^Explore child pages")
    ).click()
    page.get_by_role("link", name="Add child page").click()
    page.get_by_role("textbox", name="Title*").fill(TITLE)
    page.get_by_role("textbox", name="Summary*").fill(SUMMARY)
    page.get_by_role("region", name="Frameworks covered").get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status").first).to_contain_text("created")


def assess(page) -> list[str]:
    """Assessments → Add assessment for the training; answer every item with evidence.

    Returns the answers given, in checklist order.
    """
    from playwright.sync_api import expect

    page.get_by_role("button", name="Trainings", exact=True).click()  # the sidebar's one menu
    page.get_by_role("link", name="Assessments", exact=True).click()
    page.get_by_role("link", name="Add assessment").click()
    page.get_by_role("button", name=re.compile("^Choose a page")).click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("textbox", name="Search term").fill(TITLE)
    chooser.get_by_role("link", name=re.compile(TITLE)).first.click()
    expect(page.get_by_role("region", name="Training*")).to_contain_text(TITLE)
    # Reviewers are the people in the "Reviewers" group: take the first one offered.
    page.get_by_role("combobox", name="Reviewer", exact=True).select_option(index=1)
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("status").first).to_contain_text("created")

    # Creating it opens the assessing screen: each question a radio group (with what 0-3 mean
    # for it) and the evidence beside it, every answer "Unknown" until reviewed.
    questions = page.locator("fieldset.assess__question")
    expect(questions.first).to_be_visible()
    count = questions.count()
    assert count >= 5, "the checklist in force has its items"
    expect(page.get_by_text(f"0 of {count} questions answered")).to_be_visible()
    given = []
    for number in range(count):
        question = questions.nth(number)
        label = "3 – central" if number % 3 else "2 – present"
        question.get_by_role("radio", name=re.compile("^" + label)).check()
        question.get_by_role("textbox", name="Evidence", exact=True).fill(evidence_for(number + 1))
        given.append(label)
    expect(page.get_by_text(f"{count} of {count} questions answered")).to_be_visible()
    # A new assessment is a draft, unseen by visitors, until it is published here.
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Published")
    return given


def publish(page) -> None:
    from playwright.sync_api import expect

    page.goto("/admin/pages/search/?q=" + TITLE.replace(" ", "+"))
    page.get_by_role("link", name=TITLE, exact=True).first.click()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status").first).to_contain_text("published")


def card_scores(page) -> list[tuple[str, float | None]]:
    """(title, score) of every training card in the directory, in the order shown."""
    cards = page.get_by_role("article")
    result = []
    for index in range(cards.count()):
        card = cards.nth(index)
        title = card.get_by_role("heading", level=3).inner_text().strip()
        result.append((title, shown_score(card)))
    return result


def shown_score(element) -> float | None:
    """The "NN/100" score shown inside an element (None: not assessed yet)."""
    match = SCORE.search(element.inner_text())
    return float(match.group(1)) if match else None


def test_an_editor_assesses_and_publishes_a_training_and_visitors_see_its_score(
    staff_page, page, live_site
):
    from playwright.sync_api import expect

    index_url = live_site.require("training_index")
    sign_in(staff_page, live_site.admin_username, live_site.admin_password)
    create_training_draft(staff_page)
    given = assess(staff_page)
    page.goto(index_url)
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)  # a draft is not listed
    publish(staff_page)

    # The training page: the score badge and the table of every checklist item.
    page.goto(index_url)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Scored against version")
    score = shown_score(main)
    assert score is not None and 60 <= score <= 100, score
    expect(main).to_contain_text("Strong alignment" if score >= 85 else "Partial alignment")
    table = page.get_by_role("table", name="Every checklist item, the answer and the evidence")
    rows = table.get_by_role("row")
    expect(rows).to_have_count(len(given) + 1)  # and the header row
    for number, label in enumerate(given, start=1):
        row = rows.nth(number)
        expect(row).to_contain_text(label.split(" – ")[1])
        expect(row).to_contain_text(evidence_for(number))
    save_screenshot(page, "training-with-score", full_page=True)

    # The directory sorted by score, highest first, places it among the others by its score.
    page.goto(index_url)
    filters = page.get_by_role("form", name="Filter trainings")
    order = filters.get_by_role("combobox", name="Sort by")
    order.select_option(value="-score")
    filters.get_by_role("button", name="Show trainings").click()
    # Wait for the sorted directory before reading its cards (count() does not wait).
    expect(page).to_have_url(re.compile(r"order=-score"))
    expect(page.get_by_role("article").first).to_be_visible()
    shown = card_scores(page)
    assert (TITLE, score) in shown
    scored = [value for _title, value in shown if value is not None]
    assert scored == sorted(scored, reverse=True), shown
    position = [title for title, _value in shown].index(TITLE)
    higher = sum(1 for _title, value in shown if value is not None and value > score)
    tied = sum(1 for _title, value in shown if value == score)
    assert higher <= position < higher + tied, shown

    # The comparison view shows it beside another training.
    other_title = next(title for title, _value in shown if title != TITLE)
    for title in (TITLE, other_title):
        card = page.get_by_role("article").filter(has=page.get_by_role("link", name=title))
        card.get_by_role("checkbox", name="Compare").check()
    page.get_by_role("button", name=re.compile("^Compare selected")).click()
    comparison = page.get_by_role("table", name=re.compile("trainings side by side"))
    expect(comparison.get_by_role("columnheader", name=TITLE)).to_be_visible()
    expect(comparison.get_by_role("columnheader", name=other_title)).to_be_visible()
    expect(comparison.get_by_role("row", name=re.compile("^Score"))).to_contain_text(
        f"{score:.0f}/100"
    )
    save_screenshot(page, "comparison", full_page=True)
