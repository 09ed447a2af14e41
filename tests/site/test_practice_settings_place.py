"""Everything site-wide in one place: Practice details sit under Settings, beside Practice
settings (whose screen links to them), and no longer under Snippets."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client, home, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("owner", password="pw"))
    return client


def test_practice_details_are_at_the_top_of_the_settings_menu_with_practice_settings(owner_client):
    from wagtail.admin.menu import settings_menu

    html = owner_client.get("/admin/").content.decode()
    details_url = reverse("wagtailsnippets_practice_site_practicedetails:list")
    assert details_url in html
    items = settings_menu.menu_items_for_request(owner_client.get("/admin/").wsgi_request)
    names = [item.name for item in items]
    assert {"practice-settings", "practice-details"} <= set(names[:3])


def test_practice_details_are_no_longer_listed_under_snippets(owner_client):
    html = owner_client.get(reverse("wagtailsnippets:index")).content.decode()
    listing = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Practice details" not in listing
    assert "practicedetails" not in listing


def test_the_practice_settings_screen_links_to_the_translated_details(owner_client):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["practice_site", "practicesettings", site.pk])
    html = owner_client.get(url).content.decode()
    assert reverse("wagtailsnippets_practice_site_practicedetails:list") in html
    assert "crisis note" in html
