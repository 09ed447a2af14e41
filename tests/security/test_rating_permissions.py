"""The ratings screens per role: admin, editor, moderator (who has "Can moderate ratings") and
translators of this language and another. A post's ratings are shared by its translations by
default, so translators never moderate them; with ``PRACTICE_BLOG["RATINGS_PER_LOCALE"]`` a
translator who has the permission may moderate their own language's ratings only."""

import pytest
from django.contrib.auth.models import Permission
from django.test import override_settings
from django.urls import reverse

from practice_blog.models import Rating
from practice_blog.ratings import summary_for
from practice_blog.services import rate
from tests.blog.conftest import visitor_named
from tests.security.conftest import ROLES
from tests.security.test_admin_permissions import assert_refused

MAY_MODERATE = {"admin", "moderator"}


def _ballots(post, blog_settings, how_many=4):
    blog_settings.rating_rate_limits = ""
    blog_settings.save()
    for n in range(how_many):
        rate(post, 1, visitor_named(f"bot{n}", blog_settings, network="net-flood"))
    return ",".join(str(pk) for pk in Rating.objects.values_list("pk", flat=True))


@pytest.mark.parametrize("role", ROLES)
def test_the_ratings_list_per_role(client, users, post, blog_settings, role):
    _ballots(post, blog_settings)
    client.force_login(users[role])
    response = client.get(reverse("blog_ratings"))
    if role in MAY_MODERATE:
        assert response.status_code == 200
        assert post.title in response.content.decode()
    else:
        assert_refused(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_a_spanish_posts_ratings_screen_per_role(client, users, spanish_post, blog_settings, role):
    _ballots(spanish_post, blog_settings)
    client.force_login(users[role])
    response = client.get(reverse("blog_post_ratings", args=[spanish_post.pk]))
    if role in MAY_MODERATE:
        assert response.status_code == 200
    else:
        assert_refused(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_removing_ballots_per_role(client, users, spanish_post, blog_settings, role):
    ids = _ballots(spanish_post, blog_settings)
    client.force_login(users[role])
    response = client.post(
        reverse("blog_post_ratings", args=[spanish_post.pk]),
        {"action": "remove", "ballots": [ids]},
    )
    if role in MAY_MODERATE:
        assert response.status_code == 302
        assert Rating.objects.count() == 0
        assert summary_for(spanish_post).count == 0
    else:
        assert_refused(response, role)
        assert Rating.objects.count() == 4
        assert summary_for(spanish_post).count == 3


@override_settings(PRACTICE_BLOG={"RATINGS_PER_LOCALE": True})
@pytest.mark.parametrize("role", ["translator_es", "translator_fr"])
def test_with_ratings_per_language_a_permitted_translator_moderates_their_language_only(
    client, users, spanish_post, blog_settings, role
):
    ids = _ballots(spanish_post, blog_settings)
    translator = users[role]
    translator.user_permissions.add(Permission.objects.get(codename="moderate_ratings"))
    client.force_login(translator)
    url = reverse("blog_post_ratings", args=[spanish_post.pk])
    response = client.post(url, {"action": "remove", "ballots": [ids]})
    if role == "translator_es":
        assert response.status_code == 302
        assert Rating.objects.count() == 0
    else:
        assert_refused(response, role)
        assert Rating.objects.count() == 4
