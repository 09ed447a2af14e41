"""Translate an object through wagtail-localize, as a translator would in its editor.

The strings are recorded by ``practice_core.manual_translation`` (the one place that writes
manual wagtail-localize translations: a TranslationSource, a Translation and a StringTranslation
per segment), so translators find them in the editor and can sync later. The demo loader uses
this for the demo's translations; tests and the benchmarks use it too.
"""

from django.db import transaction
from wagtail.models import Page

from practice_core.manual_translation import record_translation


def translate(instance, locale, strings, user=None, publish=True):
    """Translate ``instance`` into ``locale`` with wagtail-localize and return the translation.

    ``strings`` maps a segment's source text to its translation; a key ``(path, text)`` names one
    segment where the same text appears in several places. A segment without an entry keeps the
    source text (wagtail-localize's fallback), as an untranslated string would in the editor.
    Running it again updates the strings and re-syncs the translation.
    """
    if isinstance(instance, Page):
        instance = instance.specific

    def text_for(segment):
        text = strings.get((segment.context.path, segment.string.data))
        return strings.get(segment.string.data) if text is None else text

    with transaction.atomic():
        translation = record_translation(instance, locale, text_for, user=user)
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
