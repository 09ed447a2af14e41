"""Roles for the admin permission matrix: admin, editor, moderator and two translators.

- admin: a superuser.
- editor: edits every language's pages, the plugins' snippets, checklists, assessments and
  evidence translations; does not moderate comments.
- moderator: edits pages and moderates comments; no checklist or assessment rights.
- translator_es / translator_fr: the site's translator teams (``ensure_translator_teams``).
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from tests.blog.conftest import (  # noqa: F401 - fixtures shared with the blog's own tests
    blog_index,
    blog_settings,
    post,
    post_factory,
    spanish_post,
)
from tests.trainings.conftest import (  # noqa: F401 - fixtures shared with the trainings tests
    checklist,
    make_training,
    provider,
    scored_training,
    seeded,
    training_index,
)

ROLES = ["admin", "editor", "moderator", "translator_es", "translator_fr"]

EDITOR_PERMISSIONS = [
    (
        "practice_trainings",
        ["checklist", "assessment", "assessmentevidence", "framework", "provider"],
    ),
    ("practice_blog", ["author", "blogcategory"]),
]


def _group(name, codenames=(), models=(), pages=()):
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(Permission.objects.get(codename=codename))
    for app_label, model_names in models:
        for model_name in model_names:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, content_type__model=model_name
                )
            )
    for page in pages:
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.create(
                group=group, page=page, permission=Permission.objects.get(codename=codename)
            )
    return group


@pytest.fixture
def users(translated_home):
    """One signed-in-capable user per role, keyed by role name."""
    from practice_site.translators import ensure_translator_teams

    ensure_translator_teams()
    homes = list(translated_home.values())
    make = get_user_model().objects.create_user
    result = {"admin": get_user_model().objects.create_superuser("root", password="pw")}
    result["editor"] = make("eddie", password="pw")
    result["editor"].groups.add(_group("Test editors", models=EDITOR_PERMISSIONS, pages=homes))
    result["moderator"] = make("mo", password="pw")
    result["moderator"].groups.add(
        _group("Test moderators", codenames=["moderate_comments", "moderate_ratings"], pages=homes)
    )
    for code, language in (("es", "Spanish"), ("fr", "French")):
        user = make(f"translator-{code}", password="pw")
        user.groups.add(Group.objects.get(name=f"Translators: {language}"))
        result[f"translator_{code}"] = user
    return result


def refused(response):
    """Refused: our 403 page, or Wagtail's own refusal (a redirect to the dashboard or sign-in)."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and (
        response["Location"] == "/admin/" or "/login/" in response["Location"]
    )


def refusal_text(response):
    return response.content.decode()
