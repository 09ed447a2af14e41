"""The demo loader's rules, on a small data set of its own: what a run makes, records and leaves
alone over time (owner edits, deletions, translations, a changed port or data file), and the
clear errors a wrong data file gets. The full demo is checked in test_demo_*.py and
test_load_demo.py."""

import copy
import re
from io import StringIO

import pytest
import yaml
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from practice_blog.models import Comment, Rating
from practice_site.demo.translation import translate
from practice_site.models import DemoRecord, HomePage, PracticeDetails, StandardPage
from tests.conftest import demo_snapshot

SITE = [
    {
        "key": "home",
        "type": "page",
        "model": "practice_site.HomePage",
        "fields": {
            "title": "Test practice",
            "slug": "home",
            "hero_heading": "Welcome",
            "hero_cta_text": "About us",
            "hero_cta_page": "@about",
        },
    },
    {
        "key": "about",
        "type": "page",
        "model": "practice_site.StandardPage",
        "parent": "@home",
        "fields": {
            "title": "About us",
            "slug": "about",
            "introduction": "Who we are.",
            "body": [
                {"heading": {"text": "How we work", "level": "h2"}},
                {"paragraph": "<p>Slowly.</p><ul><li>With care</li><li>With you</li></ul>"},
            ],
        },
    },
    {"key": "site", "type": "site", "fields": {"root_page": "@home", "site_name": "Test"}},
    {
        "key": "details",
        "type": "snippet",
        "model": "practice_site.PracticeDetails",
        "fields": {"tagline": "Careful care", "postal_address": "1 Lane\nTown"},
    },
    {
        "key": "user/reviewer",
        "type": "user",
        "fields": {"username": "reviewer", "first_name": "Rey", "is_staff": True},
    },
]
BLOG = [
    {
        "key": "journal",
        "type": "page",
        "model": "practice_blog.BlogIndexPage",
        "parent": "@home",
        "fields": {"title": "Journal", "slug": "journal"},
    },
    {
        "key": "post",
        "type": "page",
        "model": "practice_blog.BlogPostPage",
        "parent": "@journal",
        "fields": {"title": "A post", "slug": "a-post", "publication_date": "-10d"},
    },
    {
        "key": "comment",
        "type": "comment",
        "post": "@post",
        "fields": {
            "author_name": "Sam",
            "body": "Thank you.",
            "status": "approved",
            "created": "-5d 10:00",
            "moderated_by": "@user/reviewer",
        },
    },
    {"key": "ratings", "type": "ratings", "post": "@post", "from": "-9d", "stars": {4: 2, 5: 1}},
]
SPANISH = {
    "home": {
        "title": "Consulta de prueba",
        "slug": "inicio",
        "hero_heading": "Bienvenida",
        "hero_cta_text": "Quiénes somos",
    },
    "about": {
        "title": "Quiénes somos",
        "slug": "quienes-somos",
        "introduction": "Quiénes somos.",
        "body": [
            {"heading": {"text": "Cómo trabajamos"}},
            {"paragraph": "<p>Despacio.</p><ul><li>Con cuidado</li><li>Contigo</li></ul>"},
        ],
    },
    "details": {"tagline": "Cuidado atento", "postal_address": "1 Lane\nCiudad"},
}


class DemoData:
    """A data folder of the small demo, to load and change between runs."""

    def __init__(self, path):
        self.path = path
        self.site, self.blog, self.spanish = copy.deepcopy((SITE, BLOG, SPANISH))

    def item(self, key):
        return next(item for item in self.site + self.blog if item["key"] == key)

    def write(self):
        (self.path / "translations").mkdir(exist_ok=True)
        for name, data in (
            ("site.yaml", self.site),
            ("blog.yaml", self.blog),
            ("translations/es.yaml", self.spanish),
        ):
            (self.path / name).write_text(yaml.safe_dump(data, allow_unicode=True))

    def load(self, *args):
        self.write()
        out = StringIO()
        call_command("load_demo", "--no-user", "--data", str(self.path), *args, stdout=out)
        return out.getvalue()


@pytest.fixture
def data(tmp_path, locales):
    return DemoData(tmp_path)


def spanish():
    return Locale.objects.get(language_code="es")


def about():
    return StandardPage.objects.get(locale__language_code="en", slug="about")


pytestmark = pytest.mark.django_db


def test_the_first_run_makes_and_records_every_item(data):
    output = data.load()
    assert re.search(r"^11 created, 0 updated", output, re.M)  # 8 items (no login), 3 translations
    keys = set(DemoRecord.objects.values_list("key", flat=True))
    assert {"home", "about", "site", "details", "journal", "post", "comment", "ratings"} <= keys
    assert {"home@es", "about@es", "details@es"} <= keys
    home = HomePage.objects.get(locale__language_code="en")
    assert home.live and home.hero_cta_page_id == about().pk  # set once "about" existed
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()
    assert Site.objects.get().root_page_id == home.pk


def test_translations_are_published_through_wagtail_localize_with_every_field(data, client):
    data.load()
    page = about().get_translation(spanish())
    assert page.live and page.url == "/es/quienes-somos/"
    content = client.get(page.url).content.decode()
    assert "Cómo trabajamos" in content and "Contigo" in content and "How we work" not in content
    details = PracticeDetails.objects.get(locale=spanish())
    assert details.postal_address == "1 Lane\nCiudad"
    assert not Page.objects.filter(locale=spanish(), slug="journal").exists()  # not in es.yaml


def test_visitor_data_has_the_dates_of_the_data(data):
    data.load()
    comment = Comment.objects.get()
    assert comment.created.hour == 10 and comment.moderated_by is None  # no logins: no moderator
    ratings = list(Rating.objects.order_by("created"))
    assert [r.stars for r in ratings].count(4) == 2 and len(ratings) == 3
    post = ratings[0].page.specific
    assert all(post.publication_date <= r.created.date() for r in ratings)


def test_a_second_run_changes_nothing(data):
    data.load()
    before = demo_snapshot()
    output = data.load()
    assert demo_snapshot() == before
    assert re.search(r"^0 created, 0 updated, 1[0-9] unchanged, 0 left alone", output, re.M)


def test_the_site_has_the_host_and_port_the_demo_is_served_on(data, client, monkeypatch):
    data.load("--host", "localhost", "--port", "8131")
    site = Site.objects.get()
    assert (site.hostname, site.port, site.is_default_site) == ("localhost", 8131, True)
    assert about().full_url == "http://localhost:8131/en/about/"
    assert (
        "<loc>http://localhost:8131/en/about/</loc>" in client.get("/sitemap.xml").content.decode()
    )
    detail = client.get(f"/api/v3/pages/{about().pk}/").json()
    assert detail["meta"]["html_url"] == "http://localhost:8131/en/about/"

    monkeypatch.setenv("PORT", "8132")  # as `PORT=8132 make demo` runs it
    output = data.load("--host", "localhost")
    assert "1 updated" in output
    assert Site.objects.get().port == 8132
    assert about().full_url == "http://localhost:8132/en/about/"


def test_a_change_to_the_data_updates_what_nobody_edited(data, client):
    data.load()
    data.item("about")["fields"]["title"] = "About the practice"
    data.spanish["about"]["title"] = "Sobre la consulta"
    output = data.load()
    assert "2 updated" in output
    assert about().title == "About the practice" and about().live
    assert about().get_translation(spanish()).title == "Sobre la consulta"
    before = demo_snapshot()
    assert "0 created, 0 updated" in data.load()  # and then nothing more
    assert demo_snapshot() == before


def test_an_owner_edit_is_left_alone_even_when_the_data_changes(data, django_user_model):
    data.load()
    owner = django_user_model.objects.create_superuser("owner", "o@example.com", "pw")
    page = about()
    page.title = "About our practice"
    page.save_revision(user=owner).publish(user=owner)
    data.item("about")["fields"]["title"] = "About the practice"
    output = data.load()
    assert about().title == "About our practice"
    assert about().latest_revision.user == owner
    assert "about: changed since the demo made it; left alone" in output


def test_content_the_owner_added_is_never_translated_published_or_edited_by_a_rerun(data):
    data.load()
    home = HomePage.objects.get(locale__language_code="en")
    mine = home.add_child(
        instance=StandardPage(title="Our fees", slug="fees", introduction="Sliding scale.")
    )
    mine.save_revision().publish()
    draft = home.add_child(instance=StandardPage(title="Groups (soon)", slug="groups", live=False))
    draft.save_revision()
    before = {
        page.pk: (page.title, page.live, page.latest_revision_id, page.translation_key)
        for page in StandardPage.objects.filter(pk__in=[mine.pk, draft.pk])
    }
    # The data changes too (a new language among them): the run has work to do elsewhere.
    (data.path / "translations" / "fr.yaml").write_text(
        yaml.safe_dump({"home": {**SPANISH["home"], "slug": "accueil"}, "about": SPANISH["about"]})
    )
    data.load()
    after = {
        page.pk: (page.title, page.live, page.latest_revision_id, page.translation_key)
        for page in StandardPage.objects.filter(pk__in=[mine.pk, draft.pk])
    }
    assert after == before
    for page in (mine, draft):
        assert Page.objects.filter(translation_key=page.translation_key).count() == 1
        assert not DemoRecord.objects.filter(
            object_id=str(page.pk),
            content_type__in=ContentType.objects.get_for_models(Page, StandardPage).values(),
        ).exists()
    assert HomePage.objects.filter(locale__language_code="fr").exists()


def test_a_draft_by_someone_else_is_an_edit_too(data):
    data.load()
    about().save_revision()  # a draft, not published
    data.item("about")["fields"]["introduction"] = "Who we are, and why."
    output = data.load()
    assert about().introduction == "Who we are."
    assert "about: changed since" in output


def test_what_the_owner_deleted_is_not_made_again(data):
    data.load()
    about().get_translation(spanish()).delete()
    Comment.objects.all().delete()
    output = data.load()
    assert about().get_translation_or_none(spanish()) is None
    assert not Comment.objects.exists()
    assert "about@es: deleted since the demo made it; not made again" in output
    assert "comment: deleted since the demo made it; not made again" in output


def test_a_page_of_the_owner_in_the_way_of_a_new_item_is_left_alone(data):
    data.load()
    home = HomePage.objects.get(locale__language_code="en")
    mine = home.add_child(instance=StandardPage(title="Our contact page", slug="contact"))
    mine.save_revision().publish()
    data.site.append(
        {
            "key": "contact",
            "type": "page",
            "model": "practice_site.StandardPage",
            "parent": "@home",
            "fields": {"title": "Contact", "slug": "contact"},
        }
    )
    output = data.load()
    assert StandardPage.objects.get(slug="contact").title == "Our contact page"
    assert "contact: “Our contact page” is in the way and is not the demo's" in output
    assert not DemoRecord.objects.filter(key="contact").exists()


def test_a_translation_the_owner_made_is_never_replaced(data):
    del data.spanish["about"]
    data.load()
    translate(about(), spanish(), {"About us": "Nosotras", "about": "nosotras"})
    data.spanish["about"] = copy.deepcopy(SPANISH["about"])
    output = data.load()
    assert about().get_translation(spanish()).title == "Nosotras"
    assert "about@es: a translation the demo did not make exists; left alone" in output


def test_a_translators_edit_of_a_demo_translation_is_left_alone(data):
    data.load()
    page = about().get_translation(spanish())
    page.title = "Quiénes somos (revisado)"
    page.save_revision().publish()
    data.spanish["about"]["title"] = "Sobre nosotras"
    output = data.load()
    assert about().get_translation(spanish()).title == "Quiénes somos (revisado)"
    assert "about@es: changed since the demo made it; left alone" in output


def test_an_edited_source_is_not_translated_into_a_new_language(data):
    data.load()
    page = about()
    page.introduction = "Our own words."
    page.save_revision().publish()
    (data.path / "translations" / "fr.yaml").write_text(
        yaml.safe_dump({"home": {**SPANISH["home"], "slug": "accueil"}, "about": SPANISH["about"]})
    )
    output = data.load()
    assert about().get_translation_or_none(Locale.objects.get(language_code="fr")) is None
    assert "about@fr: about has changed since the demo made it; not translated" in output
    assert HomePage.objects.filter(locale__language_code="fr").exists()


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda es: es["about"].pop("introduction"), "about@es: translate exactly the fields"),
        (
            lambda es: es["about"].update(
                body=[{"heading": {"text": "Cómo"}}, {"paragraph": "<p>Despacio.</p>"}]
            ),
            "about@es: body.",
        ),
        (lambda es: es.update(site={"site_name": "x"}), "'site' is not translatable"),
    ],
)
def test_a_wrong_translation_stops_the_load_with_a_message_naming_it(data, change, message):
    change(data.spanish)
    with pytest.raises(CommandError, match=re.escape(message)):
        data.load()


def test_a_reference_to_no_item_stops_the_load_with_its_name(data):
    data.item("about")["parent"] = "@nowhere"
    with pytest.raises(CommandError, match="about: refers to @nowhere, which no item defines"):
        data.load()


def test_a_date_the_loader_cannot_read_stops_the_load(data):
    data.item("post")["fields"]["publication_date"] = "last week"
    with pytest.raises(CommandError, match="post: 'last week' is not a date"):
        data.load()


def test_an_image_is_made_from_a_file_in_the_data_folder(data):
    from PIL import Image as PillowImage

    (data.path / "images").mkdir()
    PillowImage.new("RGB", (64, 40), "#7a8f6a").save(data.path / "images" / "hero.png")
    data.site.insert(
        0,
        {
            "key": "image/hero",
            "type": "image",
            "file": "images/hero.png",
            "fields": {"title": "Garden path", "description": "A path between two beds"},
        },
    )
    data.item("home")["fields"]["hero_image"] = "@image/hero"
    data.load()
    image = get_image_model().objects.get(title="Garden path")
    assert (image.width, image.height) == (64, 40) and image.file_hash
    assert HomePage.objects.get(locale__language_code="en").hero_image_id == image.pk
    assert "0 created, 0 updated" in data.load()


def test_demo_logins_are_made_only_in_development(data):
    data.load()
    assert not DemoRecord.objects.filter(key="user/reviewer").exists()
    with override_settings(DEBUG=True):
        data.write()
        out = StringIO()
        call_command("load_demo", "--data", str(data.path), stdout=out)
    assert "Other demo logins (same password): reviewer" in out.getvalue()
    assert DemoRecord.objects.filter(key="user/reviewer").exists()
