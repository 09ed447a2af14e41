"""Permissions: moderation only with the moderate-comments permission (bulk actions included),
checklist weights and assessment answers only for editors allowed to change them, and page
preview, history and revision comparison refused to users without rights on the page."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission

from practice_blog.models import Comment
from practice_trainings.models import Answer, Assessment
from tests.trainings.conftest import (  # noqa: F401 - fixtures shared with the trainings tests
    checklist,
    make_training,
    provider,
    scored_training,
    seeded,
    training_index,
)


def make_editor(username, *codenames, pages=None):
    """A signed-in-capable user who may use the admin, with the given model permissions."""
    user = get_user_model().objects.create_user(username=username, password="pw")
    group = Group.objects.create(name=f"group of {username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(Permission.objects.get(codename=codename))
    for page in pages or []:
        for perm in ["add_page", "change_page", "publish_page"]:
            GroupPagePermission.objects.create(
                group=group, page=page, permission=Permission.objects.get(codename=perm)
            )
    user.groups.add(group)
    return user


def pending_comment(page, body="Waiting"):
    return Comment.objects.create(
        page=page,
        translation_key=page.translation_key,
        locale_id=page.locale_id,
        author_name="Robin",
        body=body,
    )


@pytest.fixture
def editor(blog_index):
    """May edit the journal's pages, but not moderate comments."""
    return make_editor("eddie", pages=[blog_index])


def refused(response):
    return response.status_code in {302, 403, 404} and (
        response.status_code != 302
        or "login" in response["Location"]
        or response["Location"] == "/admin/"
    )


def test_an_editor_without_the_permission_cannot_see_or_moderate_comments(client, editor, post):
    comment = pending_comment(post)
    client.force_login(editor)
    assert refused(client.get(reverse("wagtailsnippets_practice_blog_comment:list")))
    edit = reverse("wagtailsnippets_practice_blog_comment:edit", args=[comment.pk])
    assert refused(client.get(edit))
    client.post(edit, {"status": "approved", "author_name": "X", "body": "Changed"})
    assert refused(
        client.post(reverse("wagtailsnippets_practice_blog_comment:delete", args=[comment.pk]))
    )
    assert refused(client.post(reverse("blog_reply_to_comment", args=[comment.pk]), {"body": "Hi"}))
    comment.refresh_from_db()
    assert (comment.status, comment.body) == (Comment.Status.PENDING, "Waiting")
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("action", ["approve_comments", "reject_comments", "spam_comments"])
def test_bulk_moderation_is_refused_without_the_permission(
    client, editor, post_factory, post, action
):
    other = post_factory()
    ids = [pending_comment(post).pk, pending_comment(other, "Elsewhere").pk]
    client.force_login(editor)
    url = reverse("wagtail_bulk_action", args=("practice_blog", "comment", action))
    query = "&".join(f"id={pk}" for pk in ids)
    response = client.post(f"{url}?{query}", {"next": "/admin/"})
    assert response.status_code in {302, 403}
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.PENDING}


def test_a_moderator_can_bulk_approve(client, post):
    moderator = make_editor("mo", "moderate_comments")
    ids = [pending_comment(post).pk, pending_comment(post, "Another").pk]
    client.force_login(moderator)
    url = reverse("wagtail_bulk_action", args=("practice_blog", "comment", "approve_comments"))
    response = client.post(url + "?" + "&".join(f"id={pk}" for pk in ids), {"next": "/admin/"})
    assert response.status_code == 302
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.APPROVED}


def test_an_editor_cannot_change_checklist_weights(client, editor, checklist):  # noqa: F811
    from practice_trainings.services import start_new_version

    draft = start_new_version(checklist)
    item = draft.items.first()
    weight = item.weight
    client.force_login(editor)
    url = reverse("wagtailsnippets_practice_trainings_checklist:edit", args=[draft.pk])
    assert refused(client.get(url))
    client.post(
        url,
        {
            "title": "Mine",
            "items-TOTAL_FORMS": "1",
            "items-0-id": item.pk,
            "items-0-weight": "3" if weight != 3 else "1",
        },
    )
    item.refresh_from_db()
    draft.refresh_from_db()
    assert draft.title != "Mine"
    assert item.weight == weight


def test_an_editor_cannot_change_assessment_answers(client, editor, scored_training):  # noqa: F811
    assessment = Assessment.objects.get(training_key=scored_training.translation_key)
    before = list(Answer.objects.order_by("pk").values_list("value", flat=True))
    client.force_login(editor)
    url = reverse("practice_trainings_assessment:edit", args=[assessment.pk])
    assert refused(client.get(url))
    client.post(url, {"training": assessment.training_id, "answers-TOTAL_FORMS": "0"})
    assert list(Answer.objects.order_by("pk").values_list("value", flat=True)) == before


def test_preview_history_and_revision_compare_refuse_users_without_rights(client, post, home):
    post.title = "Second revision"
    first, second = post.revisions.order_by("pk").first(), post.save_revision()
    outsider = make_editor(
        "outsider", pages=[home.add_child(instance=type(home)(title="Side", slug="side"))]
    )
    urls = [
        reverse("wagtailadmin_pages:history", args=[post.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[post.pk, first.pk, second.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[post.pk, first.pk]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[post.pk]),
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
    ]
    for url in urls:
        assert refused(client.get(url)), ("anonymous", url)
    client.force_login(outsider)
    for url in urls:
        assert refused(client.get(url)), ("outsider", url)


def test_page_editors_may_see_history_of_their_pages(client, editor, post):
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_pages:history", args=[post.pk])).status_code == 200


# --- translators --------------------------------------------------------------------------------


@pytest.fixture
def spanish_translator(translated_home):
    from practice_site.translators import ensure_translator_teams

    ensure_translator_teams()
    user = get_user_model().objects.create_user(username="ana", password="pw")
    user.groups.add(Group.objects.get(name="Translators: Spanish"))
    return user


@pytest.fixture
def about_in_three_languages(translated_home, locales):
    from practice_site.demo.translation import translate
    from practice_site.models import StandardPage

    about = StandardPage(title="About us", slug="about", introduction="Who we are")
    translated_home["en"].add_child(instance=about)
    about.save_revision().publish()
    return {
        "en": about,
        "es": translate(about, locales["es"], {"About us": "Sobre nosotros"}),
        "fr": translate(about, locales["fr"], {"About us": "À propos"}),
    }


def page_admin_urls(page):
    revision = page.revisions.order_by("pk").first()
    return [
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
        reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, revision.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[page.pk]),
        reverse("wagtailadmin_pages:delete", args=[page.pk]),
        reverse("wagtailadmin_pages:move", args=[page.pk]),
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
    ]


@pytest.mark.parametrize("code", ["en", "fr"])
def test_a_translator_cannot_see_history_revert_unpublish_delete_move_or_copy_other_languages(
    client, spanish_translator, about_in_three_languages, code
):
    page = about_in_three_languages[code]
    client.force_login(spanish_translator)
    for url in page_admin_urls(page):
        assert refused(client.get(url)), url
    client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    page.refresh_from_db()
    assert page.live


def test_a_translator_cannot_moderate_comments(client, spanish_translator, post):
    comment = pending_comment(post)
    client.force_login(spanish_translator)
    assert refused(client.get(reverse("wagtailsnippets_practice_blog_comment:list")))
    url = reverse("wagtail_bulk_action", args=("practice_blog", "comment", "approve_comments"))
    client.post(f"{url}?id={comment.pk}", {"next": "/admin/"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
