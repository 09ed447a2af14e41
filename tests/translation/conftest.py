"""The blog's and the trainings' fixtures, for tests that cross both plugins."""

import pytest

from practice_blog.models import BlogIndexPage
from tests.blog.conftest import author, blog_index, make_post  # noqa: F401
from tests.trainings.conftest import (  # noqa: F401
    checklist,
    make_training,
    provider,
    seeded,
    training_index,
)


@pytest.fixture
def spanish_journal(blog_index, locales, translated_home):  # noqa: F811
    """The journal index, translated and published in Spanish (as the demo has it)."""
    index = blog_index.copy_for_translation(locales["es"])
    index.title, index.slug = "Diario", "diario"
    index.save_revision().publish()
    return BlogIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def english_post(blog_index):  # noqa: F811
    return make_post(blog_index, title="Walking as a way to settle", slug="walking")
