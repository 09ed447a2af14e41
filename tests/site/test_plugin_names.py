"""The plugins are imported and labelled practice_blog / practice_trainings (issue 19), so they
can sit beside a host's own ``blog`` app; each carries its templates, static
files and catalogues."""

import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.test import override_settings
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]


def test_after_django_setup_no_module_named_blog_or_trainings_is_imported():
    assert "blog" not in sys.modules
    assert "trainings" not in sys.modules
    assert "practice_blog" in sys.modules
    assert "practice_trainings" in sys.modules


def test_the_plugins_app_labels_are_practice_blog_and_practice_trainings():
    assert apps.get_app_config("practice_blog").name == "practice_blog"
    assert apps.get_app_config("practice_trainings").name == "practice_trainings"
    assert not apps.is_installed("blog")
    assert not apps.is_installed("trainings")
    assert apps.get_model("practice_blog", "BlogPostPage")._meta.db_table.startswith(
        "practice_blog_"
    )


def test_outside_the_checkout_the_old_import_names_do_not_exist(tmp_path):
    for name in ("blog", "trainings"):
        result = subprocess.run(
            [sys.executable, "-c", f"import {name}"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode != 0, f"`import {name}` works outside the checkout"
        assert "ModuleNotFoundError" in result.stderr


def test_outside_the_checkout_the_new_import_names_resolve_to_the_plugin_folders(tmp_path):
    code = (
        "import practice_blog, practice_trainings;"
        "print(practice_blog.__file__); print(practice_trainings.__file__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    blog_init, trainings_init = result.stdout.split()
    assert Path(blog_init) == ROOT / "blog" / "__init__.py"
    assert Path(trainings_init) == ROOT / "trainings" / "__init__.py"


def test_the_plugins_default_templates_are_found_in_the_plugin_folders():
    post = get_template("practice_blog/blog_post_page.html").origin.name
    training = get_template("practice_trainings/training_page.html").origin.name
    assert Path(post) == ROOT / "blog" / "templates" / "practice_blog" / "blog_post_page.html"
    assert Path(training) == (
        ROOT / "trainings" / "templates" / "practice_trainings" / "training_page.html"
    )


def test_the_root_templates_folder_holds_no_plugin_templates():
    assert not (ROOT / "templates" / "blog").exists()
    assert not (ROOT / "templates" / "trainings").exists()
    assert not (ROOT / "templates" / "practice_blog").exists()
    assert not (ROOT / "templates" / "practice_trainings").exists()


def test_the_plugins_static_files_are_found_under_their_prefixed_folders():
    assert Path(finders.find("practice_blog/blog.css")) == (
        ROOT / "blog" / "static" / "practice_blog" / "blog.css"
    )
    assert Path(finders.find("practice_trainings/trainings.css")) == (
        ROOT / "trainings" / "static" / "practice_trainings" / "trainings.css"
    )


@override_settings(LOCALE_PATHS=[])
def test_without_the_sites_catalogue_each_plugin_translates_its_own_strings():
    # The host has no catalogue for our screens: the plugins' own catalogues must answer.
    with translation.override("es"):
        spanish_trainings = str(apps.get_app_config("practice_trainings").verbose_name)
    with translation.override("fr"):
        french_trainings = str(apps.get_app_config("practice_trainings").verbose_name)
    with translation.override("ar"):
        arabic_blog = str(apps.get_app_config("practice_blog").verbose_name)
    assert spanish_trainings == "Formaciones"
    assert french_trainings == "Formations"
    assert arabic_blog == "المدونة"
