"""Scenario 4: translators translate a post in wagtail-localize's editor and publish it; a visitor
reaches each translation through the language switcher, and the Arabic one reads right to left.
"""

import re

import pytest

from .accessibility import axe_violations, describe_violations
from .browsing import save_screenshot, sign_in

pytestmark = pytest.mark.e2e

SOURCE = {
    "slug": "resting-between-sessions",
    "title": "Resting between sessions",
    "summary": "Small ways to let the week settle after therapy.",
    "paragraph": "After a session, give yourself a few quiet minutes before you return to the day.",
}
TRANSLATIONS = {
    "es": {
        "name": "Spanish",
        SOURCE["slug"]: "descansar-entre-sesiones",
        SOURCE["title"]: "Descansar entre sesiones",
        SOURCE[
            "summary"
        ]: "Pequeñas maneras de dejar que la semana se asiente después de la terapia.",
        SOURCE["paragraph"]: (
            "Después de una sesión, regálate unos minutos de calma antes de volver al día."
        ),
    },
    "ar": {
        "name": "Arabic",
        SOURCE["slug"]: "الراحة-بين-الجلسات",
        SOURCE["title"]: "الراحة بين الجلسات",
        SOURCE["summary"]: "طرق صغيرة لتهدأ أيامك بعد جلسة العلاج.",
        SOURCE["paragraph"]: "بعد الجلسة، امنح نفسك بضع دقائق هادئة قبل أن تعود إلى يومك.",
    },
}


def translate_in_wagtail_localize(page, live_site, language: str, title: str) -> None:
    """As ``translator-<language>``: find the post in the Translation status report, submit it
    for translation, translate every segment in wagtail-localize's editor and publish."""
    from playwright.sync_api import expect

    texts = TRANSLATIONS[language]
    sign_in(page, f"translator-{language}", live_site.translator_password)
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Translation status", exact=True).click()
    # What is still missing in the translator's language, pages only.
    filters = page.get_by_role("form", name="Filter translations")
    filters.get_by_role("combobox", name="Status").select_option(label="Not translated")
    filters.get_by_role("combobox", name="Language").select_option(label=texts["name"])
    filters.get_by_role("combobox", name="Kind").select_option(label="Pages")
    filters.get_by_role("button", name="Filter").click()
    page.get_by_role("row", name=re.compile(f"^{re.escape(title)}")).get_by_role(
        "link", name="Translate", exact=True
    ).click()
    # The translator's team may translate into its own language only.
    expect(page.get_by_role("checkbox", name=texts["name"])).to_be_visible()
    page.get_by_role("checkbox", name=texts["name"]).check()
    page.get_by_role("button", name="Submit").click()
    expect(
        page.get_by_role("heading", name=re.compile(f"to {texts['name']} translation"))
    ).to_be_visible()

    editor = page.get_by_role("main")
    translated = []
    for tab in ("Content", "Promote"):
        editor.get_by_role("tab", name=tab).click()
        panel = editor.get_by_role("tabpanel", name=tab)
        while panel.get_by_role("button", name="Translate", exact=True).count():
            panel.get_by_role("button", name="Translate", exact=True).first.click()
            box = panel.get_by_role("textbox").first
            source = box.evaluate(
                "(box) => box.closest('li').querySelector('p').textContent.trim()"
            )
            assert source in texts, f"unexpected segment to translate: {source!r}"
            box.fill(texts[source])
            panel.get_by_role("button", name="Save", exact=True).click()
            expect(panel.get_by_text(texts[source], exact=True)).to_be_visible()
            translated.append(source)
    assert sorted(translated) == sorted(SOURCE.values())

    page.get_by_role("button", name=f"Publish in {texts['name']}").click()
    status = page.get_by_role("status").first
    expect(status).to_contain_text(re.compile("published", re.I))
    assert "missing" not in status.inner_text()


def test_translators_publish_a_post_that_visitors_reach_through_the_language_switcher(
    open_context, page, live_site
):
    from playwright.sync_api import expect

    live_site.require("post")
    post = live_site.demo_data("new-post", *SOURCE.values())
    for language in ("es", "ar"):
        translator = open_context().new_page()
        translate_in_wagtail_localize(translator, live_site, language, SOURCE["title"])

    page.goto(post["url"])
    expect(page.get_by_role("heading", level=1)).to_have_text(SOURCE["title"])
    switcher = page.get_by_role("navigation", name="Language")

    switcher.locator('a[hreflang="es"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TRANSLATIONS["es"][SOURCE["title"]])
    assert page.url.startswith(f"{live_site.url}/es/")
    assert page.locator("html").get_attribute("lang") == "es"
    expect(page.get_by_text(TRANSLATIONS["es"][SOURCE["paragraph"]])).to_be_visible()

    page.get_by_role("navigation", name=re.compile(".")).locator('a[hreflang="ar"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TRANSLATIONS["ar"][SOURCE["title"]])
    assert page.url.startswith(f"{live_site.url}/ar/")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    expect(page.get_by_text(TRANSLATIONS["ar"][SOURCE["paragraph"]])).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    save_screenshot(page, "arabic-post", full_page=True)
