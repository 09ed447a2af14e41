"""Set up, or check, the database a load test's gunicorn serves (run with its environment).

``load_site.py setup``: migrate-ready database → a home page, a journal and one post; prints the
post's id and path as JSON. ``load_site.py editor``: a second post in the journal and a
superuser ``owner`` with the password in ``OWNER_PASSWORD``; prints the post's id, path and title
as JSON. ``load_site.py check``: prints rating rows, the stored summary, the
summary rebuilt from the rows, and comment counts as JSON.
"""

import json
import os
import sys

import django

django.setup()

from django.db.models import Count, Sum  # noqa: E402
from wagtail.models import Locale, Page, Site  # noqa: E402

from practice_blog.models import BlogIndexPage, BlogPostPage, Comment, Rating, RatingSummary  # noqa: E402
from practice_site.models import HomePage  # noqa: E402


def setup():
    locale, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    for page in Page.objects.filter(depth=2):
        page.delete()
    root.refresh_from_db()
    home = root.add_child(instance=HomePage(title="Load Practice", slug="home", locale=locale))
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=home, is_default_site=True)
    index = home.add_child(instance=BlogIndexPage(title="Journal", slug="journal"))
    index.save_revision().publish()
    post = index.add_child(
        instance=BlogPostPage(
            title="Under load", slug="under-load", summary="Rated by many.", body=[]
        )
    )
    post.save_revision().publish()
    post = BlogPostPage.objects.get(pk=post.pk)
    print(json.dumps({"id": post.pk, "path": post.url}))


def editor():
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("owner", "", os.environ["OWNER_PASSWORD"])
    index = BlogIndexPage.objects.get(slug="journal")
    post = index.add_child(
        instance=BlogPostPage(
            title="Notes soon private", slug="notes", summary="Listed until made private.", body=[]
        )
    )
    post.save_revision().publish()
    post = BlogPostPage.objects.get(pk=post.pk)
    print(json.dumps({"id": post.pk, "path": post.url, "title": post.title}))


def check():
    post = BlogPostPage.objects.get(slug="under-load")
    rows = Rating.objects.filter(translation_key=post.translation_key).aggregate(
        count=Count("pk"), total=Sum("stars")
    )
    summary = RatingSummary.objects.filter(translation_key=post.translation_key).first()
    print(
        json.dumps(
            {
                "rows": {"count": rows["count"], "total": rows["total"] or 0},
                "buckets": {
                    str(n): Rating.objects.filter(
                        translation_key=post.translation_key, stars=n
                    ).count()
                    for n in range(1, 6)
                },
                "summary": None
                if summary is None
                else {
                    "count": summary.count,
                    "total": summary.total,
                    "buckets": {str(n): getattr(summary, f"count_{n}") for n in range(1, 6)},
                },
                "comments": Comment.objects.filter(translation_key=post.translation_key).count(),
            }
        )
    )


if __name__ == "__main__":
    {"setup": setup, "editor": editor, "check": check}[sys.argv[1]]()
