"""``practice_blog.api.get_public_post`` finds exactly the posts Wagtail's public queryset finds,
from the
post itself (the rating and comment routes' lookup, performance issue)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.models import Page, PageViewRestriction, Site

from practice_blog.api import get_public_post
from practice_blog.models import BlogPostPage
from practice_site.models import HomePage
from tests.blog.conftest import make_post

pytestmark = pytest.mark.django_db


def request_for(host="testserver", user=None, session=None, **params):
    request = RequestFactory().get("/api/v3/pages/1/ratings/", params, HTTP_HOST=host)
    request.user = user or AnonymousUser()
    request.session = session if session is not None else {}
    return request


def wagtail_finds(request, page_id):
    queryset = get_public_pages_queryset(request, BlogPostPage)
    return queryset.filter(pk=page_id, alias_of__isnull=True).exists()


def blog_finds(request, page_id):
    try:
        return get_public_post(request, page_id).pk == page_id
    except Http404:
        return False


@pytest.fixture
def pages(home, blog_index, post_factory, locales):
    """Posts in every situation the lookup must tell apart."""
    public = post_factory(title="Public")
    draft = post_factory(title="Draft", publish=False)
    passworded = post_factory(title="Passworded")
    password = PageViewRestriction.objects.create(
        page=passworded, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    alias = public.create_alias(update_slug="public-alias")
    # A Spanish tree under the home page's translation: same site.
    spanish = public.copy_for_translation(locales["es"], copy_parents=True)
    spanish.save_revision().publish()
    # A second site with its own home, index and post.
    root = Page.get_first_root_node()
    other_home = HomePage(title="Other practice", slug="other-home", locale=locales["en"])
    root.add_child(instance=other_home)
    other_home.save_revision().publish()
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    from practice_blog.models import BlogIndexPage

    other_index = BlogIndexPage(title="Other journal", slug="journal", posts_per_page=10)
    other_home.add_child(instance=other_index)
    other_index.save_revision().publish()
    elsewhere = make_post(BlogIndexPage.objects.get(pk=other_index.pk), title="Elsewhere")
    # A login restriction on an ancestor (a members' index) hides its posts too.
    members_index = BlogIndexPage(title="Members", slug="members", posts_per_page=10)
    other_home.refresh_from_db()  # treebeard reads the number of children from the instance
    other_home.add_child(instance=members_index)
    members_index.save_revision().publish()
    hidden_by_ancestor = make_post(BlogIndexPage.objects.get(pk=members_index.pk), title="Inner")
    PageViewRestriction.objects.create(
        page=members_index, restriction_type=PageViewRestriction.LOGIN
    )
    return {
        "public": public.pk,
        "draft": draft.pk,
        "passworded": passworded.pk,
        "alias": alias.pk,
        "spanish": spanish.pk,
        "elsewhere": elsewhere.pk,
        "hidden_by_ancestor": hidden_by_ancestor.pk,
        "index (not a post)": blog_index.pk,
        "home (not a post)": home.pk,
        "unknown": 999_999,
        "password restriction id": password.pk,
    }


def test_the_lookup_agrees_with_wagtails_public_queryset_on_every_kind_of_page(pages):
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.create_user("member", "m@example.com", "pw")
    requests = {
        "default site": request_for(),
        "second site": request_for(host="other.example"),
        "second site, member": request_for(host="other.example", user=member),
        "?site= filter": request_for(site="other.example"),
        "unknown host, default site": request_for(host="unknown.example"),
        "password given": request_for(
            session={PageViewRestriction.passed_view_restrictions_session_key: []}
        ),
    }
    password_id = pages.pop("password restriction id")
    requests["password given"].session[PageViewRestriction.passed_view_restrictions_session_key] = [
        password_id
    ]
    disagreements = []
    found = set()
    for request_name, request in requests.items():
        for page_name, page_id in pages.items():
            expected = wagtail_finds(request, page_id)
            if blog_finds(request, page_id) != expected:
                disagreements.append((request_name, page_name, expected))
            if expected:
                found.add((request_name, page_name))
    assert disagreements == []
    # The scenarios do tell pages apart (not everything hidden, not everything found).
    assert ("default site", "public") in found
    assert ("default site", "spanish") in found
    assert ("second site", "elsewhere") in found
    assert ("second site, member", "hidden_by_ancestor") in found
    assert ("default site", "elsewhere") not in found
    assert ("second site", "hidden_by_ancestor") not in found
    assert ("default site", "passworded") not in found
    assert ("password given", "passworded") in found


def test_the_lookup_takes_three_queries(pages, django_assert_max_num_queries):
    pages.pop("password restriction id")
    request = request_for()
    # The site (Wagtail's lookup, kept on the request), the post, its ancestors.
    with django_assert_max_num_queries(3):
        get_public_post(request, pages["public"])
