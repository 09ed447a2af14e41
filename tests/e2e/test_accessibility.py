"""axe-core's WCAG 2.0/2.1/2.2 A and AA rules on every public page type, in every language."""

import pytest

from .accessibility import axe_violations, describe_violations

pytestmark = pytest.mark.e2e

LANGUAGES = ["en", "es", "fr", "ar"]
PAGE_TYPES = [
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
EXPECTED_STATUS = {"not_found": 404}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_every_public_page_type_has_no_wcag_violations_in_every_language(
    page, live_site, kind, language
):
    url = live_site.require(kind, language)
    response = page.goto(url)
    assert response.status == EXPECTED_STATUS.get(kind, 200), url
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    violations = axe_violations(page)
    assert violations == [] or not describe_violations(violations), (
        f"{url}\n{describe_violations(violations)}"
    )
