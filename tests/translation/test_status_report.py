"""The translation status report tells the truth: each state, with N of M segments, matches the
segments in wagtail-localize; a translator's dashboard lists their language's waiting work."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail_localize.models import StringSegment

from practice_site.translation_status import (
    IN_PROGRESS,
    MISSING,
    READY,
    SOURCE_CHANGED,
    UP_TO_DATE,
    translation_status_rows,
)
from tests.blog.conftest import make_post
from tests.translation.test_drafts_until_published import (
    publish_in_editor,
    spanish_of,
    submit,
    translate,
)


def status(title, code):
    row = next(row for row in translation_status_rows() if row.title == title)
    return next(s for s in row.statuses if s.locale.language_code == code)


def test_each_state_and_the_segment_counts_follow_the_translators_work(
    admin_client, spanish_journal, english_post, locales, django_capture_on_commit_callbacks
):
    title = english_post.title
    assert status(title, "es").status == MISSING
    translation = submit(admin_client, english_post, locales["es"])
    segments = StringSegment.objects.filter(source=translation.source).count()

    current = status(title, "es")
    assert (current.status, current.translated, current.segments) == (IN_PROGRESS, 0, segments)
    assert current.label == f"In progress (0 of {segments} segments)"

    translate(translation, {}, only={title})
    current = status(title, "es")
    assert (current.status, current.translated) == (IN_PROGRESS, 1)

    translate(translation, {})
    assert status(title, "es").status == READY

    spanish = spanish_of(english_post, locales)
    publish_in_editor(admin_client, spanish, django_capture_on_commit_callbacks)
    assert status(title, "es").status == UP_TO_DATE

    english_post.title = "Walking slowly"
    with django_capture_on_commit_callbacks(execute=True):
        english_post.save_revision().publish()
    assert status("Walking slowly", "es").status == SOURCE_CHANGED

    admin_client.post(reverse("wagtail_localize:update_translations", args=[translation.source.pk]))
    current = status("Walking slowly", "es")
    assert (current.status, current.translated, current.segments) == (
        IN_PROGRESS,
        segments - 1,
        segments,
    )
    translate(translation, {}, only={"Walking slowly"})
    assert status("Walking slowly", "es").status == READY
    publish_in_editor(admin_client, spanish, django_capture_on_commit_callbacks)
    assert status("Walking slowly", "es").status == UP_TO_DATE


def test_the_report_filters_by_state_and_exports_the_counts(
    admin_client, spanish_journal, english_post, locales
):
    submit(admin_client, english_post, locales["es"])
    response = admin_client.get(
        reverse("translation_status"), {"status": IN_PROGRESS, "locale": "es"}
    )
    assert [row.title for row in response.context["object_list"]] == [english_post.title]
    response = admin_client.get(reverse("translation_status"), {"status": READY, "locale": "es"})
    assert response.context["object_list"] == []
    export = admin_client.get(reverse("translation_status"), {"export": "csv"})
    body = b"".join(export.streaming_content).decode()
    line = next(line for line in body.splitlines() if english_post.title in line)
    assert "In progress (0 of" in line and "Not translated" in line


@pytest.fixture
def spanish_translator(translated_home):
    from practice_site.translators import ensure_translator_teams

    ensure_translator_teams()
    user = get_user_model().objects.create_user("translator-es", password="pw")
    user.groups.add(Group.objects.get(name="Translators: Spanish"))
    return user


def test_a_translators_dashboard_lists_their_languages_waiting_work(
    client, admin_client, spanish_translator, blog_index, spanish_journal, locales
):
    waiting = make_post(blog_index, title="Breathing before sessions")
    draft = make_post(blog_index, title="An unpublished draft", publish=False)
    submit(admin_client, waiting, locales["fr"])
    client.force_login(spanish_translator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "waiting for translation into Spanish" in html
    assert "Breathing before sessions" in html
    assert draft.title not in html  # a translator sees public content only
    assert 'data-locale="fr"' not in html
    admin_home = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "waiting for translation into" not in admin_home
