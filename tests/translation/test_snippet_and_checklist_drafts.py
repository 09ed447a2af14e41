"""Snippets and the checklist: a translation shows visitors nothing until its translator publishes.

An author submitted into Spanish is a draft: the API and the Spanish post keep showing the English
author until the translator publishes a complete translation. A new English checklist version
leaves the Spanish methodology page in Spanish (the last translated version, with a notice that
links to the version in force) until its translation is published.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail_localize.models import Translation

from practice_blog.models import Author
from practice_trainings.models import Checklist, ChecklistMethodologyPage
from practice_trainings.services import publish_version, start_new_version
from tests.translation.test_drafts_until_published import translate


def SPANISH_NOTICE():  # noqa: N802
    """The "not yet translated" notice as a Spanish visitor reads it."""
    with translation.override("es"):
        return translation.gettext("Not yet translated")


def submit_snippet(admin_client, instance, locale):
    meta = instance._meta
    response = admin_client.post(
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=[meta.app_label, meta.model_name, instance.pk],
        ),
        {"locales": [locale.pk]},
    )
    assert response.status_code == 302, response.content[:500]
    return Translation.objects.get(source__object_id=instance.translation_key, target_locale=locale)


def authors_in(client, code):
    response = client.get("/api/v3/authors/", {"locale": code})
    assert response.status_code == 200
    return {item["name"]: item for item in response.json()["items"]}


def test_a_submitted_author_stays_a_draft_until_published_complete(
    admin_client, client, translated_home, author, locales, django_capture_on_commit_callbacks
):
    translation = submit_snippet(admin_client, author, locales["es"])
    spanish = Author.objects.get(translation_key=author.translation_key, locale=locales["es"])
    assert not spanish.live
    shown = authors_in(client, "es")
    assert shown["Dana Reyes"]["role"] == "Counsellor"  # the English author, said to be English
    assert shown["Dana Reyes"].get("locale", "en") == "en"

    edit_url = reverse("wagtailsnippets_practice_blog_author:edit", args=[spanish.pk])
    translate(translation, {"Counsellor": "Consejera"}, only={"Counsellor"})
    with django_capture_on_commit_callbacks(execute=True):
        refused = admin_client.post(edit_url, {"action": "publish"})
    assert refused.status_code == 302
    spanish.refresh_from_db()
    assert not spanish.live
    assert authors_in(client, "es")["Dana Reyes"]["role"] == "Counsellor"

    translate(translation, {"Dana Reyes": "Dana Reyes", "Counsellor": "Consejera"})
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(edit_url, {"action": "publish"})
    spanish.refresh_from_db()
    assert spanish.live
    assert authors_in(client, "es")["Dana Reyes"]["role"] == "Consejera"


@pytest.fixture
def methodology_pages(translated_home, seeded, locales, django_capture_on_commit_callbacks):
    english = ChecklistMethodologyPage(title="How we score", slug="how-we-score")
    translated_home["en"].add_child(instance=english)
    english.save_revision().publish()
    spanish = english.copy_for_translation(locales["es"])
    spanish.title, spanish.slug = "Cómo puntuamos", "como-puntuamos"
    spanish.save_revision().publish()
    return english, ChecklistMethodologyPage.objects.get(pk=spanish.pk)


def translate_checklist(admin_client, checklist, locale, capture):
    translation = submit_snippet(admin_client, checklist, locale)
    translate(translation, {})  # every segment as "ES <source text>"
    with capture(execute=True):
        translation.save_target(publish=True)  # the translator's Publish
    return translation


def test_a_submitted_checklist_translation_does_not_show_until_published(
    admin_client, client, methodology_pages, locales, django_capture_on_commit_callbacks
):
    english_page, spanish_page = methodology_pages
    checklist = Checklist.in_force()
    translation = submit_snippet(admin_client, checklist, locales["es"])
    translate(translation, {}, only=set())  # nothing translated yet
    html = client.get(spanish_page.url).content.decode()
    assert checklist.items.first().question not in html
    assert SPANISH_NOTICE() in html
    assert f'href="{english_page.url}" hreflang="en"' in html


def test_a_new_english_checklist_version_keeps_the_spanish_page_in_spanish(
    admin_client, client, methodology_pages, locales, django_capture_on_commit_callbacks
):
    english_page, spanish_page = methodology_pages
    first = Checklist.in_force()
    translate_checklist(admin_client, first, locales["es"], django_capture_on_commit_callbacks)
    html = client.get(spanish_page.url).content.decode()
    assert "ES " + first.items.first().question in html
    assert SPANISH_NOTICE() not in html

    second = start_new_version(first)
    second.introduction = "Version two weighs supervision more."
    second.save()
    publish_version(second, changelog="Supervision now weighs 3.")

    html = client.get(spanish_page.url).content.decode()
    assert "Version two weighs supervision more." not in html
    assert "Supervision now weighs 3." not in html
    assert "ES " + first.items.first().question in html
    assert SPANISH_NOTICE() in html
    assert f'href="{english_page.url}" hreflang="en"' in html
    english_html = client.get(english_page.url).content.decode()
    assert "Version two weighs supervision more." in english_html
