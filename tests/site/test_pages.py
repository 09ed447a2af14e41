import datetime
import re

import pytest
from wagtail.models import Page

from practice_site.models import StandardPage


@pytest.fixture
def about(home):
    page = StandardPage(
        title="About us", slug="about", introduction="Who we are", show_in_menus=True
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_root_redirects_to_the_visitors_language(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_root_redirects_to_english_by_default(client, home):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


@pytest.mark.parametrize("code", ["en", "es", "fr", "ar"])
def test_every_locale_serves_its_home_page(client, translated_home, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    assert response.context["page"].pk == translated_home[code].pk
    assert f'<html lang="{code}"' in response.content.decode()


def test_arabic_pages_are_right_to_left(client, translated_home):
    content = client.get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in content


def test_footer_shows_social_links_address_and_copyright(client, practice_settings):
    content = client.get("/en/").content.decode()
    assert 'href="https://instagram.com/practice.example"' in content
    assert 'href="https://x.com/practice.example"' in content
    assert '<span dir="auto">8 The Green</span><br><span dir="auto">Dover, DE 19901</span>' in (
        content
    )
    assert f"© {datetime.date.today().year} Test Practice LLC" in content


def test_header_has_skip_link_menu_and_language_switcher(client, translated_home, about):
    content = client.get("/en/about/").content.decode()
    assert 'href="#main"' in content
    assert '<a href="/en/about/" aria-current="page">About us</a>' in content
    assert 'hreflang="es"' in content


def test_language_switcher_falls_back_to_the_home_page_without_a_translation(
    client, translated_home, about
):
    response = client.get("/en/about/")
    links = {link["code"]: link for link in response.context["languages"]}
    assert links["en"]["url"] == "/en/about/"
    assert links["es"]["url"] == "/es/"
    assert links["es"]["is_translation"] is False


def test_language_switcher_links_to_the_translation_when_it_exists(
    client, translated_home, about, locales
):
    spanish = about.copy_for_translation(locales["es"])
    spanish.save_revision().publish()
    response = client.get("/en/about/")
    links = {link["code"]: link for link in response.context["languages"]}
    assert links["es"]["url"] == "/es/about/"
    assert '<link rel="alternate" hreflang="es" href="http://testserver/es/about/">' in (
        response.content.decode()
    )


def test_standard_page_renders_its_body(client, home):
    page = StandardPage(
        title="Methods",
        slug="methods",
        body=[{"type": "heading", "value": {"text": "Our approach", "level": "h2"}}],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    content = client.get("/en/methods/").content.decode()
    assert "<h2>Our approach</h2>" in content


@pytest.mark.parametrize("path", ["/en/no-such-page/", "/fr/no-such-page/"])
def test_unknown_page_gets_the_sites_404_in_the_right_language(client, translated_home, path):
    response = client.get(path)
    assert response.status_code == 404
    content = response.content.decode()
    code = path.split("/")[1]
    assert f'<html lang="{code}"' in content
    assert 'class="site-footer"' in content


def test_unknown_language_prefix_is_not_a_server_error(client, translated_home):
    response = client.get("/de/something/", follow=True)
    assert response.status_code == 404


def test_server_error_page_renders_without_the_database():
    from django.test import RequestFactory

    from practice_site.views import server_error

    response = server_error(RequestFactory().get("/en/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_draft_pages_are_not_served(client, home):
    page = StandardPage(title="Draft", slug="draft", live=False)
    home.add_child(instance=page)
    assert client.get("/en/draft/").status_code == 404


def test_sitemap_lists_live_pages(client, home, about):
    content = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/en/about/" in content


def test_robots_txt_points_to_the_sitemap_and_hides_the_admin(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    content = response.content.decode()
    assert "Disallow: /admin/" in content
    assert "Sitemap: http://testserver/sitemap.xml" in content


def test_search_returns_only_pages_in_the_active_locale(client, translated_home, about, locales):
    spanish = about.copy_for_translation(locales["es"])
    spanish.title = "Terapeutas en Lewes"
    spanish.save_revision().publish()
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    about.title = "Therapists in Lewes"
    about.save_revision().publish()
    # "about" is a stop word for PostgreSQL's English search configuration; search a content word.
    english_results = client.get("/en/search/", {"q": "therapists"}).context["search_results"]
    english_ids = {page.pk for page in english_results}
    assert about.pk in english_ids
    assert all(Page.objects.get(pk=pk).locale.language_code == "en" for pk in english_ids)
    spanish_results = client.get("/es/search/", {"q": "terapeutas"}).context["search_results"]
    assert {page.pk for page in spanish_results} == {spanish.pk}


def test_search_with_an_absurd_page_number_is_not_an_error(client, home):
    response = client.get("/en/search/", {"q": "x", "page": "99999999999999999999"})
    assert response.status_code == 200


def test_sitemap_lists_every_language_with_hreflang_alternates(
    client, translated_home, about, locales
):
    spanish = about.copy_for_translation(locales["es"])
    spanish.save_revision().publish()
    content = client.get("/sitemap.xml").content.decode()
    for code in ("en", "es", "fr", "ar"):
        assert f"<loc>http://testserver/{code}/</loc>" in content
    assert "<loc>http://testserver/es/about/</loc>" in content
    assert 'hreflang="es" href="http://testserver/es/about/"' in content
    assert 'hreflang="en" href="http://testserver/en/about/"' in content


def test_unprefixed_page_path_still_redirects_to_the_language(client, home):
    response = client.get("/about/")
    assert response.status_code == 302
    assert response["Location"] == "/en/about/"


def test_the_home_pages_hero_picture_comes_in_three_sizes_with_its_size_and_is_fetched_first(
    client, home
):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    home.hero_image = Image.objects.create(
        title="Hills", file=get_test_image_file(size=(1600, 900))
    )
    home.hero_image_alt = "Hills at dawn"
    home.save_revision().publish()
    html = client.get(home.url).content.decode()
    hero = re.search(r'<img[^>]*class="hero__image"[^>]*>', html).group(0)
    assert re.search(r'srcset="[^"]*640w[^"]*960w[^"]*1440w"', hero)
    assert 'width="640"' in hero and 'height="360"' in hero
    assert 'fetchpriority="high"' in hero and "loading=" not in hero
    assert 'alt="Hills at dawn"' in hero
