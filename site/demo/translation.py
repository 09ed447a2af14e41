"""Translate an object through wagtail-localize, as a translator would in its editor.

The result is a real wagtail-localize translation (a TranslationSource, a Translation and a
StringTranslation per segment), so translators find it in the editor and can sync it later. The
demo loader uses it for the demo's translations; tests and the benchmarks use it too.
"""

from django.db import transaction
from wagtail.models import Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


def translate(instance, locale, strings, user=None, publish=True):
    """Translate ``instance`` into ``locale`` with wagtail-localize and return the translation.

    ``strings`` maps a segment's source text to its translation; a key ``(path, text)`` names one
    segment where the same text appears in several places. A segment without an entry keeps the
    source text (wagtail-localize's fallback), as an untranslated string would in the editor.
    Running it again updates the strings and re-syncs the translation.
    """
    if isinstance(instance, Page):
        instance = instance.specific
    with transaction.atomic():
        source, _created = TranslationSource.update_or_create_from_instance(instance)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        segments = StringSegment.objects.filter(source=source).select_related("string", "context")
        for segment in segments:
            text = strings.get((segment.context.path, segment.string.data))
            if text is None:
                text = strings.get(segment.string.data)
            if text is None:
                continue
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "last_translated_by": user,
                },
            )
        if isinstance(instance, Page):
            # wagtail-localize publishes a page translation in an on-commit callback holding the
            # page as it was in memory; when a child translation is created before that commit,
            # the callback writes back a stale ``numchild`` and the child drops out of the tree.
            # Save a draft, then publish the fresh page's revision here and now instead.
            translation.save_target(user=user, publish=False)
            target = instance.get_translation(locale)
            if publish:
                target.get_latest_revision().publish(user=user)
            return target.specific
        translation.save_target(user=user, publish=publish)
    return instance.get_translation(locale)
