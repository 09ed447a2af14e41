"""How a translation reaches visitors: a draft until a translator publishes it, complete.

wagtail-localize, as installed, lets untranslated text reach visitors in three ways, each closed
here:

1. Submitting content for translation copies the source's live state to the new translation
   (``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE``, switched off in the settings), so a page
   went live in Spanish with English text. Now a new translation is a draft (pages, and snippets
   with ``DraftStateMixin``).
2. Saving a *draft* of a translation that is already live (``save_target(publish=False)``, e.g.
   when a translation is restarted, or a live alias is turned into a translation) writes the
   draft's text, English for every untranslated segment, into the live row. Here such a draft
   becomes a revision only (as Wagtail's own "Save draft" does): the live version stays.
3. The translation editor's "Publish" and the "Sync translated pages" screen's "publish
   immediately" box publish whatever is translated, filling the rest with English. Publishing is
   refused while segments are missing (the editor says how many), and the sync screen updates
   the sources only; each translator publishes the update from their editor.

A page that must exist in a language before it is translated (wagtail-localize creates the
parents of a translated page as *aliases* of the source) shows visitors a "not yet translated"
notice; see :func:`untranslated_source`.

Synchronised fields (dates, prices, images, settings: wagtail-localize's ``SynchronizedField``)
are never translated, so they need no translator: publishing a source page copies them into each
live translation at once (:func:`push_synchronised_fields`), and a translator's later publish
takes them from the source's live version, not from the snapshot of the last sync.
"""

import functools
import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.managers import TaggableManager
from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log
from wagtail.models import DraftStateMixin, Page, RevisionMixin, TranslatableMixin
from wagtail.signals import page_published
from wagtail_localize.fields import (
    SynchronizedField,
    copy_synchronised_fields,
    get_translatable_fields,
)
from wagtail_localize.models import (
    SegmentOverride,
    Translation,
    TranslationLog,
    TranslationSource,
)
from wagtail_localize.segments.ingest import ingest_segments
from wagtail_localize.views.update_translations import UpdateTranslationsView

_create_or_update_translation = TranslationSource.create_or_update_translation
logger = logging.getLogger(__name__)


def _is_live(instance) -> bool:
    return isinstance(instance, DraftStateMixin) and bool(instance.live)


def create_or_update_translation(
    self, locale, user=None, publish=True, copy_parent_pages=False, fallback=False
):
    """wagtail-localize's own, except that a draft of a live translation is a revision only, and
    synchronised fields come from the source's live version (see the module's docstring)."""
    self.as_instance = functools.partial(_source_with_live_synchronised_fields, self)
    try:
        return _create_or_update_translation_keeping_live(
            self, locale, user, publish, copy_parent_pages, fallback
        )
    finally:
        del self.as_instance


def _create_or_update_translation_keeping_live(
    self, locale, user, publish, copy_parent_pages, fallback
):
    if not publish:
        try:
            target = self.get_translated_instance(locale)
        except Exception:  # noqa: BLE001 - any lookup failure: wagtail-localize decides
            target = None
        if target is not None and _is_live(target):
            return _save_draft_of_live_translation(self, target, locale, user, fallback)
    return _create_or_update_translation(
        self,
        locale,
        user=user,
        publish=publish,
        copy_parent_pages=copy_parent_pages,
        fallback=fallback,
    )


def _save_draft_of_live_translation(source, target, locale, user, fallback):
    original = source.as_instance()
    if isinstance(target, Page):
        target = target.specific
    with transaction.atomic():
        if isinstance(target, Page) and target.alias_of_id:
            # An alias becomes a page of its own (as wagtail-localize does), still showing what
            # it showed, so visitors keep the notice until the translator publishes.
            target.alias_of_id = None
            target.save(update_fields=["alias_of_id"], clean=False)
            log(instance=target, action="wagtail.convert_alias", user=user)
        copy_synchronised_fields(original, target)
        segments = source._get_segments_for_translation(locale, fallback=fallback)
        ingest_segments(original, target, source.locale, locale, segments)
        if isinstance(target, Page):
            target.slug = find_available_slug(
                target.get_parent(), slugify(target.slug), ignore_page_id=target.id
            )
        revision = target.save_revision(user=user, clean=False)
        TranslationLog.objects.create(source=source, locale=locale, revision=revision)
    return target, False


def install():
    """Put the draft-keeping version in place and copy synchronised fields when a source page is
    published (called once, from the app's ``ready``)."""
    TranslationSource.create_or_update_translation = create_or_update_translation
    page_published.connect(
        _push_on_publish, dispatch_uid="practice_push_synchronised_fields_on_publish"
    )


# Synchronised fields ----------------------------------------------------------------------------


def synchronised_fields(model) -> list:
    """The model fields wagtail-localize keeps equal to the source's (``SynchronizedField``).

    A taggit manager is left out: its ``tagged_items`` child relation, synchronised too, carries
    the same tags.
    """
    fields = []
    for translatable in get_translatable_fields(model):
        if isinstance(translatable, SynchronizedField):
            field = translatable.get_field(model)
            if not isinstance(field, TaggableManager):
                fields.append(field)
    return fields


def _is_child_relation(field) -> bool:
    return field.one_to_many and isinstance(field.remote_field, ParentalKey)


def _synchronised_value(instance, field):
    """A comparable form of ``field``'s value on ``instance`` (a page row or a revision's page)."""
    if _is_child_relation(field):
        names = [
            child.attname
            for child in field.related_model._meta.concrete_fields
            if not child.primary_key and child.name != field.remote_field.name
        ]
        children = getattr(instance, field.get_accessor_name()).all()
        return [tuple(getattr(child, name) for name in names) for child in children]
    if isinstance(field, ParentalManyToManyField):
        return sorted(related.pk for related in getattr(instance, field.name).all())
    return getattr(instance, field.attname)


def _copy_synchronised(source, target, fields) -> None:
    for field in fields:
        if _is_child_relation(field):
            source.copy_child_relation(field.name, target)
        elif isinstance(field, ParentalManyToManyField):
            setattr(target, field.name, list(getattr(source, field.name).all()))
        else:
            setattr(target, field.attname, getattr(source, field.attname))


def _differs(source, target, fields) -> bool:
    return any(
        _synchronised_value(source, field) != _synchronised_value(target, field) for field in fields
    )


def _overridden_field_names(target) -> set[str]:
    """Synchronised fields the translator has overridden for this translation (kept as they are)."""
    return set(
        SegmentOverride.objects.filter(
            locale_id=target.locale_id, context__object_id=target.translation_key
        ).values_list("context__path", flat=True)
    )


def _source_with_live_synchronised_fields(source):
    """``source.as_instance()`` (the snapshot of the last sync) with the synchronised fields of the
    source page's live version, so a translator's publish never brings back an older date or
    price that :func:`push_synchronised_fields` already replaced."""
    original = TranslationSource.as_instance(source)
    if isinstance(original, Page):
        live = type(original).objects.filter(pk=original.pk, live=True).first()
        if live is not None:
            _copy_synchronised(live, original, synchronised_fields(type(original)))
    return original


def push_synchronised_fields(page, user=None) -> list[Page]:
    """Copy the just-published source ``page``'s synchronised fields into its live translations.

    Each live translation whose values differ gets a published revision of its live version with
    the new values: visitors see them at once. A translation with unpublished changes then gets a
    new draft revision, its pending draft with the new values, so the translator's work is kept
    and publishing it later does not bring the old values back. Translated text is never touched
    (only ``SynchronizedField`` fields are copied) and a value the translator overrode for their
    language stays. Returns the translations changed.
    """
    source = TranslationSource.objects.filter(
        object_id=page.translation_key, locale_id=page.locale_id
    ).first()
    if source is None:
        return []
    fields = synchronised_fields(type(page))
    if not fields:
        return []
    locales = Translation.objects.filter(source=source, enabled=True).values_list(
        "target_locale_id", flat=True
    )
    translations = (
        type(page)
        .objects.filter(
            translation_key=page.translation_key,
            locale_id__in=list(locales),
            live=True,
            alias_of__isnull=True,
        )
        .exclude(pk=page.pk)
    )
    changed = []
    for translation in translations:
        try:
            if _push_into(page, translation, fields, user):
                changed.append(translation)
        except (ValidationError, IntegrityError):
            # A translation that cannot be saved as it is (its own problem) never stops the
            # source's publish; it takes the values when its translator next publishes it.
            logger.warning(
                "Synchronised fields not copied into translation %s of page %s",
                translation.pk,
                page.pk,
                exc_info=True,
            )
    return changed


def _push_into(source, translation, fields, user) -> bool:
    kept = _overridden_field_names(translation)
    fields = [field for field in fields if field.name not in kept]
    draft = None
    if (
        translation.has_unpublished_changes
        and translation.latest_revision_id
        and translation.latest_revision_id != translation.live_revision_id
    ):
        draft = translation.latest_revision.as_object()
    live_differs = _differs(source, translation, fields)
    draft_differs = draft is not None and _differs(source, draft, fields)
    if not (live_differs or draft_differs):
        return False
    with transaction.atomic():
        if live_differs:
            _copy_synchronised(source, translation, fields)
            revision = translation.save_revision(user=user, clean=False)
            # The source's publisher may not publish this language: copying values nobody
            # translates is the system's doing, logged as a publish of the translation.
            revision.publish(user=user, skip_permission_checks=True)
        if draft is not None:
            _copy_synchronised(source, draft, fields)
            draft.save_revision(user=user, clean=False)
    return True


def _push_on_publish(sender, instance, **kwargs):
    if isinstance(instance, Page):
        push_synchronised_fields(instance.specific)


# Completeness -----------------------------------------------------------------------------------


def translation_of(instance) -> Translation | None:
    """The enabled wagtail-localize translation whose target is ``instance``, if any."""
    if not isinstance(instance, TranslatableMixin) or instance.pk is None:
        return None
    return (
        Translation.objects.filter(
            source__object_id=instance.translation_key,
            target_locale_id=instance.locale_id,
            enabled=True,
        )
        .exclude(source__locale_id=instance.locale_id)
        .select_related("source", "target_locale")
        .first()
    )


def missing_segments(translation: Translation) -> tuple[int, int]:
    """(segments still untranslated, segments in all) of ``translation``."""
    total, translated = translation.get_progress()
    return total - translated, total


def refuse_incomplete_publish(request, instance):
    """``before_edit_page``/``before_edit_snippet``: the editor's Publish, refused while a segment
    is untranslated (visitors would read the source's text instead). None lets the editor run."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    translation = translation_of(instance)
    if translation is None:
        return None
    missing, total = missing_segments(translation)
    if not missing:
        return None
    messages.error(
        request,
        ngettext(
            "Not published: %(missing)d of %(total)d segment is not translated yet. "
            "Visitors would read it in the source language; translate it, then publish.",
            "Not published: %(missing)d of %(total)d segments are not translated yet. "
            "Visitors would read them in the source language; translate them, then publish.",
            missing,
        )
        % {"missing": missing, "total": total},
    )
    return redirect(request.get_full_path())


class SyncWithoutPublishingView(UpdateTranslationsView):
    """ "Sync translated pages": updates what translators see, never what visitors see.

    wagtail-localize's form offers to publish every translation at once, filling what is not yet
    translated with the source's text; that box is removed. Each live translation keeps its
    published version until its translator publishes the update.
    """

    def dispatch(self, request, *args, **kwargs):
        # Syncing changes what every language's translators work on: only someone who may change
        # the source's language may do it (a translator gets the 403 naming their languages).
        from django.shortcuts import get_object_or_404
        from wagtail.admin.localization import get_localized_response

        from practice_core.permissions import may_change_locale, refuse_other_locale

        source = get_object_or_404(TranslationSource, pk=kwargs["translation_source_id"])
        if not may_change_locale(request.user, source.locale_id):
            return get_localized_response(refuse_other_locale, request, source.locale_id)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        form.fields.pop("publish_translations", None)
        return form

    def form_valid(self, form):
        form.cleaned_data["publish_translations"] = False
        response = super().form_valid(form)
        messages.info(
            self.request,
            _(
                "The translations keep their published version until each translator "
                "publishes the update from the translation editor."
            ),
        )
        return response


# What visitors see -----------------------------------------------------------------------------


def untranslated_source(page) -> Page | None:
    """The source page whose text ``page`` shows because it is not translated yet, or None.

    That is an alias of a page in another language (wagtail-localize makes the parents of a
    translated page that way), or a former alias turned into a translation that no translator
    has published yet (it has never had a live revision).
    """
    if not isinstance(page, Page) or not page.live:
        return None
    if page.alias_of_id:
        original = Page.objects.filter(pk=page.alias_of_id).select_related("locale").first()
        if original is not None and original.locale_id != page.locale_id:
            return original.specific_deferred
        return None
    if page.live_revision_id is not None or not isinstance(page, RevisionMixin):
        return None
    translation = translation_of(page)
    if translation is None:
        return None
    source = (
        Page.objects.filter(translation_key=page.translation_key, locale=translation.source.locale)
        .select_related("locale")
        .first()
    )
    return source.specific_deferred if source is not None else None
