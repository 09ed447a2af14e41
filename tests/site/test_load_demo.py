"""``load_demo`` on the full demo: the site it builds, its logins, and where its links point.

The demo is loaded once for the module (``demo_site`` in tests/conftest.py), in development
(with its logins); the journeys over time are in test_demo_journeys.py.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from wagtail.models import Site

from practice_site.models import HomePage, PracticeDetails, PracticeSettings

HOST = "127.0.0.1:8000"

# serialized_rollback: the migrated state is kept, to put back after the module's demo.
pytestmark = pytest.mark.django_db(serialized_rollback=True)


def test_load_demo_builds_the_site_in_every_language(demo_site):
    assert "user 'admin' password" in demo_site["first"]
    assert HomePage.objects.filter(locale__language_code="en").count() == 1
    for code in ("es", "fr", "ar"):
        assert HomePage.objects.filter(locale__language_code=code, live=True).count() == 1
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    practice = PracticeSettings.for_site(site)
    assert practice.practice_name
    assert len(practice.social_links) == 7
    assert practice.social_links[-1]["network"] == "LinkedIn"
    assert practice.logo is not None and practice.default_share_image is not None
    assert PracticeDetails.objects.count() == 4


@override_settings(DEBUG=False)
def test_load_demo_never_creates_a_login_outside_development(demo_site):
    users = get_user_model().objects.count()
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=StringIO())
    assert get_user_model().objects.count() == users


def test_the_demo_admin_and_translators_can_sign_in(demo_site, client):
    assert client.login(username="admin", password="practice-demo-admin")
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert client.login(username="translator-es", password="practice-demo-admin")
    assert client.get("/admin/").status_code == 200


def test_the_demo_translators_may_edit_their_languages_pages_and_no_other(demo_site, client):
    from practice_blog.models import BlogPostPage

    assert client.login(username="translator-es", password="practice-demo-admin")
    spanish = BlogPostPage.objects.filter(locale__language_code="es").first()
    english = BlogPostPage.objects.get(
        translation_key=spanish.translation_key, locale__language_code="en"
    )
    assert client.get(f"/admin/pages/{spanish.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{english.pk}/edit/").status_code == 403


def test_the_demo_site_serves_every_language_with_the_footer(demo_site, client):
    for path in ("/en/", "/es/", "/fr/", "/ar/", "/es/sobre-la-consulta/", "/fr/a-propos/"):
        response = client.get(path, HTTP_HOST="localhost")
        assert response.status_code == 200, path
        assert "instagram.com" in response.content.decode()


def test_links_point_to_the_address_the_demo_is_served_on(demo_site, client):
    post = "/en/journal/choosing-a-trauma-focused-training/"
    content = client.get(post, HTTP_HOST=HOST).content.decode()
    assert f'<meta property="og:url" content="http://{HOST}{post}">' in content
    sitemap = client.get("/sitemap.xml", HTTP_HOST=HOST).content.decode()
    assert f"<loc>http://{HOST}/es/diario/</loc>" in sitemap
    page_id = HomePage.objects.get(locale__language_code="en").pk
    detail = client.get(f"/api/v3/pages/{page_id}/", HTTP_HOST=HOST).json()
    assert detail["meta"]["html_url"] == f"http://{HOST}/en/"


@pytest.mark.parametrize(
    "path, label",
    [
        ("/en/contact/", "What you are looking for"),
        ("/es/contacto/", "Qué estás buscando"),
        ("/fr/contact/", "Ce que vous recherchez"),
        ("/ar/تواصل-معنا/", "ما الذي تبحث عنه"),
    ],
)
def test_the_demo_contact_page_is_the_enquiry_form_in_every_language(
    demo_site, client, path, label
):
    from practice_site.models import ContactPage

    assert ContactPage.objects.filter(live=True).count() == 4
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200, path
    html = response.content.decode()
    assert label in html
    assert 'name="privacy_consent"' in html and 'name="message"' in html
