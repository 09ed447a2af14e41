"""A translatable snippet's text on a translated page: its translation, or visibly marked."""

import pytest
from django.template import Context, Template
from django.utils import translation

from practice_trainings.models import Provider


def ARABIC_MARK():  # noqa: N802
    """The "(not yet translated)" mark as an Arabic visitor reads it."""
    with translation.override("ar"):
        return translation.gettext("(not yet translated)")


pytestmark = pytest.mark.django_db

TEMPLATE = Template(
    "{% load practice_translation %}{% with p=provider|translated %}{{ p.name }}|"
    '{% translated_field p "accreditation" %}{% endwith %}'
)


@pytest.fixture
def accredited(locales):
    return Provider.objects.create(
        name="Riverbank Institute",
        accreditation="Approved continuing-education provider",
        locale=locales["en"],
    )


def render(provider, language):
    with translation.override(language):
        return TEMPLATE.render(Context({"provider": provider}))


def test_the_translation_of_the_accreditation_is_shown_in_its_language(accredited, locales):
    spanish = accredited.copy_for_translation(locales["es"])
    spanish.accreditation = "Proveedor acreditado de formación continua"
    spanish.save()
    assert render(accredited, "es") == (
        "Riverbank Institute|Proveedor acreditado de formación continua"
    )


def test_an_untranslated_accreditation_is_marked_and_tagged_with_its_language(accredited):
    shown = render(accredited, "ar")
    assert shown == (
        'Riverbank Institute|<span lang="en">Approved continuing-education provider</span> '
        f'<span class="untranslated">{ARABIC_MARK()}</span>'
    )


def test_the_original_language_is_shown_plainly(accredited):
    assert render(accredited, "en") == "Riverbank Institute|Approved continuing-education provider"


def test_an_empty_accreditation_shows_nothing(accredited):
    accredited.accreditation = ""
    accredited.save()
    assert render(accredited, "fr") == "Riverbank Institute|"
