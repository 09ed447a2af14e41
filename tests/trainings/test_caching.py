"""The directory's caches follow every change at once (practice_core.versions).

Each test warms a cache with one request, changes something the way an editor would, and
checks the next request shows the change: a stale cached listing, scorecard or API answer is a
correctness bug, and with one local-memory cache per worker only a new key can announce it.
"""

from unittest import mock

import pytest

from practice_core.versions import current as current_version
from practice_site.cache import ResilientRedisCache
from practice_trainings.evidence import import_translated_notes
from practice_trainings.models import Answer, Provider
from practice_trainings.services import publish_version, start_new_version

from .conftest import assess


@pytest.fixture
def listed(make_training, checklist, practice_settings):
    training = make_training(title="Cached training")
    assess(training, {item.code: "1" for item in checklist.items.all()})
    return training


def test_every_kind_of_write_raises_the_content_version(listed, checklist):
    before = current_version()
    answer = Answer.objects.filter(assessment__training=listed).first()
    answer.value = "3"
    answer.evidence_note = "Seen."
    answer.save()
    after_answer = current_version()
    listed.save_revision().publish()
    after_publish = current_version()
    Provider.objects.filter(pk=listed.provider_id).first().save()
    assert len({before, after_answer, after_publish, current_version()}) == 4


def test_a_changed_answer_shows_at_once_in_the_listing(client, listed, training_index):
    first = client.get(training_index.url, {"order": "-score"}).content.decode()
    assert "33" in first  # every item answered 1 of 3
    Answer.objects.filter(assessment__training=listed).update(value="3")
    answer = Answer.objects.filter(assessment__training=listed).first()
    answer.evidence_note = "Seen in the syllabus."
    answer.save()  # the signal rescores and raises the version
    second = client.get(training_index.url, {"order": "-score"}).content.decode()
    assert "100" in second


def test_an_unpublished_training_leaves_the_cached_listing_at_once(client, listed, training_index):
    assert "Cached training" in client.get(training_index.url).content.decode()
    listed.unpublish()
    assert "Cached training" not in client.get(training_index.url).content.decode()


def test_a_published_title_change_shows_at_once_on_the_page_listing_and_api(
    client, listed, training_index
):
    client.get(listed.url)
    client.get(training_index.url)
    client.get(f"/api/v3/pages/{listed.pk}/")
    listed.title = "Renamed training"
    listed.save_revision().publish()
    assert "Renamed training" in client.get(listed.url).content.decode()
    assert "Renamed training" in client.get(training_index.url).content.decode()
    assert client.get(f"/api/v3/pages/{listed.pk}/").json()["title"] == "Renamed training"


def test_a_new_answer_changes_the_cached_scorecard_of_the_page_and_the_api(
    client, listed, checklist
):
    assert client.get(f"/api/v3/pages/{listed.pk}/").json()["checklist_score"]["score"] == 33.3
    client.get(listed.url)
    for answer in Answer.objects.filter(assessment__training=listed):
        answer.value = "3"
        answer.evidence_note = "Seen in the syllabus."
        answer.save()
    assert client.get(f"/api/v3/pages/{listed.pk}/").json()["checklist_score"]["score"] == 100
    assert "100" in client.get(listed.url).content.decode()


def test_a_translated_evidence_note_shows_at_once(client, listed, locales):
    answer = Answer.objects.filter(assessment__training=listed).first()
    answer.value = "2"
    answer.evidence_note = "Seen in the syllabus."
    answer.save()
    from practice_site.demo.translation import translate

    translate(listed.get_parent(), locales["es"], {})
    spanish = translate(listed, locales["es"], {})
    client.get(f"/api/v3/pages/{spanish.pk}/")
    import_translated_notes(answer.assessment, locales["es"], {answer.pk: "Visto en el programa."})
    items = client.get(f"/api/v3/pages/{spanish.pk}/").json()["checklist_score"]["items"]
    assert "Visto en el programa." in [item["evidence_note"] for item in items]


def test_publishing_a_checklist_version_marks_cached_scores_for_re_review(
    client, listed, checklist
):
    client.get(listed.url)
    before = current_version()
    draft = start_new_version(checklist)
    draft.changelog = "Reworded."
    draft.save()
    publish_version(draft)
    assert current_version() != before
    score = client.get(f"/api/v3/pages/{listed.pk}/").json()["checklist_score"]
    assert score["checklist_version"] == checklist.version


def test_the_cached_listing_costs_only_routing_and_the_version(
    client, listed, training_index, django_assert_max_num_queries
):
    # Within one minute (listings are keyed on it: sessions starting move them).
    with mock.patch("time.time", return_value=1_900_000_000.0):
        client.get(training_index.url, {"order": "-score"})
        with django_assert_max_num_queries(8):
            response = client.get(training_index.url, {"order": "-score"})
    assert "Cached training" in response.content.decode()


def test_an_unreachable_cache_never_breaks_the_directory_or_the_page(
    client, listed, training_index
):
    # What production's cache does while Redis is down (practice_site.cache): a miss.
    down = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    with mock.patch("practice_core.cache.cache", down):
        assert "Cached training" in client.get(training_index.url).content.decode()
        assert client.get(listed.url).status_code == 200
        assert client.get(f"/api/v3/pages/{listed.pk}/").status_code == 200


def test_each_language_has_its_own_cached_directory(client, listed, training_index, locales):
    english = client.get(training_index.url).content.decode()
    from practice_site.demo.translation import translate

    spanish_index = translate(training_index, locales["es"], {"Trainings": "Formaciones"})
    spanish = client.get(spanish_index.url).content.decode()
    assert "Formaciones" in spanish
    assert "Formaciones" not in english


def test_a_draft_being_previewed_is_never_cached(listed):
    listed.title = "Draft title"
    listed.save_revision()
    listed.refresh_from_db()
    draft = listed.get_latest_revision_as_object()
    assert draft.title == "Draft title"
    assert draft.is_cacheable is False
    listed.refresh_from_db()
    assert listed.is_cacheable


def test_a_bulk_loader_that_announces_its_rows_is_listed_at_once(
    client, listed, training_index, checklist
):
    from .bulk import bulk_trainings

    assert "Bulk training" not in client.get(training_index.url).content.decode()
    bulk_trainings(training_index, checklist, 3)  # ends with versions.bump()
    assert "Bulk training" in client.get(training_index.url).content.decode()


def test_a_changed_item_weight_rescores_the_cached_listing_at_once(
    client, make_training, checklist, training_index, practice_settings
):
    items = list(checklist.items.all())
    training = make_training(title="Weighted")
    assess(training, {items[0].code: "3"}, default="0")
    before = client.get(f"/api/v3/pages/{training.pk}/").json()["checklist_score"]["score"]
    client.get(training_index.url)
    # A corrected weight (the signal recomputes every assessment against that version).
    items[0].weight = 1 if items[0].weight != 1 else 3
    items[0].save()
    after = client.get(f"/api/v3/pages/{training.pk}/").json()["checklist_score"]["score"]
    assert after != before
    assert f"{after:.0f}" in client.get(training_index.url).content.decode()


def test_the_recompute_command_rederives_bulk_loaded_scores_and_refreshes_caches(
    client, listed, training_index
):
    from django.core.management import call_command

    from practice_trainings.models import Assessment

    client.get(training_index.url)
    Assessment.objects.filter(training_key=listed.translation_key).update(score=99.0)
    before = current_version()
    call_command("recompute_training_scores", stdout=__import__("io").StringIO())
    assert current_version() != before
    assert Assessment.objects.get(training_key=listed.translation_key).score == 33.3
    assert "33" in client.get(training_index.url).content.decode()


def test_the_cached_api_listing_follows_a_publish_and_an_unpublish_at_once(client, listed):
    titles = [item["title"] for item in client.get("/api/v3/trainings/").json()["items"]]
    assert "Cached training" in titles
    listed.title = "Renamed in the API"
    listed.save_revision().publish()
    titles = [item["title"] for item in client.get("/api/v3/trainings/").json()["items"]]
    assert "Renamed in the API" in titles
    listed.unpublish()
    assert client.get("/api/v3/trainings/").json()["count"] == 0


def test_a_malformed_api_listing_query_is_never_cached_as_an_answer(client, listed):
    assert client.get("/api/v3/trainings/", {"min_score": "abc"}).status_code == 422
    assert client.get("/api/v3/trainings/", {"min_score": "abc"}).status_code == 422
    assert client.get("/api/v3/trainings/", {"min_score": "10"}).json()["count"] == 1


# --- comparison ---------------------------------------------------------------------------------


@pytest.fixture
def pair(make_training, checklist, practice_settings):
    first = make_training(title="First compared")
    second = make_training(title="Second compared")
    for training in (first, second):
        assess(training, {item.code: "1" for item in checklist.items.all()})
    return first, second


def compare(client, index, trainings, ids=None):
    ids = ids or ",".join(str(t.pk) for t in trainings)
    response = client.get(f"{index.url}compare/", {"ids": ids})
    assert response.status_code == 200
    return response.content.decode()


def comparison_keys_stored(spy):
    return [c.args[0] for c in spy.set.call_args_list if ":trainings-compare-html:" in c.args[0]]


def test_a_changed_answer_shows_at_once_in_the_cached_comparison(client, pair, training_index):
    assert "1 – " in compare(client, training_index, pair)
    assert "3 – central" not in compare(client, training_index, pair)  # now from the cache
    answer = Answer.objects.filter(assessment__training=pair[0]).first()
    answer.value = "3"
    answer.evidence_note = "Seen in the syllabus."
    answer.save()
    assert "3 – central" in compare(client, training_index, pair)


def test_a_published_title_change_shows_at_once_in_the_cached_comparison(
    client, pair, training_index
):
    assert "First compared" in compare(client, training_index, pair)
    pair[0].title = "Renamed compared"
    pair[0].save_revision().publish()
    html = compare(client, training_index, pair)
    assert "Renamed compared" in html and "First compared" not in html


def test_an_unpublished_training_leaves_the_cached_comparison_at_once(client, pair, training_index):
    assert "First compared" in compare(client, training_index, pair)
    pair[0].unpublish()
    html = compare(client, training_index, pair)
    assert f"not in this directory: {pair[0].pk}" in html
    assert "First compared" not in html


def test_a_changed_item_weight_rescores_the_cached_comparison_at_once(
    client, make_training, checklist, training_index, practice_settings
):
    items = list(checklist.items.all())
    weighted = make_training(title="Weighted")
    assess(weighted, {items[0].code: "3"}, default="0")
    other = make_training(title="Other")
    assess(other, {item.code: "2" for item in items})
    before = client.get(f"/api/v3/pages/{weighted.pk}/").json()["checklist_score"]["score"]
    assert f'number">{before:.0f}<' in compare(client, training_index, [weighted, other])
    items[0].weight = 1 if items[0].weight != 1 else 3
    items[0].save()  # the signal recomputes every assessment and raises the version
    after = client.get(f"/api/v3/pages/{weighted.pk}/").json()["checklist_score"]["score"]
    assert f"{after:.0f}" != f"{before:.0f}"
    html = compare(client, training_index, [weighted, other])
    assert f'number">{after:.0f}<' in html
    assert f'number">{before:.0f}<' not in html


def test_a_warm_comparison_is_served_from_its_cache(client, pair, training_index):
    from django.core.cache import cache

    compare(client, training_index, pair)
    with mock.patch("practice_trainings.comparison.load_comparison") as load:
        html = compare(client, training_index, pair)
    load.assert_not_called()
    assert "First compared" in html and "Second compared" in html
    # The same selection written differently (spaces, a repeated id) is the same entry.
    with mock.patch("practice_core.cache.cache", wraps=cache) as spy:
        ids = f" {pair[0].pk}, {pair[1].pk},{pair[0].pk}"
        assert "Second compared" in compare(client, training_index, pair, ids=ids)
    assert comparison_keys_stored(spy) == []


def test_the_column_order_is_part_of_the_cached_comparison(client, pair, training_index):
    forward = compare(client, training_index, pair)
    backward = compare(client, training_index, list(reversed(pair)))
    assert forward.index("First compared") < forward.index("Second compared")
    assert backward.index("Second compared") < backward.index("First compared")


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        ("FIRST", "Choose at least two trainings"),
        ("FIRST,abc", "is not a training number"),
        ("FIRST,999999", "not in this directory: 999999"),
    ],
)
def test_an_unusable_comparison_is_never_cached(client, pair, training_index, ids, message):
    from django.core.cache import cache

    ids = ids.replace("FIRST", str(pair[0].pk))
    with mock.patch("practice_core.cache.cache", wraps=cache) as spy:
        assert message in compare(client, training_index, pair, ids=ids)
        assert message in compare(client, training_index, pair, ids=ids)
    assert comparison_keys_stored(spy) == []


def test_a_training_published_after_a_refused_comparison_is_compared(
    client, make_training, pair, training_index, checklist
):
    from practice_trainings.models import TrainingPage

    draft = make_training(title="Later training")
    draft.unpublish()
    ids = f"{pair[0].pk},{draft.pk}"
    assert "not in this directory" in compare(client, training_index, pair, ids=ids)
    TrainingPage.objects.get(pk=draft.pk).save_revision().publish()
    assert "Later training" in compare(client, training_index, pair, ids=ids)


def test_a_comparison_in_a_preview_is_never_cached(rf, pair, training_index):
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache

    request = rf.get(f"{training_index.url}compare/", {"ids": f"{pair[0].pk},{pair[1].pk}"})
    request.is_preview = True
    request.user = AnonymousUser()
    with mock.patch("practice_core.cache.cache", wraps=cache) as spy:
        response = training_index.compare_view(request)
        response.render()
    assert "First compared" in response.content.decode()
    compared = [c for c in spy.get.call_args_list if "trainings-compare" in c.args[0]]
    assert compared == [] and comparison_keys_stored(spy) == []


def test_an_unreachable_cache_never_breaks_the_comparison(client, pair, training_index):
    # What production's cache does while Redis is down (practice_site.cache): a miss.
    down = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    with mock.patch("practice_core.cache.cache", down):
        assert "Second compared" in compare(client, training_index, pair)
