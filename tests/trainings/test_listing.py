"""The training directory: filters, sorting, notes for bad values, pagination, query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from practice_trainings.models import Assessment

from .bulk import bulk_trainings
from .conftest import all_items


@pytest.fixture
def directory(make_training, assess_training, checklist):
    """Three assessed trainings with distinct scores, formats, prices and dates."""
    strong = make_training(
        title="Alpha Somatics",
        frameworks=["somatic-awareness"],
        languages=("en",),
        starts_in_days=30,
        format="online",
        cost=Decimal("300"),
        ce_credits=Decimal("10"),
        scholarships=True,
    )
    assess_training(strong, all_items(checklist, "3"))
    middle = make_training(
        title="Beta Attachment",
        frameworks=["attachment-theory"],
        languages=("es",),
        starts_in_days=5,
        format="in_person",
        cost=Decimal("900"),
        sliding_scale=True,
    )
    assess_training(middle, all_items(checklist, "2"))
    weak = make_training(
        title="Gamma PTSD",
        frameworks=["ptsd-models", "cognitive-behavioral-tools"],
        languages=("en", "fr"),
        format="self_paced",
        cost=Decimal("0"),
    )
    assess_training(weak, all_items(checklist, "1"))
    return {"strong": strong, "middle": middle, "weak": weak}


def titles(response):
    return [training.title for training in response.context["page_obj"].object_list]


def test_the_directory_lists_trainings_best_score_first_with_a_count(
    client, training_index, directory
):
    response = client.get(training_index.url)
    assert response.status_code == 200
    assert titles(response) == ["Alpha Somatics", "Beta Attachment", "Gamma PTSD"]
    assert "3 trainings found" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"framework": "attachment-theory"}, ["Beta Attachment"]),
        ({"framework": ["ptsd-models", "cognitive-behavioral-tools"]}, ["Gamma PTSD"]),
        ({"format": "self_paced"}, ["Gamma PTSD"]),
        ({"language": "es"}, ["Beta Attachment"]),
        ({"upcoming": "1"}, ["Alpha Somatics", "Beta Attachment"]),
        ({"ce_credits": "1"}, ["Alpha Somatics"]),
        ({"sliding_scale": "1"}, ["Beta Attachment"]),
        ({"scholarships": "1"}, ["Alpha Somatics"]),
        ({"price_min": "100", "price_max": "500"}, ["Alpha Somatics"]),
        ({"price_max": "0"}, ["Gamma PTSD"]),
        ({"min_score": "60"}, ["Alpha Somatics", "Beta Attachment"]),
    ],
)
def test_each_filter_narrows_the_listing(client, training_index, directory, query, expected):
    response = client.get(training_index.url, query)
    assert titles(response) == expected


def test_the_strongest_section_filter_uses_the_stored_strongest_section(
    client, training_index, directory
):
    Assessment.objects.filter(training_key=directory["weak"].translation_key).update(
        strongest_section="dimensions"
    )
    Assessment.objects.exclude(training_key=directory["weak"].translation_key).update(
        strongest_section="questions"
    )
    response = client.get(training_index.url, {"section": "dimensions"})
    assert titles(response) == ["Gamma PTSD"]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("score", ["Gamma PTSD", "Beta Attachment", "Alpha Somatics"]),
        ("-score", ["Alpha Somatics", "Beta Attachment", "Gamma PTSD"]),
        ("start_date", ["Beta Attachment", "Alpha Somatics", "Gamma PTSD"]),
        ("price", ["Gamma PTSD", "Alpha Somatics", "Beta Attachment"]),
        ("title", ["Alpha Somatics", "Beta Attachment", "Gamma PTSD"]),
    ],
)
def test_sorting_is_kept_in_the_url(client, training_index, directory, order, expected):
    response = client.get(training_index.url, {"order": order})
    assert titles(response) == expected
    assert f'value="{order}" selected' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ({"min_score": "abc"}, "“abc” is not a score between 0 and 100"),
        ({"min_score": "150"}, "“150” is not a score between 0 and 100"),
        ({"format": "carrier-pigeon"}, "Unknown format “carrier-pigeon”"),
        ({"framework": "astrology"}, "Unknown framework “astrology”"),
        ({"language": "xx"}, "Unknown language “xx”"),
        ({"order": "random"}, "Unknown sort order “random”"),
        ({"price_max": "cheap"}, "“cheap” is not a price"),
        ({"section": "nope"}, "Unknown section “nope”"),
        ({"upcoming": "maybe"}, "“maybe” is not a yes/no value"),
    ],
)
def test_unknown_filter_values_are_ignored_with_a_visible_note(
    client, training_index, directory, query, note
):
    response = client.get(training_index.url, query)
    assert response.status_code == 200
    assert note in response.content.decode()
    assert len(titles(response)) == 3


def test_filters_survive_pagination_links(client, training_index, make_training):
    for number in range(7):
        make_training(title=f"Online {number}", format="online")
    response = client.get(training_index.url, {"format": "online", "order": "title"})
    html = response.content.decode()
    assert "Page 1 of 2" in html
    assert "format=online&amp;order=title&amp;page=2" in html
    response = client.get(training_index.url, {"format": "online", "order": "title", "page": "2"})
    assert titles(response) == ["Online 5", "Online 6"]


@pytest.mark.parametrize("page", ["999", "abc", "-1"])
def test_a_page_number_out_of_range_shows_a_page_instead_of_an_error(
    client, training_index, directory, page
):
    assert client.get(training_index.url, {"page": page}).status_code == 200


def test_a_thousand_trainings_filtered_and_sorted_by_score_take_at_most_ten_queries(
    rf, training_index, checklist, django_assert_max_num_queries
):
    """The directory's own work: options, filters, count, one page, frameworks, the cards.

    (The site's header, footer and routing add their own fixed cost around it.)
    """
    bulk_trainings(training_index, checklist, 1000)
    request = rf.get(
        training_index.url,
        {"framework": "polyvagal-theory", "min_score": "40", "order": "-score"},
    )
    with django_assert_max_num_queries(10):
        context = training_index.listing_context(request)
        html = "".join(
            render_to_string(
                "practice_trainings/includes/training_card.html",
                {"training": t, "request": request},
            )
            for t in context["page_obj"].object_list
        )
    scores = [t.score for t in context["page_obj"].object_list]
    assert scores == sorted(scores, reverse=True)
    assert context["page_obj"].paginator.count > 50
    assert "Polyvagal" in html


def test_the_full_directory_page_runs_a_fixed_number_of_queries(client, training_index, checklist):
    bulk_trainings(training_index, checklist, 20)
    client.get(training_index.url)
    with CaptureQueriesContext(connection) as small:
        client.get(training_index.url, {"order": "-score"})
    bulk_trainings(training_index, checklist, 200)
    client.get(training_index.url)  # the new content version: the header and footer again
    with CaptureQueriesContext(connection) as large:
        client.get(training_index.url, {"order": "-score"})
    assert len(large) == len(small)


def test_sorting_by_score_happens_in_the_database(client, training_index, checklist):
    bulk_trainings(training_index, checklist, 30)
    with CaptureQueriesContext(connection) as queries:
        client.get(training_index.url, {"order": "-score"})
    assert any("ORDER BY" in q["sql"] and "score" in q["sql"] for q in queries.captured_queries)


def test_the_home_page_features_the_three_best_scored_trainings(
    client, home, training_index, directory, make_training
):
    make_training(title="Never assessed")
    section = training_index.featured_for_home(home, None)
    assert [t.title for t in section["items"]] == [
        "Alpha Somatics",
        "Beta Attachment",
        "Gamma PTSD",
    ]
    assert section["template"] == "practice_trainings/includes/featured_trainings.html"
    response = client.get(home.url)
    assert "Alpha Somatics" in response.content.decode()


def test_trainings_never_assessed_are_listed_last_as_not_assessed(
    client, training_index, directory, make_training
):
    make_training(title="Aardvark unassessed")
    response = client.get(training_index.url)
    assert titles(response)[-1] == "Aardvark unassessed"
    assert "Not assessed yet" in response.content.decode()
    assert datetime.date.today()


@pytest.fixture
def priced(make_training):
    """The issue's case: 480 EUR, 650 GBP and 300 USD, plus a free course in GBP."""
    return {
        "eur": make_training(title="Euro course", cost=Decimal("480"), currency="EUR"),
        "gbp": make_training(title="Pound course", cost=Decimal("650"), currency="GBP"),
        "usd": make_training(title="Dollar course", cost=Decimal("300"), currency="USD"),
        "free": make_training(title="Free course", cost=Decimal("0"), currency="GBP"),
    }


def test_a_price_filter_compares_prices_in_the_directorys_currency_only(
    client, training_index, priced
):
    response = client.get(training_index.url, {"price_max": "500"})
    # 480 EUR is not "up to 500 USD": left out, with a visible note; free is free anywhere.
    assert sorted(titles(response)) == [
        "Dollar course",
        "Free course",
    ]
    html = response.content.decode()
    assert "Prices are compared in USD: 2 training(s) priced in another currency" in html


def test_the_visitor_chooses_the_currency_prices_are_compared_in(client, training_index, priced):
    response = client.get(training_index.url, {"price_max": "500", "currency": "EUR"})
    assert sorted(titles(response)) == ["Euro course", "Free course"]
    assert 'value="EUR" selected' in response.content.decode()


def test_the_owner_sets_the_directorys_currency(client, training_index, priced):
    training_index.price_currency = "GBP"
    training_index.save_revision().publish()
    response = client.get(training_index.url, {"price_min": "600"})
    assert titles(response) == ["Pound course"]


def test_sorting_by_price_lists_other_currencies_after_with_a_note(client, training_index, priced):
    response = client.get(training_index.url, {"order": "price", "currency": "EUR"})
    # Free first, then the EUR prices, then one group per other currency (480 EUR never
    # sorts against 650 GBP as if they were the same money).
    assert titles(response) == ["Free course", "Euro course", "Pound course", "Dollar course"]
    assert "Sorted by price in EUR" in response.content.decode()


def test_an_unknown_currency_is_a_note_on_the_page_and_a_422_in_the_api(
    client, training_index, priced
):
    response = client.get(training_index.url, {"currency": "XYZ"})
    assert response.status_code == 200
    assert "Unknown currency “XYZ”" in response.content.decode()
    assert client.get("/api/v3/trainings/", {"currency": "XYZ"}).status_code == 422


def test_the_api_compares_prices_in_one_currency_and_says_so(client, training_index, priced):
    body = client.get("/api/v3/trainings/", {"price_max": "500", "currency": "EUR"}).json()
    assert sorted(item["title"] for item in body["items"]) == ["Euro course", "Free course"]
    assert body["currency"] == "EUR"
    assert "2 training(s) priced in another currency" in body["notes"][0]
