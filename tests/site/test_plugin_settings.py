"""Each plugin reads one namespaced setting (PRACTICE_BLOG, PRACTICE_TRAININGS, and the shared
core's PRACTICE_CORE) with documented defaults, and nothing else of the host's settings but
Django's, Wagtail's and django-cors-headers' own (issue 19)."""

import importlib
import re
from pathlib import Path

import pytest
from django.conf import global_settings
from django.test import override_settings

from practice_blog import conf as blog_conf
from practice_blog import rating_moderation
from practice_core import conf as core_conf
from practice_core.network import trusted_proxy_networks
from practice_trainings import conf as trainings_conf
from practice_trainings.forms import TrainingsCsvUploadForm

ROOT = Path(__file__).resolve().parents[2]
OWN_SETTING = {"blog": "PRACTICE_BLOG", "trainings": "PRACTICE_TRAININGS", "core": "PRACTICE_CORE"}
# Django settings without a default in django.conf.global_settings.
DJANGO_WITHOUT_DEFAULT = {"ROOT_URLCONF"}
READS = re.compile(
    r"""\bsettings\.([A-Z][A-Z0-9_]+)|getattr\(\s*settings,\s*["']([A-Z][A-Z0-9_]+)"""
)


def foreign_settings_read_by(folder: str) -> set[str]:
    found = set()
    for path in (ROOT / folder).rglob("*.py"):
        for match in READS.finditer(path.read_text()):
            name = match.group(1) or match.group(2)
            if name == OWN_SETTING[folder] or name in DJANGO_WITHOUT_DEFAULT:
                continue
            if hasattr(global_settings, name):
                continue
            if name.startswith(("WAGTAIL", "CORS_")):
                continue
            found.add(f"{path.relative_to(ROOT)}: {name}")
    return found


@pytest.mark.parametrize("folder", ["blog", "trainings", "core"])
def test_a_plugin_reads_no_setting_of_the_host_but_its_own_dict_and_the_frameworks(folder):
    assert foreign_settings_read_by(folder) == set()


def test_without_practice_blog_the_blog_uses_its_documented_defaults():
    with override_settings(PRACTICE_BLOG={}):
        assert rating_moderation.daily_cap() == 20
        assert rating_moderation.burst_limit() == 3
        assert blog_conf.get("COMMENT_THREADS_PER_PAGE") == 50


@override_settings(PRACTICE_BLOG={"RATING_DAILY_CAP": 7}, BLOG_RATING_DAILY_CAP=2)
def test_the_blog_reads_its_limits_from_practice_blog_not_from_unprefixed_settings():
    assert rating_moderation.daily_cap() == 7


@override_settings(PRACTICE_CORE={"TRUSTED_PROXIES": ["10.0.0.0/8"]})
def test_the_shared_core_reads_the_trusted_proxies_from_practice_core():
    assert [str(network) for network in trusted_proxy_networks()] == ["10.0.0.0/8"]


@override_settings(PRACTICE_CORE={}, TRUSTED_PROXIES=["10.0.0.0/8"])
def test_an_unprefixed_trusted_proxies_setting_is_not_believed():
    assert trusted_proxy_networks() == ()


@override_settings(PRACTICE_TRAININGS={"IMPORT_MAX_BYTES": 10})
def test_the_trainings_imports_refuse_a_text_over_practice_trainings_import_max_bytes():
    form = TrainingsCsvUploadForm(data={"csv_text": "name,url\n" + "x" * 20})
    assert not form.is_valid()
    assert "csv_text" in form.errors


@pytest.mark.parametrize("conf", [blog_conf, trainings_conf, core_conf])
def test_asking_for_a_key_a_plugin_does_not_have_is_an_error(conf):
    with pytest.raises(KeyError):
        conf.get("NO_SUCH_KEY")


def test_the_site_fills_practice_core_from_the_same_environment_variables(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1, 10.0.1.0/24")
    monkeypatch.setenv("VISITOR_DATA_RETENTION_DAYS", "30")
    monkeypatch.setenv("READINESS_TIMEOUT", "2.5")
    base = importlib.reload(importlib.import_module("practice_site.settings.base"))
    assert base.PRACTICE_CORE["TRUSTED_PROXIES"] == ["10.0.0.1", "10.0.1.0/24"]
    assert base.PRACTICE_CORE["VISITOR_DATA_RETENTION_DAYS"] == 30
    assert base.PRACTICE_CORE["READINESS_TIMEOUT"] == 2.5
    assert not hasattr(base, "TRUSTED_PROXIES")
