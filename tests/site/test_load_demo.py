from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page, Site

from practice_site.models import HomePage, PracticeDetails, PracticeSettings


def snapshot():
    return {
        "pages": sorted(
            Page.objects.values_list("id", "url_path", "locale__language_code", "live")
        ),
        "details": PracticeDetails.objects.count(),
        "users": get_user_model().objects.count(),
        "sites": list(Site.objects.values_list("hostname", "root_page_id")),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(DEBUG=True)
def test_load_demo_builds_the_site_and_is_idempotent():
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = snapshot()
    assert "user 'admin' password" in out.getvalue()
    assert HomePage.objects.filter(locale__language_code="en").count() == 1
    for code in ("es", "fr", "ar"):
        assert HomePage.objects.filter(locale__language_code=code, live=True).count() == 1
    practice = PracticeSettings.for_site(Site.objects.get(is_default_site=True))
    assert practice.practice_name
    assert len(practice.social_links) == 6
    assert PracticeDetails.objects.count() == 4

    call_command("load_demo", stdout=StringIO())
    assert snapshot() == first


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(DEBUG=False)
def test_load_demo_never_creates_a_user_outside_development():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=StringIO())
    assert get_user_model().objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(DEBUG=True)
def test_demo_admin_can_log_in(client):
    call_command("load_demo", stdout=StringIO())
    assert client.login(username="admin", password="practice-demo-admin")
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(DEBUG=True)
def test_demo_site_serves_every_language_with_the_footer(client):
    call_command("load_demo", "--no-user", stdout=StringIO())
    for code in ("en", "es", "fr", "ar"):
        response = client.get(f"/{code}/", HTTP_HOST="localhost")
        assert response.status_code == 200, code
        assert "instagram.com" in response.content.decode()
    assert client.get("/es/about/", HTTP_HOST="localhost").status_code == 200
