"""The comment moderation screens as a moderator sees them, in every admin language (Arabic
right to left) at phone and desktop widths: names in the comments list wrap between words, never
inside one ("Keyboa rd Kim"); each comment shows its post, date and thread; the commenter's
email address is shown nowhere."""

from __future__ import annotations

import re

import pytest

from .browsing import save_screenshot, sign_in

pytestmark = pytest.mark.e2e

WIDTHS = (360, 1280)
NAMES = ("Keyboard Kim", "Marie-Christine Delacroix-Beaumont")

# Every word of the element's text (a hyphen may end a line) must sit on one line: its text
# range has client rectangles on one line only.
BROKEN_WORDS = """(element) => {
    const broken = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        for (const match of node.data.matchAll(/[^\\s-]+/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const tops = new Set([...range.getClientRects()]
                .filter((rect) => rect.width > 0)
                .map((rect) => Math.round(rect.top)));
            if (tops.size > 1) broken.push(match[0]);
        }
    }
    return broken;
}"""

# The element stays inside the viewport and holds its content without clipping it.
OVERFLOWS = """(element) => {
    const box = element.getBoundingClientRect();
    const viewport = document.documentElement.clientWidth;
    const problems = [];
    if (box.left < -1 || box.right > viewport + 1) {
        problems.push(`reaches ${Math.round(box.left)}..${Math.round(box.right)}px`);
    }
    if (element.scrollWidth > element.clientWidth + 1) {
        problems.push(`holds ${element.scrollWidth}px in ${element.clientWidth}px`);
    }
    return problems;
}"""


@pytest.mark.parametrize("language", ["en", "es", "fr", "ar"])
def test_a_moderator_reads_each_comment_with_its_context_in_every_language_and_width(
    open_context, live_site, language
):
    threads = [
        live_site.demo_data("comment-thread", language, name, f"Comment by {name} ({language}).")
        for name in NAMES
    ]
    context = open_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_site.admin_username, live_site.admin_password)
    # The admin speaks the language the browser asks for (the demo admin chose none).
    context.add_cookies([{"name": "django_language", "value": language, "url": live_site.url}])

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/admin/snippets/practice_blog/comment/?q=Comment+by&locale=&status=")
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        cells = page.locator("td.blog-comment-name")
        for name in NAMES:
            cell = cells.filter(has_text=name).first
            cell.scroll_into_view_if_needed()
            assert cell.evaluate(BROKEN_WORDS) == [], f"{name} at {width}px in {language}"
            excerpt = page.locator("td.blog-comment-excerpt").filter(has_text=name).first
            assert excerpt.evaluate(BROKEN_WORDS) == [], f"{name}'s comment at {width}px"
        assert "visitor-e2e@example.org" not in page.content()
        save_screenshot(page, f"admin-comments-{language}-{width}")
        if width == WIDTHS[0] and language == "en":
            # The check itself sees a name broken inside a word (the bug it guards against).
            cell = cells.filter(has_text=NAMES[0]).first
            cell.evaluate(
                "(cell) => { cell.style.wordBreak = 'break-all'; cell.style.width = '3rem';"
                " cell.style.minInlineSize = '0'; cell.style.display = 'block'; }"
            )
            assert "Keyboard" in cell.evaluate(BROKEN_WORDS)

        # The practice's replies say which comment they answer, with a link to it.
        page.goto("/admin/snippets/practice_blog/comment/?q=Thank+you+for+writing")
        answering = page.locator("td").get_by_role(
            "link", name=re.compile(f"{NAMES[0]}|{NAMES[1]}")
        )
        assert answering.count() >= len(NAMES)
        assert "visitor-e2e@example.org" not in page.content()

        page.goto(f"/admin/snippets/practice_blog/comment/edit/{threads[0]['reply']}/")
        panel = page.locator(".blog-comment-context")
        panel.wait_for()
        assert threads[0]["post_title"] in panel.inner_text()
        assert panel.locator("dl time").count() == 1  # when this comment was written
        thread = panel.locator("ol li")
        assert thread.count() == 2
        assert thread.locator("time").count() == 2  # and each comment of the thread
        assert thread.nth(1).get_attribute("aria-current") == "true"
        assert thread.first.get_by_role("link", name="Keyboard Kim").count() == 1
        assert panel.evaluate(OVERFLOWS) == [], f"the comment's context at {width}px"
        assert "visitor-e2e@example.org" not in page.content()
        save_screenshot(page, f"admin-comment-{language}-{width}")


@pytest.mark.parametrize("language", ["en", "es", "fr", "ar"])
def test_the_owner_reaches_each_languages_practice_details_from_the_practice_settings(
    open_context, live_site, language
):
    context = open_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_site.admin_username, live_site.admin_password)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_site.url}])
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/admin/settings/practice_site/practicesettings/")
        panel = page.locator(".practice-details-links")
        panel.wait_for()
        assert page.locator("html").get_attribute("lang") == language
        assert panel.locator("li").count() == 4  # one line per language
        assert panel.evaluate(OVERFLOWS) == [], f"the languages' details at {width}px"
        assert panel.evaluate(BROKEN_WORDS) == [], f"the languages' details at {width}px"
        save_screenshot(page, f"admin-practice-settings-{language}-{width}")
    # The Spanish line opens the Spanish details' own screen.
    panel.locator("li").nth(1).get_by_role("link").click()
    page.wait_for_url(re.compile(r"/admin/snippets/practice_site/practicedetails/(edit/\d+|add)/"))
    assert page.locator("form").count() >= 1
