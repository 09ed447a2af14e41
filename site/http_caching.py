"""HTTP caching of the public API: ETag, Cache-Control and 304 on revalidation.

Anonymous GETs of ``/api/v3/`` are public for ``API_CACHE_MAX_AGE`` seconds (default 60) and
carry an ETag of their body, so a front end or CDN revalidates cheaply (304 Not Modified).
Responses that depend on who asks (a token, a session, the visitor cookie: ``Vary: Cookie``) are
private, and draft previews are never stored.

An answer asked for without ``?locale=`` is in the language Django picked from the request
(``Accept-Language``, or the language cookie): it carries ``Vary: Accept-Language`` so a shared
cache never gives a Spanish reader the English answer. With ``?locale=`` the URL says the language.
"""

from django.conf import settings
from django.utils.cache import (
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

NEVER_STORE_PREFIXES = ("/api/v3/preview/",)


class APICacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/v3/") or request.method not in ("GET", "HEAD"):
            return response
        if request.path.startswith(NEVER_STORE_PREFIXES):
            patch_cache_control(response, private=True, no_store=True, max_age=0)
            return response
        if "locale" not in request.GET:
            patch_vary_headers(response, ("Accept-Language",))
        if response.status_code != 200 or response.streaming:
            return response
        personal = (
            "HTTP_AUTHORIZATION" in request.META
            or getattr(request, "user", None) is not None
            and request.user.is_authenticated
            or has_vary_header(response, "Cookie")
        )
        if "Cache-Control" not in response:
            if personal:
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(
                    response, public=True, max_age=getattr(settings, "API_CACHE_MAX_AGE", 60)
                )
        if not response.has_header("ETag"):
            set_response_etag(response)
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=None,
            response=response,
        )
