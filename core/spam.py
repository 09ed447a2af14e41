"""Spam traps shared by every form a visitor sends: comments, enquiries, following the journal.

- A **honeypot**: a text field hidden from people (by CSS) and from assistive technology
  (``aria-hidden`` on its wrapper, ``tabindex="-1"``); robots that fill every field fill it in.
- A **signed start time**: the form carries the time it was rendered, signed with the site's key.
  A form sent sooner than ``min_seconds`` after that (a robot), later than ``max_seconds`` (a
  stale page), or with a tampered stamp is refused with a message that says what to do.
- **Links**: :func:`count_links` counts the links in a text; a message with more than
  :data:`MAX_LINKS_BEFORE_SPAM` is most likely advertising and is kept aside, never published or
  forwarded (each form decides what "aside" means).

Throttles per network live in :mod:`practice_core.throttles` (the other half of the defence).
"""

import re
import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

LINK_PATTERN = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
MAX_LINKS_BEFORE_SPAM = 2


def count_links(text: str) -> int:
    """How many web links ``text`` contains (``http://``, ``https://`` or ``www.``)."""
    return len(LINK_PATTERN.findall(text or ""))


def looks_like_link_spam(*texts: str) -> bool:
    """More than :data:`MAX_LINKS_BEFORE_SPAM` links in these texts together."""
    return sum(count_links(text) for text in texts if isinstance(text, str)) > (
        MAX_LINKS_BEFORE_SPAM
    )


def sign_timestamp(salt: str, now: float | None = None) -> str:
    return signing.dumps(now if now is not None else time.time(), salt=salt)


class SpamTrapsMixin(forms.Form):
    """Adds the honeypot and the signed start time to a form.

    Subclasses set ``timestamp_salt`` (so one form's stamp cannot be replayed on another; None
    leaves the stamp out, for a form on pages that are cached whole for every visitor) and
    may rename the honeypot (``honeypot_name``) when the form could have a field of that name,
    and word the refusals for their form (``trap_messages``). Templates render the honeypot
    inside a wrapper with the ``form-field--trap`` class and ``aria-hidden="true"``, and show
    its errors and the stamp's errors above the form (their fields are not visible).
    """

    timestamp_salt = "practice_core.spam.started"
    honeypot_name = "website"
    min_seconds = 3
    max_seconds = 2 * 60 * 60
    trap_messages = {
        "honeypot": _("Your message could not be accepted."),
        "tampered": _("Your message could not be accepted. Please reload the page and try again."),
        "too_fast": _("That was quick! Please take a moment and send your message again."),
        "expired": _(
            "This form has expired. Please copy your message, reload the page and send it."
        ),
    }

    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.honeypot_name] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        if self.timestamp_salt is None:
            del self.fields["started"]
        elif not self.is_bound:
            self.initial["started"] = sign_timestamp(self.timestamp_salt)

    @property
    def honeypot(self):
        """The bound honeypot field (for templates: ``{{ form.honeypot }}``)."""
        return self[self.honeypot_name]

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get(self.honeypot_name):
            self.add_error(
                self.honeypot_name,
                forms.ValidationError(self.trap_messages["honeypot"], code="honeypot"),
            )
        return cleaned_data

    def clean_started(self):
        value = self.cleaned_data.get("started", "")
        try:
            started = float(signing.loads(value, salt=self.timestamp_salt))
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(self.trap_messages["tampered"], code="tampered") from None
        elapsed = time.time() - started
        if elapsed < self.min_seconds:
            raise forms.ValidationError(self.trap_messages["too_fast"], code="too_fast")
        if elapsed > self.max_seconds:
            raise forms.ValidationError(self.trap_messages["expired"], code="expired")
        return value
