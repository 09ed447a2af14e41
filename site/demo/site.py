"""The site layer's demo content: locales, home pages, standard pages and practice settings."""

from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page, Site

from practice_site.models import (
    HomePage,
    PracticeDetails,
    PracticeSettings,
    StandardPage,
    TranslatorTeam,
)
from practice_site.translators import ensure_translator_teams

from .translation import translate

LANGUAGES = ("en", "es", "fr", "ar")
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "practice-demo-admin"  # noqa: S105 - printed demo login, development only

HOME = {
    "title": "Willow & Stone Counselling",
    "hero_heading": "Unhurried, trauma-informed care",
    "hero_text": (
        "A small counselling practice for adults who want to feel more at home in their bodies, "
        "their relationships and their communities."
    ),
    "hero_cta_text": "About the practice",
    "introduction": (
        "<p>We offer individual therapy, small reflective groups and consultation for other "
        "practitioners. Our work draws on somatic, relational and culturally attuned approaches, "
        "and we write openly about how we choose our own training.</p>"
    ),
    "featured_posts_heading": "From the journal",
    "featured_trainings_heading": "Trainings we have reviewed",
}

HOME_TRANSLATIONS = {
    "es": {
        "Willow & Stone Counselling": "Willow & Stone Counselling",
        "Unhurried, trauma-informed care": "Acompañamiento sin prisas e informado sobre el trauma",
        HOME["hero_text"]: (
            "Una pequeña consulta de terapia para personas adultas que desean sentirse más en casa "
            "en su cuerpo, en sus relaciones y en sus comunidades."
        ),
        "About the practice": "Sobre la consulta",
        "We offer individual therapy, small reflective groups and consultation for other "
        "practitioners. Our work draws on somatic, relational and culturally attuned approaches, "
        "and we write openly about how we choose our own training.": (
            "Ofrecemos terapia individual, pequeños grupos de reflexión y supervisión para otros "
            "profesionales. Nuestro trabajo se nutre de enfoques somáticos, relacionales y "
            "culturalmente sensibles, y escribimos abiertamente sobre cómo elegimos nuestra "
            "propia formación."
        ),
        "From the journal": "Del diario",
        "Trainings we have reviewed": "Formaciones que hemos revisado",
    },
    "fr": {
        "Willow & Stone Counselling": "Willow & Stone Counselling",
        "Unhurried, trauma-informed care": "Un accompagnement sans hâte, attentif au trauma",
        HOME["hero_text"]: (
            "Un petit cabinet de thérapie pour les adultes qui souhaitent se sentir davantage chez "
            "eux dans leur corps, leurs relations et leurs communautés."
        ),
        "About the practice": "À propos du cabinet",
        "We offer individual therapy, small reflective groups and consultation for other "
        "practitioners. Our work draws on somatic, relational and culturally attuned approaches, "
        "and we write openly about how we choose our own training.": (
            "Nous proposons une thérapie individuelle, de petits groupes de réflexion et de la "
            "supervision pour d’autres praticiens. Notre travail s’appuie sur des approches "
            "somatiques, relationnelles et culturellement ajustées, et nous expliquons ouvertement "
            "comment nous choisissons nos propres formations."
        ),
        "From the journal": "Du journal",
        "Trainings we have reviewed": "Formations que nous avons évaluées",
    },
    "ar": {
        "Willow & Stone Counselling": "ويلو آند ستون للإرشاد النفسي",
        "Unhurried, trauma-informed care": "رعاية هادئة واعية بالصدمات",
        HOME["hero_text"]: (
            "عيادة إرشاد صغيرة للبالغين الذين يرغبون في الشعور براحة أكبر في أجسادهم "
            "وعلاقاتهم ومجتمعاتهم."
        ),
        "About the practice": "عن العيادة",
        "We offer individual therapy, small reflective groups and consultation for other "
        "practitioners. Our work draws on somatic, relational and culturally attuned approaches, "
        "and we write openly about how we choose our own training.": (
            "نقدّم العلاج الفردي ومجموعات تأمّل صغيرة والإشراف لممارسين آخرين. يستند عملنا إلى "
            "مقاربات جسدية وعلائقية ومراعية للثقافة، ونكتب بصراحة عن كيفية اختيارنا لتدريبنا."
        ),
        "From the journal": "من المدوّنة",
        "Trainings we have reviewed": "تدريبات قمنا بمراجعتها",
    },
}

ABOUT_BODY = [
    {"type": "heading", "value": {"text": "How we work", "level": "h2"}},
    {
        "type": "paragraph",
        "value": (
            "<p>Sessions move at the pace of the person in the room. We pay attention to the body "
            "as well as the story, and to the families, cultures and histories that shape both.</p>"
        ),
    },
    {
        "type": "paragraph",
        "value": (
            "<ul><li>Individual therapy, in person and online</li>"
            "<li>Small reflective groups for caregivers</li>"
            "<li>Consultation for practitioners new to trauma work</li></ul>"
        ),
    },
    {
        "type": "quote",
        "value": {
            "quote": "Safety is something we build together, one session at a time.",
            "attribution": "The practice team",
        },
    },
]

CONTACT_BODY = [
    {
        "type": "paragraph",
        "value": (
            "<p>Write to us or call during office hours. We reply within two working days and "
            "never share your message with anyone outside the practice.</p>"
        ),
    },
]

STANDARD_PAGES = [
    {
        "slug": "about",
        "title": "About the practice",
        "introduction": "Who we are, and how we try to make therapy a safe place to land.",
        "body": ABOUT_BODY,
    },
    {
        "slug": "contact",
        "title": "Contact",
        "introduction": "How to reach us, and what happens after you get in touch.",
        "body": CONTACT_BODY,
    },
]

STANDARD_TRANSLATIONS = {
    "es": {
        "About the practice": "Sobre la consulta",
        "Who we are, and how we try to make therapy a safe place to land.": (
            "Quiénes somos y cómo intentamos que la terapia sea un lugar seguro donde llegar."
        ),
        "How we work": "Cómo trabajamos",
        "Contact": "Contacto",
        "How to reach us, and what happens after you get in touch.": (
            "Cómo contactarnos y qué ocurre después de escribirnos."
        ),
    },
}

PRACTICE_DETAILS = {
    "en": {
        "tagline": "Trauma-informed counselling, rooted in community.",
        "postal_address": "14 Orchard Lane\nLewes BN7 2AB\nUnited Kingdom",
        "footer_note": "If you are in crisis, please contact your local emergency services.",
    },
    "es": {
        "tagline": "Terapia informada sobre el trauma, con raíces en la comunidad.",
        "postal_address": "14 Orchard Lane\nLewes BN7 2AB\nReino Unido",
        "footer_note": "Si estás en crisis, contacta con los servicios de emergencia de tu zona.",
    },
    "fr": {
        "tagline": "Une thérapie attentive au trauma, ancrée dans la communauté.",
        "postal_address": "14 Orchard Lane\nLewes BN7 2AB\nRoyaume-Uni",
        "footer_note": "En cas de crise, contactez les services d’urgence de votre région.",
    },
    "ar": {
        "tagline": "إرشاد نفسي واعٍ بالصدمات، متجذّر في المجتمع.",
        "postal_address": "14 Orchard Lane\nLewes BN7 2AB\nالمملكة المتحدة",
        "footer_note": "إذا كنت في أزمة، يُرجى الاتصال بخدمات الطوارئ المحلية.",
    },
}


def ensure_locales(stdout=None):
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def get_home() -> HomePage:
    english = Locale.objects.get(language_code="en")
    return HomePage.objects.get(locale=english, depth=2)


def ensure_home_and_site(stdout=None):
    """One English home page at the top of the tree, and the default site pointing at it."""
    english = Locale.objects.get(language_code="en")
    home = HomePage.objects.filter(locale=english, depth=2).first()
    if home is None:
        root = Page.get_first_root_node()
        if root is None:  # a flushed database: recreate the tree's root as Wagtail's migration does
            root = Page.add_root(instance=Page(title="Root", slug="root", locale=english))
        # Wagtail's first migration creates a "Welcome" page; the demo replaces it.
        for page in Page.objects.filter(depth=2, content_type__model="page"):
            page.delete()
        home = HomePage(
            slug="home",
            locale=english,
            title=HOME["title"],
            hero_heading=HOME["hero_heading"],
            hero_text=HOME["hero_text"],
            hero_cta_text=HOME["hero_cta_text"],
            introduction=HOME["introduction"],
            featured_posts_heading=HOME["featured_posts_heading"],
            featured_trainings_heading=HOME["featured_trainings_heading"],
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=HOME["title"],
        )
    elif site.root_page_id != home.id:
        if site.hostname == "localhost" and site.port == 80:  # Wagtail's initial default site
            site.hostname, site.port = "127.0.0.1", 8000
        site.root_page = home
        site.site_name = HOME["title"]
        site.save()


def ensure_settings(stdout=None):
    site = Site.objects.get(is_default_site=True)
    practice = PracticeSettings.for_site(site)
    if not practice.practice_name:
        practice.practice_name = HOME["title"]
        practice.email = "hello@willowandstone.example"
        practice.phone = "+44 1273 000 000"
        practice.copyright_holder = "Willow & Stone Counselling Ltd"
        practice.x_url = "https://x.com/willowandstone.example"
        practice.instagram_url = "https://www.instagram.com/willowandstone.example"
        practice.threads_url = "https://www.threads.net/@willowandstone.example"
        practice.youtube_url = "https://www.youtube.com/@willowandstone.example"
        practice.tiktok_url = "https://www.tiktok.com/@willowandstone.example"
        practice.facebook_url = "https://www.facebook.com/willowandstone.example"
        practice.save()
    english = Locale.objects.get(language_code="en")
    source = PracticeDetails.objects.filter(locale=english).first()
    if source is None:
        source = PracticeDetails.objects.create(locale=english, **PRACTICE_DETAILS["en"])
    for code in LANGUAGES[1:]:
        locale = Locale.objects.get(language_code=code)
        if not PracticeDetails.objects.filter(
            locale=locale, translation_key=source.translation_key
        ).exists():
            texts = PRACTICE_DETAILS[code]
            translate(
                source,
                locale,
                {PRACTICE_DETAILS["en"][field]: texts[field] for field in texts},
            )


def ensure_standard_pages(stdout=None):
    home = get_home()
    for spec in STANDARD_PAGES:
        if home.get_children().filter(slug=spec["slug"]).exists():
            continue
        page = StandardPage(
            title=spec["title"],
            slug=spec["slug"],
            introduction=spec["introduction"],
            body=spec["body"],
            show_in_menus=True,
            locale=home.locale,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    about = home.get_children().get(slug="about")
    if home.hero_cta_page_id != about.id:
        home.hero_cta_page = about
        home.save_revision().publish()


def translate_site_pages(stdout=None):
    """Home page into every language; the standard pages into Spanish."""
    home = get_home()
    for code in LANGUAGES[1:]:
        locale = Locale.objects.get(language_code=code)
        if home.get_translation_or_none(locale) is None:
            translate(home, locale, HOME_TRANSLATIONS[code])
    spanish = Locale.objects.get(language_code="es")
    for page in home.get_children().type(StandardPage).specific():
        if page.get_translation_or_none(spanish) is None:
            translate(page, spanish, STANDARD_TRANSLATIONS["es"])


def ensure_translator_groups(stdout=None):
    ensure_translator_teams()


def ensure_translator_users() -> list[str]:
    """One development-only translator login per language, e.g. ``translator-es``."""
    user_model = get_user_model()
    names = []
    for team in TranslatorTeam.objects.select_related("group", "locale"):
        username = f"translator-{team.locale.language_code}"
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_user(
                username=username,
                email=f"{username}@willowandstone.example",
                password=ADMIN_PASSWORD,
                first_name="Demo",
                last_name=f"Translator ({team.locale.language_code})",
            )
        user.groups.add(team.group)
        names.append(username)
    return names


def ensure_admin_user():
    """A development-only superuser; returns (username, password, created)."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=ADMIN_USERNAME).first()
    if user is not None:
        return ADMIN_USERNAME, ADMIN_PASSWORD, False
    user_model.objects.create_superuser(
        username=ADMIN_USERNAME,
        email="admin@willowandstone.example",
        password=ADMIN_PASSWORD,
        first_name="Demo",
        last_name="Admin",
    )
    return ADMIN_USERNAME, ADMIN_PASSWORD, True
