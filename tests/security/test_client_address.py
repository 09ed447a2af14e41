"""One client-address parser for every throttle (audit item 5).

Behind a trusted proxy, ``X-Forwarded-For`` hops with ports (``198.18.1.7:50001``,
``[2001:db8::1]:443``) used to count as the proxy's network in the blog's copy of the parsing, so
one visitor could block ratings for everyone. Now practice_core.network is the only code that
reads the header, and every throttle keys on it.
"""

import json
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

from practice_core import throttles
from practice_core.network import client_address, client_network, client_network_key

PROXY = "10.0.0.5"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def behind_proxy(settings):
    settings.PRACTICE_CORE = {**settings.PRACTICE_CORE, "TRUSTED_PROXIES": ["10.0.0.0/8"]}


def request_via_proxy(forwarded_for):
    return RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


@pytest.mark.parametrize(
    ("forwarded_for", "address"),
    [
        ("198.18.1.7:50001", "198.18.1.7"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("198.18.1.7", "198.18.1.7"),
        ("::ffff:198.18.1.7", "198.18.1.7"),
        ('"[2001:db8::1]:443"', "2001:db8::1"),
        ("203.0.113.9, 198.18.1.7:50001, 10.0.0.7", "198.18.1.7"),
        ("[2001:db8::1]:443, 10.0.0.7:8080", "2001:db8::1"),
    ],
)
def test_forwarded_addresses_with_ports_and_ipv6_name_the_client(
    behind_proxy, forwarded_for, address
):
    assert str(client_address(request_via_proxy(forwarded_for))) == address


def test_visitors_behind_one_proxy_count_in_their_own_networks(behind_proxy):
    keys = {
        client_network_key(request_via_proxy(hop))
        for hop in [
            "198.18.1.7:50001",
            "198.18.2.7:50001",
            "[2001:db8::1]:443",
            "[2001:db9::1]:443",
        ]
    }
    assert len(keys) == 4
    assert client_network_key(request_via_proxy("")) not in keys  # the proxy's own network
    assert str(client_network(client_address(request_via_proxy("[2001:db8::1]:443")))) == (
        "2001:db8::/64"
    )


def test_ports_do_not_split_one_visitor_into_several(behind_proxy):
    one = client_network_key(request_via_proxy("198.18.1.7:50001"))
    assert one == client_network_key(request_via_proxy("198.18.1.7:50002"))
    assert one == client_network_key(request_via_proxy("198.18.1.200"))


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(behind_proxy):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="198.18.1.7:50001"
    )
    assert str(client_address(request)) == "192.0.2.10"


@pytest.mark.django_db
def test_one_visitor_behind_the_proxy_cannot_block_ratings_for_everyone(
    behind_proxy, post, blog_settings
):
    blog_settings.rating_rate_limits = "2/minute"
    blog_settings.save()
    url = f"/api/v3/pages/{post.pk}/ratings/"

    def rate(forwarded_for):
        return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for).post(
            url, json.dumps({"stars": 4}), content_type="application/json"
        )

    assert [rate("198.18.1.7:50001").status_code for _ in range(3)] == [201, 201, 429]
    assert rate("[2001:db8::1]:443").status_code == 201
    assert rate("203.0.113.50:40000").status_code == 201


def test_only_the_shared_core_reads_forwarded_headers_or_counts_throttles():
    """A second copy of the parsing (or of the counters) is how ports broke the blog's throttle."""
    readers = []
    for folder in ("blog", "trainings", "site", "core"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text()
            if "HTTP_X_FORWARDED_FOR" in text or "ipaddress.ip_address(" in text:
                readers.append(path.relative_to(ROOT).as_posix())
            if ".incr(" in text:
                readers.append(f"counter in {path.relative_to(ROOT).as_posix()}")
    # site/cache.py is the Redis cache backend: its incr_many() is a storage primitive (SET NX EX
    # + INCR in one pipeline) that core/throttles.py calls; it counts nothing by itself.
    assert sorted(readers) == [
        "core/network.py",
        "counter in core/throttles.py",
        "counter in site/cache.py",
    ]


def test_every_throttle_keys_on_the_one_network_key():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.77")
    assert throttles.network_key(request) == client_network_key(request)
