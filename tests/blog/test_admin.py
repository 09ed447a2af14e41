"""Comment moderation in Wagtail's admin, behind the "moderate comments" permission."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from practice_blog.models import Comment

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/practice_blog/comment/"


@pytest.fixture
def comment(post):
    return Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale=post.locale,
        author_name="<script>alert('x')</script>",
        email="visitor@example.org",
        body="<b>Thanks</b> for this",
    )


def staff_user(django_user_model, moderate=False, name="editor"):
    user = django_user_model.objects.create_user(name, password="pw")
    group = Group.objects.create(name=f"group-{name}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if moderate:
        group.permissions.add(Permission.objects.get(codename="moderate_comments"))
    user.groups.add(group)
    return user


@pytest.fixture
def moderator(django_user_model):
    return staff_user(django_user_model, moderate=True, name="moderator")


def test_the_listing_needs_the_moderate_comments_permission(client, django_user_model, comment):
    client.force_login(staff_user(django_user_model))
    response = client.get(LIST_URL)
    assert response.status_code in (302, 403)


def test_a_moderator_sees_the_listing_with_names_escaped(client, moderator, comment):
    client.force_login(moderator)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert('x')</script>" not in content
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content
    assert "&lt;b&gt;Thanks&lt;/b&gt;" in content
    assert comment.page.url in content  # the link to the post


def test_the_listing_filters_by_status_and_searches(client, moderator, comment, post):
    Comment.objects.create(
        page=post,
        translation_key=post.translation_key,
        locale=post.locale,
        author_name="Approved Person",
        body="Lovely",
        status=Comment.Status.APPROVED,
    )
    client.force_login(moderator)
    content = client.get(LIST_URL + "?status=approved").content.decode()
    assert "Approved Person" in content
    assert "Thanks" not in content
    content = client.get(LIST_URL + "?q=Lovely").content.decode()
    assert "Approved Person" in content
    assert "Thanks" not in content
    assert client.get(LIST_URL + f"?page={post.pk}&locale={post.locale_id}").status_code == 200


def test_moderators_cannot_add_comments_from_the_admin(client, moderator):
    client.force_login(moderator)
    assert client.get(LIST_URL + "add/").status_code in (302, 403)


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve_comments", Comment.Status.APPROVED),
        ("reject_comments", Comment.Status.REJECTED),
        ("spam_comments", Comment.Status.SPAM),
    ],
)
def test_bulk_moderation_sets_the_status(client, moderator, comment, action, status):
    client.force_login(moderator)
    url = (
        reverse("wagtail_bulk_action", args=("practice_blog", "comment", action))
        + f"?id={comment.pk}"
    )
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == status
    assert comment.moderated_by == moderator
    assert comment.moderated_at is not None


def test_bulk_delete_removes_comments(client, moderator, comment):
    client.force_login(moderator)
    url = (
        reverse("wagtail_bulk_action", args=("practice_blog", "comment", "delete"))
        + f"?id={comment.pk}"
    )
    client.post(url)
    assert Comment.objects.count() == 0


def test_bulk_actions_need_the_permission(client, django_user_model, comment):
    client.force_login(staff_user(django_user_model))
    url = reverse("wagtail_bulk_action", args=("practice_blog", "comment", "approve_comments"))
    client.post(url + f"?id={comment.pk}")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_replying_as_the_practice_publishes_a_reply_and_approves_the_comment(
    client, moderator, comment
):
    client.force_login(moderator)
    url = reverse("blog_reply_to_comment", args=[comment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"author_name": "Willow & Stone", "body": "Thank you!"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    reply = comment.replies.get()
    assert reply.is_practice_reply is True
    assert reply.status == Comment.Status.APPROVED
    assert reply.moderated_by == moderator


def test_replying_needs_the_permission(client, django_user_model, comment):
    client.force_login(staff_user(django_user_model))
    url = reverse("blog_reply_to_comment", args=[comment.pk])
    assert client.post(url, {"author_name": "X", "body": "Y"}).status_code in (302, 403)
    assert comment.replies.count() == 0


def test_the_dashboard_and_menu_show_the_pending_count(client, moderator, comment):
    client.force_login(moderator)
    content = client.get("/admin/").content.decode()
    assert "1 comment awaiting moderation" in content
    assert "Comments (1 awaiting moderation)" in content


def test_the_dashboard_panel_is_hidden_from_other_editors(client, django_user_model, comment):
    client.force_login(staff_user(django_user_model))
    content = client.get("/admin/").content.decode()
    assert "awaiting moderation" not in content


def test_the_edit_view_changes_the_status(client, moderator, comment):
    client.force_login(moderator)
    url = LIST_URL + f"edit/{comment.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "approved"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.author_name == "<script>alert('x')</script>"  # read-only fields unchanged
