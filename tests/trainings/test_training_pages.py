"""A training's page (badge, bars, evidence table, JSON-LD), comparison and methodology."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse  # noqa: F401

from practice_trainings.models import ChecklistMethodologyPage, Framework, TrainingSession
from practice_trainings.services import publish_version, start_new_version

from .conftest import all_items


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_the_training_page_shows_the_badge_bars_and_evidence(client, scored_training):
    html = client.get(scored_training.url).content.decode()
    assert "98</span>" in html
    assert "Strong alignment" in html
    assert "Evidence for 100% of the checklist" in html
    assert "Scored against version 1 on" in html
    assert html.count("<meter") == 2
    assert "Seen in the syllabus for whole-person." in html
    assert "3 – central" in html


def test_the_training_page_carries_a_course_with_offers_instances_and_a_review(
    client, scored_training
):
    data = json_ld(client.get(scored_training.url).content.decode())
    assert data["@type"] == "Course"
    assert data["provider"]["name"] == "Riverbank Institute"
    assert data["offers"]["price"] == "450.00"
    assert data["offers"]["priceCurrency"] == "USD"
    assert data["inLanguage"] == ["en", "es"]
    assert data["hasCourseInstance"][0]["courseMode"] == "blended"
    assert data["educationalCredentialAwarded"]["recognizedBy"]["name"] == "Board of Example"
    assert data["review"]["reviewRating"]["ratingValue"] == pytest.approx(98.3)
    assert data["review"]["reviewRating"]["bestRating"] == 100


def test_a_training_never_assessed_says_so_and_has_no_review(client, make_training):
    training = make_training(title="Fresh")
    html = client.get(training.url).content.decode()
    assert "Not assessed yet" in html
    assert "review" not in json_ld(html)


def test_an_old_score_shows_its_version_and_re_review_note(client, scored_training, checklist):
    publish_version(start_new_version(checklist), changelog="v2")
    html = client.get(scored_training.url).content.decode()
    assert "Scored against version 1 on" in html
    assert "re-review due" in html


def test_the_training_page_takes_a_fixed_number_of_queries(client, scored_training):
    client.get(scored_training.url)
    with CaptureQueriesContext(connection) as before:
        client.get(scored_training.url)
    # More sessions and frameworks do not add queries.
    first = scored_training.sessions.first()
    scored_training.sessions.add(TrainingSession(starts_at=first.starts_at, time_zone="UTC"))
    scored_training.frameworks.add(*Framework.objects.filter(slug="ptsd-models"))
    scored_training.save_revision().publish()
    client.get(scored_training.url)  # publishing made the cached site chrome stale: rebuild it once
    with CaptureQueriesContext(connection) as after:
        client.get(scored_training.url)
    assert len(after) == len(before)


# --- comparison ---------------------------------------------------------------------------------


@pytest.fixture
def four(make_training, assess_training, checklist):
    trainings = []
    for number, value in enumerate(["3", "2", "1", "0"]):
        training = make_training(title=f"Compared {number}", frameworks=["ptsd-models"])
        assess_training(training, all_items(checklist, value))
        trainings.append(training)
    return trainings


def compare_url(index, ids):
    return f"{index.url}compare/?ids={','.join(str(i) for i in ids)}"


def test_two_to_four_trainings_are_compared_side_by_side(client, training_index, four):
    response = client.get(compare_url(training_index, [t.pk for t in four]))
    html = response.content.decode()
    assert response.status_code == 200
    for training in four:
        assert training.title in html
    # every checklist item is a row, with each training's answer
    assert html.count('class="compare-table__item"') == 9
    assert "3 – central" in html and "0 – not evident" in html


def test_the_comparison_also_accepts_repeated_ids_from_the_checkbox_form(
    client, training_index, four
):
    response = client.get(f"{training_index.url}compare/", {"ids": [four[0].pk, four[1].pk]})
    assert "Compared 1" in response.content.decode()


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        ("", "Choose at least two trainings"),
        ("FIRST", "Choose at least two trainings"),
        ("ALL,999999", "at most four"),
        ("abc,def", "is not a training number"),
        ("FIRST,999999", "not in this directory: 999999"),
        ("FIRST,-3", "is not a training number"),
    ],
)
def test_a_bad_comparison_selection_gets_a_clear_message_never_an_error(
    client, training_index, four, ids, message
):
    first = str(four[0].pk)
    ids = ids.replace("ALL", ",".join(str(t.pk) for t in four)).replace("FIRST", first)
    response = client.get(f"{training_index.url}compare/?ids={ids}")
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_comparison_is_indexable_under_one_address_per_selection(client, training_index, four):
    ids = [four[1].pk, four[0].pk]
    response = client.get(f"{training_index.url}compare/", {"ids": ids})
    html = response.content.decode()
    assert 'name="robots"' not in html
    canonical = f"http://testserver{training_index.url}compare/?ids={ids[0]},{ids[1]}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    # a second visitor's answer comes from the cache and carries the same address
    assert f'<link rel="canonical" href="{canonical}">' in client.get(canonical).content.decode()


def test_a_selection_that_cannot_be_compared_is_not_indexed(client, training_index, four):
    html = client.get(compare_url(training_index, [four[0].pk])).content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html


def test_a_duplicated_id_counts_once(client, training_index, four):
    response = client.get(compare_url(training_index, [four[0].pk, four[0].pk]))
    assert "Choose at least two trainings" in response.content.decode()


def test_comparing_four_trainings_takes_a_fixed_number_of_queries(client, training_index, four):
    client.get(compare_url(training_index, [t.pk for t in four[:2]]))  # warms the site chrome
    # Two selections not compared yet (their tables are built from the database): one count.
    with CaptureQueriesContext(connection) as two:
        client.get(compare_url(training_index, [t.pk for t in four[2:]]))
    with CaptureQueriesContext(connection) as all_four:
        client.get(compare_url(training_index, [t.pk for t in four]))
    assert len(all_four) == len(two)


def test_the_comparison_data_for_four_trainings_takes_at_most_ten_queries(
    training_index, four, django_assert_max_num_queries
):
    from practice_trainings.comparison import build_comparison

    with django_assert_max_num_queries(10):
        comparison = build_comparison(training_index, ",".join(str(t.pk) for t in four))
    assert len(comparison.trainings) == 4
    assert len(comparison.item_rows) == 9


# --- methodology --------------------------------------------------------------------------------


@pytest.fixture
def methodology(home):
    page = ChecklistMethodologyPage(title="How we score trainings", slug="methodology")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_methodology_page_is_generated_from_the_checklist_in_force(
    client, methodology, checklist
):
    html = client.get(methodology.url).content.decode()
    assert "Checklist in force: version 1" in html
    for item in checklist.items.all():
        assert item.question.replace("'", "&#x27;") in html
    assert "Weight 3" in html
    assert "essential" in html
    assert "85 or more is strong alignment" in html


def test_the_methodology_page_shows_the_changelog_of_every_version(client, methodology, checklist):
    draft = start_new_version(checklist)
    item = draft.items.get(code="ways-of-knowing")
    item.weight = 2
    item.save()
    publish_version(draft, changelog="Raised the weight of diverse ways of knowing.")
    html = client.get(methodology.url).content.decode()
    assert "Checklist in force: version 2" in html
    assert "Raised the weight of diverse ways of knowing." in html
    assert "First version" in html


def test_session_times_are_shown_in_the_sessions_own_time_zone(client, make_training):
    import datetime
    from zoneinfo import ZoneInfo

    training = make_training(title="Zoned")
    training.sessions.add(
        TrainingSession(
            starts_at=datetime.datetime(2027, 2, 6, 9, 0, tzinfo=ZoneInfo("America/Los_Angeles")),
            time_zone="America/Los_Angeles",
        )
    )
    training.save_revision().publish()
    html = client.get(training.url).content.decode()
    # The date as the language writes it, the zone as its city (never the raw zone name).
    assert "Feb 6, 2027, 9:00 AM (Los Angeles time)" in html
    assert "America/Los_Angeles" not in html


def test_where_reviewers_disagree_every_surface_shows_the_same_consensus_answer(
    client, scored_training, make_training, training_index
):
    from practice_trainings.models import Answer

    answer = Answer.objects.get(
        assessment__training_key=scored_training.translation_key, item__code="whole-person"
    )
    answer.value, answer.second_value = "2", "0"
    answer.save()
    other = make_training(title="Compared with")

    page = client.get(scored_training.url).content.decode()
    row = page[page.index("Seen in the syllabus for whole-person.") - 600 :]
    assert "1 – limited" in row
    assert "reviewers disagree" in page
    assert "2 – present" not in row.split("</tr>")[0]

    api = client.get(f"/api/v3/pages/{scored_training.pk}/").json()["checklist_score"]
    item = next(i for i in api["items"] if i["code"] == "whole-person")
    assert item["answer"] == "1"
    assert item["points"] == 1
    assert item["reviewers_disagree"] is True

    compared = client.get(
        f"{training_index.url}compare/", {"ids": f"{scored_training.pk},{other.pk}"}
    ).content.decode()
    compared_row = compared[compared.index(answer.item.question) :].split("</tr>")[0]
    assert "1 – limited" in compared_row
    assert "reviewers disagree" in compared_row
    assert "2 – present" not in compared_row


def test_the_directory_card_says_re_review_due_after_a_new_version(
    client, scored_training, checklist, training_index
):
    assert "re-review due" not in client.get(training_index.url).content.decode()
    publish_version(start_new_version(checklist), changelog="v2")
    html = client.get(training_index.url).content.decode()
    assert "re-review due" in html
    api = client.get("/api/v3/trainings/").json()
    assert api["items"][0]["re_review_due"] is True


def test_three_reviewers_follow_the_stated_rule_on_every_surface(
    admin_client, client, scored_training, make_training, training_index
):
    """Answers 3, 1 and 0 have no majority: the median, 1, is shown and scored everywhere (not
    the first reviewer's 3, nor the first two's median 2)."""
    from practice_trainings.models import Answer, Assessment
    from practice_trainings.services import recompute_assessment

    answer = Answer.objects.get(
        assessment__training_key=scored_training.translation_key, item__code="whole-person"
    )
    answer.value, answer.second_value, answer.third_value = "3", "1", "0"
    answer.full_clean()
    answer.save()
    assessment = recompute_assessment(Assessment.objects.get(pk=answer.assessment_id))
    stored = Answer.objects.get(pk=answer.pk)
    assert stored.reviewer_values == ["3", "1", "0"]
    assert stored.consensus_value == "1"
    assert stored.reviewers_disagree
    other = make_training(title="Compared with")

    page = client.get(scored_training.url).content.decode()
    row = page[page.index("Seen in the syllabus for whole-person.") - 600 :]
    assert "1 – limited" in row
    assert "3 – central" not in row.split("</tr>")[0]
    assert json_ld(page)["review"]["reviewRating"]["ratingValue"] == assessment.score

    api = client.get(f"/api/v3/pages/{scored_training.pk}/").json()["checklist_score"]
    item = next(i for i in api["items"] if i["code"] == "whole-person")
    assert (item["answer"], item["reviewers_disagree"]) == ("1", True)
    assert api["score"] == assessment.score
    listing = client.get("/api/v3/trainings/").json()["items"]
    assert next(t for t in listing if t["id"] == scored_training.pk)["score"] == assessment.score
    card = client.get(training_index.url).content.decode()
    assert f'<span class="score-badge__number">{assessment.score:.0f}</span>' in card

    compared = client.get(
        f"{training_index.url}compare/", {"ids": f"{scored_training.pk},{other.pk}"}
    ).content.decode()
    compared_row = compared[compared.index(answer.item.question) :].split("</tr>")[0]
    assert "1 – limited" in compared_row
    assert "reviewers disagree" in compared_row

    report = admin_client.get(reverse("trainings_report"), {"export": "csv"})
    body = b"".join(report.streaming_content).decode("utf-8-sig")
    assert f"{assessment.score}" in body
    status = admin_client.get(
        reverse("practice_trainings_assessment:edit", args=[assessment.pk])
    ).content.decode()
    assert "3 – central · 1 – limited · 0 – not evident; shown everywhere as 1 – limited" in status
