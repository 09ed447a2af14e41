"""The editors offer the snippets of the page's language only: the post's authors and categories,
the training's provider."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from practice_blog.models import Author, BlogCategory
from practice_trainings.models import TrainingPage


def test_the_post_editor_offers_the_posts_language_only(
    admin_client, blog_index, spanish_journal, locales
):
    english = Author.objects.create(name="Mara Okafor", locale=locales["en"])
    english.copy_for_translation(locales["es"]).save()
    Author.objects.filter(locale=locales["es"]).update(name="Mara Okafor (es)")
    arabic = english.copy_for_translation(locales["ar"])
    arabic.name = "مارا أوكافور"
    arabic.save()
    BlogCategory.objects.create(name="Self-care", slug="self-care", locale=locales["en"])
    BlogCategory.objects.create(name="Autocuidado", slug="autocuidado", locale=locales["es"])

    html = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["practice_blog", "blogpostpage", blog_index.pk])
    ).content.decode()
    assert "Mara Okafor" in html
    assert "Mara Okafor (es)" not in html and "مارا أوكافور" not in html
    assert "Self-care" in html and "Autocuidado" not in html

    html = admin_client.get(
        reverse(
            "wagtailadmin_pages:add", args=["practice_blog", "blogpostpage", spanish_journal.pk]
        )
    ).content.decode()
    assert "Mara Okafor (es)" in html and "مارا أوكافور" not in html
    assert "Autocuidado" in html and "Self-care" not in html


@pytest.fixture
def spanish_trainings(training_index, translated_home, locales, provider):
    """A Spanish directory and the provider in English and in Spanish."""
    index = training_index.copy_for_translation(locales["es"])
    index.save_revision().publish()
    spanish = provider.copy_for_translation(locales["es"])
    spanish.name = "Instituto Ribera"
    spanish.save()
    return index, spanish


def training_form(index, admin_user):
    form_class = TrainingPage.get_edit_handler().get_form_class()
    return form_class(
        instance=TrainingPage(locale=index.locale), parent_page=index, for_user=admin_user
    )


def test_the_training_editor_opens_the_provider_chooser_in_the_pages_language(
    admin_client, spanish_trainings
):
    index, spanish = spanish_trainings
    html = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["practice_trainings", "trainingpage", index.pk])
    ).content.decode()
    assert '"ACTIVE_CONTENT_LOCALE": "es"' in html  # the chooser's script sends it as ?locale=
    chooser = admin_client.get(
        reverse("wagtailsnippetchoosers_practice_trainings_provider:choose"), {"locale": "es"}
    ).content.decode()
    assert "Instituto Ribera" in chooser and "Riverbank Institute" not in chooser


def test_a_new_spanish_training_accepts_only_a_spanish_provider(
    spanish_trainings, provider, admin_user
):
    index, spanish = spanish_trainings
    field = training_form(index, admin_user).fields["provider"]
    assert field.clean(spanish.pk) == spanish
    with pytest.raises(ValidationError):
        field.clean(provider.pk)
