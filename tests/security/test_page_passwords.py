"""Page passwords cannot be guessed without limit (audit item 4).

The audit sent 40 wrong passwords to ``/_util/authenticate_with_password/`` in under a second,
then the right one, which was accepted. Now failures are counted per network and per page in the
throttle cache (like the admin sign-in): 429 with ``Retry-After`` while a limit is reached.
"""

from unittest import mock

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.models import PageViewRestriction

from practice_core.throttles import network_key
from practice_site.models import StandardPage

RIGHT = "the right password"
pytestmark = pytest.mark.django_db


def private_page(home, slug, password=RIGHT):
    page = StandardPage(title=f"Members {slug}", slug=slug)
    home.add_child(instance=page)
    page.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=password
    )
    return page, restriction


@pytest.fixture
def members(home):
    return private_page(home, "members")


def visitor(address="203.0.113.10"):
    return Client(REMOTE_ADDR=address)


def attempt(client, page, restriction, password):
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    return client.post(url, {"password": password, "return_url": page.url})


def sees_the_page(client, page):
    response = client.get(page.url)
    return response.status_code == 200 and 'name="password"' not in response.content.decode()


def test_the_form_posts_to_the_throttled_view(members):
    page, restriction = members
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    assert url.startswith("/en/_util/authenticate_with_password/")
    assert visitor().get(page.url).content.decode().count(url) == 1


def test_the_right_password_still_opens_the_page(members):
    page, restriction = members
    client = visitor()
    assert attempt(client, page, restriction, "wrong").status_code == 200
    response = attempt(client, page, restriction, RIGHT)
    assert response.status_code == 302
    assert sees_the_page(client, page)


def test_the_audited_attack_forty_wrong_passwords_then_the_right_one_is_refused(members):
    page, restriction = members
    client = visitor()
    statuses = [attempt(client, page, restriction, f"guess {n}").status_code for n in range(40)]
    assert statuses[:5] == [200] * 5
    assert set(statuses[5:]) == {429}
    response = attempt(client, page, restriction, RIGHT)
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    assert "Too many wrong passwords" in response.content.decode()
    assert 'name="password"' in response.content.decode()  # the form, to try again later
    assert not sees_the_page(client, page)


def test_another_network_is_not_locked_out(members):
    page, restriction = members
    for n in range(6):
        attempt(visitor("203.0.113.10"), page, restriction, f"guess {n}")
    other = visitor("198.51.100.20")
    assert attempt(other, page, restriction, RIGHT).status_code == 302
    assert sees_the_page(other, page)


def test_the_same_network_behind_a_proxy_is_counted_by_its_forwarded_address(members, settings):
    settings.PRACTICE_CORE = {**settings.PRACTICE_CORE, "TRUSTED_PROXIES": ["10.0.0.0/8"]}
    page, restriction = members

    def via_proxy(forwarded):
        return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    for n in range(5):
        attempt(via_proxy("203.0.113.10:5000"), page, restriction, f"guess {n}")
    assert attempt(via_proxy("203.0.113.99:6000"), page, restriction, RIGHT).status_code == 429
    assert attempt(via_proxy("[2001:db8::1]:443"), page, restriction, RIGHT).status_code == 302


def test_one_network_guessing_over_many_pages_is_stopped_too(home, settings):
    settings.PRACTICE_CORE = {**settings.PRACTICE_CORE, "PAGE_PASSWORD_MAX_NETWORK_FAILURES": 4}
    pages = [private_page(home, f"members-{n}") for n in range(3)]
    client = visitor()
    statuses = []
    for page, restriction in pages:
        statuses += [attempt(client, page, restriction, "guess").status_code for _ in range(2)]
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_a_success_clears_the_pages_count(members):
    page, restriction = members
    client = visitor()
    for n in range(4):
        attempt(client, page, restriction, f"guess {n}")
    assert attempt(client, page, restriction, RIGHT).status_code == 302
    fresh = visitor()
    for n in range(4):
        assert attempt(fresh, page, restriction, f"again {n}").status_code == 200


def test_guessing_is_refused_while_the_counters_are_unreachable(members):
    page, restriction = members
    unreachable = mock.Mock()
    unreachable.get.side_effect = ConnectionError("down")
    client = visitor()
    with mock.patch("practice_core.throttles.counters", return_value=unreachable):
        response = attempt(client, page, restriction, RIGHT)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "briefly unavailable" in response.content.decode()
    assert not sees_the_page(client, page)


def test_the_counters_hold_no_address(members):
    page, restriction = members
    attempt(visitor("203.0.113.10"), page, restriction, "wrong")
    network = network_key(RequestFactory().get("/", REMOTE_ADDR="203.0.113.10"))
    key = f"throttle:page-password:page:{network}:{restriction.pk}"
    assert caches["throttles"].get(key) == 1
    assert "203.0.113" not in key
