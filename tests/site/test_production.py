"""The production profile: security headers, Content-Security-Policy, proxies, sessions."""

import importlib
import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from practice_core.network import (
    TrustedProxyHeadersMiddleware,
    client_address,
    client_network,
    client_network_key,
    parse_address,
)
from practice_site import security_headers
from practice_site.security_headers import (
    SecurityHeadersMiddleware,
    content_security_policy_for,
    format_content_security_policy,
)
from practice_site.settings.environment import ConfigurationError

PRODUCTION_SECRET = "s" * 20 + "-a-long-random-production-secret-key-for-tests-only"


def load_production(monkeypatch, **env):
    """Import practice_site.settings.production afresh under the given environment."""
    monkeypatch.setenv("SECRET_KEY", PRODUCTION_SECRET)
    monkeypatch.setenv("ALLOWED_HOSTS", "practice.example,testserver")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # base.py reads the environment too (TRUSTED_PROXIES, SESSION_COOKIE_AGE): reload both.
    # django.conf.settings keeps the test profile it was configured with.
    importlib.reload(importlib.import_module("practice_site.settings.base"))
    return importlib.reload(importlib.import_module("practice_site.settings.production"))


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


@pytest.fixture
def production(monkeypatch, settings, tmp_path):
    """Test settings with the production profile's security settings applied."""
    prod = load_production(monkeypatch)
    for name in (
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_AGE",
        "CSRF_COOKIE_SECURE",
        "X_FRAME_OPTIONS",
        "CONTENT_SECURITY_POLICY",
        "CONTENT_SECURITY_POLICY_ADMIN",
        "CONTENT_SECURITY_POLICY_REPORT_ONLY",
        "MIDDLEWARE",
    ):
        setattr(settings, name, getattr(prod, name))
    # WhiteNoise scans STATIC_ROOT at start-up; an empty folder keeps it quiet here.
    settings.STATIC_ROOT = tmp_path
    settings.PRACTICE_CORE = {**settings.PRACTICE_CORE, "TRUSTED_PROXIES": []}
    return prod


# --- the production settings module ----------------------------------------------------------


def test_production_sends_hsts_for_a_year_with_subdomains_and_preload(monkeypatch):
    prod = load_production(monkeypatch)
    assert prod.SECURE_HSTS_SECONDS >= 31_536_000
    assert prod.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert prod.SECURE_HSTS_PRELOAD is True


def test_production_cookies_are_secure_and_sessions_expire(monkeypatch):
    prod = load_production(monkeypatch)
    assert prod.SESSION_COOKIE_SECURE is True
    assert prod.CSRF_COOKIE_SECURE is True
    assert prod.SESSION_COOKIE_HTTPONLY is True
    assert 0 < prod.SESSION_COOKIE_AGE <= 24 * 60 * 60


def test_sessions_expire_within_a_working_day_in_every_profile(settings):
    assert 0 < settings.SESSION_COOKIE_AGE <= 24 * 60 * 60


def test_production_serves_static_files_with_whitenoise_after_security_middleware(monkeypatch):
    prod = load_production(monkeypatch)
    middleware = prod.MIDDLEWARE
    assert middleware[:3] == [
        "practice_core.network.TrustedProxyHeadersMiddleware",
        "practice_site.security_headers.SecurityHeadersMiddleware",
        "django.middleware.security.SecurityMiddleware",
    ]
    assert middleware[3] == "whitenoise.middleware.WhiteNoiseMiddleware"
    assert prod.STORAGES["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_production_leaves_compressing_pages_to_the_proxy_unless_told_otherwise(monkeypatch):
    assert "django.middleware.gzip.GZipMiddleware" not in load_production(monkeypatch).MIDDLEWARE
    middleware = load_production(monkeypatch, COMPRESS_RESPONSES="true").MIDDLEWARE
    whitenoise = middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert middleware[whitenoise + 1] == "django.middleware.gzip.GZipMiddleware"


def test_production_believes_x_forwarded_proto_only_through_the_proxy_middleware(monkeypatch):
    prod = load_production(monkeypatch)
    assert prod.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")


def test_production_refuses_a_malformed_trusted_proxies_list(monkeypatch):
    with pytest.raises(ConfigurationError, match="TRUSTED_PROXIES"):
        load_production(monkeypatch, TRUSTED_PROXIES="10.0.0.1,not-an-address")


def test_production_adds_media_and_frame_sources_from_the_environment(monkeypatch):
    prod = load_production(
        monkeypatch,
        CSP_MEDIA_SOURCES="https://media.practice.example",
        CSP_FRAME_SOURCES="https://player.vimeo.com",
    )
    policy = prod.CONTENT_SECURITY_POLICY
    assert "https://media.practice.example" in policy["img-src"]
    assert policy["frame-src"] == ["https://player.vimeo.com"]
    assert policy["script-src"] == ["'self'"]


def test_production_sends_no_editor_email_hash_to_gravatar(monkeypatch):
    assert load_production(monkeypatch).WAGTAIL_GRAVATAR_PROVIDER_URL is None


# --- headers on real pages ---------------------------------------------------------------------


def test_public_page_carries_a_strict_content_security_policy(client, home, production):
    response = client.get("/en/", secure=True)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"].split("style-src-attr")[0]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_public_page_carries_the_standard_security_headers(client, home, production):
    response = client.get("/en/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_public_page_contains_no_inline_script_but_json_ld(client, home, production):
    content = client.get("/en/", secure=True).content.decode()
    for match in re.finditer(r"<script\b([^>]*)>", content):
        attributes = match.group(1)
        assert "src=" in attributes or 'type="application/ld+json"' in attributes, match.group(0)
    assert not re.search(r"\son[a-z]+\s*=", content)


def test_plain_http_is_redirected_to_https(client, home, production):
    response = client.get("/en/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/"
    assert "Content-Security-Policy" in response


def test_a_client_cannot_claim_https_with_x_forwarded_proto(client, home, production):
    response = client.get("/en/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 301


def test_a_trusted_proxy_may_report_https(client, home, production, settings):
    settings.PRACTICE_CORE = {**settings.PRACTICE_CORE, "TRUSTED_PROXIES": ["10.0.0.0/8"]}
    response = client.get("/en/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert "Strict-Transport-Security" in response


def test_admin_login_page_gets_the_relaxed_admin_policy(client, home, production):
    response = client.get("/admin/login/", secure=True)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_wagtail_previews_keep_the_public_policy_but_may_be_framed_by_the_admin(
    home, production, settings
):
    # Wagtail renders a preview by sending a dummy request for the page's public URL through
    # the middleware; the admin shows the result in a same-origin iframe.
    settings.SECURE_SSL_REDIRECT = False  # the test site is plain http on port 80
    response = home.make_preview_request()
    policy = directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]


def test_api_responses_carry_the_strict_policy(client, home, production):
    response = client.get(f"/api/v3/pages/{home.pk}/", secure=True)
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]


def test_production_renders_the_api_docs_from_local_static_files(monkeypatch):
    # django-ninja serves Swagger UI from a CDN with an inline script unless it is installed.
    assert "ninja" in load_production(monkeypatch).INSTALLED_APPS


def test_the_api_docs_load_every_asset_from_the_sites_static_files(client, production):
    response = client.get("/api/v3/docs/", secure=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/static/ninja/") for source in sources), sources
    # Only data blocks inline: no script that the strict policy would block.
    assert re.findall(r"<script(?![^>]*(?:src=|type=\"application/json\"))", html) == []
    assert '<html lang="en"' in html


def test_the_api_docs_keep_the_strict_public_policy(client, production):
    response = client.get("/api/v3/docs/", secure=True)
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]


# --- the middleware on its own -----------------------------------------------------------------


def call_middleware(path, response=None, **meta):
    request = RequestFactory().get(path, **meta)
    middleware = SecurityHeadersMiddleware(lambda request: response or HttpResponse("ok"))
    return middleware(request)


def test_middleware_keeps_a_policy_the_view_already_set():
    view_response = HttpResponse("image")
    view_response["Content-Security-Policy"] = "default-src 'none'"
    response = call_middleware("/images/abc/", view_response)
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_middleware_can_send_the_policy_as_report_only(settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = True
    response = call_middleware("/en/")
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]


def test_middleware_uses_the_policy_from_settings(settings):
    settings.CONTENT_SECURITY_POLICY = {"default-src": ["'none'"]}
    assert call_middleware("/en/")["Content-Security-Policy"] == "default-src 'none'"


def test_relaxed_paths_are_configurable(settings):
    settings.CONTENT_SECURITY_POLICY_RELAXED_PATHS = ["/cms/"]
    assert "'unsafe-inline'" in directives(content_security_policy_for("/cms/pages/"))["script-src"]
    assert directives(content_security_policy_for("/admin/"))["script-src"] == ["'self'"]


def test_public_policy_frames_only_the_video_providers_embeds_use():
    policy = directives(content_security_policy_for("/en/blog/"))
    assert set(policy["frame-src"]) == set(security_headers.DEFAULT_FRAME_SOURCES)


def test_policy_formatting_skips_directives_set_to_none():
    header = format_content_security_policy(
        {"default-src": ["'self'"], "frame-src": None, "upgrade-insecure-requests": []}
    )
    assert header == "default-src 'self'; upgrade-insecure-requests"


# --- client addresses behind proxies ------------------------------------------------------------


def request_from(remote_addr, forwarded_for=None):
    meta = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **meta)


def test_forwarded_for_from_an_untrusted_peer_is_ignored(settings):
    settings.PRACTICE_CORE = {**settings.PRACTICE_CORE, "TRUSTED_PROXIES": ["10.0.0.1"]}
    request = request_from("198.51.100.7", "203.0.113.9")
    assert str(client_address(request)) == "198.51.100.7"


def test_forwarded_for_is_read_from_the_right_behind_trusted_proxies(settings):
    settings.PRACTICE_CORE = {**settings.PRACTICE_CORE, "TRUSTED_PROXIES": ["10.0.0.0/8"]}
    # The client wrote a fake first hop; the proxies appended the real one.
    request = request_from("10.0.0.1", "1.2.3.4, 203.0.113.9, 10.0.0.2")
    assert str(client_address(request)) == "203.0.113.9"


def test_a_garbled_forwarded_hop_falls_back_to_the_proxy(settings):
    settings.PRACTICE_CORE = {**settings.PRACTICE_CORE, "TRUSTED_PROXIES": ["10.0.0.1"]}
    assert str(client_address(request_from("10.0.0.1", "<script>"))) == "10.0.0.1"


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.77", "203.0.113.0/24"),
    ],
)
def test_clients_are_grouped_by_network(address, network):
    assert str(client_network(parse_address(address))) == network


def test_the_network_key_never_contains_the_address():
    key = client_network_key(request_from("203.0.113.77"))
    assert "203.0.113" not in key
    assert key == client_network_key(request_from("203.0.113.5"))
    assert key != client_network_key(request_from("203.0.114.5"))


def test_proxy_header_middleware_strips_forwarded_proto_from_untrusted_peers(settings):
    settings.PRACTICE_CORE = {**settings.PRACTICE_CORE, "TRUSTED_PROXIES": ["10.0.0.1"]}
    seen = {}

    def view(request):
        seen["proto"] = request.META.get("HTTP_X_FORWARDED_PROTO")
        return HttpResponse()

    middleware = TrustedProxyHeadersMiddleware(view)
    middleware(RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="1.2.3.4"))
    assert seen["proto"] is None
    middleware(RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="10.0.0.1"))
    assert seen["proto"] == "https"
