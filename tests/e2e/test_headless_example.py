"""Scenario 5: the example headless front end lists posts and rates one through the API.

Runs once ``examples/headless/`` exists. The example is served by the test server under
``/e2e-headless/`` (same origin as the API) and opened as
``/e2e-headless/index.html?api=<site origin>``. What this test expects of it, by role and name:
a link per blog post (its title); on a post, radio buttons named "1 star" … "5 stars", a button
"Rate this post" and a summary "<average> out of 5 · <count> ratings" that counts the new rating.
"""

import re

import pytest

from .accessibility import axe_violations, describe_violations
from .live_site import PROJECT_DIR

pytestmark = pytest.mark.e2e

HEADLESS_EXAMPLE = PROJECT_DIR / "examples" / "headless"
COUNT = re.compile(r"(\d+) ratings?")


@pytest.mark.skipif(not HEADLESS_EXAMPLE.is_dir(), reason="examples/headless not present yet")
def test_the_headless_example_lists_posts_and_rates_one_through_the_api(page, live_site):
    from playwright.sync_api import expect

    listing = page.request.get(
        f"{live_site.url}/api/v3/pages/?type=practice_blog.BlogPostPage&locale=en&limit=20"
    )
    assert listing.ok, listing.status
    titles = [item["title"] for item in listing.json()["items"]]
    assert titles, "the demo has blog posts"

    page.goto(f"{live_site.url}/e2e-headless/index.html?api={live_site.url}")
    for title in titles[:3]:
        expect(page.get_by_role("link", name=title)).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)

    page.get_by_role("link", name=titles[0]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(titles[0])
    rating = page.get_by_role("region", name="Rating")
    summary = rating.get_by_text(re.compile(r"out of 5|No ratings yet"))
    expect(summary).to_be_visible()
    match = COUNT.search(summary.inner_text())
    before = int(match.group(1)) if match else 0
    rating.get_by_role("radio", name="4 stars").check()
    rating.get_by_role("button", name="Rate this post").click()
    expect(summary).to_contain_text(f"{before + 1} rating")
