"""The blog's demo content loads, is idempotent and includes the Spanish training post."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page

from blog.models import Author, BlogCategory, BlogPostPage, Comment, Rating, RatingSummary


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("id", "url_path", "live")),
        "authors": Author.objects.count(),
        "categories": BlogCategory.objects.count(),
        "comments": sorted(Comment.objects.values_list("id", "status", "body")),
        "ratings": Rating.objects.count(),
        "summaries": sorted(RatingSummary.objects.values_list("scope", "count", "total")),
    }


@pytest.mark.django_db(transaction=True)
@override_settings(DEBUG=True)
def test_the_blog_demo_loads_and_a_second_run_changes_nothing(client):
    call_command("load_demo", "--no-user", stdout=StringIO())
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

    call_command("load_demo", "--no-user", stdout=StringIO())
    assert snapshot() == first
