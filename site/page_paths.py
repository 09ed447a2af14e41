"""``GET /api/v3/pages/find/?html_path=…`` for every language: a public path, prefix included.

Wagtail's own find view routes ``html_path`` from the site's root page, which is the English
home: ``/en/about/`` (the path visitors and the sitemap use) and every Spanish, French or Arabic
path answered 404. This view is mounted at the same URL, before the API's: it reads the language
prefix, routes the rest of the path from that language's home page (translated slugs included)
and redirects to the page's detail, as Wagtail's does. ``id=`` and unprefixed paths behave as
Wagtail's. A page the request may not read (a draft, a private page) is 404, like an unknown one.
"""

from urllib.parse import unquote

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.querysets import get_pages_queryset
from wagtail.models import Locale, Site

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def _site(request):
    return Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()


def _route(request, html_path: str):
    # A path as browsers and page.url give it is percent-encoded (Arabic slugs); slugs never
    # hold a "%", so decoding an already plain path changes nothing.
    components = [unquote(component) for component in html_path.split("/") if component]
    code = settings.LANGUAGE_CODE
    if components and components[0] in LANGUAGE_CODES:
        code = components.pop(0)
    site = _site(request)
    if site is None:
        return None
    locale = Locale.objects.filter(language_code=code).first()
    home = site.root_page.get_translation_or_none(locale) if locale else None
    if home is None:
        return None
    with translation.override(code):
        try:
            page, _args, _kwargs = home.specific.route(request, components)
        except Http404:
            return None
    return page


def find_page(request):
    """The page at ``html_path`` (or with ``id``), as a redirect to its API detail."""
    if request.method not in ("GET", "HEAD"):
        response = problem_response(status=405, detail="Use GET.")
        response["Allow"] = "GET, HEAD"
        return response
    html_path = request.GET.get("html_path", "")
    raw_id = request.GET.get("id", "")
    if "\x00" in html_path or len(html_path) > 2048:
        return problem_response(status=400, detail="html_path is not a path.")
    if raw_id and not raw_id.isdigit():
        return problem_response(status=400, detail="id must be a positive whole number.")
    visible = get_pages_queryset(request)
    page = _route(request, html_path) if html_path else None
    if page is not None and not visible.filter(pk=page.pk).exists():
        page = None
    if page is None and raw_id:
        page = visible.filter(pk=int(raw_id)).first()
    if page is None:
        return problem_response(status=404, detail="No page matches the given query.")
    query = request.GET.copy()
    query.pop("id", None)
    query.pop("html_path", None)
    url = reverse("wagtailapi_v3:detail_page", kwargs={"page_id": page.pk})
    return HttpResponseRedirect(f"{url}?{query.urlencode()}" if query else url)
