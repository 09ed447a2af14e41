"""Admin screens with context: a comment's edit screen shows its post, date and thread (and its
email address to staff only); names in the comments list wrap between words; the admin is
named after the practice."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import Site

from blog.models import Comment

pytestmark = pytest.mark.django_db


def comment_on(post, **fields):
    return Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale=post.locale,
        **{"author_name": "Keyboard Kim", "body": "Thank you for this.", **fields},
    )


def moderator(django_user_model, name="mo", staff=True):
    user = django_user_model.objects.create_user(name, password="pw", is_staff=staff)
    group = Group.objects.create(name=f"moderators-{name}")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="moderate_comments"),
    )
    user.groups.add(group)
    return user


def edit_url(comment):
    return reverse("wagtailsnippets_blog_comment:edit", args=[comment.pk])


def test_the_edit_screen_shows_the_post_date_language_and_thread(client, post, django_user_model):
    question = comment_on(post, status=Comment.Status.APPROVED, email="kim@example.org")
    reply = comment_on(
        post,
        parent=question,
        author_name="The practice",
        body="Glad it helped.",
        status=Comment.Status.APPROVED,
        is_practice_reply=True,
    )
    client.force_login(moderator(django_user_model))
    html = client.get(edit_url(reply)).content.decode()
    assert post.title in html and post.url in html
    assert reverse("wagtailadmin_pages:edit", args=[post.pk]) in html
    assert "English" in html
    assert f'datetime="{reply.created.isoformat()}' in html.replace("+00:00", "+00:00")
    assert "Thank you for this." in html and "Glad it helped." in html  # the thread
    assert 'aria-current="true"' in html


def test_staff_moderators_see_the_commenters_email_on_the_edit_screen(
    client, post, django_user_model
):
    comment = comment_on(post, email="kim@example.org", notify_on_reply=True)
    client.force_login(moderator(django_user_model))
    html = client.get(edit_url(comment)).content.decode()
    assert "kim@example.org" in html
    assert "asked to be told about replies" in html


def test_a_moderator_who_is_not_staff_never_sees_the_email(client, post, django_user_model):
    comment = comment_on(post, email="kim@example.org")
    client.force_login(moderator(django_user_model, staff=False))
    response = client.get(edit_url(comment))
    assert response.status_code == 200
    assert "kim@example.org" not in response.content.decode()


def test_names_in_the_comments_list_wrap_between_words(client, post, django_user_model):
    comment_on(post)
    client.force_login(moderator(django_user_model))
    html = client.get("/admin/snippets/blog/comment/").content.decode()
    assert 'class="blog-comment-name title"' in html
    assert "blog/admin.css" in html
    from django.contrib.staticfiles import finders

    css = open(finders.find("blog/admin.css")).read()  # noqa: SIM115
    rule = css.split(".listing td.blog-comment-name", 1)[1].split("}", 1)[0]
    assert "word-break: normal" in rule


def test_the_admin_is_named_after_the_practice(client, home, django_user_model):
    from practice_site.models import PracticeSettings

    settings = PracticeSettings.for_site(Site.objects.get(is_default_site=True))
    settings.practice_name = "Willow & Stone Counselling"
    settings.save()
    client.force_login(django_user_model.objects.create_superuser("owner", password="pw"))
    html = client.get("/admin/").content.decode()
    assert "<title>Dashboard - Willow &amp; Stone Counselling</title>" in html
    assert "practice-cms" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    assert '<h1 class="w-h1 w-mt-0">' in html
    heading = html.split('<h1 class="w-h1 w-mt-0">', 1)[1].split("</h1>", 1)[0]
    assert "Willow &amp; Stone Counselling" in heading
    client.logout()
    login = client.get("/admin/login/").content.decode()
    assert "Sign in to Willow &amp; Stone Counselling" in login


def test_without_a_practice_name_the_admin_keeps_the_site_name(client, home, django_user_model):
    from django.conf import settings as django_settings

    client.force_login(django_user_model.objects.create_superuser("owner", password="pw"))
    html = client.get("/admin/").content.decode()
    assert f"<title>Dashboard - {django_settings.WAGTAIL_SITE_NAME}</title>" in html
