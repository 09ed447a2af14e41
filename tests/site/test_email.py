"""Email settings from the environment, and how every email is built (practice_core.mail)."""

import email
import email.policy

import pytest
from django.core import mail as django_mail

from practice_core import mail
from practice_site.settings.environment import ConfigurationError, email_from_env

EMAIL_VARIABLES = (
    "EMAIL_URL",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_TIMEOUT",
)


@pytest.fixture
def clean_env(monkeypatch):
    for name in EMAIL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# --- settings ----------------------------------------------------------------------------------


def test_starttls_url_gives_host_port_user_and_tls(clean_env):
    clean_env.setenv("EMAIL_URL", "smtp+tls://me%40practice.example:s3cr%2Ft@mail.example:587")
    config = email_from_env()
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("mail.example", 587)
    assert config["EMAIL_HOST_USER"] == "me@practice.example"
    assert config["EMAIL_HOST_PASSWORD"] == "s3cr/t"
    assert config["EMAIL_USE_TLS"] is True and config["EMAIL_USE_SSL"] is False
    assert config["EMAIL_TIMEOUT"] == 10


def test_smtps_url_uses_implicit_tls_on_port_465_by_default(clean_env):
    clean_env.setenv("EMAIL_URL", "smtps://relay.example")
    config = email_from_env()
    assert config["EMAIL_PORT"] == 465
    assert config["EMAIL_USE_SSL"] is True and config["EMAIL_USE_TLS"] is False


def test_console_url_prints_emails(clean_env):
    clean_env.setenv("EMAIL_URL", "console://")
    assert email_from_env()["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_separate_variables_are_read_without_an_email_url(clean_env):
    clean_env.setenv("EMAIL_HOST", "smtp.example")
    clean_env.setenv("EMAIL_USE_TLS", "true")
    clean_env.setenv("EMAIL_HOST_USER", "site")
    clean_env.setenv("EMAIL_HOST_PASSWORD", "pw")
    clean_env.setenv("EMAIL_TIMEOUT", "5")
    config = email_from_env(default_backend="console")
    assert config["EMAIL_BACKEND"].endswith("smtp.EmailBackend")  # a host means a real server
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"], config["EMAIL_USE_TLS"]) == (
        "smtp.example",
        587,
        True,
    )
    assert (config["EMAIL_HOST_USER"], config["EMAIL_TIMEOUT"]) == ("site", 5)


def test_nothing_configured_means_the_profiles_default(clean_env):
    assert email_from_env(default_backend="console")["EMAIL_BACKEND"].endswith(
        "console.EmailBackend"
    )
    config = email_from_env(default_backend="smtp")
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("localhost", 25)


@pytest.mark.parametrize(
    "url",
    ["http://mail.example", "smtp://", "smtp://mail.example:notaport", "nonsense"],
)
def test_malformed_email_url_names_the_variable_and_hides_the_password(clean_env, url):
    clean_env.setenv(
        "EMAIL_URL", url.replace("://", "://user:hunter2@", 1) if "://" in url else url
    )
    with pytest.raises(ConfigurationError, match="EMAIL_URL") as excinfo:
        email_from_env()
    assert "hunter2" not in str(excinfo.value)


def test_tls_and_ssl_together_are_refused(clean_env):
    clean_env.setenv("EMAIL_USE_TLS", "1")
    clean_env.setenv("EMAIL_USE_SSL", "1")
    with pytest.raises(ConfigurationError, match="EMAIL_USE_TLS"):
        email_from_env()


def test_tests_keep_emails_in_memory(settings):
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"


# --- composing ---------------------------------------------------------------------------------


@pytest.fixture
def note_template(settings, tmp_path):
    folder = tmp_path / "templates"
    (folder / "notes").mkdir(parents=True)
    (folder / "notes" / "note.txt").write_text(
        "{% load i18n %}{% translate 'Hello' %} {{ name }},\n\n"
        "{{ message }}\n\nRead it: {{ url }}\nStop: {{ unsubscribe_url }}\n"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [folder, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return "notes/note.txt"  # (Django rebuilds the template engines when TEMPLATES changes)


def parsed(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def a_note(**overrides):
    values = {
        "template": "notes/note.txt",
        "subject": "A note\nBcc: someone@evil.example",
        "to": ["robin@example.org"],
        "language": "en",
        "context": {
            "name": "O'Brien <b>",
            "message": "See http://evil.example & <script>alert(1)</script>",
            "url": "https://practice.example/en/journal/a-post/",
        },
        "links": ["https://practice.example/en/journal/a-post/"],
    }
    values.update(overrides)
    return mail.Email(**values)


def test_every_email_is_multipart_with_a_plain_text_part_first(note_template, practice_settings):
    message = parsed(mail.compose(a_note()))
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.get_payload()
    assert text.get_content_type() == "text/plain"
    assert html.get_content_type() == "text/html"
    assert "Hello O'Brien <b>," in text.get_content()  # plain text is not HTML-escaped


def test_headers_name_the_practice_and_answer_to_its_address(
    note_template, practice_settings, settings
):
    settings.DEFAULT_FROM_EMAIL = "website@practice.example"
    settings.WAGTAILADMIN_BASE_URL = "https://practice.example"
    message = parsed(mail.compose(a_note()))
    assert message["From"] == "Test Practice <website@practice.example>"
    assert message["Reply-To"] == "hello@practice.example"
    assert message["Message-ID"].endswith("@practice.example>")
    assert message["Date"]
    assert message["Content-Language"] == "en"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Subject"] == "A note Bcc: someone@evil.example"  # one line, no new header
    assert message["Bcc"] is None
    assert message["List-Unsubscribe"] is None


def test_an_unsubscribable_email_carries_one_click_list_unsubscribe(note_template, home):
    url = "https://practice.example/en/unsubscribe/abc/"
    message = parsed(mail.compose(a_note(unsubscribe_url=url, links=[url])))
    assert message["List-Unsubscribe"] == f"<{url}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_html_part_escapes_everything_and_links_only_the_named_urls(note_template, home):
    message = parsed(mail.compose(a_note()))
    html = message.get_payload()[1].get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a href="https://practice.example/en/journal/a-post/">' in html
    assert 'href="http://evil.example' not in html  # a visitor's URL stays text
    assert "<img" not in html and "src=" not in html  # no pixels, no remote resources


def test_email_is_written_in_the_recipients_language(note_template, home):
    message = parsed(mail.compose(a_note(language="ar")))
    assert message["Content-Language"] == "ar"
    html = message.get_payload()[1].get_content()
    assert '<html lang="ar" dir="rtl">' in html


def test_without_the_site_layer_the_sender_is_the_default_from_address(settings, monkeypatch):
    settings.DEFAULT_FROM_EMAIL = "site@example.org"
    monkeypatch.setattr("wagtail.hooks.get_hooks", lambda name: [])
    assert mail.sender_for() == mail.Sender("", "site@example.org", ("site@example.org",))


def test_send_quietly_logs_a_mail_outage_instead_of_raising(
    note_template, home, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(django_mail.get_connection().__class__, "send_messages", broken)
    assert mail.send_quietly(a_note(), "a note") is False
    assert "Could not send a note" in caplog.text
