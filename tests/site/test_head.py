"""What a page's <head> tells browsers and search engines: icons, description, canonical."""

import re

import pytest
from django.templatetags.static import static
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from practice_site.models import PracticeSettings, StandardPage
from practice_site.templatetags.practice_tags import meta_description


def head_of(response) -> str:
    return response.content.decode().split("</head>")[0]


def test_favicon_ico_points_to_the_built_in_icon_when_the_practice_has_none(client, home):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("img/favicon-32.png")


def test_favicon_ico_answers_a_head_request_too(client, home):
    assert client.head("/favicon.ico").status_code == 302


def test_pages_link_the_built_in_icons_by_default(client, home):
    head = head_of(client.get("/en/"))
    assert re.search(r'<link rel="icon" href="/static/img/favicon\.svg"', head)
    assert re.search(r'<link rel="apple-touch-icon" href="/static/img/apple-touch-icon\.png"', head)


def test_the_practices_own_icon_is_used_as_favicon_and_touch_icon(client, home, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    practice = PracticeSettings.for_site(Site.objects.get(is_default_site=True))
    practice.icon = Image.objects.create(title="Leaf", file=get_test_image_file(size=(400, 400)))
    practice.save()

    head = head_of(client.get("/en/"))
    tab = re.search(r'<link rel="icon" href="([^"]+)" type="image/png" sizes="32x32">', head)
    touch = re.search(r'<link rel="apple-touch-icon" href="([^"]+)">', head)
    assert tab and touch, head
    assert tab.group(1).startswith("/media/images/") and ".fill-32x32.format-png" in tab.group(1)
    assert ".fill-180x180.format-png" in touch.group(1)
    assert "/static/img/favicon.svg" not in head
    assert client.get("/favicon.ico")["Location"] == tab.group(1)


def test_the_meta_description_is_the_search_description_when_there_is_one(client, home):
    page = StandardPage(
        title="About", slug="about", introduction="Who we are", search_description="Our story."
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    head = head_of(client.get("/en/about/"))
    assert '<meta name="description" content="Our story.">' in head


def test_the_meta_description_falls_back_to_the_pages_introduction(client, home):
    page = StandardPage(title="About", slug="about", introduction="Who we are and how we work.")
    home.add_child(instance=page)
    page.save_revision().publish()
    head = head_of(client.get("/en/about/"))
    assert '<meta name="description" content="Who we are and how we work.">' in head


def test_a_home_page_without_search_description_is_described_by_its_hero_text(client, home):
    home.hero_text = "Unhurried, trauma-informed counselling."
    home.save_revision().publish()
    head = head_of(client.get("/en/"))
    assert '<meta name="description" content="Unhurried, trauma-informed counselling.">' in head


class Described:
    search_description = ""
    summary = ""
    introduction = "<p>An <b>introduction</b> in   rich text, " + "long " * 60 + "</p>"


def test_a_rich_text_introduction_becomes_plain_text_of_a_search_snippets_length():
    text = meta_description(Described())
    assert text.startswith("An introduction in rich text, long")
    assert "<" not in text
    assert len(text.split()) <= 31 and text.endswith("…")


def test_no_page_no_description():
    assert meta_description(None) == ""


@pytest.mark.parametrize("code", ["en", "ar"])
def test_every_page_names_its_canonical_address_and_the_default_language(
    client, translated_home, code
):
    head = head_of(client.get(f"/{code}/"))
    assert f'<link rel="canonical" href="http://testserver/{code}/">' in head
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/en/">' in head
    assert head.count('hreflang="x-default"') == 1


def test_the_canonical_address_leaves_out_the_query_string(client, home):
    head = head_of(client.get("/en/?utm_source=newsletter"))
    assert '<link rel="canonical" href="http://testserver/en/">' in head


def test_search_results_show_each_pages_type_and_a_snippet(client, home):
    page = StandardPage(
        title="Fees and sessions", slug="fees", introduction="Sliding-scale fees for sessions."
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    content = client.get("/en/search/?q=fees").content.decode()
    result = re.search(r'<li class="search-result">(.*?)</li>', content, re.S)
    assert result, content
    assert '<p class="search-result__type">Standard page</p>' in result.group(1)
    assert "Sliding-scale fees for sessions." in result.group(1)


def test_the_search_pages_title_names_the_practice(client, practice_settings):
    content = client.get("/en/search/?q=fees").content.decode()
    assert "<title>Search results for “fees” · Test Practice</title>" in content
