"""The enquiry form of a contact page: building it, receiving it, telling the practice.

The owner chooses the fields (Wagtail's form builder); every form also gets a consent box (the
page's consent text, the privacy notice linked) and the shared spam traps
(:mod:`practice_core.spam`: honeypot, signed start time). A valid enquiry is throttled per
network, stored as :class:`~practice_site.models.Enquiry` and emailed to the practice as plain
text; more than two links mark it as likely spam (kept in the admin, not emailed). The visitor
is redirected to a calm confirmation that never repeats what they wrote.
"""

import datetime
import logging

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.contrib.forms.forms import BaseForm, FormBuilder, WagtailAdminFormPageForm

from practice_core import mail, spam, throttles
from practice_core.permissions import locale_limits
from practice_core.sites import site_of

logger = logging.getLogger(__name__)

TIMESTAMP_SALT = "practice_site.enquiries.started"
CONSENT_FIELD = "privacy_consent"
# The honeypot takes the first of these names that the owner's fields do not use.
HONEYPOT_NAMES = ("website", "homepage", "company_website", "fax_number")
MAX_MESSAGE_LENGTH = 5000
DEFAULT_RATES = "3/hour, 10/day"
THROTTLE_ACTION = "enquiry"


def enquiry_rates() -> str:
    """Enquiries one network may send (Django setting ``ENQUIRY_RATE_LIMITS``)."""
    return getattr(settings, "ENQUIRY_RATE_LIMITS", DEFAULT_RATES)


class EnquiryForm(spam.SpamTrapsMixin, BaseForm):
    """The base of every enquiry form: the owner's fields are added by the builder."""

    timestamp_salt = TIMESTAMP_SALT

    privacy_consent = forms.BooleanField(
        required=True,
        error_messages={"required": gettext_lazy("Please tick this box to send your message.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.page is not None:
            self.fields[CONSENT_FIELD].label = self.page.consent_text
        self.owner_field_names = [
            name
            for name in self.fields
            if name not in {CONSENT_FIELD, "started", self.honeypot_name}
        ]
        self.order_fields([*self.owner_field_names, CONSENT_FIELD])

    def answers(self) -> dict:
        """What the visitor wrote in the owner's fields (never the traps or the consent box)."""
        return {name: self.cleaned_data.get(name) for name in self.owner_field_names}


class EnquiryFormBuilder(FormBuilder):
    """Wagtail's form builder, with sizes, autocomplete hints and the enquiry form as base."""

    def create_singleline_field(self, field, options):
        formfield = super().create_singleline_field(field, options)
        formfield.widget.attrs.setdefault("dir", "auto")
        return formfield

    def create_multiline_field(self, field, options):
        options["max_length"] = MAX_MESSAGE_LENGTH
        options["widget"] = forms.Textarea(attrs={"rows": 8, "dir": "auto"})
        return super().create_multiline_field(field, options)

    def create_email_field(self, field, options):
        options["max_length"] = 254
        options["widget"] = forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"})
        return super().create_email_field(field, options)

    def get_form_class(self):
        fields = self.formfields
        honeypot = next(name for name in HONEYPOT_NAMES if name not in fields)
        for reserved in (CONSENT_FIELD, "started"):
            fields.pop(reserved, None)  # the admin refuses these labels; never shadow them
        return type("EnquiryForm", (EnquiryForm,), {**fields, "honeypot_name": honeypot})


class ContactPageAdminForm(WagtailAdminFormPageForm):
    """The contact page's editing form: field labels must not take the consent box's name."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("form_fields")
        for form in formset.forms if formset is not None else []:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            name = form.instance.clean_name or form.instance.get_field_clean_name()
            if name in (CONSENT_FIELD, "started"):
                form.add_error(
                    "label",
                    _("This label is used by the form itself; please choose another."),
                )
        return cleaned_data


def form_class_for(page):
    return EnquiryFormBuilder(page.get_form_fields()).get_form_class()


# --------------------------------------------------------------------------------------------
# Serving the form
# --------------------------------------------------------------------------------------------


def serve_form(page, request):
    """GET shows the form; POST validates, stores and redirects to the confirmation."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    status = 200
    headers = {}
    if request.method == "POST":
        form = page.get_form(request.POST, page=page, user=request.user)
        status = 400
        if form.is_valid():
            try:
                receive(page, form, throttles.network_key(request))
            except throttles.Throttled as exc:
                form.add_error(
                    None,
                    _(
                        "We have received several messages from your network just now. Nothing "
                        "was lost: please wait a little and send yours again, or write to us by "
                        "email."
                    ),
                )
                status, headers = 429, {"Retry-After": str(exc.retry_after)}
            except throttles.ThrottlesUnavailable as exc:
                form.add_error(
                    None,
                    _(
                        "Sorry, we cannot accept messages just now because of a technical "
                        "problem. Nothing was saved; please try again in a minute."
                    ),
                )
                status, headers = 503, {"Retry-After": str(exc.retry_after)}
            else:
                return HttpResponseRedirect(page.url + page.reverse_subpage("sent"), status=303)
    else:
        form = page.get_form(page=page, user=request.user)
    context = page.get_context(request)
    context["form"] = form
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


# --------------------------------------------------------------------------------------------
# Receiving an enquiry
# --------------------------------------------------------------------------------------------


def receive(page, form, network_key):
    """Store a valid enquiry (throttled per network) and email it to the practice on commit.

    Raises ``Throttled`` or ``ThrottlesUnavailable``; nothing is stored then.
    """
    rates = enquiry_rates()
    throttles.check(THROTTLE_ACTION, network_key, rates)
    with transaction.atomic():
        enquiry = page.process_form_submission(form)
        # Inside the transaction: if the counters cannot be written, nothing is stored.
        throttles.record(THROTTLE_ACTION, network_key, rates)
    return enquiry


def store(page, form):
    """Keep a valid enquiry and email it to the practice once the transaction commits (unless it
    looks like link spam: then it is only kept, marked, for the owner to look at)."""
    from .models import Enquiry

    answers = form.answers()
    likely_spam = spam.looks_like_link_spam(*answers.values())
    enquiry = Enquiry.objects.create(page=page, form_data=answers, likely_spam=likely_spam)
    if not likely_spam:
        transaction.on_commit(lambda: notify_practice(page, enquiry, form))
    return enquiry


def recipients(page) -> list[str]:
    if page.to_address.strip():
        return [address.strip() for address in page.to_address.split(",") if address.strip()]
    from .models import PracticeSettings

    email = PracticeSettings.for_site(site_of(page)).email
    return [email] if email else []


def labels_in_language(page, language_code) -> dict[str, str]:
    """The form's labels as the practice wrote them in ``language_code`` (by field name), so an
    enquiry sent in Arabic is emailed with the labels the practice knows."""
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=language_code).first()
    source = page.get_translation_or_none(locale) if locale is not None else None
    if source is None or source.pk == page.pk:
        return {}
    return {field.clean_name: field.label for field in source.specific.get_form_fields()}


def _display(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return "" if value is None else str(value)


def notify_practice(page, enquiry, form):
    """Email the enquiry to the practice: the answers as plain text, nothing else about the
    visitor. Replies go to the address the visitor gave, if the form asked for one."""
    to = recipients(page)
    if not to:
        logger.warning(
            "Enquiry %s: no address to send it to (set the practice's email)", enquiry.pk
        )
        return
    reply_to = [
        form.cleaned_data[name]
        for name, field in form.fields.items()
        if isinstance(field, forms.EmailField) and form.cleaned_data.get(name)
    ][:1]
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailforms:list_submissions", args=[page.pk]
    )
    language = settings.LANGUAGE_CODE
    labels = labels_in_language(page, language)
    mail.send_quietly(
        mail.Email(
            template="practice_site/email/enquiry.txt",
            # Neutral on purpose: subjects show on lock screens and in shared inboxes.
            subject=gettext_lazy("New enquiry from your website"),
            to=to,
            language=language,
            context={
                "page": page,
                "enquiry": enquiry,
                "visitor_language": page.locale.get_display_name(),
                "answers": [
                    (
                        labels.get(name) or form.fields[name].label,
                        _display(form.cleaned_data.get(name)),
                    )
                    for name in form.owner_field_names
                ],
                "admin_url": admin_url,
                "replies_to_visitor": bool(reply_to),
            },
            links=[admin_url],
            reply_to=reply_to or None,
            site=site_of(page),
        ),
        f"enquiry {enquiry.pk} to the practice",
    )


# --------------------------------------------------------------------------------------------
# Who reads enquiries; forgetting them
# --------------------------------------------------------------------------------------------

READ_PERMISSION = "practice_site.read_enquiries"


def can_read_enquiries(user) -> bool:
    """Enquiries are clients' words: only people given "Can read enquiries" (and superusers)
    read them, whatever pages they may edit or translate."""
    return bool(user and user.is_active and user.has_perm(READ_PERMISSION))


def filter_readable_forms(user, form_pages):
    """The ``filter_form_submissions_for_user`` hook: contact pages' enquiries need the
    permission; other form pages keep Wagtail's rule (edit rights on the page)."""
    from .models import ContactPage

    if can_read_enquiries(user):
        limits = locale_limits(user)
        if limits is None:
            return form_pages
        # Someone limited to some languages reads the enquiries sent in those languages only.
        return form_pages.filter(locale_id__in=limits)
    return form_pages.exclude(
        content_type__model=ContactPage._meta.model_name,
        content_type__app_label=ContactPage._meta.app_label,
    )


def purge(days=None) -> list[str]:
    """Delete enquiries older than the retention period the owner set (or ``days``)."""
    from datetime import timedelta

    from wagtail.models import Page, Site

    from .models import Enquiry, PracticeSettings

    now = timezone.now()
    default_site = Site.objects.filter(is_default_site=True).first()
    deleted = 0
    for page in Page.objects.filter(pk__in=Enquiry.objects.values("page_id")):
        # Each site's contact pages keep enquiries as long as that site's owner chose.
        site = site_of(page) or default_site
        retention = days or (
            PracticeSettings.for_site(site).enquiry_retention_days
            if site is not None
            else PracticeSettings._meta.get_field("enquiry_retention_days").default
        )
        deleted += Enquiry.objects.filter(
            page=page, submit_time__lt=now - timedelta(days=retention)
        ).delete()[0]
    period = f"{days} days" if days else "the practice's retention period"
    return [f"Deleted {deleted} enquiries older than {period}."]


def erase(email, dry_run=False) -> list[str]:
    """Delete every enquiry in which ``email`` was given."""
    from .models import Enquiry

    wanted = email.strip().lower()
    matching = [
        enquiry.pk
        for enquiry in Enquiry.objects.only("pk", "form_data").iterator()
        if any(
            isinstance(value, str) and value.strip().lower() == wanted
            for value in (enquiry.form_data or {}).values()
        )
    ]
    if dry_run:
        return [f"Would delete {len(matching)} enquiries."]
    Enquiry.objects.filter(pk__in=matching).delete()
    return [f"Deleted {len(matching)} enquiries."]
