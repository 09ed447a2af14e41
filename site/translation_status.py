"""Where each page and snippet stands in every language: missing, up to date or source changed.

Used by the "Translation status" admin report. A translation is *up to date* when wagtail-localize
last synced it after the source's latest change, *source changed* when the source was edited or
published since, *missing* when the language has no version, and *not synced* when a version exists
that wagtail-localize does not manage (created by hand or copied).
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import NoReverseMatch, reverse
from modelcluster.models import ClusterableModel, get_serializable_data_for_fields
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import TranslationSource

MISSING = "missing"
UP_TO_DATE = "up_to_date"
SOURCE_CHANGED = "source_changed"
NOT_SYNCED = "not_synced"

STATUS_LABELS = {
    MISSING: "Missing",
    UP_TO_DATE: "Up to date",
    SOURCE_CHANGED: "Source changed since translation",
    NOT_SYNCED: "Translated, not synced by wagtail-localize",
}


@dataclass
class LocaleStatus:
    locale: Locale
    status: str
    edit_url: str | None = None

    @property
    def label(self) -> str:
        from django.utils.translation import gettext

        return gettext(STATUS_LABELS[self.status])


@dataclass
class StatusRow:
    """One source object (in the default language) and its state in every other language."""

    title: str
    kind: str
    instance: object
    source_edit_url: str | None
    translate_url: str | None
    sync_url: str | None
    statuses: list[LocaleStatus] = field(default_factory=list)

    def __getattr__(self, name):
        # ``status_es`` and the like, for the spreadsheet export's columns.
        if name.startswith("status_"):
            code = name.removeprefix("status_")
            for status in self.__dict__.get("statuses", []):
                if status.locale.language_code == code:
                    return status.label
            return ""
        raise AttributeError(name)

    def status_for(self, language_code: str) -> str | None:
        for status in self.statuses:
            if status.locale.language_code == language_code:
                return status.status
        return None


def _safe_reverse(name, args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _snippet_changed(instance, source: TranslationSource) -> bool:
    if isinstance(instance, ClusterableModel):
        current = instance.to_json()
    else:
        current = json.dumps(get_serializable_data_for_fields(instance), cls=DjangoJSONEncoder)
    return json.loads(current) != json.loads(source.content_json)


def translatable_snippet_models():
    return [model for model in get_snippet_models() if issubclass(model, TranslatableMixin)]


def translation_status_rows(
    source_locale: Locale | None = None, target_locale_ids=None, public_only: bool = False
) -> list[StatusRow]:
    """Every page and translatable snippet in the source language, with its per-locale status.

    ``target_locale_ids`` narrows the languages reported on; ``public_only`` leaves out drafts and
    private pages (and unpublished snippets), for translators who only see what is public.
    A fixed number of queries per model: the objects, the translation keys present per locale,
    and the wagtail-localize sources with their translations.
    """
    source_locale = source_locale or Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    targets = Locale.objects.exclude(pk=source_locale.pk).order_by("language_code")
    if target_locale_ids is not None:
        targets = targets.filter(pk__in=target_locale_ids)
    targets = list(targets)
    rows = []

    pages = Page.objects.filter(locale=source_locale, depth__gt=1)
    if public_only:
        pages = pages.live().public()
    pages = list(pages.order_by("path").specific(defer=True))
    rows += _rows_for(pages, Page.objects.all(), source_locale, targets, is_page=True)

    for model in translatable_snippet_models():
        instances = model.objects.filter(locale=source_locale)
        if public_only and issubclass(model, DraftStateMixin):
            instances = instances.filter(live=True)
        instances = list(instances)
        rows += _rows_for(instances, model.objects.all(), source_locale, targets, is_page=False)
    return rows


def _rows_for(instances, all_objects, source_locale, targets, *, is_page):
    if not instances:
        return []
    keys = [instance.translation_key for instance in instances]
    present = {}
    for key, locale_id, pk in all_objects.filter(translation_key__in=keys).values_list(
        "translation_key", "locale_id", "pk"
    ):
        present[(key, locale_id)] = pk
    sources = {
        source.object_id: source
        for source in TranslationSource.objects.filter(
            object_id__in=keys, locale=source_locale
        ).prefetch_related("translations")
    }
    rows = []
    for instance in instances:
        source = sources.get(instance.translation_key)
        enabled_targets = (
            {t.target_locale_id for t in source.translations.all() if t.enabled}
            if source
            else set()
        )
        if is_page:
            model_name = instance.specific_class._meta.verbose_name
            source_edit_url = _safe_reverse("wagtailadmin_pages:edit", [instance.pk])
            translate_url = _safe_reverse("wagtail_localize:submit_page_translation", [instance.pk])
            changed_at = instance.last_published_at or instance.latest_revision_created_at
            changed = bool(source and changed_at and changed_at > source.last_updated_at)
        else:
            meta = instance._meta
            model_name = meta.verbose_name
            source_edit_url = _safe_reverse(
                f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", [instance.pk]
            )
            translate_url = _safe_reverse(
                "wagtail_localize:submit_snippet_translation",
                [meta.app_label, meta.model_name, instance.pk],
            )
            changed = bool(source and _snippet_changed(instance, source))
        row = StatusRow(
            title=str(instance.get_admin_display_title() if is_page else instance),
            kind=str(model_name),
            instance=instance,
            source_edit_url=source_edit_url,
            translate_url=translate_url,
            sync_url=(
                _safe_reverse("wagtail_localize:update_translations", [source.pk])
                if source
                else None
            ),
        )
        for locale in targets:
            pk = present.get((instance.translation_key, locale.pk))
            if pk is None:
                status = MISSING
            elif locale.pk not in enabled_targets:
                status = NOT_SYNCED
            elif changed:
                status = SOURCE_CHANGED
            else:
                status = UP_TO_DATE
            edit_url = None
            if pk is not None:
                if is_page:
                    edit_url = _safe_reverse("wagtailadmin_pages:edit", [pk])
                else:
                    edit_url = _safe_reverse(
                        f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", [pk]
                    )
            row.statuses.append(LocaleStatus(locale=locale, status=status, edit_url=edit_url))
        rows.append(row)
    return rows
