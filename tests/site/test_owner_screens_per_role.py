"""The owner's screens of issue 18 per role (admin, editor, moderator, the translator of the
object's language and of another): enquiries, followers."""

import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from practice_blog.models import Follower
from practice_core.spam import sign_timestamp
from practice_site.enquiries import TIMESTAMP_SALT
from practice_site.models import ContactPage, Enquiry, EnquiryFormField
from tests.security.conftest import (  # noqa: F401 - fixtures shared with the security tests
    ROLES,
    blog_index,
    refused,
    users,
)

MESSAGE = "A private question about sessions."


@pytest.fixture
def spanish_contact_page(translated_home, practice_settings):
    page = ContactPage(title="Contacto", slug="contacto", locale=translated_home["es"].locale)
    page.form_fields = [EnquiryFormField(label="Mensaje", field_type="multiline")]
    translated_home["es"].add_child(instance=page)
    page.save_revision().publish()
    return ContactPage.objects.get(pk=page.pk)


def send_enquiry(client, page):
    return client.post(
        page.url,
        {
            "mensaje": MESSAGE,
            "privacy_consent": "on",
            "website": "",
            "started": sign_timestamp(TIMESTAMP_SALT, time.time() - 30),
        },
    )


@pytest.mark.parametrize("role", ROLES)
def test_reading_spanish_enquiries_per_role(client, users, spanish_contact_page, role):  # noqa: F811
    assert send_enquiry(client, spanish_contact_page).status_code == 303
    assert Enquiry.objects.count() == 1
    client.force_login(users[role])
    response = client.get(f"/admin/forms/submissions/{spanish_contact_page.pk}/")
    if role == "admin":
        assert response.status_code == 200
        assert MESSAGE in response.content.decode()
    else:
        # Editing or translating the page is not reading what clients wrote.
        assert refused(response), (role, response.status_code)
        assert MESSAGE not in response.content.decode()


@pytest.mark.parametrize(("code", "sees"), [("es", True), ("fr", False)])
def test_a_translator_given_the_permission_reads_their_languages_enquiries_only(
    client,
    users,  # noqa: F811
    spanish_contact_page,
    code,
    sees,
):
    send_enquiry(client, spanish_contact_page)
    translator = users[f"translator_{code}"]
    group = Group.objects.create(name=f"enquiry readers {code}")
    group.permissions.add(Permission.objects.get(codename="read_enquiries"))
    translator.groups.add(group)
    client.force_login(translator)
    response = client.get(f"/admin/forms/submissions/{spanish_contact_page.pk}/")
    assert (MESSAGE in response.content.decode()) is sees


@pytest.mark.parametrize("role", ROLES)
def test_the_followers_screen_per_role(
    client,
    users,  # noqa: F811
    translated_home,
    blog_index,  # noqa: F811
    role,
):
    follower = Follower.objects.create(
        email="ana@example.org",
        journal_key=blog_index.translation_key,
        locale=translated_home["es"].locale,
        status=Follower.Status.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    client.force_login(users[role])
    listing = client.get("/admin/snippets/practice_blog/follower/")
    delete = client.post(f"/admin/snippets/practice_blog/follower/delete/{follower.pk}/")
    if role == "admin":
        assert listing.status_code == 200 and "ana@example.org" in listing.content.decode()
        assert delete.status_code == 302 and not Follower.objects.exists()
    else:
        assert refused(listing), (role, listing.status_code)
        assert "ana@example.org" not in listing.content.decode()
        assert refused(delete), (role, delete.status_code)
        assert Follower.objects.filter(pk=follower.pk).exists()
