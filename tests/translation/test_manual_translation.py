"""``practice_core.manual_translation``: the one writer of manual wagtail-localize translations
(the demo loader's and the evidence notes' import go through it)."""

from wagtail_localize.models import StringTranslation, Translation

from practice_core.manual_translation import record_translation
from practice_trainings.models import Provider


def test_each_given_text_becomes_a_manual_string_translation_and_the_rest_falls_back(locales):
    provider = Provider.objects.create(
        name="Riverbank", accreditation="Board of Example", locale=locales["en"]
    )
    texts = {"Board of Example": "Junta de Ejemplo"}
    translation = record_translation(
        provider, locales["es"], lambda segment: texts.get(segment.string.data)
    )
    assert isinstance(translation, Translation)
    assert translation.target_locale == locales["es"]
    rows = StringTranslation.objects.filter(locale=locales["es"])
    assert [(row.data, row.translation_type) for row in rows] == [
        ("Junta de Ejemplo", StringTranslation.TRANSLATION_TYPE_MANUAL)
    ]
    translation.save_target(publish=True)
    spanish = provider.get_translation(locales["es"])
    assert spanish.accreditation == "Junta de Ejemplo"


def test_recording_again_updates_the_strings_without_duplicates(locales):
    provider = Provider.objects.create(
        name="Riverbank", accreditation="Board of Example", locale=locales["en"]
    )
    record_translation(provider, locales["fr"], lambda segment: "Conseil d'exemple")
    record_translation(provider, locales["fr"], lambda segment: "Conseil de l'exemple")
    assert list(
        StringTranslation.objects.filter(locale=locales["fr"]).values_list("data", flat=True)
    ) == ["Conseil de l'exemple"]
    assert Translation.objects.filter(target_locale=locales["fr"]).count() == 1
