"""Translator teams, their limits, and the translation status report."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page

from practice_site.demo.translation import translate
from practice_site.models import PracticeDetails, StandardPage
from practice_site.translation_status import (
    MISSING,
    NOT_SYNCED,
    SOURCE_CHANGED,
    UP_TO_DATE,
    translation_status_rows,
)
from practice_site.translators import ensure_translator_teams, translator_locale_ids


@pytest.fixture
def about(translated_home):
    page = StandardPage(title="About us", slug="about", introduction="Who we are")
    translated_home["en"].add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def spanish_translator(translated_home):
    ensure_translator_teams()
    user = get_user_model().objects.create_user(username="ana", password="pw")
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name="Translators: Spanish"))
    return user


def test_every_language_but_english_gets_a_translator_team(translated_home):
    groups = ensure_translator_teams()
    assert sorted(group.translator_team.locale.language_code for group in groups) == [
        "ar",
        "es",
        "fr",
    ]
    ensure_translator_teams()  # idempotent
    assert len(ensure_translator_teams()) == 3


def test_translator_is_limited_to_their_language(spanish_translator, locales):
    assert translator_locale_ids(spanish_translator) == {locales["es"].pk}


def test_superuser_is_not_limited(db):
    admin = get_user_model().objects.create_superuser("root", "r@example.org", "pw")
    assert translator_locale_ids(admin) is None


def test_translator_can_edit_a_page_in_their_language(client, spanish_translator, about, locales):
    spanish = translate(about, locales["es"], {"About us": "Sobre nosotros"})
    client.force_login(spanish_translator)
    response = client.get(f"/admin/pages/{spanish.pk}/edit/")
    assert response.status_code == 200


def test_translator_cannot_edit_the_english_source(client, spanish_translator, about):
    client.force_login(spanish_translator)
    response = client.get(f"/admin/pages/{about.pk}/edit/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert f"/admin/pages/{about.pk}/edit/" not in response["Location"]
    response = client.post(f"/admin/pages/{about.pk}/edit/", {"title": "Hacked", "slug": "about"})
    about.refresh_from_db()
    assert about.title == "About us"


def test_translator_cannot_edit_a_page_in_another_language(
    client, spanish_translator, about, locales
):
    french = translate(about, locales["fr"], {"About us": "À propos"})
    client.force_login(spanish_translator)
    client.post(f"/admin/pages/{french.pk}/edit/", {"title": "Hacked", "slug": "about"})
    french.refresh_from_db()
    assert french.title == "À propos"


def test_translator_cannot_edit_an_english_snippet(client, spanish_translator, locales):
    details = PracticeDetails.objects.create(locale=locales["en"], tagline="Careful care")
    client.force_login(spanish_translator)
    url = f"/admin/snippets/practice_site/practicedetails/edit/{details.pk}/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"tagline": "Hacked"}).status_code == 403
    details.refresh_from_db()
    assert details.tagline == "Careful care"


def test_translator_can_edit_the_snippet_in_their_language(client, spanish_translator, locales):
    details = PracticeDetails.objects.create(locale=locales["en"], tagline="Careful care")
    spanish = translate(details, locales["es"], {"Careful care": "Cuidado atento"})
    client.force_login(spanish_translator)
    url = f"/admin/snippets/practice_site/practicedetails/edit/{spanish.pk}/"
    assert client.get(url).status_code == 200


def test_translator_cannot_create_a_snippet_in_another_language(client, spanish_translator):
    client.force_login(spanish_translator)
    url = "/admin/snippets/practice_site/practicedetails/add/?locale=en"
    assert client.get(url).status_code == 403


def test_translator_may_only_submit_translations_into_their_language(
    client, spanish_translator, about, locales
):
    client.force_login(spanish_translator)
    url = f"/admin/localize/submit/page/{about.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    offered = list(response.context["form"].fields["locales"].queryset)
    assert offered == [locales["es"]]
    response = client.post(url, {"locales": [locales["fr"].pk]})
    assert not Page.objects.filter(translation_key=about.translation_key, locale=locales["fr"])
    response = client.post(url, {"locales": [locales["es"].pk]})
    assert Page.objects.filter(translation_key=about.translation_key, locale=locales["es"]).exists()


def test_translator_cannot_moderate_or_reach_the_settings(client, spanish_translator, home):
    client.force_login(spanish_translator)
    response = client.get(f"/admin/settings/practice_site/practicesettings/{home.get_site().pk}/")
    assert response.status_code in (302, 403)


def status_of(rows, title, code):
    row = next(row for row in rows if row.title == title)
    return row.status_for(code)


def test_status_report_says_missing_up_to_date_and_source_changed(about, locales):
    translate(about, locales["es"], {"About us": "Sobre nosotros"})
    french = about.copy_for_translation(locales["fr"])
    french.save_revision().publish()
    rows = translation_status_rows()
    assert status_of(rows, "About us", "es") == UP_TO_DATE
    assert status_of(rows, "About us", "fr") == NOT_SYNCED
    assert status_of(rows, "About us", "ar") == MISSING

    about.title = "About the practice"
    about.save_revision().publish()
    rows = translation_status_rows()
    assert status_of(rows, "About the practice", "es") == SOURCE_CHANGED


def test_status_report_covers_snippets(locales, home):
    details = PracticeDetails.objects.create(locale=locales["en"], tagline="Careful care")
    translate(details, locales["es"], {"Careful care": "Cuidado atento"})
    rows = translation_status_rows()
    assert status_of(rows, "Careful care", "es") == UP_TO_DATE
    assert status_of(rows, "Careful care", "fr") == MISSING
    details.tagline = "Careful, kind care"
    details.save()
    assert status_of(translation_status_rows(), "Careful, kind care", "es") == SOURCE_CHANGED


def test_status_report_page_renders_and_filters(admin_client, about, locales):
    translate(about, locales["es"], {"About us": "Sobre nosotros"})
    response = admin_client.get("/admin/reports/translation-status/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "About us" in content
    assert 'data-status="missing"' in content
    response = admin_client.get(
        "/admin/reports/translation-status/", {"status": "up_to_date", "locale": "es"}
    )
    titles = [row.title for row in response.context["object_list"]]
    assert "About us" in titles
    response = admin_client.get(
        "/admin/reports/translation-status/", {"status": "up_to_date", "locale": "ar"}
    )
    assert "About us" not in [row.title for row in response.context["object_list"]]


def test_status_report_exports_a_spreadsheet(admin_client, about):
    response = admin_client.get("/admin/reports/translation-status/", {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "About us" in body
    assert "Not translated" in body
