"""Where each page and snippet stands in every language, told as a translator needs it.

Used by the "Translation status" admin report and the translators' dashboard panel. Per object
and language:

- *not translated*: the language has no version;
- *in progress (N of M segments)*: a translation not published yet (or an update of a published
  one, after a sync) with segments still to translate;
- *ready to publish*: every segment translated, not published yet;
- *published and up to date*: published after the last sync of the source;
- *source changed since*: the source was edited after its last sync (choose Sync);
- *translated by hand*: a version wagtail-localize does not manage (created by hand or copied).

A fixed number of queries per model, whatever the number of rows.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, F, Max
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel, get_serializable_data_for_fields
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    TranslationLog,
    TranslationSource,
)

MISSING = "missing"
IN_PROGRESS = "in_progress"
READY = "ready"
UP_TO_DATE = "up_to_date"
SOURCE_CHANGED = "source_changed"
NOT_SYNCED = "not_synced"

STATUS_LABELS = {
    MISSING: _("Not translated"),
    IN_PROGRESS: _("In progress"),
    READY: _("Ready to publish"),
    UP_TO_DATE: _("Published and up to date"),
    SOURCE_CHANGED: _("Source changed since"),
    NOT_SYNCED: _("Translated by hand (not synced)"),
}
# What is waiting for a translator (the dashboard panel lists these).
WAITING = (MISSING, IN_PROGRESS, READY, SOURCE_CHANGED)


@dataclass
class LocaleStatus:
    locale: Locale
    status: str
    edit_url: str | None = None
    translated: int | None = None
    segments: int | None = None

    @property
    def label(self) -> str:
        from django.utils.translation import gettext

        if self.status == IN_PROGRESS and self.segments is not None:
            return gettext("In progress (%(done)d of %(total)d segments)") % {
                "done": self.translated or 0,
                "total": self.segments,
            }
        return str(STATUS_LABELS[self.status])


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


def _progress(source_ids, locale_ids):
    """Segments per source, and translated segments per (source, locale): two queries."""
    totals = dict(
        StringSegment.objects.filter(source_id__in=source_ids)
        .values("source_id")
        .annotate(n=Count("pk"))
        .values_list("source_id", "n")
    )
    done = {}
    for source_id, locale_id, count in (
        StringTranslation.objects.filter(
            translation_of__segments__source_id__in=source_ids,
            context_id=F("translation_of__segments__context_id"),
            locale_id__in=locale_ids,
            has_error=False,
        )
        .values("translation_of__segments__source_id", "locale_id")
        .annotate(n=Count("translation_of__segments__pk", distinct=True))
        .values_list("translation_of__segments__source_id", "locale_id", "n")
    ):
        done[(source_id, locale_id)] = count
    return totals, done


def _last_written(source_ids, locale_ids):
    """When wagtail-localize last wrote each translation, and when its strings last changed."""
    written = {
        (source_id, locale_id): when
        for source_id, locale_id, when in TranslationLog.objects.filter(
            source_id__in=source_ids, locale_id__in=locale_ids
        )
        .values("source_id", "locale_id")
        .annotate(when=Max("created_at"))
        .values_list("source_id", "locale_id", "when")
    }
    edited = {
        (source_id, locale_id): when
        for source_id, locale_id, when in StringTranslation.objects.filter(
            translation_of__segments__source_id__in=source_ids, locale_id__in=locale_ids
        )
        .values("translation_of__segments__source_id", "locale_id")
        .annotate(when=Max("updated_at"))
        .values_list("translation_of__segments__source_id", "locale_id", "when")
    }
    return written, edited


def _rows_for(instances, all_objects, source_locale, targets, *, is_page):
    if not instances:
        return []
    keys = [instance.translation_key for instance in instances]
    model = all_objects.model
    draftable = is_page or issubclass(model, DraftStateMixin)
    fields = ["translation_key", "locale_id", "pk"]
    if draftable:
        fields += ["live", "last_published_at"]
    present = {}
    for values in all_objects.filter(translation_key__in=keys).values_list(*fields):
        present[(values[0], values[1])] = values[2:]
    sources = {
        source.object_id: source
        for source in TranslationSource.objects.filter(
            object_id__in=keys, locale=source_locale
        ).prefetch_related("translations")
    }
    source_ids = [source.pk for source in sources.values()]
    locale_ids = [locale.pk for locale in targets]
    totals, done = _progress(source_ids, locale_ids)
    written, edited = _last_written(source_ids, locale_ids) if not draftable else ({}, {})
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
            found = present.get((instance.translation_key, locale.pk))
            total = translated = None
            if found is None:
                status = MISSING
            elif locale.pk not in enabled_targets:
                status = NOT_SYNCED
            elif changed:
                status = SOURCE_CHANGED
            else:
                total = totals.get(source.pk, 0)
                translated = done.get((source.pk, locale.pk), 0)
                complete = translated >= total
                if draftable:
                    live, published_at = found[1], found[2]
                    published = live and (
                        published_at is None or published_at >= source.last_updated_at
                    )
                else:
                    last_written = written.get((source.pk, locale.pk))
                    last_edit = edited.get((source.pk, locale.pk))
                    published = (
                        complete
                        and last_written is not None
                        and last_written >= source.last_updated_at
                        and (last_edit is None or last_written >= last_edit)
                    )
                if published:
                    status = UP_TO_DATE
                elif complete:
                    status = READY
                else:
                    status = IN_PROGRESS
            pk = found[0] if found is not None else None
            edit_url = None
            if pk is not None:
                if is_page:
                    edit_url = _safe_reverse("wagtailadmin_pages:edit", [pk])
                else:
                    edit_url = _safe_reverse(
                        f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", [pk]
                    )
            row.statuses.append(
                LocaleStatus(
                    locale=locale,
                    status=status,
                    edit_url=edit_url,
                    translated=translated,
                    segments=total,
                )
            )
        rows.append(row)
    return rows


def waiting_work(locale_ids) -> list[tuple[StatusRow, LocaleStatus]]:
    """Public content waiting for a translator in ``locale_ids``: (row, its status) pairs."""
    rows = translation_status_rows(target_locale_ids=locale_ids, public_only=True)
    return [(row, status) for row in rows for status in row.statuses if status.status in WAITING]
