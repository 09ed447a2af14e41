"""WSGI entry point (gunicorn practice_site.wsgi)."""

import os
import urllib.parse

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practice_site.settings.production")


def raw_utf8_paths(app):
    """Serve a path sent as raw UTF-8 bytes (``curl`` with an Arabic address; browsers send it
    percent-encoded) as the page it names.

    gunicorn reads the request line's bytes as Latin-1 text and then unquotes that text as if it
    were UTF-8, so raw non-ASCII bytes reach Django encoded twice and every such Arabic address
    answered 404. When the raw request URI (gunicorn's ``RAW_URI``) holds non-ASCII bytes,
    ``PATH_INFO`` is rebuilt from those bytes, as WSGI means it: bytes shown as Latin-1.
    """

    def application(environ, start_response):
        raw = environ.get("RAW_URI", "")
        if raw and not raw.isascii() and not environ.get("SCRIPT_NAME"):
            path = urllib.parse.urlsplit(raw).path if "://" in raw else raw.split("?", 1)[0]
            environ["PATH_INFO"] = urllib.parse.unquote_to_bytes(path.encode("latin-1")).decode(
                "latin-1"
            )
        return app(environ, start_response)

    return application


application = raw_utf8_paths(get_wsgi_application())
