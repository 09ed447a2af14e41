"""The blog's demo content loads, is idempotent and includes the Spanish training post."""

from io import StringIO

import pytest
from django.db import transaction
from django.test import override_settings
from wagtail.models import Page

from blog.models import Author, BlogCategory, BlogPostPage, Comment, Rating, RatingSummary


def load_site_and_blog_demo():
    """The site's demo steps, then the blog's (as ``load_demo`` runs them), without the other
    plugins' steps, whose data this test does not own."""
    from practice_site.demo import blog as blog_demo
    from practice_site.demo import site as site_demo

    steps = [
        site_demo.ensure_locales,
        site_demo.ensure_home_and_site,
        site_demo.ensure_settings,
        site_demo.ensure_standard_pages,
        site_demo.translate_site_pages,
        *(step for _label, step in blog_demo.STEPS),
    ]
    for step in steps:
        with transaction.atomic():
            step(StringIO())


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("id", "url_path", "live")),
        "authors": Author.objects.count(),
        "categories": BlogCategory.objects.count(),
        "comments": sorted(Comment.objects.values_list("id", "status", "body")),
        "ratings": Rating.objects.count(),
        "summaries": sorted(RatingSummary.objects.values_list("scope", "count", "total")),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(DEBUG=True)
def test_the_blog_demo_loads_and_a_second_run_changes_nothing(client):
    load_site_and_blog_demo()
    first = snapshot()
    english_posts = BlogPostPage.objects.filter(locale__language_code="en", live=True)
    assert english_posts.count() >= 4
    assert Comment.objects.filter(status=Comment.Status.PENDING).exists()
    assert Comment.objects.filter(is_practice_reply=True, status="approved").exists()
    assert Rating.objects.count() >= 30
    spanish = BlogPostPage.objects.get(locale__language_code="es")
    assert spanish.title.startswith("Elegir una formación")
    assert spanish.live

    response = client.get(spanish.url, HTTP_HOST="localhost")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Terapeuta y responsable clínica" in content
    response = client.get("/en/journal/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert "out of 5" in response.content.decode()

    load_site_and_blog_demo()
    assert snapshot() == first
