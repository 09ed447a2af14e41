"""Public API routes of the project layer: site settings, navigation and draft preview.

Registered on Wagtail's API v3 from ``PracticeSiteConfig.ready()``. v3's own snippet and settings
routes need a token; a front end needs these public, per locale.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from wagtail.api.v3.auth import AllowAnonymous
from wagtail.api.v3.errors import ProblemDetail
from wagtail.api.v3.routers.pages import PageDetailSchema
from wagtail.models import Locale, Page, Site

from practice_core.api import resolve_locale

from .models import PracticeDetails, PracticeSettings
from .preview import PreviewTokenError, read_preview_token

router = Router(tags=["site"])


class LocaleQuery(Schema):
    locale: str | None = None


class SocialLink(Schema):
    network: str
    url: str


class Language(Schema):
    code: str
    name: str
    direction: str
    home_url: str | None


class SiteSettingsSchema(Schema):
    locale: str
    practice_name: str
    tagline: str
    email: str
    phone: str
    postal_address_lines: list[str]
    footer_note: str
    copyright: str
    social_links: list[SocialLink]
    languages: list[Language]


class NavigationItem(Schema):
    id: int
    title: str
    slug: str
    url: str | None
    detail_url: str


class NavigationSchema(Schema):
    locale: str
    home: NavigationItem | None
    items: list[NavigationItem]


def _site(request) -> Site | None:
    return Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()


def _home(site: Site | None, locale: Locale):
    if site is None:
        return None
    return (
        Page.objects.live()
        .public()
        .filter(translation_key=site.root_page.translation_key, locale=locale)
        .first()
    )


def _item(page, request) -> NavigationItem:
    return NavigationItem(
        id=page.pk,
        title=page.title,
        slug=page.slug,
        url=page.get_url(request),
        detail_url=f"/api/v3/pages/{page.pk}/",
    )


@router.get(
    "/site-settings/",
    response=SiteSettingsSchema,
    summary="Site settings",
    description="The practice's name, contact details, address, footer and social links, "
    "in one language (`?locale=`, default the request's language).",
    operation_id="site_settings",
    auth=[AllowAnonymous()],
)
def site_settings(request: HttpRequest, query: LocaleQuery = Query(...)):  # noqa: B008
    locale = resolve_locale(query.locale)
    site = _site(request)
    practice = PracticeSettings.for_site(site) if site else PracticeSettings()
    details = (
        PracticeDetails.objects.filter(locale=locale, live=True).first()
        or PracticeDetails.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    )
    homes = {}
    if site is not None:
        for home in (
            Page.objects.live()
            .public()
            .filter(translation_key=site.root_page.translation_key)
            .select_related("locale")
        ):
            homes[home.locale.language_code] = home.get_url(request)
    from datetime import date

    holder = practice.copyright_holder or practice.practice_name
    languages = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        languages.append(
            Language(
                code=code,
                name=info["name_local"],
                direction="rtl" if info["bidi"] else "ltr",
                home_url=homes.get(code),
            )
        )
    return SiteSettingsSchema(
        locale=locale.language_code,
        practice_name=practice.practice_name,
        tagline=details.tagline if details else "",
        email=practice.email,
        phone=practice.phone,
        postal_address_lines=details.address_lines if details else [],
        footer_note=details.footer_note if details else "",
        copyright=f"© {date.today().year} {holder}".strip(),
        social_links=[SocialLink(**link) for link in practice.social_links],
        languages=languages,
    )


@router.get(
    "/navigation/",
    response=NavigationSchema,
    summary="Navigation menu",
    description="The header menu of one language: its home page and the live pages below it "
    "marked 'show in menus'.",
    operation_id="navigation",
    auth=[AllowAnonymous()],
)
def navigation(request: HttpRequest, query: LocaleQuery = Query(...)):  # noqa: B008
    locale = resolve_locale(query.locale)
    home = _home(_site(request), locale)
    items = []
    if home is not None:
        items = [
            _item(page, request)
            for page in home.get_children().live().public().in_menu().order_by("path")
        ]
    return NavigationSchema(
        locale=locale.language_code,
        home=_item(home, request) if home else None,
        items=items,
    )


class PreviewQuery(Schema):
    token: str


@router.get(
    "/preview/",
    response={200: PageDetailSchema, 403: ProblemDetail, 404: ProblemDetail},
    summary="Preview a draft",
    description="The latest draft of the page a preview token was minted for (an editor mints "
    "one from the page's 'Headless preview' menu item; it expires after ten minutes).",
    operation_id="preview_page",
    auth=[AllowAnonymous()],
)
def preview_page(request: HttpRequest, query: PreviewQuery = Query(...)):  # noqa: B008
    try:
        page_id = read_preview_token(query.token)
    except PreviewTokenError as exc:
        raise HttpError(403, str(exc)) from None
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        raise HttpError(404, "The page of this preview token no longer exists.")
    return page.specific.get_latest_revision_as_object()
