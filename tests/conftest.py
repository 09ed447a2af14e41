"""Shared fixtures: locales, a site with an English home page and its translations."""

import os

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from wagtail.models import Locale, Page, Site

from practice_site.models import HomePage, PracticeDetails, PracticeSettings

LANGUAGE_CODES = ("en", "es", "fr", "ar")


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Tests that call a WSGI handler directly (schemathesis, production middleware checks) would
    fire request_finished, whose close_old_connections closes the connection holding the test's
    transaction on PostgreSQL; later writes would then autocommit and leak into other tests.
    Django's test client disconnects the same receiver for each of its requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttles and cached fragments must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def locales(db):
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGE_CODES}


@pytest.fixture
def home(locales):
    """The English home page as the default site's root (Wagtail's welcome page removed)."""
    root = Page.get_first_root_node()
    for page in Page.objects.filter(depth=2):
        page.delete()
    root.refresh_from_db()
    home = HomePage(title="Test Practice", slug="home", locale=locales["en"])
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    return HomePage.objects.get(pk=home.pk)


@pytest.fixture
def translated_home(home, locales):
    """The home page translated into every other language (plain copies, published)."""
    homes = {"en": home}
    for code in LANGUAGE_CODES[1:]:
        translation = home.copy_for_translation(locales[code])
        translation.title = f"Home {code}"
        translation.save_revision().publish()
        homes[code] = HomePage.objects.get(pk=translation.pk)
    return homes


@pytest.fixture
def practice_settings(home):
    site = Site.objects.get(is_default_site=True)
    settings_obj = PracticeSettings.for_site(site)
    settings_obj.practice_name = "Test Practice"
    settings_obj.copyright_holder = "Test Practice LLC"
    settings_obj.email = "hello@practice.example"
    settings_obj.instagram_url = "https://instagram.com/practice.example"
    settings_obj.x_url = "https://x.com/practice.example"
    settings_obj.save()
    PracticeDetails.objects.create(
        locale=home.locale,
        tagline="Careful care",
        postal_address="8 The Green\nDover, DE 19901",
    )
    return settings_obj


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in {"1", "true", "yes"}


def pytest_runtest_setup(item):
    """Skip PostgreSQL-only tests on SQLite, unless REQUIRE_POSTGRES makes that a failure."""
    if item.get_closest_marker("postgres") is None:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        reason = "needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/practice"
        if env_flag("REQUIRE_POSTGRES"):
            pytest.fail(f"REQUIRE_POSTGRES is set but the database is {connection.vendor}")
        pytest.skip(reason)
