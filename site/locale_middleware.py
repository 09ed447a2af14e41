"""Language activation that leaves non-page URLs alone.

Django's LocaleMiddleware answers a 404 on an unprefixed path by redirecting to the same path
under the visitor's language, and Wagtail's catch-all makes every prefixed path look valid, so
an unknown ``/api/v3/typo/`` would be redirected to a ``/en/api/v3/typo/`` HTML page. API, admin,
static and media URLs are never language-prefixed: their 404 stays a 404.
"""

from django.middleware.locale import LocaleMiddleware

UNPREFIXED = ("/api/", "/admin/", "/static/", "/media/", "/documents/")


class PageLocaleMiddleware(LocaleMiddleware):
    def process_response(self, request, response):
        if request.path_info.startswith(UNPREFIXED):
            return response
        return super().process_response(request, response)
