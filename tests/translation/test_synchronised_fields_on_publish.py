"""Synchronised fields reach live translations when the source is published (issue 16).

Dates, prices, images and settings are never translated: publishing the English page copies them
into every live translation at once, never touching translated text, a translator's pending draft
or a value the translator overrode for their language.
"""

import datetime
import json
from decimal import Decimal

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail_localize.models import SegmentOverride, Translation, TranslationContext

from practice_blog.models import BlogPostPage
from practice_site.demo.translation import translate
from practice_trainings.models import TrainingPage

pytestmark = pytest.mark.django_db

NEW_DATE = datetime.date(2026, 3, 3)


@pytest.fixture
def spanish_post(english_post, translated_home, locales, django_capture_on_commit_callbacks):
    """The English post, translated and published in Spanish (its journal too)."""
    with django_capture_on_commit_callbacks(execute=True):
        translate(english_post.get_parent(), locales["es"], {"Journal": "Diario"})
        return translate(
            english_post,
            locales["es"],
            {"Walking as a way to settle": "Caminar para calmarse"},
        ).specific


def publish_source(page, capture, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    with capture(execute=True):
        page.save_revision().publish()


def test_a_changed_publication_date_is_on_the_live_spanish_post_at_once(
    english_post, spanish_post, client, django_capture_on_commit_callbacks
):
    publish_source(english_post, django_capture_on_commit_callbacks, publication_date=NEW_DATE)
    html = client.get(spanish_post.url).content.decode()
    assert '<time datetime="2026-03-03">' in html


def test_publishing_the_source_leaves_the_translated_text_translated(
    english_post, spanish_post, client, django_capture_on_commit_callbacks
):
    english_post.title = "Walking slowly"
    publish_source(english_post, django_capture_on_commit_callbacks, publication_date=NEW_DATE)
    spanish = BlogPostPage.objects.get(pk=spanish_post.pk)
    assert spanish.title == "Caminar para calmarse"
    assert spanish.publication_date == NEW_DATE
    assert "Walking slowly" not in client.get(spanish.url).content.decode()


def test_a_pending_spanish_draft_keeps_its_text_and_gets_the_new_date(
    english_post, spanish_post, django_capture_on_commit_callbacks
):
    spanish_post.title = "Caminar despacio (borrador)"
    spanish_post.save_revision()
    publish_source(english_post, django_capture_on_commit_callbacks, publication_date=NEW_DATE)
    spanish = BlogPostPage.objects.get(pk=spanish_post.pk)
    assert spanish.title == "Caminar para calmarse"  # the live version
    assert spanish.publication_date == NEW_DATE
    assert spanish.has_unpublished_changes
    draft = spanish.get_latest_revision_as_object()
    assert draft.title == "Caminar despacio (borrador)"
    assert draft.publication_date == NEW_DATE


def test_a_translators_later_publish_keeps_the_sources_new_date(
    english_post, spanish_post, locales, django_capture_on_commit_callbacks
):
    publish_source(english_post, django_capture_on_commit_callbacks, publication_date=NEW_DATE)
    # Publishing from the editor without a sync: the translation's snapshot of the source is
    # from before the new date.
    translation = Translation.objects.get(
        source__object_id=english_post.translation_key, target_locale=locales["es"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    assert BlogPostPage.objects.get(pk=spanish_post.pk).publication_date == NEW_DATE


def test_an_image_the_translator_chose_for_their_language_is_kept(
    english_post, spanish_post, locales, django_capture_on_commit_callbacks
):
    english_image = Image.objects.create(title="River", file=get_test_image_file())
    spanish_image = Image.objects.create(title="Río", file=get_test_image_file())
    publish_source(english_post, django_capture_on_commit_callbacks, hero_image=english_image)
    with django_capture_on_commit_callbacks(execute=True):
        translate(english_post, locales["es"], {"Walking as a way to settle": "Caminar"})
    context = TranslationContext.objects.get(
        object_id=english_post.translation_key, path="hero_image"
    )
    SegmentOverride.objects.create(
        locale=locales["es"], context=context, data_json=json.dumps(spanish_image.pk)
    )
    with django_capture_on_commit_callbacks(execute=True):
        translate(english_post, locales["es"], {"Walking as a way to settle": "Caminar"})
    assert BlogPostPage.objects.get(pk=spanish_post.pk).hero_image_id == spanish_image.pk

    publish_source(english_post, django_capture_on_commit_callbacks, publication_date=NEW_DATE)
    spanish = BlogPostPage.objects.get(pk=spanish_post.pk)
    assert spanish.publication_date == NEW_DATE
    assert spanish.hero_image_id == spanish_image.pk


def test_publishing_the_same_date_again_adds_no_revision_to_the_translation(
    english_post, spanish_post, django_capture_on_commit_callbacks
):
    revisions = spanish_post.revisions.count()
    publish_source(english_post, django_capture_on_commit_callbacks, publication_date=NEW_DATE)
    assert spanish_post.revisions.count() == revisions + 1
    english_post.title = "Walking slowly"
    publish_source(english_post, django_capture_on_commit_callbacks)
    assert spanish_post.revisions.count() == revisions + 1


def test_a_new_price_and_session_reach_the_live_spanish_training(
    make_training, translated_home, locales, django_capture_on_commit_callbacks
):
    training = make_training(title="Grounding basics", cost=Decimal("400"))
    with django_capture_on_commit_callbacks(execute=True):
        translate(training.get_parent(), locales["es"], {})
        spanish = translate(training, locales["es"], {"Grounding basics": "Bases del anclaje"})
    training.cost = Decimal("475")
    training.sessions.clear()
    training.sessions.add(
        training.sessions.model(starts_at=datetime.datetime(2027, 5, 4, 9, tzinfo=datetime.UTC))
    )
    with django_capture_on_commit_callbacks(execute=True):
        training.save_revision().publish()
    spanish = TrainingPage.objects.get(pk=spanish.pk)
    assert spanish.cost == Decimal("475")
    assert [s.starts_at.date() for s in spanish.sessions.all()] == [datetime.date(2027, 5, 4)]
    assert spanish.title == "Bases del anclaje"


def test_a_translation_that_cannot_be_saved_never_stops_the_source_being_published(
    english_post, spanish_post, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.exceptions import ValidationError

    original_clean = BlogPostPage.full_clean

    def refuse_spanish(self, *args, **kwargs):
        if self.pk == spanish_post.pk:
            raise ValidationError("this translation is broken")
        return original_clean(self, *args, **kwargs)

    monkeypatch.setattr(BlogPostPage, "full_clean", refuse_spanish)
    publish_source(english_post, django_capture_on_commit_callbacks, publication_date=NEW_DATE)
    assert BlogPostPage.objects.get(pk=english_post.pk).publication_date == NEW_DATE
    assert BlogPostPage.objects.get(pk=spanish_post.pk).publication_date != NEW_DATE
