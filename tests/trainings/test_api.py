"""The trainings API: the listing, the checklist in force and the score on a page's detail."""

import pytest

from practice_trainings.services import publish_version, start_new_version

from .conftest import all_items


@pytest.fixture
def listed(make_training, assess_training, checklist, scored_training):
    low = make_training(
        title="Low scorer", frameworks=["ptsd-models"], languages=("fr",), format="online"
    )
    assess_training(low, all_items(checklist, "1"))
    return {"high": scored_training, "low": low}


def test_the_listing_returns_count_and_items_with_scores(client, listed):
    response = client.get("/api/v3/trainings/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    first = body["items"][0]
    assert first["title"] == "Roots and Rhythms"
    assert first["score"] == pytest.approx(98.3)
    assert first["band"] == "strong"
    assert first["checklist_version"] == 1
    assert sorted(first["frameworks"]) == ["polyvagal-theory", "somatic-awareness"]
    assert first["languages"] == ["en", "es"]
    assert first["url"].startswith("http://testserver/en/trainings/")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("framework=ptsd-models", ["Low scorer"]),
        ("format=hybrid", ["Roots and Rhythms"]),
        ("language=fr", ["Low scorer"]),
        ("min_score=50", ["Roots and Rhythms"]),
        ("locale=en", ["Roots and Rhythms", "Low scorer"]),
        ("locale=es", []),
        ("order=score", ["Low scorer", "Roots and Rhythms"]),
        ("order=-score", ["Roots and Rhythms", "Low scorer"]),
        ("order=title", ["Low scorer", "Roots and Rhythms"]),
        ("order=start_date", ["Roots and Rhythms", "Low scorer"]),
        ("order=price", ["Roots and Rhythms", "Low scorer"]),  # unknown prices last
    ],
)
def test_the_listing_filters_and_orders(client, listed, query, expected):
    response = client.get(f"/api/v3/trainings/?{query}")
    assert response.status_code == 200, response.content
    assert [item["title"] for item in response.json()["items"]] == expected


def test_the_listing_is_paginated(client, listed):
    body = client.get("/api/v3/trainings/?limit=1&offset=1").json()
    assert body["count"] == 2
    assert [item["title"] for item in body["items"]] == ["Low scorer"]


@pytest.mark.parametrize(
    ("query", "loc"),
    [
        ("min_score=abc", "min_score"),
        ("format=carrier-pigeon", "format"),
        ("language=xx", "language"),
        ("order=random", "order"),
        ("locale=tlh", "locale"),
        ("limit=0", "limit"),
        ("limit=500", "limit"),
        ("offset=-1", "offset"),
    ],
)
def test_unknown_values_are_a_422_problem(client, listed, query, loc):
    response = client.get(f"/api/v3/trainings/?{query}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 422
    assert ["query", loc] in [error["loc"] for error in body["errors"]]


@pytest.mark.parametrize(
    ("query", "loc"), [("framework=astrology", "framework"), ("section=astrology", "section")]
)
def test_a_framework_or_section_slug_nothing_has_is_a_404_problem_naming_it(
    client, listed, query, loc
):
    response = client.get(f"/api/v3/trainings/?{query}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    [error] = response.json()["errors"]
    assert error["loc"] == ["query", loc]
    assert "'astrology' was rejected" in error["msg"]


def test_an_unknown_slug_beside_a_wrong_value_is_a_422_naming_both(client, listed):
    response = client.get("/api/v3/trainings/?framework=astrology&format=carrier-pigeon")
    assert response.status_code == 422
    names = {error["loc"][-1] for error in response.json()["errors"]}
    assert names == {"framework", "format"}


def test_drafts_are_not_listed(client, listed):
    listed["low"].unpublish()
    titles = [item["title"] for item in client.get("/api/v3/trainings/").json()["items"]]
    assert titles == ["Roots and Rhythms"]


def test_the_listing_takes_a_fixed_number_of_queries(
    client, listed, make_training, django_assert_max_num_queries
):
    client.get("/api/v3/trainings/")
    with django_assert_max_num_queries(12):
        client.get("/api/v3/trainings/?order=-score")
    for _ in range(5):
        make_training()
    with django_assert_max_num_queries(12):
        client.get("/api/v3/trainings/?order=-score")


def test_a_trainings_detail_carries_its_checklist_score(client, scored_training):
    response = client.get(f"/api/v3/pages/{scored_training.pk}/")
    assert response.status_code == 200
    score = response.json()["checklist_score"]
    assert score["score"] == pytest.approx(98.3)
    assert score["coverage"] == 1
    assert score["band"] == "strong"
    assert score["checklist_version"] == 1
    assert len(score["items"]) == 9
    assert score["items"][0]["code"] == "whole-person"
    assert score["items"][0]["answer"] == "3"
    assert score["items"][0]["evidence_note"]


def test_an_unassessed_trainings_checklist_score_is_null(client, make_training):
    training = make_training()
    assert client.get(f"/api/v3/pages/{training.pk}/").json()["checklist_score"] is None


def test_the_checklist_score_is_typed_in_the_openapi_document(client):
    spec = client.get("/api/v3/openapi.json").json()
    assert "ChecklistScore" in spec["components"]["schemas"]
    assert "/api/v3/trainings/" in spec["paths"]
    assert "/api/v3/checklists/current/" in spec["paths"]


def test_the_current_checklist_lists_its_version_and_items(client, checklist):
    body = client.get("/api/v3/checklists/current/").json()
    assert body["version"] == 1
    assert len(body["items"]) == 9
    assert body["items"][0]["weight"] == 3
    assert body["items"][0]["essential"] is True
    assert set(body["items"][0]["guidance"]) == {"0", "1", "2", "3"}


def test_the_current_checklist_follows_new_versions_and_locales(client, checklist, locales):
    from practice_site.demo.translation import translate

    publish_version(start_new_version(checklist), changelog="Second version.")
    body = client.get("/api/v3/checklists/current/?locale=en").json()
    assert body["version"] == 2
    assert body["changelog"] == "Second version."
    from practice_trainings.models import Checklist

    v2 = Checklist.in_force()
    translate(v2, locales["es"], {v2.title: "Lista de verificación"})
    body = client.get("/api/v3/checklists/current/?locale=es").json()
    assert body["title"] == "Lista de verificación"
    assert body["locale"] == "es"
    french = client.get("/api/v3/checklists/current/?locale=fr")
    assert french.status_code == 404  # not translated: never the English text in its place
    assert "locale=en" in french.json()["detail"]


def test_an_unpublished_checklist_translation_is_a_404_naming_the_source_language(
    client, checklist, locales
):
    from wagtail_localize.models import Translation, TranslationSource

    # Submitted for translation into Spanish, nothing published yet.
    source, _created = TranslationSource.get_or_create_from_instance(checklist)
    Translation.objects.create(source=source, target_locale=locales["es"])
    response = client.get("/api/v3/checklists/current/?locale=es")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert "not yet translated into 'es'" in response.json()["detail"]
    assert "locale=en" in response.json()["detail"]
    assert client.get("/api/v3/checklists/current/?locale=en").status_code == 200


def test_an_unknown_locale_for_the_checklist_is_a_422(client, checklist):
    response = client.get("/api/v3/checklists/current/?locale=tlh")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_no_published_checklist_is_a_404_problem(client, checklist):
    from practice_trainings.models import Checklist

    Checklist.objects.update(published_at=None)
    response = client.get("/api/v3/checklists/current/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


# --- defaults and refusals (issue 21.3) --------------------------------------------------------


@pytest.fixture
def translated_listing(listed, locales, translated_home):
    """The high scorer also translated into Spanish (a published copy)."""
    from wagtail.models import Page

    training = listed["high"]
    copy = training.copy_for_translation(locales["es"], copy_parents=True)
    copy.save_revision().publish()
    assert Page.objects.filter(translation_key=training.translation_key).count() == 2
    return listed


def test_without_locale_the_listing_has_the_default_language_only(client, translated_listing):
    body = client.get("/api/v3/trainings/").json()
    assert body["count"] == 2
    assert {item["locale"] for item in body["items"]} == {"en"}
    # Whatever language the client prefers: the default is the site's, as documented.
    body = client.get("/api/v3/trainings/", HTTP_ACCEPT_LANGUAGE="es").json()
    assert {item["locale"] for item in body["items"]} == {"en"}


def test_locale_picks_another_language(client, translated_listing):
    body = client.get("/api/v3/trainings/?locale=es").json()
    assert [(item["title"], item["locale"]) for item in body["items"]] == [
        ("Roots and Rhythms", "es")
    ]


def test_fields_is_refused_with_a_400_naming_it(client, listed):
    response = client.get("/api/v3/trainings/?fields=title,score")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert "fields" in problem["detail"]
    assert [error["loc"] for error in problem["errors"]] == [["query", "fields"]]
    assert "not supported" in problem["errors"][0]["msg"]


def test_an_unknown_parameter_is_refused_naming_it_and_what_is_accepted(client, listed):
    response = client.get("/api/v3/trainings/?framwork=ptsd-models")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["loc"] == ["query", "framwork"]
    assert "'framwork' was rejected" in error["msg"]
    assert "framework" in error["msg"]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("format=carrier-pigeon", "format"),
        ("min_score=abc", "min_score"),
        ("upcoming=maybe", "upcoming"),
        ("order=sideways", "order"),
        ("locale=xx", "locale"),
        ("limit=0", "limit"),
    ],
)
def test_a_422_says_the_value_was_rejected_never_ignored(client, listed, query, name):
    response = client.get(f"/api/v3/trainings/?{query}")
    assert response.status_code == 422
    messages = {error["loc"][-1]: error["msg"] for error in response.json()["errors"]}
    assert "was rejected" in messages[name]
    assert "ignored" not in response.content.decode()


def test_the_html_directory_still_ignores_with_a_note(client, listed):
    page = client.get(listed["high"].get_parent().url + "?format=carrier-pigeon")
    assert page.status_code == 200
    assert "was ignored" in page.content.decode()
