"""The header and footer are cached, stay correct after changes, and survive a cache outage."""

import pytest

from practice_site.models import PracticeDetails, PracticeSettings, StandardPage


@pytest.fixture
def about(translated_home, practice_settings):
    page = StandardPage(title="About us", slug="about", show_in_menus=True)
    translated_home["en"].add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_warm_standard_page_costs_only_wagtails_routing(
    client, about, django_assert_max_num_queries
):
    client.get("/en/about/")
    with django_assert_max_num_queries(8):
        response = client.get("/en/about/")
    assert response.status_code == 200
    assert "About us" in response.content.decode()


def test_publishing_a_menu_page_updates_the_cached_menu(client, about, translated_home):
    assert "Contact" not in client.get("/en/").content.decode()
    contact = StandardPage(title="Contact", slug="contact", show_in_menus=True)
    translated_home["en"].add_child(instance=contact)
    contact.save_revision().publish()
    assert '<a href="/en/contact/">Contact</a>' in client.get("/en/").content.decode()


def test_unpublishing_removes_a_page_from_the_cached_menu(client, about):
    assert '<a href="/en/about/"' in client.get("/en/").content.decode()
    about.unpublish()
    assert '<a href="/en/about/"' not in client.get("/en/").content.decode()


def test_saving_the_practice_settings_updates_the_cached_footer(client, about, home):
    client.get("/en/")
    practice = PracticeSettings.for_site(home.get_site())
    practice.copyright_holder = "Renamed Practice LLC"
    practice.save()
    assert "Renamed Practice LLC" in client.get("/en/").content.decode()


def test_saving_the_footer_text_updates_the_cached_footer(client, about):
    client.get("/en/")
    details = PracticeDetails.objects.get(locale__language_code="en")
    details.tagline = "A new tagline"
    details.save()
    assert "A new tagline" in client.get("/en/").content.decode()


def test_a_new_translation_appears_in_the_cached_language_switcher(client, about, locales):
    response = client.get("/en/about/")
    links = {link["code"]: link for link in response.context["languages"]}
    assert links["es"]["url"] == "/es/"
    spanish = about.copy_for_translation(locales["es"])
    spanish.save_revision().publish()
    response = client.get("/en/about/")
    links = {link["code"]: link for link in response.context["languages"]}
    assert links["es"]["url"] == "/es/about/"


def test_pages_still_render_when_redis_is_down(client, about, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "practice_site.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6390/0",  # nothing listens here
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get("/en/about/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Test Practice LLC" in content
    assert '<a href="/en/about/" aria-current="page">About us</a>' in content
