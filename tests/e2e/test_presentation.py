"""Trauma-informed presentation: no unwanted motion, calm type, notes first, no trackers."""

import re

import pytest

from .live_site import PROJECT_DIR

pytestmark = pytest.mark.e2e

PUBLIC_PAGE_TYPES = [
    "home",
    "standard",
    "blog_index",
    "post",
    "training_index",
    "training",
    "comparison",
    "methodology",
    "search",
    "not_found",
]

# The longest transition or animation any element may still have with reduced motion (seconds).
MOTION_SCRIPT = """() => {
    const seconds = (value) => Math.max(0, ...value.split(',').map((part) => {
        part = part.trim();
        return part.endsWith('ms') ? parseFloat(part) / 1000 : parseFloat(part) || 0;
    }));
    const moving = [];
    for (const el of document.querySelectorAll('*')) {
        for (const pseudo of [null, '::before', '::after']) {
            const style = getComputedStyle(el, pseudo);
            const transition = seconds(style.transitionDuration);
            const animated = style.animationName !== 'none'
                && seconds(style.animationDuration) > 0.01;
            if (transition > 0.01 || animated) {
                moving.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
                    + (pseudo || '') + ' transition ' + style.transitionDuration
                    + ' animation ' + style.animationName + ' ' + style.animationDuration);
            }
        }
    }
    const running = document.getAnimations().filter((a) => a.playState === 'running'
        && (a.effect?.getTiming().duration || 0) > 10);
    return {moving, running: running.length};
}"""


def present_pages(live_site, languages=("en",)):
    pages = []
    for kind in PUBLIC_PAGE_TYPES:
        for language in languages:
            url = live_site.page_url(kind, language)
            if url:
                pages.append(url)
    return pages


def test_nothing_moves_or_plays_by_itself_when_the_visitor_prefers_reduced_motion(
    open_context, live_site
):
    page = open_context(reduced_motion="reduce").new_page()
    for url in present_pages(live_site):
        page.goto(url)
        # Focus and hover the interactive elements too: transitions usually start there.
        for element in page.locator("a, button, input, select, textarea").all()[:25]:
            box = element.bounding_box()
            if box and box["y"] >= 0 and box["y"] + box["height"] <= 900:
                page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        for _ in range(10):
            page.keyboard.press("Tab")
        result = page.evaluate(MOTION_SCRIPT)
        assert result == {"moving": [], "running": 0}, url
        assert page.locator("video[autoplay], audio[autoplay], marquee, blink").count() == 0, url


def test_a_visitors_browser_asks_only_the_practices_own_server_for_anything(
    open_context, live_site
):
    context = open_context()
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    # (Every other browser test's tab is guarded the same way: see conftest.py.)
    for url in present_pages(live_site, languages=("en", "ar")):
        page.goto(url)
    assert context.request_guard.foreign == []
    assert requested, "no request was recorded"
    assert all(url.startswith(f"{live_site.url}/") or url.startswith("data:") for url in requested)
    # Nothing on a page points a browser elsewhere for scripts, styles, fonts, frames or images.
    for url in present_pages(live_site):
        page.goto(url)
        sources = page.eval_on_selector_all(
            "script[src], link[rel~=stylesheet], link[rel~=preload], link[rel~=preconnect], "
            "link[rel~=dns-prefetch], img[src], iframe[src], source[src], video[src], audio[src]",
            "elements => elements.map(e => e.src || e.href)",
        )
        foreign = [src for src in sources if not src.startswith((live_site.url, "data:"))]
        assert foreign == [], url


def test_text_is_set_in_a_calm_readable_size_with_generous_line_spacing(page, live_site):
    for url in present_pages(live_site, languages=("en", "ar")):
        page.goto(url)
        body = page.evaluate(
            "() => { const s = getComputedStyle(document.body);"
            " return {size: parseFloat(s.fontSize), line: parseFloat(s.lineHeight)}; }"
        )
        assert body["size"] >= 16, url
        assert body["line"] >= 1.5 * body["size"], url
        # Long text is kept to a readable measure (about 80 characters at most).
        widest = page.evaluate(
            "() => Math.max(0, ...[...document.querySelectorAll('main p')]"
            ".filter(p => p.textContent.trim().length > 200)"
            ".map(p => p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize)))"
        )
        assert widest <= 45, f"{url}: paragraphs {widest:.0f} em wide"


def test_a_posts_content_note_comes_before_its_body(page, live_site):
    url = live_site.require("post_with_content_note")
    page.goto(url)
    note = page.get_by_role("complementary", name=re.compile("content note", re.I))
    assert note.is_visible()
    # Every paragraph of the article's body (outside its header and the note) follows the note.
    body_after_note = note.evaluate(
        """(note) => [...note.closest('article').querySelectorAll('p')]
            .filter((p) => !p.closest('header, aside'))
            .every((p) => note.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING)"""
    )
    assert body_after_note, "the content note must be read before the post's body"


def test_every_page_title_names_the_page_once_then_the_practice(page, live_site):
    for url in present_pages(live_site, languages=("en", "ar")):
        page.goto(url)
        title = page.title()
        parts = [part.strip() for part in title.split("·")]
        assert all(parts), url
        assert len(parts) == len(set(parts)), f"{url}: {title!r} repeats itself"


def test_the_motion_check_sees_the_star_animation_when_motion_is_welcome(open_context, live_site):
    """The reduced-motion test above is not vacuous: without the preference, motion is found."""
    page = open_context(reduced_motion="no-preference").new_page()
    page.goto(live_site.require("post"))
    assert page.evaluate(MOTION_SCRIPT)["moving"], "the star input animates by default"


# A physical direction in a stylesheet would not mirror for right-to-left languages.
PHYSICAL_PROPERTY = re.compile(
    r"(?:margin|padding|border|inset)-(?:left|right)\b"
    r"|(?<![-\w])(?:left|right)\s*:"
    r"|(?:text-align|float|clear)\s*:\s*(?:left|right)\b"
)


# The project's own static folders: the site's and each first-party app's. Never the collected
# STATIC_ROOT (var/static/), which also holds third-party CSS (Swagger UI, the Wagtail admin).
OWN_STATIC_DIRS = ("static", "site/static", "core/static", "blog/static", "trainings/static")


def project_stylesheets():
    return sorted(
        path for folder in OWN_STATIC_DIRS for path in (PROJECT_DIR / folder).glob("**/*.css")
    )


def test_the_stylesheet_check_reads_the_projects_own_stylesheets_only():
    stylesheets = project_stylesheets()
    assert PROJECT_DIR / "static" / "css" / "site.css" in stylesheets
    assert all(not path.is_relative_to(PROJECT_DIR / "var") for path in stylesheets)
    assert all(not path.is_relative_to(PROJECT_DIR / ".venv") for path in stylesheets)


def test_the_sites_stylesheets_use_logical_properties_only_so_arabic_mirrors():
    stylesheets = project_stylesheets()
    assert stylesheets
    found = []
    for path in stylesheets:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if PHYSICAL_PROPERTY.search(line):
                found.append(f"{path.relative_to(PROJECT_DIR)}:{number}: {line.strip()}")
    assert found == []
