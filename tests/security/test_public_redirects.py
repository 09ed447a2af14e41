"""Issue 13, item 11: ``/api/v3/redirects/`` shows visitors only redirects to public pages.

The audit listed ``/en/journal/secret-pw → 64`` anonymously: the paths of password-protected,
private and unpublished pages. Visitors (and tokens without redirect permissions) now get only
external links and redirects to live pages without a view restriction on them or an ancestor.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import APIToken, PageViewRestriction

from practice_site.models import StandardPage


def _page(parent, slug, *, live=True):
    page = StandardPage(title=slug.title(), slug=slug)
    parent.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.live = False
        page.save_revision()
        page.save(update_fields=["live"])
    return StandardPage.objects.get(pk=page.pk)


@pytest.fixture
def redirects(home):
    public = _page(home, "public")
    password = _page(home, "secret-pw")
    PageViewRestriction.objects.create(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    members = _page(home, "members")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    members_child = _page(members, "members-news")
    draft = _page(home, "draft", live=False)

    def make(old_path, **target):
        return Redirect.objects.create(old_path=old_path, **target)

    return {
        "public": make("/old-public", redirect_page=public),
        "external": make("/old-external", redirect_link="https://example.org/elsewhere"),
        "password": make("/en/journal/secret-pw", redirect_page=password),
        "login": make("/old-members", redirect_page=members),
        "below_login": make("/old-members-news", redirect_page=members_child),
        "draft": make("/old-draft", redirect_page=draft),
    }


def _listed_paths(client, **headers):
    response = client.get("/api/v3/redirects/", {"limit": 50}, **headers)
    assert response.status_code == 200
    body = response.json()
    paths = {item["old_path"] for item in body["items"]}
    assert body["count"] == len(paths)
    return paths


def _token(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {APIToken.create_token(user=user, name='t')[1]}"}


def test_visitors_list_only_redirects_to_public_pages_and_external_links(client, redirects):
    assert _listed_paths(client) == {"/old-public", "/old-external"}


def test_a_visitor_gets_404_for_the_detail_of_a_redirect_to_a_protected_page(client, redirects):
    for name in ("password", "login", "below_login", "draft"):
        response = client.get(f"/api/v3/redirects/{redirects[name].pk}/")
        assert response.status_code == 404, name
        assert response["Content-Type"] == "application/problem+json"
    public = client.get(f"/api/v3/redirects/{redirects['public'].pk}/")
    assert public.status_code == 200
    assert public.json()["redirect_page_id"] == redirects["public"].redirect_page_id


def test_a_visitor_cannot_find_a_redirect_to_a_protected_page(client, redirects):
    hidden = client.get("/api/v3/redirects/find/", {"html_path": "/en/journal/secret-pw"})
    assert hidden.status_code == 404
    by_id = client.get("/api/v3/redirects/find/", {"id": redirects["draft"].pk})
    assert by_id.status_code == 404
    found = client.get("/api/v3/redirects/find/", {"html_path": "/old-public"})
    assert found.status_code == 302
    assert found["Location"].startswith(f"/api/v3/redirects/{redirects['public'].pk}/")


def test_a_redirect_shows_once_its_page_is_published_and_hides_once_protected(client, redirects):
    draft = redirects["draft"].redirect_page.specific
    draft.save_revision().publish()
    assert "/old-draft" in _listed_paths(client)
    PageViewRestriction.objects.create(
        page=draft, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert "/old-draft" not in _listed_paths(client)


def test_a_token_of_someone_who_manages_redirects_lists_every_redirect(client, redirects):
    editor = get_user_model().objects.create_user("redirector", password="pw")
    editor.user_permissions.add(Permission.objects.get(codename="change_redirect"))
    assert _listed_paths(client, **_token(editor)) == {
        redirect.old_path for redirect in redirects.values()
    }


def test_a_token_without_redirect_permissions_sees_what_visitors_see(client, redirects):
    reader = get_user_model().objects.create_user("reader", password="pw")
    assert _listed_paths(client, **_token(reader)) == {"/old-public", "/old-external"}
