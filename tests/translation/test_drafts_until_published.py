"""Nothing untranslated goes live: journeys through the admin, as an owner and a translator work.

Submit a post for translation, check visitors see nothing new; translate part of it, check the
translator cannot publish yet; translate the rest, publish, check visitors see it. Then change the
English post and sync: the Spanish post stays as published until its translator publishes the
update.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from practice_blog.models import BlogPostPage


def submit(admin_client, page, locale):
    response = admin_client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [locale.pk]},
    )
    assert response.status_code == 302, response.content[:500]
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)


def translate(translation, words, only=None):
    """Translate the translation's segments (those whose source text is in ``only``, or all)."""
    for segment in StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    ):
        text = segment.string.data
        if only is not None and text not in only:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            defaults={"data": words.get(text, f"ES {text}"), "translation_type": "manual"},
        )


def publish_in_editor(client, page, capture):
    with capture(execute=True):
        return client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish"}
        )


def spanish_of(post, locales):
    return BlogPostPage.objects.get(translation_key=post.translation_key, locale=locales["es"])


def visitor_sees_nothing(client, spanish_journal, spanish, title):
    assert client.get(spanish.url or "/es/diario/walking/").status_code == 404
    listing = client.get(spanish_journal.url).content.decode()
    assert title not in listing
    assert client.get(spanish_journal.url + "feed/").content.decode().count(title) == 0
    assert client.get(f"/api/v3/pages/{spanish.pk}/").status_code == 404
    assert f"/es/diario/{spanish.slug}/" not in client.get("/sitemap.xml").content.decode()
    assert title not in client.get("/es/search/", {"q": "Walking"}).content.decode()


def test_a_submitted_page_is_a_draft_visitors_do_not_see(
    admin_client, client, spanish_journal, english_post, locales
):
    submit(admin_client, english_post, locales["es"])
    spanish = spanish_of(english_post, locales)
    assert not spanish.live
    visitor_sees_nothing(client, spanish_journal, spanish, "Walking as a way to settle")


def test_publishing_is_refused_while_segments_are_untranslated(
    admin_client,
    client,
    spanish_journal,
    english_post,
    locales,
    django_capture_on_commit_callbacks,
):
    translation = submit(admin_client, english_post, locales["es"])
    translate(
        translation,
        {"Walking as a way to settle": "Caminar para calmarse"},
        only={"Walking as a way to settle"},
    )
    spanish = spanish_of(english_post, locales)
    response = publish_in_editor(admin_client, spanish, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    missing, total = _progress(translation)
    assert missing > 0
    shown = admin_client.get(response["Location"]).content.decode()
    assert f"{missing} of {total} segments are not translated yet" in shown
    spanish.refresh_from_db()
    assert not spanish.live
    visitor_sees_nothing(client, spanish_journal, spanish, "Caminar para calmarse")


def _progress(translation):
    total, done = translation.get_progress()
    return total - done, total


def test_a_fully_translated_page_goes_live_when_the_translator_publishes(
    admin_client,
    client,
    spanish_journal,
    english_post,
    locales,
    django_capture_on_commit_callbacks,
):
    translation = submit(admin_client, english_post, locales["es"])
    translate(translation, {"Walking as a way to settle": "Caminar para calmarse"})
    spanish = spanish_of(english_post, locales)
    publish_in_editor(admin_client, spanish, django_capture_on_commit_callbacks)
    spanish.refresh_from_db()
    assert spanish.live
    page = client.get(spanish.url)
    assert page.status_code == 200
    assert "Caminar para calmarse" in page.content.decode()
    assert "Caminar para calmarse" in client.get(spanish_journal.url).content.decode()
    assert "Walking as a way to settle" not in page.content.decode()


def test_a_source_change_keeps_the_published_translation_until_the_translator_publishes(
    admin_client,
    client,
    spanish_journal,
    english_post,
    locales,
    django_capture_on_commit_callbacks,
):
    translation = submit(admin_client, english_post, locales["es"])
    translate(translation, {"Walking as a way to settle": "Caminar para calmarse"})
    spanish = spanish_of(english_post, locales)
    publish_in_editor(admin_client, spanish, django_capture_on_commit_callbacks)
    spanish.refresh_from_db()

    # The owner renames the English post and syncs the translations.
    english_post.title = "Walking slowly"
    with django_capture_on_commit_callbacks(execute=True):
        english_post.save_revision().publish()
    sync_url = reverse("wagtail_localize:update_translations", args=[translation.source.pk])
    form = admin_client.get(sync_url).content.decode()
    assert 'name="publish_translations"' not in form
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(sync_url, {"publish_translations": "on"})
    assert response.status_code == 302

    page = client.get(spanish.url).content.decode()
    assert "Caminar para calmarse" in page
    assert "Walking slowly" not in page

    # A draft of the live translation (wagtail-localize's save_target without publishing) is a
    # revision only: the live row keeps the published Spanish text.
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=False)
    spanish.refresh_from_db()
    assert spanish.live and spanish.title == "Caminar para calmarse"
    assert spanish.has_unpublished_changes
    assert "Walking slowly" not in client.get(spanish.url).content.decode()

    # Publishing the update needs the new segment translated too.
    publish_in_editor(admin_client, spanish, django_capture_on_commit_callbacks)
    assert "Walking slowly" not in client.get(spanish.url).content.decode()
    translate(translation, {"Walking slowly": "Caminar despacio"}, only={"Walking slowly"})
    publish_in_editor(admin_client, spanish, django_capture_on_commit_callbacks)
    page = client.get(spanish.url).content.decode()
    assert "Caminar despacio" in page
    assert "Walking slowly" not in page


def test_a_parent_made_for_a_translation_tells_visitors_it_is_not_translated_yet(
    admin_client, client, blog_index, english_post, translated_home, locales
):
    # No Spanish journal yet: wagtail-localize makes it as an alias of the English one.
    submit(admin_client, english_post, locales["es"])
    spanish_index = Page.objects.get(
        translation_key=blog_index.translation_key, locale=locales["es"]
    )
    response = client.get(spanish_index.url)
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("es"):  # the notice is in the visitor's language
        assert gettext("Not yet translated") in html
    assert '<main id="main" tabindex="-1" lang="en" dir="ltr">' in html
    assert f'href="{blog_index.url}" hreflang="en"' in html
    # The English journal does not name the alias as its Spanish version.
    english = client.get(blog_index.url).content.decode()
    assert 'hreflang="es" href="http://testserver/es/journal/"' not in english


def test_a_notice_is_in_the_visitors_language(
    admin_client, client, blog_index, english_post, translated_home, locales
):
    submit(admin_client, english_post, locales["es"])
    spanish_index = Page.objects.get(
        translation_key=blog_index.translation_key, locale=locales["es"]
    )
    html = client.get(spanish_index.url).content.decode()
    assert 'class="untranslated-notice" role="note" lang="es"' in html
