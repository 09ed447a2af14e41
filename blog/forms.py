"""The visitor forms shown on a post: the star rating and the comment form.

The comment form carries two spam traps: a honeypot field people never see, and a signed time
stamp (comments sent within 3 seconds of loading the page, or more than 2 hours later, or with a
tampered stamp are refused).
"""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .models import Comment

TIMESTAMP_SALT = "blog.forms.comment-started"
MIN_SECONDS = 3
MAX_SECONDS = 2 * 60 * 60
STAR_CHOICES = [(n, str(n)) for n in range(1, 6)]


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=STAR_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a rating from 1 to 5 stars."),
            "invalid_choice": _("Choose a rating from 1 to 5 stars."),
        },
    )


def sign_timestamp(now=None) -> str:
    return signing.dumps(now if now is not None else time.time(), salt=TIMESTAMP_SALT)


class CommentForm(forms.Form):
    author_name = forms.CharField(label=_("Name"), max_length=80)
    email = forms.EmailField(
        label=_("Email (optional, never shown)"),
        required=False,
        max_length=254,
        help_text=_("Only the practice sees it, in case we want to answer you privately."),
    )
    body = forms.CharField(
        label=_("Comment"),
        max_length=Comment.MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text, up to 3,000 characters. Links are not followed."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    # Honeypot: hidden from people by CSS and from assistive technology; bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = sign_timestamp()

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Your comment could not be accepted."), code="honeypot")
        return ""

    def clean_started(self):
        value = self.cleaned_data.get("started", "")
        try:
            started = float(signing.loads(value, salt=TIMESTAMP_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(
                _("Your comment could not be accepted. Please reload the page and try again."),
                code="tampered",
            ) from None
        elapsed = time.time() - started
        if elapsed < MIN_SECONDS:
            raise forms.ValidationError(
                _("That was quick! Please take a moment and send your comment again."),
                code="too_fast",
            )
        if elapsed > MAX_SECONDS:
            raise forms.ValidationError(
                _("This form has expired. Please copy your comment, reload the page and send it."),
                code="expired",
            )
        return value
