"""Project URLs. Every public page lives under a language prefix (/en/, /es/, /fr/, /ar/)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.urls import api
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from practice_core import health, page_passwords

from . import media_files, page_paths, views
from .sitemaps import TranslatedSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Before the API's own: Wagtail's find view does not know the language prefixes.
    path("api/v3/pages/find/", page_paths.find_page, name="find_page_in_any_language"),
    path("api/v3/", api.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": TranslatedSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Liveness and readiness for load balancers (docs/operations.md, "Health checks").
    path("health/live/", health.live, name="health_live"),
    path("health/ready/", health.ready, name="health_ready"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
else:
    # Only when no reverse proxy is in front (make serve, make lighthouse): media_files.py.
    urlpatterns += media_files.image_urlpatterns()

# "/" has no page of its own: LocaleMiddleware redirects it to the visitor's language.
urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    # Links in the blog's emails (stop reply emails, follow the journal).
    path("mail/", include("practice_blog.urls")),
    # Wagtail's page-password check, throttled against guessing (practice_core.page_passwords);
    # same path, so Wagtail's own links to it land here.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        page_passwords.authenticate_with_password,
        name="practice_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "practice_site.views.bad_request"
handler403 = "practice_site.views.permission_denied"
handler404 = "practice_site.views.page_not_found"
handler500 = "practice_site.views.server_error"
