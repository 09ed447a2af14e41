"""Run inside a host Wagtail project (its own virtualenv, its own settings) by
``test_host_site.py``: create the fixture's pages through Wagtail's page API, then visit them as
a visitor, an API client and an administrator would, and print one JSON line of findings.

It only uses the host's settings and the plugins' public names, so it fails the way a host site
would if the README's instructions were incomplete. Usage (from the host project's folder):
``python host_checks.py host_content.json``.
"""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hostsite.settings.dev")
django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from wagtail.models import Locale, Site  # noqa: E402


def publish_under(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page.specific_class.objects.get(pk=page.pk)


def translate(page, locale, fields):
    """A Spanish copy of ``page`` (its parents too), retitled and published."""
    copy = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy.specific_class.objects.get(pk=copy.pk)


def fetch(client, url, **kwargs):
    response = client.get(url, **kwargs)
    return {"url": url, "status": response.status_code, "text": response.content.decode()}


def main(content_path):
    with open(content_path, encoding="utf-8") as handle:
        content = json.load(handle)
    blog_index_model = apps.get_model("practice_blog", "BlogIndexPage")
    post_model = apps.get_model("practice_blog", "BlogPostPage")
    training_index_model = apps.get_model("practice_trainings", "TrainingIndexPage")
    training_model = apps.get_model("practice_trainings", "TrainingPage")
    comment_model = apps.get_model("practice_blog", "Comment")

    spanish, _ = Locale.objects.get_or_create(language_code="es")
    home = Site.objects.get(is_default_site=True).root_page.specific

    def fields(data):
        return {k: v for k, v in data.items() if k not in {"es", "body"}}

    blog_index = publish_under(home, blog_index_model(**fields(content["blog_index"])))
    post_data = content["post"]
    post = publish_under(
        blog_index, post_model(body=json.dumps(post_data["body"]), **fields(post_data))
    )
    training_index = publish_under(home, training_index_model(**fields(content["training_index"])))
    training = publish_under(training_index, training_model(**fields(content["training"])))

    translate(blog_index, spanish, content["blog_index"]["es"])
    post_es = translate(post, spanish, post_data["es"])
    translate(training_index, spanish, content["training_index"]["es"])
    training_es = translate(training, spanish, content["training"]["es"])

    visitor = Client()
    pages = {
        "post_en": fetch(visitor, post.url),
        "post_es": fetch(visitor, post_es.url),
        "blog_index_en": fetch(visitor, blog_index.url),
        "training_en": fetch(visitor, training.url),
        "training_es": fetch(visitor, training_es.url),
    }

    api = Client()
    origin = {"HTTP_ORIGIN": "http://testserver"}
    rating = api.post(
        f"/api/v3/pages/{post.pk}/ratings/",
        data=content["rating"],
        content_type="application/json",
        **origin,
    )
    comment = api.post(
        f"/api/v3/pages/{post.pk}/comments/",
        data=content["comment"],
        content_type="application/json",
        **origin,
    )
    detail = api.get(f"/api/v3/pages/{post.pk}/")

    admin_user = get_user_model().objects.create_superuser("host-admin", "", "host-admin-pw")
    staff = Client()
    staff.force_login(admin_user)
    moderation_url = reverse(comment_model.snippet_viewset.get_url_name("list"))
    moderation = fetch(staff, moderation_url)

    # The host's own app labelled "blog" lives beside practice_blog.
    note_model = apps.get_model("blog", "Note")
    note_model.objects.create(text="The host's own note.")

    report = {
        "pages": pages,
        "rating": {"status": rating.status_code, "body": rating.json()},
        "comment": {"status": comment.status_code, "body": comment.json()},
        "detail": {"status": detail.status_code, "body": detail.json()},
        "moderation": moderation,
        "pending_comments": comment_model.objects.filter(status="pending").count(),
        "host_blog_notes": note_model.objects.count(),
        "project_layer_imported": sorted(
            name for name in sys.modules if name.split(".")[0] == "practice_site"
        ),
    }
    print("HOST-CHECKS " + json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
