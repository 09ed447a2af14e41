"""Translator teams: one group per language, limited to that language.

A translator may edit and publish pages in their language's tree, translate snippets into their
language and submit translations into it. They get no permission on the English source, on
comment moderation, or on checklist weights and assessments (those permissions are simply not
granted; snippet and submit limits are enforced by the hooks in ``wagtail_hooks.py``).
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from wagtail.models import (
    Collection,
    DraftStateMixin,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
)

from .models import TranslatorTeam
from .translation_status import translatable_snippet_models

# Snippet models a translator must not touch even in their own language: the data behind scores.
NON_TRANSLATOR_MODELS = {"practice_trainings.assessment", "practice_trainings.answer"}


def translator_locale_ids(user) -> set[int] | None:
    """The locales a user is limited to, or None when the user is not limited.

    Superusers and anyone in a group that is not a translator team are not limited.
    """
    if not user.is_authenticated or user.is_superuser:
        return None
    cache_name = "_translator_locale_ids"
    if hasattr(user, cache_name):
        return getattr(user, cache_name)
    groups = list(user.groups.select_related("translator_team"))
    result = None
    if groups:
        teams = [getattr(group, "translator_team", None) for group in groups]
        if all(team is not None for team in teams):
            result = {team.locale_id for team in teams}
    setattr(user, cache_name, result)
    return result


def group_name(locale: Locale) -> str:
    # Named in the source language whatever language the admin runs in, so it stays stable.
    with translation.override(settings.LANGUAGE_CODE):
        return f"Translators: {locale.get_display_name()}"


def _permission(model, action):
    content_type = ContentType.objects.get_for_model(model)
    return Permission.objects.get(
        content_type=content_type, codename=f"{action}_{model._meta.model_name}"
    )


def ensure_translator_teams() -> list[Group]:
    """Create or refresh a translator group for every language but the source language."""
    # Model permissions normally come from migrate's post_migrate signal; make sure they exist
    # (a database flushed without that signal, as in some tests, has none).
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    if not Permission.objects.filter(codename="access_admin").exists():
        for app_config in apps.get_app_configs():
            create_contenttypes(app_config, verbosity=0)
            create_permissions(app_config, verbosity=0)
    groups = []
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    # wagtail-localize creates this permission in a data migration (on a content type of its
    # own); recreate it the same way if a flushed database lost it.
    submit, _created = Permission.objects.get_or_create(
        content_type=ContentType.objects.get_or_create(
            app_label="wagtail_localize", model="translation"
        )[0],
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    snippet_permissions = []
    for model in translatable_snippet_models():
        if model._meta.label_lower in NON_TRANSLATOR_MODELS:
            continue
        actions = ["add", "change", "view"]
        if issubclass(model, DraftStateMixin):
            actions.append("publish")
        for action in actions:
            try:
                snippet_permissions.append(_permission(model, action))
            except Permission.DoesNotExist:
                continue
    page_actions = [_permission(Page, action) for action in ("add", "change", "publish")]
    image_choose = Permission.objects.filter(
        content_type__app_label="wagtailimages", codename="choose_image"
    ).first()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    for locale in Locale.objects.exclude(language_code=settings.LANGUAGE_CODE):
        group, _created = Group.objects.get_or_create(name=group_name(locale))
        TranslatorTeam.objects.update_or_create(group=group, defaults={"locale": locale})
        group.permissions.add(admin_access, submit, *snippet_permissions)
        if site is not None:
            home = site.root_page.get_translation_or_none(locale)
            if home is not None:
                for permission in page_actions:
                    GroupPagePermission.objects.get_or_create(
                        group=group, page=home, permission=permission
                    )
        root_collection = Collection.get_first_root_node()
        if image_choose is not None and root_collection is not None:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=image_choose
            )
        groups.append(group)
    return groups
