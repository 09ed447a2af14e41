"""The checklist's edit screen: "New version", "Publish this version" and "Compare with
previous" as buttons, per role (admin, editor, moderator, translator of the version's language
and of another), and the comparison itself."""

import pytest
from django.urls import reverse

from practice_trainings.models import Checklist
from practice_trainings.services import publish_version, start_new_version
from tests.security.conftest import ROLES, refused, users  # noqa: F401 - shared role fixtures

EDIT = "wagtailsnippets_practice_trainings_checklist:edit"
NEW_VERSION = "wagtailsnippets_practice_trainings_checklist:new_version"
PUBLISH = "wagtailsnippets_practice_trainings_checklist:publish"
COMPARE = "wagtailsnippets_practice_trainings_checklist:compare"


def draft_with_changes(checklist):
    """Version 2 as a draft: one weight raised, one item made essential, one question reworded."""
    draft = start_new_version(checklist)
    items = list(draft.items.order_by("sort_order"))
    items.sort(key=lambda item: item.weight >= 3)  # one whose weight can be raised first
    items[0].weight = 3
    items[0].save()
    items[1].essential = not items[1].essential
    items[1].save()
    items[2].question = "Does the training teach repair after a rupture, with practice?"
    items[2].save()
    return draft, items


@pytest.mark.parametrize("role", ROLES)
def test_a_published_versions_edit_screen_offers_new_version_per_role(
    client,
    users,  # noqa: F811
    checklist,
    role,
):
    client.force_login(users[role])
    response = client.get(reverse(EDIT, args=[checklist.pk]))
    if role in ("admin", "editor"):
        assert response.status_code == 200
        page = response.content.decode()
        assert reverse(NEW_VERSION, args=[checklist.pk]) in page
        assert reverse(PUBLISH, args=[checklist.pk]) not in page
        # Version 1 has nothing before it to compare with.
        assert reverse(COMPARE, args=[checklist.pk]) not in page
        assert "is locked" in page
    else:
        assert refused(response), (role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_versions_edit_screen_offers_publish_and_compare_per_role(
    client,
    users,  # noqa: F811
    checklist,
    role,
):
    draft, _items = draft_with_changes(checklist)
    client.force_login(users[role])
    response = client.get(reverse(EDIT, args=[draft.pk]))
    if role in ("admin", "editor"):
        assert response.status_code == 200
        page = response.content.decode()
        assert reverse(PUBLISH, args=[draft.pk]) in page
        assert reverse(COMPARE, args=[draft.pk]) in page
        assert reverse(NEW_VERSION, args=[draft.pk]) not in page
        assert "is a draft" in page
    else:
        assert refused(response), (role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_compare_with_previous_per_role(client, users, checklist, role):  # noqa: F811
    draft, _items = draft_with_changes(checklist)
    client.force_login(users[role])
    response = client.get(reverse(COMPARE, args=[draft.pk]))
    if role in ("admin", "editor"):
        assert response.status_code == 200
    elif role.startswith("translator"):
        assert response.status_code == 403
    else:
        assert refused(response), (role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_the_spanish_translation_of_a_version_per_role(
    client,
    users,  # noqa: F811
    checklist,
    locales,
    role,
):
    """A version's translation: only reading ("Compare with previous") is offered, to those who
    may work in Spanish; versions are drafted and published in the source language."""
    draft, _items = draft_with_changes(checklist)
    publish_version(draft, changelog="Sharper wording.")
    first = checklist.copy_for_translation(locales["es"])
    first.save()
    spanish = Checklist.objects.get(version=2).copy_for_translation(locales["es"])
    spanish.save()
    client.force_login(users[role])
    edit = client.get(reverse(EDIT, args=[spanish.pk]))
    compare = client.get(reverse(COMPARE, args=[spanish.pk]))
    if role in ("admin", "editor", "translator_es"):
        assert edit.status_code == 200
        page = edit.content.decode()
        assert reverse(COMPARE, args=[spanish.pk]) in page
        assert reverse(NEW_VERSION, args=[spanish.pk]) not in page
        assert reverse(PUBLISH, args=[spanish.pk]) not in page
        assert compare.status_code == 200
        assert "What changed from version 1 to version 2" in compare.content.decode()
    elif role == "translator_fr":
        assert edit.status_code == 403
        assert compare.status_code == 403
        assert "French" in compare.content.decode()
    else:
        assert refused(edit), (role, edit.status_code)
        assert refused(compare), (role, compare.status_code)


def test_compare_with_previous_shows_questions_weights_and_essentials_that_changed(
    admin_client, checklist
):
    draft, items = draft_with_changes(checklist)
    response = admin_client.get(reverse(COMPARE, args=[draft.pk]))
    page = response.content.decode()
    assert "What changed from version 1 to version 2" in page
    assert "Weight" in page and "Essential" in page and "Question" in page
    assert "Does the training teach repair after a rupture, with practice?" in page
    # Unchanged items are not listed.
    assert items[3].code not in page


def test_compare_explains_when_there_is_no_earlier_version_in_its_language(
    admin_client, checklist, locales
):
    publish_version(start_new_version(checklist), changelog="v2")
    second = Checklist.objects.get(version=2, locale=checklist.locale)
    spanish = second.copy_for_translation(locales["es"])
    spanish.save()
    response = admin_client.get(reverse(COMPARE, args=[spanish.pk]))
    assert response.status_code == 200
    assert "no published version before version 2" in response.content.decode()


def test_new_version_then_publish_from_the_edit_screens_buttons(admin_client, checklist):
    """The owner's path: the edit screen's "New version" opens the draft, whose "Publish this
    version" makes it the checklist in force."""
    page = admin_client.get(reverse(EDIT, args=[checklist.pk])).content.decode()
    new_url = reverse(NEW_VERSION, args=[checklist.pk])
    assert new_url in page
    response = admin_client.post(new_url)
    draft = Checklist.objects.get(version=2)
    assert response.url == reverse(EDIT, args=[draft.pk])
    page = admin_client.get(response.url).content.decode()
    publish_url = reverse(PUBLISH, args=[draft.pk])
    assert publish_url in page
    response = admin_client.post(publish_url, {"changelog": "Copied with no change."})
    assert response.status_code == 302
    assert Checklist.in_force().version == 2
