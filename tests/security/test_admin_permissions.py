"""Every custom admin view and action of the plugins and the site checks the user's permission
on that object, its language included, per role: admin, editor, moderator, the translator of
the object's language and a translator of another language.

A translator's refusal is always a 403 page naming the language they work in.
"""

import pytest
from django.urls import reverse

from practice_blog.models import Comment
from practice_trainings.models import Assessment, Checklist
from practice_trainings.services import publish_version, start_new_version
from tests.security.conftest import ROLES, refused

LANGUAGE_OF = {"translator_es": "Spanish", "translator_fr": "French"}


def assert_translator_refusal(response, role):
    assert response.status_code == 403, (role, response.status_code)
    assert LANGUAGE_OF[role] in response.content.decode(), role


def assert_refused(response, role):
    if role in LANGUAGE_OF:
        assert_translator_refusal(response, role)
    else:
        assert refused(response), (role, response.status_code)


def comment_on(page, body="Thank you", status=Comment.Status.PENDING):
    return Comment.objects.create(
        page=page,
        translation_key=page.translation_key,
        locale_id=page.locale_id,
        author_name="Robin",
        body=body,
        status=status,
    )


# --- checklist versions ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_new_checklist_version_of_the_english_checklist_per_role(client, users, checklist, role):
    client.force_login(users[role])
    url = reverse("wagtailsnippets_practice_trainings_checklist:new_version", args=[checklist.pk])
    response = client.post(url)
    drafts = Checklist.objects.filter(published_at__isnull=True)
    if role in ("admin", "editor"):
        assert response.status_code == 302
        assert drafts.filter(locale=checklist.locale, version=2).exists()
    else:
        assert_refused(response, role)
        assert not drafts.exists()


@pytest.mark.parametrize("role", ROLES)
def test_publishing_an_english_draft_version_per_role(client, users, checklist, role):
    draft = start_new_version(checklist)
    client.force_login(users[role])
    url = reverse("wagtailsnippets_practice_trainings_checklist:publish", args=[draft.pk])
    response = client.post(url, {"changelog": "Reworded item 3."})
    draft.refresh_from_db()
    if role in ("admin", "editor"):
        assert response.status_code == 302
        assert draft.is_published
    else:
        assert_refused(response, role)
        assert not draft.is_published
        assert Checklist.in_force().version == 1


def test_the_audited_attack_a_spanish_translator_cannot_version_or_publish_the_checklist(
    client, users, checklist
):
    """The audit: translator-es POSTed new-version then publish on the English checklist (302s)."""
    client.force_login(users["translator_es"])
    new = client.post(
        reverse("wagtailsnippets_practice_trainings_checklist:new_version", args=[checklist.pk])
    )
    assert_translator_refusal(new, "translator_es")
    draft = start_new_version(checklist)  # as if an editor had drafted it
    published = client.post(
        reverse("wagtailsnippets_practice_trainings_checklist:publish", args=[draft.pk]),
        {"changelog": "Sneaky"},
    )
    assert_translator_refusal(published, "translator_es")
    draft.refresh_from_db()
    assert not draft.is_published


@pytest.mark.parametrize("role", ROLES)
def test_versions_are_never_drafted_or_published_from_a_translation(
    client, users, checklist, locales, role
):
    spanish = checklist.copy_for_translation(locales["es"])
    spanish.save()
    client.force_login(users[role])
    response = client.post(
        reverse("wagtailsnippets_practice_trainings_checklist:new_version", args=[spanish.pk])
    )
    assert not Checklist.objects.filter(published_at__isnull=True).exists()
    if role in LANGUAGE_OF:
        assert_translator_refusal(response, role)
    elif role == "moderator":
        assert refused(response)
    else:
        assert response.status_code == 302  # back to the list, with the reason as a message
        listing = client.get(response["Location"])
        assert "drafted from the English version" in listing.content.decode()


def test_a_translation_of_a_draft_version_cannot_be_published(client, users, checklist, locales):
    draft = start_new_version(checklist)
    spanish_draft = draft.copy_for_translation(locales["es"])
    spanish_draft.save()
    client.force_login(users["admin"])
    response = client.post(
        reverse("wagtailsnippets_practice_trainings_checklist:publish", args=[spanish_draft.pk]),
        {"changelog": "Traducido"},
    )
    assert response.status_code == 422
    assert "published in English" in response.content.decode()
    spanish_draft.refresh_from_db()
    assert not spanish_draft.is_published


def test_version_buttons_are_offered_only_on_the_source_language_to_editors(
    client, users, checklist, locales
):
    spanish = checklist.copy_for_translation(locales["es"])
    spanish.save()
    new_version = reverse(
        "wagtailsnippets_practice_trainings_checklist:new_version", args=[checklist.pk]
    )
    spanish_new_version = reverse(
        "wagtailsnippets_practice_trainings_checklist:new_version", args=[spanish.pk]
    )
    client.force_login(users["editor"])
    listing = client.get(
        reverse("wagtailsnippets_practice_trainings_checklist:list")
    ).content.decode()
    assert new_version in listing
    assert spanish_new_version not in listing
    client.force_login(users["translator_es"])
    listing = client.get(
        reverse("wagtailsnippets_practice_trainings_checklist:list")
    ).content.decode()
    assert new_version not in listing
    assert spanish_new_version not in listing


# --- assessments, the scores report, evidence translations -------------------------------------


@pytest.fixture
def assessment_due(scored_training, checklist):
    """The training's assessment against version 1, after version 2 was published."""
    draft = start_new_version(checklist)
    publish_version(draft, changelog="Version 2.")
    return Assessment.objects.get(training_key=scored_training.translation_key)


@pytest.mark.parametrize("role", ROLES)
def test_carry_forward_per_role(client, users, assessment_due, role):
    client.force_login(users[role])
    response = client.post(
        reverse("practice_trainings_assessment:carry_forward", args=[assessment_due.pk])
    )
    count = Assessment.objects.count()
    if role in ("admin", "editor"):
        assert response.status_code == 302
        assert count == 2
    else:
        assert_refused(response, role)
        assert count == 1


@pytest.mark.parametrize("role", ROLES)
def test_assessment_edit_per_role(client, users, scored_training, role):
    assessment = Assessment.objects.get(training_key=scored_training.translation_key)
    client.force_login(users[role])
    response = client.get(reverse("practice_trainings_assessment:edit", args=[assessment.pk]))
    if role in ("admin", "editor"):
        assert response.status_code == 200
    else:
        assert_refused(response, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("export", ["", "?export=csv"])
def test_the_scores_report_and_its_export_per_role(client, users, scored_training, role, export):
    client.force_login(users[role])
    response = client.get(reverse("trainings_report") + export)
    if role in ("admin", "editor"):
        assert response.status_code == 200
        assert scored_training.title in b"".join(response).decode()
    else:
        assert_refused(response, role)


@pytest.fixture
def spanish_evidence(scored_training, locales, django_capture_on_commit_callbacks):
    """The Spanish translation of the training's evidence notes, made with wagtail-localize."""
    from practice_trainings.evidence import import_translated_notes

    assessment = Assessment.objects.get(training_key=scored_training.translation_key)
    answer = assessment.answers.exclude(evidence_note="").first()
    with django_capture_on_commit_callbacks(execute=True):
        return import_translated_notes(
            assessment, locales["es"], {answer.pk: "Visto en el programa."}
        )


@pytest.mark.parametrize("role", ROLES)
def test_translating_evidence_notes_per_role(client, users, spanish_evidence, role):
    """The Spanish evidence notes open in wagtail-localize's editor for those who may
    translate into Spanish; a translator of another language gets a 403 naming theirs."""
    client.force_login(users[role])
    url = reverse(
        "wagtailsnippets_practice_trainings_assessmentevidence:edit", args=[spanish_evidence.pk]
    )
    edit = client.get(url)
    if role in ("admin", "editor", "translator_es"):
        edit = client.get(url, follow=True)  # wagtail-localize's editor, for a translation
        assert edit.status_code == 200, role
        assert "Visto en el programa." in edit.content.decode()
    else:
        assert_refused(edit, role)


@pytest.mark.parametrize("role", ROLES)
def test_nobody_deletes_evidence_notes_by_hand(client, users, spanish_evidence, role):
    from practice_trainings.models import AssessmentEvidence

    client.force_login(users[role])
    client.post(
        reverse(
            "wagtailsnippets_practice_trainings_assessmentevidence:delete",
            args=[spanish_evidence.pk],
        )
    )
    assert AssessmentEvidence.objects.filter(pk=spanish_evidence.pk).exists()


# --- comments: reply as the practice, moderation, export ---------------------------------------


@pytest.fixture
def spanish_comment(spanish_post):
    return comment_on(spanish_post, "Gracias por escribir esto.")


@pytest.mark.parametrize("role", ROLES)
def test_reply_as_the_practice_per_role(client, users, spanish_comment, role):
    client.force_login(users[role])
    url = reverse("blog_reply_to_comment", args=[spanish_comment.pk])
    response = client.post(url, {"author_name": "La consulta", "body": "¡Gracias!"})
    replies = Comment.objects.filter(is_practice_reply=True)
    if role in ("admin", "moderator"):
        assert response.status_code == 302
        assert replies.count() == 1
    else:
        assert_refused(response, role)
        assert not replies.exists()
        spanish_comment.refresh_from_db()
        assert spanish_comment.status == Comment.Status.PENDING


@pytest.mark.parametrize("status", [Comment.Status.SPAM, Comment.Status.REJECTED])
def test_nobody_replies_to_spam_or_a_rejected_comment(client, users, post, status):
    comment = comment_on(post, status=status)
    client.force_login(users["admin"])
    response = client.post(
        reverse("blog_reply_to_comment", args=[comment.pk]),
        {"author_name": "The practice", "body": "Thanks"},
    )
    assert response.status_code == 409
    comment.refresh_from_db()
    assert comment.status == status
    assert not Comment.objects.filter(is_practice_reply=True).exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["approve_comments", "reject_comments", "spam_comments"])
def test_bulk_moderation_per_role(client, users, spanish_comment, post, role, action):
    english = comment_on(post)
    client.force_login(users[role])
    url = reverse("wagtail_bulk_action", args=("practice_blog", "comment", action))
    response = client.post(f"{url}?id={spanish_comment.pk}&id={english.pk}", {"next": "/admin/"})
    statuses = set(Comment.objects.values_list("status", flat=True))
    if role in ("admin", "moderator"):
        assert response.status_code == 302
        assert statuses != {Comment.Status.PENDING}
    else:
        assert_refused(response, role)
        assert statuses == {Comment.Status.PENDING}


@pytest.mark.parametrize("role", ROLES)
def test_comment_edit_delete_and_export_per_role(client, users, spanish_comment, role):
    client.force_login(users[role])
    edit = client.get(
        reverse("wagtailsnippets_practice_blog_comment:edit", args=[spanish_comment.pk])
    )
    export = client.get(reverse("wagtailsnippets_practice_blog_comment:list") + "?export=csv")
    delete = client.post(
        reverse("wagtailsnippets_practice_blog_comment:delete", args=[spanish_comment.pk])
    )
    exists = Comment.objects.filter(pk=spanish_comment.pk).exists()
    if role in ("admin", "moderator"):
        assert edit.status_code == 200
        assert export.status_code == 200
        assert "Gracias por escribir esto." in b"".join(export).decode()
        assert not exists
    else:
        for response in (edit, export, delete):
            assert_refused(response, role)
        assert exists


def test_a_moderator_limited_to_spanish_moderates_spanish_comments_only(
    client, users, spanish_comment, post
):
    from django.contrib.auth.models import Permission

    translator = users["translator_es"]
    translator.user_permissions.add(Permission.objects.get(codename="moderate_comments"))
    english = comment_on(post, "An English comment")
    client.force_login(translator)
    listing = client.get(reverse("wagtailsnippets_practice_blog_comment:list")).content.decode()
    assert "Gracias por escribir esto." in listing
    assert "An English comment" not in listing
    url = reverse("wagtail_bulk_action", args=("practice_blog", "comment", "approve_comments"))
    client.post(f"{url}?id={spanish_comment.pk}&id={english.pk}", {"next": "/admin/"})
    spanish_comment.refresh_from_db()
    english.refresh_from_db()
    assert spanish_comment.status == Comment.Status.APPROVED
    assert english.status == Comment.Status.PENDING
    assert_translator_refusal(
        client.post(
            reverse("blog_reply_to_comment", args=[english.pk]),
            {"author_name": "La consulta", "body": "Hola"},
        ),
        "translator_es",
    )
    assert_translator_refusal(
        client.get(reverse("wagtailsnippets_practice_blog_comment:edit", args=[english.pk])),
        "translator_es",
    )


# --- headless preview --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_headless_preview_of_a_spanish_page_per_role(client, users, spanish_post, role):
    client.force_login(users[role])
    response = client.get(reverse("headless_preview", args=[spanish_post.pk]))
    if role == "translator_fr":
        assert_translator_refusal(response, role)
        assert "token" not in response.context or not response.context.get("token")
    else:
        assert response.status_code == 200
        assert response.context["token"]


@pytest.mark.parametrize("role", ROLES)
def test_headless_preview_of_an_english_page_per_role(client, users, post, role):
    client.force_login(users[role])
    response = client.get(reverse("headless_preview", args=[post.pk]))
    if role in LANGUAGE_OF:
        assert_translator_refusal(response, role)
    else:
        assert response.status_code == 200


# --- a translator granted more rights ------------------------------------------------------------


def test_a_translator_granted_assessment_rights_still_cannot_change_shared_scores(
    client, users, scored_training
):
    from django.contrib.auth.models import Permission

    translator = users["translator_es"]
    translator.user_permissions.add(*Permission.objects.filter(content_type__model="assessment"))
    assessment = Assessment.objects.get(training_key=scored_training.translation_key)
    client.force_login(translator)
    assert_translator_refusal(
        client.get(reverse("practice_trainings_assessment:edit", args=[assessment.pk])),
        "translator_es",
    )
    assert_translator_refusal(
        client.get(reverse("trainings_report") + "?export=csv"), "translator_es"
    )


# --- the source's "Sync translated pages" screen (issue 16 item 7) -----------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_source_pages_sync_screen_per_role(client, users, translated_home, role):
    """Syncing an English page's translations is work on the English source: a translator of
    any language gets the 403 that names their language; those who may submit translations
    (here the administrator) get the screen, others Wagtail's own refusal."""
    from wagtail_localize.models import TranslationSource

    source, _created = TranslationSource.get_or_create_from_instance(translated_home["en"])
    client.force_login(users[role])
    response = client.get(reverse("wagtail_localize:update_translations", args=[source.pk]))
    if role == "admin":
        assert response.status_code == 200, role
    else:
        assert_refused(response, role)
