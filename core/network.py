"""Who the client is: the one parser of client addresses, used by every throttle.

The site runs directly or behind a reverse proxy; this module says who the client is and what
may be believed from the request's headers.

A proxy in front of gunicorn (nginx, Caddy, a load balancer) connects from its own address and
reports the visitor in ``X-Forwarded-For`` and the original scheme in ``X-Forwarded-Proto``. Any
client can send those headers too, so they are believed only when the direct peer
(``REMOTE_ADDR``) is listed in ``PRACTICE_CORE["TRUSTED_PROXIES"]`` (addresses or networks such as
``10.0.0.0/8``).

Privacy: the site never stores or logs a visitor's address. Throttles key on the client's
*network* (IPv4 /24, IPv6 /64: one household or office), hashed with the secret key, so the key
identifies nobody and changes meaning when the secret key is rotated.

Addresses are read in every form proxies write them: ``203.0.113.7``, ``203.0.113.7:50001``,
``2001:db8::1``, ``[2001:db8::1]:443``, ``::ffff:203.0.113.7`` (an IPv4 client seen over IPv6).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.utils.crypto import salted_hmac

from . import conf

IPV4_CLIENT_PREFIX = 24
IPV6_CLIENT_PREFIX = 64

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def parse_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """Parse addresses and networks ("10.0.0.1", "10.0.0.0/8"); ``ValueError`` if malformed."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def trusted_proxy_networks() -> tuple[Network, ...]:
    """The networks in ``PRACTICE_CORE["TRUSTED_PROXIES"]``."""
    return parse_networks(tuple(conf.get("TRUSTED_PROXIES") or ()))


def parse_address(value: str | None) -> Address | None:
    """An IP address from a header or ``REMOTE_ADDR``, or ``None`` when it is not one."""
    if not value:
        return None
    value = value.strip().strip('"')
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51000"
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def is_trusted_proxy(address: Address | None) -> bool:
    return address is not None and any(address in net for net in trusted_proxy_networks())


def client_address(request) -> Address | None:
    """The visitor's address: ``REMOTE_ADDR``, or behind trusted proxies the nearest untrusted
    hop in ``X-Forwarded-For`` (read right to left, since only the right end was written by
    proxies we trust)."""
    peer = parse_address(request.META.get("REMOTE_ADDR"))
    if not is_trusted_proxy(peer):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in (part.strip() for part in forwarded.split(",")) if hop]
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            # A garbled hop written by a proxy we trust: stop at the proxy itself rather than
            # believe anything further left.
            return peer
        if not is_trusted_proxy(address):
            return address
    return peer


def client_network(address: Address | None) -> Network | None:
    """The network a client address belongs to for throttling: IPv4 /24, IPv6 /64."""
    if address is None:
        return None
    prefix = IPV4_CLIENT_PREFIX if address.version == 4 else IPV6_CLIENT_PREFIX
    return ipaddress.ip_network(f"{address}/{prefix}", strict=False)


def client_network_key(request) -> str:
    """A keyed hash of the client's network, safe to use in cache keys (never the raw address)."""
    network = client_network(client_address(request)) if request is not None else None
    return salted_hmac(
        "practice_core.network.client_network_key", str(network or "unknown"), algorithm="sha256"
    ).hexdigest()[:32]


class TrustedProxyHeadersMiddleware:
    """Drop ``X-Forwarded-Proto`` unless a trusted proxy sent the request.

    Django's ``SECURE_PROXY_SSL_HEADER`` believes the header from anybody; with this middleware
    first in ``MIDDLEWARE``, a client talking to the app server directly cannot claim to be on
    HTTPS (which would mark its cookies secure and skip the HTTPS redirect).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_X_FORWARDED_PROTO" in request.META and not is_trusted_proxy(
            parse_address(request.META.get("REMOTE_ADDR"))
        ):
            del request.META["HTTP_X_FORWARDED_PROTO"]
        return self.get_response(request)
