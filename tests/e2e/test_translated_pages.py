"""Issue 17 item 6: everything a visitor reads on a translated page is translated, or visibly
marked as not yet translated (inside an element carrying the source's ``lang``, followed by the
"not yet translated" mark). Checked on the demo's post and training in Spanish, French and Arabic
against their English originals: tags, share labels, image descriptions, evidence notes and the
provider's accreditation.
"""

import pytest

pytestmark = pytest.mark.e2e

LANGUAGES = ["es", "fr", "ar"]

# What a visitor reads in each part, in document order: {"part": [{"text", "lang", "marked"}]}.
COLLECT = """() => {
    const own = document.documentElement.lang;
    const item = (el, text) => {
        const inner = el.querySelector('[lang]');
        const marked = Boolean(inner && inner.lang !== own && el.querySelector('.untranslated'));
        return {text: (text ?? el.innerText).trim(), lang: marked ? inner.lang : own, marked};
    };
    const parts = {tags: [], share: [], alt: [], evidence: [], accreditation: []};
    document.querySelectorAll('a[rel=tag]').forEach((el) => parts.tags.push(item(el)));
    document.querySelectorAll('.share-links a').forEach((el) => parts.share.push(item(el)));
    document.querySelectorAll('main img[alt]').forEach((el) => {
        if (el.alt.trim()) {
            const scope = el.closest('[lang]');
            parts.alt.push({text: el.alt.trim(), lang: scope ? scope.lang : own,
                            marked: Boolean(scope && scope.lang !== own)});
        }
    });
    document.querySelectorAll('.scorecard__items tbody td:last-child').forEach((el) => {
        if (el.innerText.trim()) parts.evidence.push(item(el));
    });
    const provider = document.querySelector('.training__facts dd');
    if (provider && provider.innerText.includes('(')) {
        const text = provider.innerText;
        parts.accreditation.push(item(provider, text.slice(text.indexOf('(') + 1)));
    }
    return parts;
}"""


def _english_url(page):
    return page.locator('link[rel=alternate][hreflang="en"]').get_attribute("href")


@pytest.mark.parametrize("kind", ["post", "training"])
def test_a_translated_page_shows_nothing_in_english_unmarked(page, live_site, kind):
    checked = 0
    for language in LANGUAGES:
        url = live_site.require(kind, language)
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language, (url, page.url)
        if page.locator("main[lang]").count():
            continue  # not translated yet: the whole page is the marked source (issue 16 item 1)
        translated = page.evaluate(COLLECT)
        english_url = _english_url(page)
        assert english_url, f"{url}: no English alternate"
        page.goto(english_url)
        original = page.evaluate(COLLECT)
        for part, items in translated.items():
            english = original[part]
            assert len(items) == len(english), (url, part, items, english)
            for shown, source in zip(items, english, strict=True):
                checked += 1
                if shown["marked"]:
                    # Marked: in the source's language, so screen readers pronounce it right.
                    assert shown["lang"] == "en", (url, part, shown)
                else:
                    assert shown["text"] != source["text"], (
                        f"{url}: {part} {shown['text']!r} is the English text, unmarked"
                    )
    assert checked, f"the demo's {kind} pages showed nothing to check"


def test_the_demo_translates_its_tags_and_evidence_in_every_language(page, live_site):
    """The demo itself is finished: its tags and evidence notes are translated, not just marked."""
    for language in LANGUAGES:
        for kind, part in (("post", "tags"), ("training", "evidence")):
            page.goto(live_site.require(kind, language))
            items = page.evaluate(COLLECT)[part]
            assert items, f"{kind} in {language}: no {part} on the demo page"
            assert not [item for item in items if item["marked"]], (kind, language, items)
