"""Record a translation through wagtail-localize, as a translator would leave it in its editor.

The result is a real wagtail-localize translation (a TranslationSource, a Translation and a
manual StringTranslation per translated segment), so translators find it in the editor, the
translation status report counts it and syncing later works as usual. The demo loader
(``practice_site.demo.translation``) and the plugins' data imports (the trainings' evidence
notes) write translations this one way.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction


@transaction.atomic
def record_translation(instance, locale, text_for: Callable, user=None):
    """Translate ``instance``'s segments into ``locale`` with the texts ``text_for(segment)``
    gives (a wagtail-localize ``StringSegment``, its ``string`` and ``context`` loaded; None
    leaves the segment to wagtail-localize's fallback, the source text). Running it again
    updates the strings. Returns the ``Translation``: the caller saves its target
    (``translation.save_target(user=..., publish=...)``), which pages and snippets do
    differently.
    """
    from wagtail_localize.models import (
        StringSegment,
        StringTranslation,
        Translation,
        TranslationSource,
    )

    source, _created = TranslationSource.update_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        text = text_for(segment)
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
    return translation
