"""What the wheel ``make dist`` builds holds: each plugin with its templates, static files,
catalogues (.po and compiled .mo) and migrations, so a host needs nothing from this checkout."""

import pytest

pytestmark = pytest.mark.install

PLUGINS = ("practice_blog", "practice_trainings")
LANGUAGES = ("es", "fr", "ar")


def under(names, prefix, suffix=""):
    return [name for name in names if name.startswith(prefix) and name.endswith(suffix)]


@pytest.mark.parametrize("plugin", PLUGINS)
def test_the_wheel_holds_each_plugins_templates(wheel_names, plugin):
    assert under(wheel_names, f"{plugin}/templates/{plugin}/", ".html")


@pytest.mark.parametrize("plugin", PLUGINS)
def test_the_wheel_holds_each_plugins_static_files(wheel_names, plugin):
    assert under(wheel_names, f"{plugin}/static/{plugin}/", ".css")
    assert under(wheel_names, f"{plugin}/static/{plugin}/", ".js")


@pytest.mark.parametrize("plugin", (*PLUGINS, "practice_core"))
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_wheel_holds_each_plugins_catalogues_compiled_and_source(wheel_names, plugin, language):
    folder = f"{plugin}/locale/{language}/LC_MESSAGES/"
    assert f"{folder}django.mo" in wheel_names
    assert f"{folder}django.po" in wheel_names


@pytest.mark.parametrize("plugin", (*PLUGINS, "practice_core"))
def test_the_wheel_holds_each_plugins_migrations(wheel_names, plugin):
    assert f"{plugin}/migrations/__init__.py" in wheel_names
    assert f"{plugin}/migrations/0001_initial.py" in wheel_names


def test_the_wheel_holds_the_shared_cores_block_templates(wheel_names):
    assert "practice_core/templates/practice_core/blocks/quote.html" in wheel_names


def test_the_wheel_holds_no_top_level_blog_or_trainings_package(wheel_names):
    assert not under(wheel_names, "blog/")
    assert not under(wheel_names, "trainings/")
