"""The trainings demo: loaded by ``load_demo`` after the site's steps, and idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page

from trainings.models import (
    Answer,
    Assessment,
    Checklist,
    ChecklistItem,
    Framework,
    Provider,
    TrainingPage,
)


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("id", "url_path", "live")),
        "checklists": sorted(Checklist.objects.values_list("id", "version", "locale_id")),
        "items": ChecklistItem.objects.count(),
        "frameworks": Framework.objects.count(),
        "providers": Provider.objects.count(),
        "assessments": sorted(
            Assessment.objects.values_list("id", "checklist_id", "score", "band", "is_latest")
        ),
        "answers": Answer.objects.count(),
    }


@pytest.mark.django_db(transaction=True)
@override_settings(DEBUG=True)
def test_the_trainings_demo_is_complete_and_idempotent(client):
    from django.contrib.contenttypes.models import ContentType

    # An earlier transactional test's flush recreated the content types with new ids; the
    # process-wide content-type cache would still hand out the old ones.
    ContentType.objects.clear_cache()
    call_command("load_demo", "--no-user", stdout=StringIO())
    first = snapshot()

    english = TrainingPage.objects.filter(locale__language_code="en")
    assert english.count() >= 8
    assert len(set(english.values_list("format", flat=True))) == 4
    assert Assessment.objects.filter(is_latest=True).count() == english.count()
    bands = set(Assessment.objects.filter(is_latest=True).values_list("band", flat=True))
    assert {"strong", "partial", "limited", "insufficient"} <= bands
    assert Checklist.in_force().version == 2
    assert Assessment.objects.filter(is_latest=True, checklist__version=1).count() == 1
    spanish = TrainingPage.objects.filter(locale__language_code="es")
    for slug in ("rooted-bodies", "attachment-across-cultures"):
        source = english.get(slug=slug)
        assert spanish.filter(translation_key=source.translation_key, live=True).exists()
    # every translation shares its training's assessment
    assert (
        Assessment.objects.filter(
            training_key__in=spanish.values("translation_key"), is_latest=True
        ).count()
        == spanish.count()
    )
    assert Checklist.objects.filter(version=2, locale__language_code="es").exists()

    assert client.get("/en/trainings/", HTTP_HOST="localhost").status_code == 200
    assert client.get("/es/trainings/", HTTP_HOST="localhost").status_code == 200
    methodology = client.get("/es/how-we-score-trainings/", HTTP_HOST="localhost")
    assert "Dimensiones integradoras" in methodology.content.decode()
    home = client.get("/en/", HTTP_HOST="localhost").content.decode()
    assert "Rooted Bodies" in home

    call_command("load_demo", "--no-user", stdout=StringIO())
    assert snapshot() == first
