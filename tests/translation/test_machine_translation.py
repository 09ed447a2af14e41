"""Machine translation from the environment: off by default; LibreTranslate against a local
stand-in server that speaks its HTTP API (POST /translate, JSON in and out)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from wagtail.models import Locale
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.strings import StringValue

from practice_site.settings.environment import machine_translator_from_env


class StandInLibreTranslate(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append((self.path, body))
        texts = body["q"] if isinstance(body["q"], list) else [body["q"]]
        answer = {"translatedText": [f"[{body['target']}] {text}" for text in texts]}
        payload = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def libretranslate_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandInLibreTranslate)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    StandInLibreTranslate.received = []
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_machine_translation_is_off_unless_the_environment_names_one(monkeypatch):
    monkeypatch.delenv("MACHINE_TRANSLATOR", raising=False)
    assert machine_translator_from_env() is None
    monkeypatch.setenv("MACHINE_TRANSLATOR", "deepl")
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured):
        machine_translator_from_env()
    monkeypatch.setenv("MACHINE_TRANSLATOR", "carrier-pigeon")
    with pytest.raises(ImproperlyConfigured):
        machine_translator_from_env()


def test_the_libretranslate_backend_talks_to_the_configured_server(
    monkeypatch, libretranslate_url, locales
):
    monkeypatch.setenv("MACHINE_TRANSLATOR", "libretranslate")
    monkeypatch.setenv("LIBRETRANSLATE_URL", libretranslate_url)
    monkeypatch.setenv("LIBRETRANSLATE_API_KEY", "local-key")
    with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=machine_translator_from_env()):
        translator = get_machine_translator()
        assert translator.display_name == "LibreTranslate"
        result = translator.translate(
            Locale.objects.get(language_code="en"),
            Locale.objects.get(language_code="es"),
            [StringValue("Walking as a way to settle")],
        )
    assert [value.data for value in result.values()] == ["[es] Walking as a way to settle"]
    path, body = StandInLibreTranslate.received[0]
    assert path == "/translate"
    assert (body["source"], body["target"], body["api_key"]) == ("en", "es", "local-key")
