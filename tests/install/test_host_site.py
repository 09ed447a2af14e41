"""The plugins in a site that is not ours: a fresh ``wagtail start`` project that already has its
own ``blog`` app, set up exactly as the README's "Adding the plugins to an existing Wagtail 8
site" says (the settings and URL snippets are read from the README between ``host:`` marker
comments, the host's extra post block from docs/extending.md), on SQLite and on PostgreSQL.

One virtualenv (the wheel, ``host_python``) serves both databases. What the host site does is
in ``host_checks.py``, run with the host's own settings; each test below reads one finding.
"""

import json
import os
import re
import shutil
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .conftest import REPO, cannot_run, run

pytestmark = [pytest.mark.install, pytest.mark.slow]

HERE = Path(__file__).resolve().parent
DATABASES = ("sqlite", "postgresql")
PG_DATABASE = "practice_install_host"
PG_SETTINGS = f"""
DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "{PG_DATABASE}",
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": "5432",
    }}
}}
"""

# The host's own journal app: a label of "blog" and a model of its own, as many Wagtail sites have.
HOST_BLOG_MODELS = '''from django.db import models


class Note(models.Model):
    """The host's own blog entry (nothing to do with the plugins)."""

    text = models.CharField(max_length=200)
'''


def snippet(path: Path, name: str) -> str:
    """The fenced code between ``<!-- host:NAME -->`` and ``<!-- /host:NAME -->`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    pattern = rf"<!-- host:{name} -->\s*```\w*\n(.*?)```\s*<!-- /host:{name} -->"
    found = re.search(pattern, text, re.S)
    assert found, f"{path.name} has no host:{name} snippet"
    return textwrap.dedent(found.group(1))


def reset_postgres_database() -> str | None:
    """Empty ``practice_install_host`` (created when missing); the reason when PostgreSQL is
    unreachable."""
    import psycopg

    try:
        connection = psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=3
        )
    except psycopg.OperationalError as exc:
        return f"PostgreSQL is unreachable on 127.0.0.1:5432 ({exc})"
    with connection:
        connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {PG_DATABASE}")
    return None


def make_host_project(python: Path, folder: Path, database: str) -> Path:
    """``wagtail start hostsite`` + ``startapp blog``, then the README's settings and URLs."""
    bin_dir = python.parent
    result = run([bin_dir / "wagtail", "start", "hostsite", folder])
    assert result.returncode == 0, result.stderr
    result = run([python, "manage.py", "startapp", "blog"], cwd=folder)
    assert result.returncode == 0, result.stderr
    (folder / "blog" / "models.py").write_text(HOST_BLOG_MODELS, encoding="utf-8")
    # The host's hooks, as docs/extending.md shows them: a post body block and an API field.
    extending = REPO / "docs" / "extending.md"
    (folder / "blog" / "wagtail_hooks.py").write_text(
        snippet(extending, "post-body-blocks") + "\n\n" + snippet(extending, "api-fields"),
        encoding="utf-8",
    )

    settings = folder / "hostsite" / "settings" / "base.py"
    text = settings.read_text(encoding="utf-8")
    apps_start = 'INSTALLED_APPS = [\n    "home",'
    text = text.replace(apps_start, apps_start.replace("[", '[\n    "blog",'))
    assert '"blog",' in text, "wagtail start's INSTALLED_APPS changed shape"
    text += "\n" + snippet(REPO / "README.md", "settings")
    if database == "postgresql":
        text += PG_SETTINGS
    settings.write_text(text, encoding="utf-8")

    urls = folder / "hostsite" / "urls.py"
    text = urls.read_text(encoding="utf-8")
    catch_all = text.index("urlpatterns = urlpatterns + [")
    urls.write_text(text[:catch_all] + snippet(REPO / "README.md", "urls"), encoding="utf-8")
    return folder


def exercise_host(python: Path, folder: Path, database: str) -> dict:
    """Make the host project on ``database``, migrate it and run ``host_checks.py`` in it."""
    folder = make_host_project(python, folder, database)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hostsite.settings.dev"}
    env.pop("DATABASE_URL", None)
    manage = [python, "manage.py"]

    made = run([*manage, "makemigrations", "blog"], cwd=folder, env=env)
    assert made.returncode == 0, made.stdout + made.stderr
    migrated = run([*manage, "migrate", "--noinput"], cwd=folder, env=env)
    assert migrated.returncode == 0, migrated.stdout[-3000:] + migrated.stderr[-3000:]
    pending = run([*manage, "makemigrations", "--check", "--dry-run"], cwd=folder, env=env)

    shutil.copy(HERE / "host_checks.py", folder)
    shutil.copy(HERE / "host_content.json", folder)
    checked = run([python, "host_checks.py", "host_content.json"], cwd=folder, env=env)
    lines = [line for line in checked.stdout.splitlines() if line.startswith("HOST-CHECKS ")]
    assert checked.returncode == 0 and lines, checked.stdout[-3000:] + checked.stderr[-5000:]
    report = json.loads(lines[-1].removeprefix("HOST-CHECKS "))
    report["makemigrations_check"] = {"code": pending.returncode, "out": pending.stdout}
    return report


@pytest.fixture(scope="module")
def hosts(host_python, tmp_path_factory) -> dict:
    """Both host sites, set up side by side (each mostly waits on its own processes): the
    report of each, or the reason it could not run, or the error it met."""
    outcomes = {}
    unreachable = reset_postgres_database()
    if unreachable:
        outcomes["postgresql"] = unreachable
    databases = [database for database in DATABASES if database not in outcomes]
    with ThreadPoolExecutor(max_workers=len(databases)) as pool:
        futures = {
            database: pool.submit(
                exercise_host, host_python, tmp_path_factory.mktemp(f"host-{database}"), database
            )
            for database in databases
        }
        for database, future in futures.items():
            try:
                outcomes[database] = future.result()
            except Exception as exc:  # raised again by that database's tests
                outcomes[database] = exc
    return outcomes


@pytest.fixture(params=DATABASES)
def host(request, hosts) -> dict:
    """What ``host_checks.py`` found in the host site on one database."""
    outcome = hosts[request.param]
    if isinstance(outcome, str):
        cannot_run(outcome)
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def test_a_post_renders_in_english(host):
    page = host["pages"]["post_en"]
    assert page["status"] == 200
    assert "<h1>Breathing before a hard conversation</h1>" in page["text"]
    assert "Reading time" in page["text"]


def test_a_post_renders_in_spanish_with_the_plugins_own_catalogue(host):
    page = host["pages"]["post_es"]
    assert page["status"] == 200
    assert page["url"].startswith("/es/")
    assert "Respirar antes de una conversación difícil" in page["text"]
    assert "Tiempo de lectura" in page["text"]


def test_the_blog_index_lists_the_post(host):
    page = host["pages"]["blog_index_en"]
    assert page["status"] == 200
    assert "Breathing before a hard conversation" in page["text"]


def test_a_training_renders_in_english_and_spanish(host):
    english, spanish = host["pages"]["training_en"], host["pages"]["training_es"]
    assert (english["status"], spanish["status"]) == (200, 200)
    assert "Trauma-informed care, foundations" in english["text"]
    assert "Atención informada en trauma, fundamentos" in spanish["text"]


def test_a_visitor_rates_the_post_through_the_api(host):
    assert host["rating"]["status"] == 201
    assert host["rating"]["body"]["count"] == 1
    assert host["rating"]["body"]["average"] == 4.0


def test_a_visitor_comments_through_the_api_and_it_awaits_moderation(host):
    assert host["comment"] == {"status": 202, "body": {"status": "pending"}}
    assert host["pending_comments"] == 1


def test_the_post_in_the_api_carries_its_rating_summary(host):
    assert host["detail"]["status"] == 200
    assert host["detail"]["body"]["rating_summary"]["count"] == 1


def test_the_hosts_api_field_is_in_the_posts_api_output(host):
    summary = "Three slow breaths, and why they help."
    assert host["detail"]["body"]["summary_length"] == len(summary)


def test_a_superuser_opens_the_comment_moderation_screen(host):
    assert host["moderation"]["status"] == 200
    assert "This helped me before a difficult meeting." in host["moderation"]["text"]


def test_the_hosts_extra_post_block_renders_in_the_post(host):
    assert "Try it before your next session." in host["pages"]["post_en"]["text"]


def test_the_hosts_extra_post_block_needs_no_migration(host):
    assert host["makemigrations_check"]["code"] == 0, host["makemigrations_check"]["out"]


def test_the_post_page_links_the_plugins_stylesheet_through_the_hosts_base_template(host):
    assert "/static/practice_blog/blog.css" in host["pages"]["post_en"]["text"]


def test_the_hosts_own_blog_app_works_beside_the_plugins(host):
    assert host["host_blog_notes"] == 1


def test_the_host_site_never_imports_the_project_layer(host):
    assert host["project_layer_imported"] == []
