"""The enquiry form (a contact page built with Wagtail's form builder): what visitors, the
practice, and people in the admin see of it."""

import email
import email.policy
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from practice_core.spam import sign_timestamp
from practice_site.enquiries import TIMESTAMP_SALT
from practice_site.models import ContactPage, Enquiry, EnquiryFormField, PracticeDetails

pytestmark = pytest.mark.django_db

MESSAGE = "I would like to ask about evening appointments for my partner and me."


def make_contact_page(parent, **fields):
    page = ContactPage(
        title=fields.pop("title", "Contact"),
        slug=fields.pop("slug", "contact"),
        introduction="How to reach us.",
        **fields,
    )
    page.form_fields = [
        EnquiryFormField(label="Your name", field_type="singleline", required=True),
        EnquiryFormField(label="Email", field_type="email", required=True),
        EnquiryFormField(label="Message", field_type="multiline", required=True),
        EnquiryFormField(
            label="How did you hear of us",
            field_type="dropdown",
            required=False,
            choices="A friend\nA search engine",
        ),
    ]
    parent.add_child(instance=page)
    page.save_revision().publish()
    return ContactPage.objects.get(pk=page.pk)


@pytest.fixture
def contact_page(practice_settings, home):
    PracticeDetails.objects.filter(locale=home.locale).update(
        footer_note="In an emergency, call 112 or go to the nearest emergency department."
    )
    return make_contact_page(home)


def enquiry(**overrides):
    data = {
        "your_name": "Robin O'Brien",
        "email": "robin@example.org",
        "message": MESSAGE,
        "how_did_you_hear_of_us": "A friend",
        "privacy_consent": "on",
        "website": "",
        "started": sign_timestamp(TIMESTAMP_SALT, time.time() - 30),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def send(client, page, **overrides):
    return client.post(page.url, enquiry(**overrides))


# --- the visitor -------------------------------------------------------------------------------


def test_the_form_shows_the_owners_fields_an_unticked_consent_box_and_the_notice(
    client, contact_page
):
    privacy = contact_page.get_parent().add_child(
        instance=ContactPage(title="Privacy", slug="privacy")
    )
    contact_page.privacy_page = privacy
    contact_page.save_revision().publish()
    response = client.get(contact_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Your name", "Email", "Message", "How did you hear of us"):
        assert label in html
    assert 'name="privacy_consent"' in html
    assert 'name="privacy_consent" required id="id_privacy_consent" checked' not in html
    assert "Please do not include clinical details" in html
    assert "call 112" in html  # the crisis note from the practice's details
    assert f'href="{privacy.url}"' in html
    assert 'aria-hidden="true"' in html  # the honeypot's wrapper


def test_a_valid_enquiry_is_stored_emailed_and_confirmed_without_echoing_it(
    client, contact_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, contact_page)
    assert response.status_code == 303
    assert response["Location"] == contact_page.url + "sent/"
    stored = Enquiry.objects.get()
    assert stored.page_id == contact_page.pk
    assert stored.form_data == {
        "your_name": "Robin O'Brien",
        "email": "robin@example.org",
        "message": MESSAGE,
        "how_did_you_hear_of_us": "A friend",
    }
    assert stored.likely_spam is False

    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    html = confirmation.content.decode()
    assert "Your message has reached us" in html
    assert MESSAGE not in html and "Robin" not in html

    assert len(mail.outbox) == 1
    sent = email.message_from_bytes(
        mail.outbox[0].message().as_bytes(), policy=email.policy.default
    )
    assert sent["To"] == "hello@practice.example"
    assert sent["Reply-To"] == "robin@example.org"  # answering reaches the visitor
    assert sent["Subject"] == "New enquiry from your website"  # nothing personal on a lock screen
    text = sent.get_payload()[0].get_content()
    assert "Your name:\nRobin O'Brien" in text
    assert MESSAGE in text
    assert "127.0.0.1" not in text and "Mozilla" not in text  # nothing about the visitor's machine


def test_wagtails_own_submission_hook_stores_and_emails_the_enquiry(
    rf, contact_page, django_capture_on_commit_callbacks
):
    """Code that drives the form as Wagtail's form builder documents it (``get_form``, then
    ``process_form_submission``) keeps the enquiry just as the visitor's form does."""
    request = rf.post(contact_page.url, enquiry())
    form = contact_page.get_form(request.POST, page=contact_page, user=None)
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        stored = contact_page.process_form_submission(form)
    assert Enquiry.objects.get() == stored
    assert stored.form_data["message"] == MESSAGE
    assert len(mail.outbox) == 1


def test_the_owners_address_on_the_page_wins_over_the_practice_email(
    client, contact_page, django_capture_on_commit_callbacks
):
    contact_page.to_address = "intake@practice.example, second@practice.example"
    contact_page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        send(client, contact_page)
    assert mail.outbox[0].to == ["intake@practice.example", "second@practice.example"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"privacy_consent": None}, "privacy_consent", "Please tick this box"),
        ({"your_name": ""}, "your_name", "This field is required"),
        ({"email": "not an address"}, "email", "Enter a valid email address"),
        ({"message": "x" * 5001}, "message", "at most 5000 characters"),
        ({"how_did_you_hear_of_us": "Television"}, "how_did_you_hear_of_us", "valid choice"),
    ],
)
def test_bad_input_gets_an_error_next_to_the_field_and_stores_nothing(
    client, contact_page, overrides, field, message
):
    response = send(client, contact_page, **overrides)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert f'id="id_{field}_errors"' in response.content.decode()
    assert Enquiry.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"website": lambda: "http://spam.example"}, "could not be accepted"),
        ({"started": lambda: sign_timestamp(TIMESTAMP_SALT, time.time())}, "That was quick"),
        ({"started": lambda: sign_timestamp(TIMESTAMP_SALT, time.time() - 3 * 3600)}, "expired"),
        ({"started": lambda: "tampered"}, "reload the page"),
        # A stamp signed for the comment form is not accepted here.
        (
            {
                "started": lambda: sign_timestamp(
                    "practice_blog.forms.comment-started", time.time() - 30
                )
            },
            "reload",
        ),
    ],
)
def test_spam_traps_refuse_the_enquiry_with_a_message(client, contact_page, overrides, message):
    response = send(client, contact_page, **{key: make() for key, make in overrides.items()})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Enquiry.objects.count() == 0


def test_many_links_are_kept_as_likely_spam_and_not_emailed(
    client, contact_page, django_capture_on_commit_callbacks
):
    links = "Cheap https://a.example https://b.example www.c.example"
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, contact_page, message=links)
    assert response.status_code == 303  # the sender learns nothing
    assert Enquiry.objects.get().likely_spam is True
    assert mail.outbox == []


def test_a_network_sending_too_many_enquiries_gets_429_with_retry_after(client, contact_page):
    for n in range(3):
        assert send(client, contact_page, message=f"{MESSAGE} ({n})").status_code == 303
    response = send(client, contact_page, message=f"{MESSAGE} (again)")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "wait a little" in response.content.decode()
    assert Enquiry.objects.count() == 3


def test_a_mail_outage_keeps_the_enquiry_and_confirms_it(
    client, contact_page, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, contact_page)
    assert response.status_code == 303
    assert Enquiry.objects.count() == 1


def test_other_methods_are_not_allowed(client, contact_page):
    assert client.put(contact_page.url).status_code == 405


# --- translated --------------------------------------------------------------------------------


@pytest.fixture
def spanish_contact_page(contact_page, translated_home, locales):
    spanish = contact_page.copy_for_translation(locales["es"])
    spanish.title = "Contacto"
    labels = {"Your name": "Tu nombre", "Message": "Mensaje", "Email": "Correo electrónico"}
    spanish.save()
    for field in spanish.form_fields.all():
        field.label = labels.get(field.label, field.label)
        field.save()
    spanish.thank_you_text = "Gracias. Tu mensaje nos ha llegado."
    spanish.save_revision().publish()
    return ContactPage.objects.get(pk=spanish.pk)


def test_a_spanish_visitor_reads_spanish_labels_and_a_spanish_confirmation(
    client, spanish_contact_page, django_capture_on_commit_callbacks
):
    html = client.get(spanish_contact_page.url).content.decode()
    assert 'lang="es"' in html and "Tu nombre" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, spanish_contact_page)
    assert response.status_code == 303
    confirmation = client.get(response["Location"]).content.decode()
    assert "Gracias. Tu mensaje nos ha llegado." in confirmation
    assert MESSAGE not in confirmation
    # The practice reads its own labels, and learns which language the visitor wrote in.
    text = mail.outbox[0].body
    assert "Your name:\nRobin O'Brien" in text and "Tu nombre" not in text
    assert "(Spanish)" in text
    # Stored under the same names as English enquiries: one set of columns.
    assert set(Enquiry.objects.get().form_data) == {
        "your_name",
        "email",
        "message",
        "how_did_you_hear_of_us",
    }


# --- the API never shows what was sent ----------------------------------------------------------


def test_the_api_describes_the_form_but_never_what_visitors_sent(client, contact_page):
    send(client, contact_page)
    response = client.get(f"/api/v3/pages/{contact_page.pk}/")
    assert response.status_code == 200
    body = response.json()
    form = body["enquiry_form"]
    assert [field["name"] for field in form["fields"]] == [
        "your_name",
        "email",
        "message",
        "how_did_you_hear_of_us",
    ]
    assert form["fields"][3]["choices"] == ["A friend", "A search engine"]
    assert "privacy notice" in form["consent_text"]
    assert MESSAGE not in response.content.decode()
    assert "robin@example.org" not in response.content.decode()


# --- the admin -----------------------------------------------------------------------------------


def submissions_url(page):
    return f"/admin/forms/submissions/{page.pk}/"


def staff(django_user_model, name, *, groups=(), permissions=()):
    user = django_user_model.objects.create_user(name, password="pw")
    for group_name in groups:
        user.groups.add(Group.objects.get(name=group_name))
    if permissions:
        group = Group.objects.create(name=f"group-{name}")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        for codename in permissions:
            group.permissions.add(Permission.objects.get(codename=codename))
        user.groups.add(group)
    return user


def test_the_owner_reads_and_exports_enquiries_as_csv(admin_client, client, contact_page):
    send(client, contact_page)
    listing = admin_client.get(submissions_url(contact_page))
    assert listing.status_code == 200
    assert MESSAGE in listing.content.decode()
    export = admin_client.get(submissions_url(contact_page) + "?export=csv")
    assert export.status_code == 200
    content = b"".join(export.streaming_content).decode()
    assert "Your name" in content and "Robin O'Brien" in content
    assert "Likely spam" in content


def test_editors_of_the_page_cannot_read_enquiries(client, django_user_model, contact_page):
    send(client, contact_page)
    editor = staff(django_user_model, "editor", groups=["Editors"])
    client.force_login(editor)
    assert contact_page.permissions_for_user(editor).can_edit()
    response = client.get(submissions_url(contact_page))
    assert response.status_code in (302, 403)
    assert MESSAGE not in client.get("/admin/forms/").content.decode()


def test_moderators_without_the_permission_cannot_read_enquiries(
    client, django_user_model, contact_page
):
    client.force_login(staff(django_user_model, "moderator", groups=["Moderators"]))
    assert client.get(submissions_url(contact_page)).status_code in (302, 403)


def test_someone_given_can_read_enquiries_reads_them(client, django_user_model, contact_page):
    send(client, contact_page)
    reader = staff(django_user_model, "reader", groups=["Editors"], permissions=["read_enquiries"])
    client.force_login(reader)
    response = client.get(submissions_url(contact_page))
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize("language", ["es", "fr"])
def test_translators_never_read_enquiries_in_any_language(
    client, django_user_model, spanish_contact_page, language
):
    from practice_site.translators import ensure_translator_teams

    send(client, spanish_contact_page)
    team = {
        group.translator_team.locale.language_code: group for group in ensure_translator_teams()
    }
    translator = django_user_model.objects.create_user(f"translator-{language}", password="pw")
    translator.groups.add(team[language])
    client.force_login(translator)
    assert client.get(submissions_url(spanish_contact_page)).status_code in (302, 403)


def test_a_label_that_would_take_the_consent_boxs_name_is_refused(admin_client, contact_page):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = nested_form_data(
        {
            "title": "Contact",
            "slug": "contact",
            "sensitive_notice": "n",
            "consent_text": "c",
            "thank_you_text": "t",
            "body": streamfield([]),
            "form_fields": inline_formset(
                [{"label": "Privacy consent", "field_type": "checkbox", "required": True}]
            ),
        }
    )
    response = admin_client.post(f"/admin/pages/{contact_page.pk}/edit/", data)
    assert response.status_code == 200
    assert "used by the form itself" in response.content.decode()


# --- retention and erasure -----------------------------------------------------------------------


def test_the_purge_deletes_enquiries_older_than_the_owners_retention(
    client, contact_page, practice_settings
):
    practice_settings.enquiry_retention_days = 30
    practice_settings.save()
    send(client, contact_page, message="old one")
    send(client, contact_page, message="new one")
    old = Enquiry.objects.get(form_data__message="old one")
    Enquiry.objects.filter(pk=old.pk).update(submit_time=timezone.now() - timedelta(days=31))
    out = StringIO()
    call_command("purge_visitor_data", stdout=out)
    assert [e.form_data["message"] for e in Enquiry.objects.all()] == ["new one"]
    assert "Deleted 1 enquiries" in out.getvalue()


def test_erase_visitor_data_deletes_that_persons_enquiries(client, contact_page):
    send(client, contact_page, email="Robin@Example.org")
    send(client, contact_page, email="someone@example.org", message="Another message here.")
    out = StringIO()
    call_command("erase_visitor_data", "--email", "robin@example.org", "--dry-run", stdout=out)
    assert "Would delete 1 enquiries" in out.getvalue()
    assert Enquiry.objects.count() == 2
    call_command("erase_visitor_data", "--email", "robin@example.org", stdout=StringIO())
    assert [e.form_data["email"] for e in Enquiry.objects.all()] == ["someone@example.org"]
