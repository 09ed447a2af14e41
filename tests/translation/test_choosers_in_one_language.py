"""The post editor lists the authors and categories of the post's language only."""

from django.urls import reverse

from practice_blog.models import Author, BlogCategory


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
