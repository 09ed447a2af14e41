"""A post, a training and the checklist go through wagtail-localize: programmatically and as a PO
file round trip (download, translate offline, upload in the admin), then publish and serve.

Ratings stay shared by the translations of a post; the training's score is the same in every
language; the checklist's weights are synchronised, not translated.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail_localize.models import Translation, TranslationSource

from practice_blog.models import BlogPostPage
from practice_trainings.models import Checklist, TrainingPage
from tests.blog.conftest import make_post
from tests.trainings.conftest import assess


def start_translation(instance, locale, create_target=False, capture=None):
    """Submit ``instance`` for translation; with ``create_target``, also create the (untranslated)
    target, as the admin's "Translate" action does before the translator opens the editor."""
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    if create_target:
        from wagtail.models import Page

        if isinstance(instance, Page):
            translation.save_target(publish=False)
        else:
            translation.save_target(publish=True)
    return translation


def translated_po(translation, words):
    """The translation's PO file with every entry filled in by ``words`` (source → target)."""
    po = translation.export_po()
    for entry in po:
        entry.msgstr = words.get(entry.msgid, f"[es] {entry.msgid}")
    return po


def upload(admin_client, translation, po):
    url = reverse("wagtail_localize:upload_pofile", args=[translation.pk])
    return admin_client.post(
        url,
        {"file": SimpleUploadedFile("es.po", str(po).encode(), "text/x-gettext-translation")},
    )


@pytest.fixture
def spanish_tree(translated_home):
    return translated_home


def publish(translation, capture):
    # wagtail-localize publishes a page translation on commit.
    with capture(execute=True):
        translation.save_target(publish=True)
    return translation.get_target_instance()


def test_a_post_is_translated_through_a_po_upload_and_served_in_spanish(
    admin_client,
    spanish_tree,
    blog_index,
    locales,
    django_capture_on_commit_callbacks,
):
    post = make_post(blog_index, title="Choosing a training", slug="choosing")
    # The index page is translated first (a child needs its parent in the target language).
    publish(start_translation(blog_index, locales["es"]), django_capture_on_commit_callbacks)
    translation = start_translation(post, locales["es"], create_target=True)
    po = translated_po(translation, {"Choosing a training": "Elegir una formación"})
    response = upload(admin_client, translation, po)
    assert response.status_code in (200, 302)
    spanish = publish(translation, django_capture_on_commit_callbacks)
    assert spanish.locale.language_code == "es"
    assert spanish.title == "Elegir una formación"
    assert isinstance(spanish.specific, BlogPostPage)
    page = admin_client.get(spanish.url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Elegir una formación" in content
    assert '<html lang="es"' in content


def test_a_po_file_for_another_translation_is_refused(
    admin_client,
    spanish_tree,
    blog_index,
    locales,
    django_capture_on_commit_callbacks,
):
    first = make_post(blog_index, title="First", slug="first")
    second = make_post(blog_index, title="Second", slug="second")
    publish(start_translation(blog_index, locales["es"]), django_capture_on_commit_callbacks)
    first_translation = start_translation(first, locales["es"], create_target=True)
    second_translation = start_translation(second, locales["es"], create_target=True)
    po = translated_po(first_translation, {"First": "Primero"})
    upload(admin_client, second_translation, po)
    spanish = publish(second_translation, django_capture_on_commit_callbacks)
    assert spanish.title == "Second"  # nothing from the other file was applied


def test_a_training_is_translated_programmatically_and_keeps_its_score(
    client,
    spanish_tree,
    make_training,
    checklist,
    locales,
    django_capture_on_commit_callbacks,
):
    training = make_training(title="Roots and Rhythms")
    assessment = assess(training, {item.code: "3" for item in checklist.items.all()})
    index = training.get_parent().specific
    publish(start_translation(index, locales["es"]), django_capture_on_commit_callbacks)
    translation = start_translation(training, locales["es"])
    spanish = publish(translation, django_capture_on_commit_callbacks)
    assert isinstance(spanish.specific, TrainingPage)
    english_api = client.get(f"/api/v3/pages/{training.pk}/").json()["checklist_score"]
    spanish_api = client.get(f"/api/v3/pages/{spanish.pk}/").json()["checklist_score"]
    assert english_api["score"] == spanish_api["score"] == pytest.approx(assessment.score)
    assert client.get(spanish.url).status_code == 200


def test_the_checklist_is_translated_through_a_po_upload_with_weights_synchronised(
    admin_client,
    seeded,
    locales,
    home,
):
    english = Checklist.in_force(locales["en"])
    translation = start_translation(english, locales["es"], create_target=True)
    po = translated_po(translation, {})
    response = upload(admin_client, translation, po)
    assert response.status_code in (200, 302)
    translation.save_target(publish=True)
    spanish = Checklist.objects.get(translation_key=english.translation_key, locale=locales["es"])
    english_items = {item.code: item for item in english.items.all()}
    spanish_items = list(spanish.items.all())
    assert len(spanish_items) == len(english_items)
    for item in spanish_items:
        assert item.weight == english_items[item.code].weight
        assert item.essential == english_items[item.code].essential
        assert item.question.startswith("[es] ")
