"""What a translator sees and may do outside the plugins' own views: other languages' pages and
snippets answer 403 naming their language (not Wagtail's redirect to the dashboard), they do not
delete pages, and the page chooser and translation status report show their language and the
source's public pages only."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import PageViewRestriction

from practice_blog.models import Author, Comment
from practice_site.models import StandardPage


def assert_refused_naming(response, language):
    assert response.status_code == 403, response.status_code
    assert language in response.content.decode()


@pytest.fixture
def pages(translated_home, locales):
    """An English public page, an English draft, an English private page, and a Spanish and a
    French leaf page."""
    from practice_site.demo.translation import translate

    english = translated_home["en"]
    about = StandardPage(title="About us", slug="about", introduction="Who we are")
    english.add_child(instance=about)
    about.save_revision().publish()
    draft = StandardPage(title="Unannounced retreat", slug="retreat", live=False)
    english.add_child(instance=draft)
    draft.save_revision()
    private = StandardPage(title="Staff rota", slug="rota")
    english.add_child(instance=private)
    private.save_revision().publish()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )
    french_draft = StandardPage(title="Brouillon secret", slug="brouillon", live=False)
    translated_home["fr"].add_child(instance=french_draft)
    french_draft.save_revision()
    return {
        "about": about,
        "draft": draft,
        "private": private,
        "about_es": translate(about, locales["es"], {"About us": "Sobre nosotros"}),
        "about_fr": translate(about, locales["fr"], {"About us": "À propos"}),
        "french_draft": french_draft,
    }


@pytest.mark.parametrize(
    "name",
    ["edit", "history", "unpublish", "delete", "move", "copy", "add_subpage", "usage"],
)
@pytest.mark.parametrize("page_key,language", [("about", "English"), ("about_fr", "French")])
def test_a_translator_sent_to_another_languages_page_gets_a_403_naming_their_language(
    client, users, pages, name, page_key, language
):
    client.force_login(users["translator_es"])
    response = client.get(reverse(f"wagtailadmin_pages:{name}", args=[pages[page_key].pk]))
    assert_refused_naming(response, "Spanish")
    assert language in response.content.decode()


def test_the_explorer_of_another_languages_tree_is_refused_but_the_root_is_not(
    client, users, pages, translated_home
):
    client.force_login(users["translator_es"])
    assert_refused_naming(
        client.get(reverse("wagtailadmin_explore", args=[translated_home["en"].pk])), "Spanish"
    )
    root = translated_home["en"].get_parent()
    # Wagtail sends them from the root to the tree they may explore: their language's.
    spanish_tree = reverse("wagtailadmin_explore", args=[translated_home["es"].pk])
    assert client.get(reverse("wagtailadmin_explore", args=[root.pk]))["Location"] == spanish_tree
    assert client.get(spanish_tree).status_code == 200


def test_a_translator_edits_their_languages_page(client, users, pages):
    client.force_login(users["translator_es"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[pages["about_es"].pk]))
    assert response.status_code == 200


def test_a_translator_cannot_delete_a_page_of_their_language_nor_its_comments(client, users, pages):
    page = pages["about_es"]
    Comment.objects.create(
        page=page,
        translation_key=page.translation_key,
        locale_id=page.locale_id,
        author_name="Robin",
        body="Kept",
    )
    client.force_login(users["translator_es"])
    url = reverse("wagtailadmin_pages:delete", args=[page.pk])
    assert_refused_naming(client.get(url), "Spanish")
    assert_refused_naming(client.post(url), "Spanish")
    bulk = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))
    assert_refused_naming(client.post(f"{bulk}?id={page.pk}", {"next": "/admin/"}), "Spanish")
    assert type(page).objects.filter(pk=page.pk).exists()
    assert Comment.objects.filter(page_id=page.pk).count() == 1


def test_the_explorer_offers_translators_no_delete_button(client, users, pages, translated_home):
    client.force_login(users["translator_es"])
    listing = client.get(reverse("wagtailadmin_explore", args=[translated_home["es"].pk]))
    assert (
        reverse("wagtailadmin_pages:edit", args=[pages["about_es"].pk]) in listing.content.decode()
    )
    assert reverse("wagtailadmin_pages:delete", args=[pages["about_es"].pk]) not in (
        listing.content.decode()
    )


def test_an_editor_still_deletes_a_spanish_leaf_page(client, users, pages):
    page = pages["about_es"]
    client.force_login(users["editor"])
    response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 302
    assert not type(page).objects.filter(pk=page.pk).exists()


def test_the_page_chooser_shows_a_translator_their_language_and_public_source_pages(
    client, users, pages, translated_home
):
    client.force_login(users["translator_es"])
    english = client.get(
        reverse("wagtailadmin_choose_page_child", args=[translated_home["en"].pk])
    ).content.decode()
    assert "About us" in english
    assert "Unannounced retreat" not in english
    assert "Staff rota" not in english
    french = client.get(
        reverse("wagtailadmin_choose_page_child", args=[translated_home["fr"].pk])
    ).content.decode()
    assert "Brouillon secret" not in french
    assert "À propos" not in french
    spanish = client.get(
        reverse("wagtailadmin_choose_page_child", args=[translated_home["es"].pk])
    ).content.decode()
    assert "Sobre nosotros" in spanish
    for query in ("Unannounced", "Staff", "Brouillon"):
        found = client.get(reverse("wagtailadmin_choose_page_search"), {"q": query})
        assert query not in found.content.decode().split("</form>")[-1], query


def test_editors_still_choose_any_page(client, users, pages, translated_home):
    client.force_login(users["editor"])
    english = client.get(
        reverse("wagtailadmin_choose_page_child", args=[translated_home["en"].pk])
    ).content.decode()
    assert "Unannounced retreat" in english and "Staff rota" in english


def test_the_translation_status_report_shows_a_translator_their_language_and_public_pages(
    client, users, pages
):
    client.force_login(users["translator_es"])
    response = client.get(reverse("translation_status"))
    assert response.status_code == 200
    report = response.content.decode()
    assert "About us" in report
    assert "Unannounced retreat" not in report
    assert "Staff rota" not in report
    assert [locale.language_code for locale in response.context["locales"]] == ["es"]
    export = b"".join(client.get(reverse("translation_status") + "?export=csv")).decode()
    assert "Unannounced retreat" not in export and "French" not in export


def test_the_translation_status_report_shows_editors_everything(client, users, pages):
    client.force_login(users["editor"])
    response = client.get(reverse("translation_status"))
    report = response.content.decode()
    assert "Unannounced retreat" in report and "Staff rota" in report
    assert [locale.language_code for locale in response.context["locales"]] == ["ar", "es", "fr"]


def test_another_languages_snippet_answers_403_naming_the_translators_language(
    client, users, locales
):
    english = Author.objects.create(name="Dana Reyes", locale=locales["en"])
    client.force_login(users["translator_fr"])
    for name in ("edit", "delete", "history", "usage"):
        response = client.get(
            reverse(f"wagtailsnippets_practice_blog_author:{name}", args=[english.pk])
        )
        assert_refused_naming(response, "French")
    add = client.get(reverse("wagtailsnippets_practice_blog_author:add") + "?locale=en")
    assert_refused_naming(add, "French")
    assert (
        client.get(reverse("wagtailsnippets_practice_blog_author:add") + "?locale=fr").status_code
        == 200
    )


def test_whatever_wagtail_refuses_a_translator_is_a_403_naming_their_language(client, users):
    client.force_login(users["translator_es"])
    for url in (
        reverse("wagtailusers_users:index"),
        reverse("wagtailsites:index"),
        reverse("wagtailsnippets_practice_blog_comment:list"),
    ):
        assert_refused_naming(client.get(url), "Spanish")
    # The dashboard itself still opens.
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_editors_keep_wagtails_own_refusals(client, users):
    client.force_login(users["editor"])
    response = client.get(reverse("wagtailusers_users:index"))
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_the_refusal_is_in_the_translators_admin_language(client, users, pages):
    translator = users["translator_es"]
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(translator)
    profile.preferred_language = "es"
    profile.save()
    client.force_login(translator)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[pages["about"].pk]))
    assert response.status_code == 403
    assert 'lang="es"' in response.content.decode()


def test_translator_groups_are_unchanged_by_these_limits(users):
    """The limits come from the group's language, not from extra permissions."""
    assert not Permission.objects.filter(
        group__in=Group.objects.filter(name__startswith="Translators:"), codename="delete_page"
    ).exists()


@pytest.mark.parametrize("key", ["draft", "private"])
def test_a_translator_cannot_submit_a_draft_or_private_page_for_translation(
    client, users, pages, key
):
    client.force_login(users["translator_es"])
    url = reverse("wagtail_localize:submit_page_translation", args=[pages[key].pk])
    assert_refused_naming(client.get(url), "Spanish")
    client.post(url, {"locales": [pages["about_es"].locale_id]})
    assert (
        not type(pages[key])
        .objects.filter(translation_key=pages[key].translation_key, locale=pages["about_es"].locale)
        .exists()
    )


def test_a_translator_submits_a_public_page_into_their_language_without_its_subtree(
    client, users, pages, locales
):
    about = pages["about"]
    child = StandardPage(title="Hidden child", slug="hidden-child", live=False)
    about.add_child(instance=child)
    child.save_revision()
    pages["about_es"].delete()
    client.force_login(users["translator_es"])
    url = reverse("wagtail_localize:submit_page_translation", args=[about.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["locales"].queryset) == [locales["es"]]
    response = client.post(url, {"locales": [locales["es"].pk], "include_subtree": "on"})
    assert response.status_code == 302
    assert StandardPage.objects.filter(
        translation_key=about.translation_key, locale=locales["es"]
    ).exists()
    assert not StandardPage.objects.filter(
        translation_key=child.translation_key, locale=locales["es"]
    ).exists()
