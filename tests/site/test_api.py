"""The project layer's public API routes: site settings, navigation, preview, caching headers."""

import time

import pytest
from django.core import signing

from practice_site.models import StandardPage
from practice_site.preview import SALT, make_preview_token


@pytest.fixture
def about(translated_home):
    page = StandardPage(title="About us", slug="about", show_in_menus=True)
    translated_home["en"].add_child(instance=page)
    page.save_revision().publish()
    return page


def test_site_settings_give_the_footer_in_the_requested_language(client, practice_settings):
    response = client.get("/api/v3/site-settings/", {"locale": "en"})
    assert response.status_code == 200
    data = response.json()
    assert data["practice_name"] == "Test Practice"
    assert data["postal_address_lines"] == ["8 The Green", "Dover, DE 19901"]
    assert data["copyright"].endswith("Test Practice LLC")
    assert {"network": "Instagram", "url": "https://instagram.com/practice.example"} in data[
        "social_links"
    ]
    assert [language["code"] for language in data["languages"]] == ["en", "es", "fr", "ar"]
    assert next(lang for lang in data["languages"] if lang["code"] == "ar")["direction"] == "rtl"


def test_unknown_locale_is_a_422_problem(client, home):
    response = client.get("/api/v3/site-settings/", {"locale": "xx"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "xx" in response.content.decode()


def test_navigation_lists_menu_pages_of_one_language(client, about):
    data = client.get("/api/v3/navigation/", {"locale": "en"}).json()
    assert data["home"]["url"] == "/en/"
    assert [item["title"] for item in data["items"]] == ["About us"]
    assert data["items"][0]["detail_url"] == f"/api/v3/pages/{about.pk}/"
    spanish = client.get("/api/v3/navigation/", {"locale": "es"}).json()
    assert spanish["items"] == []
    assert spanish["home"]["url"] == "/es/"


def test_navigation_hides_drafts_and_private_pages(client, home):
    draft = StandardPage(title="Draft", slug="draft", show_in_menus=True, live=False)
    home.add_child(instance=draft)
    data = client.get("/api/v3/navigation/", {"locale": "en"}).json()
    assert data["items"] == []


def test_public_api_gets_are_cacheable_with_an_etag(client, practice_settings):
    response = client.get("/api/v3/site-settings/", {"locale": "en"})
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get("/api/v3/site-settings/", {"locale": "en"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_api_gets_with_a_token_are_private(client, practice_settings):
    response = client.get(
        "/api/v3/site-settings/", {"locale": "en"}, HTTP_AUTHORIZATION="Bearer abc"
    )
    assert "private" in response["Cache-Control"]


def test_preview_token_shows_the_latest_draft_of_its_page_only(client, about, home):
    about.title = "About us (draft)"
    about.save_revision()
    token = make_preview_token(about)
    response = client.get("/api/v3/preview/", {"token": token})
    assert response.status_code == 200
    assert response.json()["title"] == "About us (draft)"
    assert "no-store" in response["Cache-Control"]
    # The live page is unchanged for everyone else.
    assert client.get(f"/api/v3/pages/{about.pk}/").json()["title"] == "About us"


def test_a_tampered_preview_token_is_refused(client, about, home):
    token = make_preview_token(about)
    payload, rest = token.split(":", 1)
    forged = signing.b64_encode(f'{{"page":{home.pk}}}'.encode()).decode() + ":" + rest
    other = signing.TimestampSigner(salt="something-else").sign_object({"page": home.pk})
    for bad in (forged, other, "garbage", token[:-3] + "abc"):
        response = client.get("/api/v3/preview/", {"token": bad})
        assert response.status_code == 403, bad
        assert response["Content-Type"] == "application/problem+json"


def test_an_expired_preview_token_is_refused(client, about, settings):
    settings.HEADLESS_PREVIEW_MAX_AGE = 1
    signer = signing.TimestampSigner(salt=SALT)
    token = signer.sign_object({"page": about.pk})
    time.sleep(2.1)
    response = client.get("/api/v3/preview/", {"token": token})
    assert response.status_code == 403
    assert "expired" in response.json()["detail"]


def test_editors_mint_preview_tokens_from_the_admin(admin_client, about):
    response = admin_client.get(f"/admin/headless-preview/{about.pk}/")
    assert response.status_code == 200
    token = response.context["token"]
    assert admin_client.get("/api/v3/preview/", {"token": token}).status_code == 200


def test_preview_redirects_to_the_configured_front_end(admin_client, about, settings):
    settings.HEADLESS_PREVIEW_URL = "https://front.example/preview"
    response = admin_client.get(f"/admin/headless-preview/{about.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("https://front.example/preview?preview=")


def test_users_without_edit_rights_cannot_mint_preview_tokens(client, about, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("viewer", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(f"/admin/headless-preview/{about.pk}/")
    assert response.status_code in (302, 403)
    assert "token" not in (response.context or {})


def test_openapi_schema_describes_the_site_routes(client, home):
    spec = client.get("/api/v3/openapi.json").json()
    assert "/api/v3/site-settings/" in spec["paths"]
    assert "/api/v3/navigation/" in spec["paths"]
    assert "SiteSettingsSchema" in spec["components"]["schemas"]


def test_cors_allows_configured_front_ends_with_credentials(client, home, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://front.example"]
    response = client.options(
        "/api/v3/site-settings/",
        HTTP_ORIGIN="https://front.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert response["Access-Control-Allow-Origin"] == "https://front.example"
    assert response["Access-Control-Allow-Credentials"] == "true"


def test_cors_ignores_other_origins(client, home, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://front.example"]
    response = client.get("/api/v3/site-settings/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in response


def test_cors_never_applies_to_html_pages(client, home, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://front.example"]
    response = client.get("/en/", HTTP_ORIGIN="https://front.example")
    assert "Access-Control-Allow-Origin" not in response


def test_unknown_api_path_is_a_404_not_a_redirect_to_a_page(client, home):
    response = client.get("/api/v3/no-such-route/")
    assert response.status_code == 404


def test_unknown_admin_path_is_not_redirected_into_a_language(admin_client, home):
    response = admin_client.get("/admin/no-such-view/")
    assert response.status_code == 404
