"""Shared fixtures: locales, a site with an English home page and its translations."""

import os

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from wagtail.models import Locale, Page, Site

from practice_site.models import HomePage, PracticeDetails, PracticeSettings

LANGUAGE_CODES = ("en", "es", "fr", "ar")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """The migrated state that transactional tests put back (``serialized_rollback``) is loaded
    content types first. Django writes it app by app, Wagtail's before contenttypes, and building
    a workflow task looks its content type up (creating it when the process-wide cache was
    cleared), so a later insert of that content type with its own id would collide."""
    import json

    from django.db import connections

    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            objects = json.loads(contents)
            objects.sort(key=lambda item: item["model"] != "contenttypes.contenttype")
            connection._test_serialized_contents = json.dumps(objects)


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
def _default_language():
    """A request leaves its language active in the thread (Django deactivates nothing after a
    response): every test starts in the default language, as a new server thread would."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttles, cached fragments and Redis outages must not leak from one test into the next."""
    from practice_site.cache import Outages

    Outages.reset()
    cache.clear()
    yield
    Outages.reset()
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


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo practice, loaded once for a module's tests (``load_demo`` twice: the second run
    must change nothing), then taken away again.

    ``{"first": output of the first run, "second": output of the second, "snapshots": (before,
    after the second run)}``. Each test reads the committed demo in its own rolled-back
    transaction; at the end of the module the database goes back to its migrated state.
    """
    from io import StringIO

    from django.core.management import call_command
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        from django.contrib.contenttypes.models import ContentType

        # An earlier transactional test's flush recreated the content types with new ids; the
        # process-wide content-type cache would still hand out the old ones.
        ContentType.objects.clear_cache()
        ensure_migrated_seed()
        first, second = StringIO(), StringIO()
        call_command("load_demo", stdout=first)
        before = demo_snapshot()
        call_command("load_demo", stdout=second)
        after = demo_snapshot()
        try:
            yield {
                "first": first.getvalue(),
                "second": second.getvalue(),
                "snapshots": (before, after),
            }
        finally:
            restore_migrated_database()


def ensure_migrated_seed():
    """Put back the trainings plugin's seed (checklist version 1, frameworks) when an earlier
    transactional test's flush took it away: the demo builds on it, as on any migrated site."""
    from importlib import import_module

    from django.apps import apps

    from practice_trainings.models import Checklist

    if not Checklist.objects.exists():
        import_module("practice_trainings.migrations.0002_default_checklist").seed(apps, None)


def demo_snapshot() -> dict:
    """Everything a run of ``load_demo`` could write, to compare two runs."""
    from django.apps import apps
    from wagtail.models import Revision
    from wagtail_localize.models import StringTranslation, Translation, TranslationSource

    from practice_site.models import DemoRecord

    return {
        "pages": sorted(
            Page.objects.values_list(
                "id", "url_path", "locale__language_code", "live", "latest_revision_id"
            )
        ),
        "revisions": Revision.objects.count(),
        "sources": sorted(TranslationSource.objects.values_list("id", "last_updated_at")),
        "translations": Translation.objects.count(),
        "strings": sorted(StringTranslation.objects.values_list("id", "data")),
        "records": sorted(DemoRecord.objects.values_list("key", "fingerprint", "written_at")),
        "rows": {
            model._meta.label: model.objects.count()
            for model in apps.get_models()
            if model._meta.app_label
            in {"practice_blog", "practice_trainings", "practice_site", "auth"}
        },
    }


def restore_migrated_database():
    """Back to the migrated state, as a transactional test with serialized_rollback leaves it."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connections

    connection = connections["default"]
    serialized = getattr(connection, "_test_serialized_contents", None)
    # As Django's TransactionTestCase does: no post_migrate (content types, permissions) when the
    # serialized migrated state is about to be loaded back.
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=bool(serialized))
    if serialized:
        connection.creation.deserialize_db_from_string(serialized)
    # The restored rows carry explicit ids: move PostgreSQL's sequences past them, or the next
    # test's first insert collides with id 1.
    statements = connection.ops.sequence_reset_sql(
        no_style(), apps.get_models(include_auto_created=True)
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    ContentType.objects.clear_cache()  # the ids this process cached may be another table's now
