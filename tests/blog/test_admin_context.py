"""Admin screens with context: a comment's edit screen and the comments list show its post, date
and thread (never the commenter's email address); names in the comments list wrap between
words; the admin is named after the practice. Each screen is tried per role."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import Site

from practice_blog.models import Comment

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
    return reverse("wagtailsnippets_practice_blog_comment:edit", args=[comment.pk])


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
    # Each thread item's date is a <time>, its parts set apart by marks no language reads as
    # its own punctuation (no English commas and colon in an Arabic admin).
    assert f'<time datetime="{question.created.isoformat()}">' in html
    assert "Keyboard Kim</a>," not in html and "</time>," not in html
    assert 'aria-current="true"' in html


def test_nobody_sees_the_commenters_email_in_the_admin(client, post, django_user_model):
    comment = comment_on(post, email="kim@example.org", notify_on_reply=True)
    reply = comment_on(post, parent=comment, author_name="The practice", is_practice_reply=True)
    owner = django_user_model.objects.create_superuser("owner", password="pw")
    for user in (owner, moderator(django_user_model)):
        client.force_login(user)
        screens = [
            edit_url(comment),
            edit_url(reply),
            reverse("wagtailsnippets_practice_blog_comment:inspect", args=[comment.pk]),
            reverse("wagtailsnippets_practice_blog_comment:list"),
            reverse("wagtailsnippets_practice_blog_comment:list") + "?export=csv",
        ]
        for url in screens:
            response = client.get(url)
            assert response.status_code == 200, url
            body = b"".join(response) if response.streaming else response.content
            assert b"kim@example.org" not in body, url
    html = client.get(edit_url(comment)).content.decode()
    assert "asked to be told by email when the practice replies" in html


def test_the_comments_list_cannot_be_searched_by_email(client, post, django_user_model):
    comment_on(post, email="kim@example.org")
    client.force_login(moderator(django_user_model))
    html = client.get(
        reverse("wagtailsnippets_practice_blog_comment:list"), {"q": "kim@example.org"}
    )
    assert "Keyboard Kim" not in html.content.decode()
    found = client.get(reverse("wagtailsnippets_practice_blog_comment:list"), {"q": "Keyboard"})
    assert "Keyboard Kim" in found.content.decode()


def test_the_comments_list_shows_each_comments_post_date_and_place_in_its_thread(
    client, post, django_user_model
):
    question = comment_on(post, status=Comment.Status.APPROVED)
    comment_on(post, parent=question, author_name="The practice", is_practice_reply=True)
    comment_on(post, parent=question, author_name="Robin", body="Me too.")
    client.force_login(moderator(django_user_model))
    html = client.get(reverse("wagtailsnippets_practice_blog_comment:list")).content.decode()
    assert f'href="{post.url}"' in html and post.title in html
    assert "2 replies" in html
    assert html.count("In reply to Keyboard Kim") == 2
    assert f'href="{edit_url(question)}"' in html
    assert "<time" in html  # the date each was written


def test_the_comments_list_counts_replies_without_a_query_per_comment(
    client, post, django_user_model, django_assert_max_num_queries
):
    client.force_login(moderator(django_user_model))
    url = reverse("wagtailsnippets_practice_blog_comment:list")
    for index in range(3):
        root = comment_on(post, author_name=f"Visitor {index}")
        comment_on(post, parent=root, author_name="The practice", is_practice_reply=True)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for index in range(3, 13):
        root = comment_on(post, author_name=f"Visitor {index}")
        comment_on(post, parent=root, author_name="The practice", is_practice_reply=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_names_in_the_comments_list_wrap_between_words(client, post, django_user_model):
    comment_on(post)
    client.force_login(moderator(django_user_model))
    html = client.get("/admin/snippets/practice_blog/comment/").content.decode()
    assert 'class="blog-comment-name title"' in html
    assert "practice_blog/admin.css" in html
    from django.contrib.staticfiles import finders

    css = open(finders.find("practice_blog/admin.css")).read()  # noqa: SIM115
    for cell in ("blog-comment-name", "blog-comment-excerpt"):
        assert f'class="{cell}' in html
        rule = css.split(f".listing td.{cell}", 1)[1].split("}", 1)[0]
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


def translator_of(code, *, moderates=False):
    from django.contrib.auth import get_user_model

    from practice_site.translators import ensure_translator_teams

    ensure_translator_teams()
    user = get_user_model().objects.create_user(username=f"translator-{code}", password="pw")
    team = Group.objects.get(translator_team__locale__language_code=code)
    if moderates:  # a translator team given comment moderation moderates its language only
        team.permissions.add(Permission.objects.get(codename="moderate_comments"))
    user.groups.add(team)
    return user


def editor_of(post, django_user_model):
    from wagtail.models import GroupPagePermission

    user = django_user_model.objects.create_user("eddie", password="pw")
    group = Group.objects.create(name="editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group,
        page=post.get_parent(),
        permission=Permission.objects.get(codename="change_page"),
    )
    user.groups.add(group)
    return user


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("admin", True),
        ("editor", False),
        ("moderator", True),
        ("translator of this language", False),
        ("translator of this language who moderates", True),
        ("translator of another language", False),
        ("translator of another language who moderates", False),
    ],
)
def test_who_opens_a_comments_screen_and_list_row(
    client, spanish_post, django_user_model, role, allowed
):
    comment = comment_on(spanish_post, body="Gracias.")
    user = {
        "admin": lambda: django_user_model.objects.create_superuser("owner", password="pw"),
        "editor": lambda: editor_of(spanish_post, django_user_model),
        "moderator": lambda: moderator(django_user_model),
        "translator of this language": lambda: translator_of("es"),
        "translator of this language who moderates": lambda: translator_of("es", moderates=True),
        "translator of another language": lambda: translator_of("fr"),
        "translator of another language who moderates": lambda: translator_of("fr", moderates=True),
    }[role]()
    client.force_login(user)
    response = client.get(edit_url(comment))
    listing = client.get(reverse("wagtailsnippets_practice_blog_comment:list"))
    if allowed:
        assert response.status_code == 200
        assert spanish_post.title in response.content.decode()
        assert "Gracias." in listing.content.decode()
    else:
        assert response.status_code in {302, 403}
        assert "Gracias." not in response.content.decode()
        assert "Gracias." not in listing.content.decode()


def test_without_a_practice_name_the_admin_goes_by_the_sites_name(client, home, django_user_model):
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Willow Clinic"
    site.save()
    client.force_login(django_user_model.objects.create_superuser("owner", password="pw"))
    html = client.get("/admin/").content.decode()
    assert "<title>Dashboard - Willow Clinic</title>" in html


def test_the_practices_name_is_framed_in_the_admin_users_language(client, home, django_user_model):
    from wagtail.users.models import UserProfile

    from practice_site.models import PracticeSettings

    settings = PracticeSettings.for_site(Site.objects.get(is_default_site=True))
    settings.practice_name = "Willow & Stone Counselling"
    settings.save()
    login = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Inicia sesión en Willow &amp; Stone Counselling" in login
    owner = django_user_model.objects.create_superuser("owner", password="pw")
    profile = UserProfile.get_for_user(owner)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(owner)
    html = client.get("/admin/").content.decode()
    assert '<html lang="fr"' in html
    assert "Willow &amp; Stone Counselling</title>" in html
    assert "Tableau de bord - Willow &amp; Stone Counselling" in html
