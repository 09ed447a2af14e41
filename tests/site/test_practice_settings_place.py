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
    # In the order the menu shows them (Wagtail sorts by order when it renders the menu; the
    # registration order depends on when each app's hooks were loaded).
    names = [item.name for item in sorted(items, key=lambda item: item.order)]
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


# --- each language's details from the settings screen, per role ---------------------------------


@pytest.fixture
def details(practice_settings, translated_home, locales):
    """Practice details in English (live) and Spanish (live); none in French or Arabic yet."""
    from practice_site.models import PracticeDetails

    english = PracticeDetails.objects.get(locale=locales["en"])
    spanish = PracticeDetails.objects.create(
        locale=locales["es"],
        translation_key=english.translation_key,
        tagline="Cuidado atento",
        postal_address="8 The Green",
    )
    return {"en": english, "es": spanish}


def settings_url():
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["practice_site", "practicesettings", site.pk])


def details_edit_url(item):
    return reverse("wagtailsnippets_practice_site_practicedetails:edit", args=[item.pk])


def test_the_settings_screen_links_each_languages_details_with_its_state(owner_client, details):
    html = owner_client.get(settings_url()).content.decode()
    assert details_edit_url(details["en"]) in html
    assert details_edit_url(details["es"]) in html
    add = reverse("wagtailsnippets_practice_site_practicedetails:add")
    assert f"{add}?locale=fr" in html and f"{add}?locale=ar" in html
    assert "Edit the practice details in Spanish" in html
    assert "not written yet" in html


def test_the_owner_follows_the_link_and_writes_the_french_details(owner_client, details):
    from practice_site.models import PracticeDetails

    add = reverse("wagtailsnippets_practice_site_practicedetails:add") + "?locale=fr"
    assert owner_client.get(add).status_code == 200
    response = owner_client.post(
        add,
        {
            "tagline": "Des soins attentifs",
            "postal_address": "8 The Green",
            "footer_note": "",
            "locale": "fr",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302
    french = PracticeDetails.objects.get(locale__language_code="fr")
    assert french.tagline == "Des soins attentifs" and french.live
    html = owner_client.get(settings_url()).content.decode()
    assert details_edit_url(french) in html


def _user(role, django_user_model):
    from django.contrib.auth.models import Group, Permission

    from practice_site.translators import ensure_translator_teams

    if role == "admin":
        return django_user_model.objects.create_superuser("owner", password="pw")
    if role.startswith("translator"):
        ensure_translator_teams()
        user = django_user_model.objects.create_user("translator", password="pw")
        code = "es" if role == "translator of this language" else "fr"
        user.groups.add(Group.objects.get(translator_team__locale__language_code=code))
        return user
    user = django_user_model.objects.create_user(role, password="pw")
    group = Group.objects.create(name=f"{role}s")
    codenames = {
        "editor": ["access_admin", "add_page", "change_page", "publish_page"],
        "moderator": ["access_admin", "moderate_comments"],
    }[role]
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    user.groups.add(group)
    return user


ROLES = {
    # role: (may open Practice settings, may edit the Spanish details, may edit the English ones)
    "admin": (True, True, True),
    "editor": (False, False, False),
    "moderator": (False, False, False),
    "translator of this language": (False, True, False),
    "translator of another language": (False, False, False),
}


@pytest.mark.parametrize("role", list(ROLES))
def test_who_opens_the_practice_settings_and_each_languages_details(
    client, details, django_user_model, role
):
    from practice_site.models import PracticeDetails

    settings_allowed, spanish_allowed, english_allowed = ROLES[role]
    client.force_login(_user(role, django_user_model))
    assert (client.get(settings_url()).status_code == 200) is settings_allowed
    for code, allowed in (("es", spanish_allowed), ("en", english_allowed)):
        item = details[code]
        response = client.get(details_edit_url(item))
        assert (response.status_code == 200) is allowed, code
        before = item.revisions.count()
        client.post(
            details_edit_url(item),
            {"tagline": "Changed", "postal_address": "1 Road", "footer_note": "", "locale": code},
        )
        assert (PracticeDetails.objects.get(pk=item.pk).revisions.count() > before) is allowed


def test_a_translator_finds_their_languages_details_under_settings(
    client, details, django_user_model
):
    client.force_login(_user("translator of this language", django_user_model))
    html = client.get("/admin/").content.decode()
    assert reverse("wagtailsnippets_practice_site_practicedetails:list") in html
    assert settings_url() not in html  # Practice settings stay the owner's
