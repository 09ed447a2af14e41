"""The visitor forms shown on a post: the star rating and the comment form.

The comment form carries the shared spam traps (:mod:`practice_core.spam`): a honeypot field
people never see, and a signed time stamp (comments sent within 3 seconds of loading the page, or
more than 2 hours later, or with a tampered stamp are refused).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from practice_core import spam

from .models import Comment

TIMESTAMP_SALT = "practice_blog.forms.comment-started"
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
    return spam.sign_timestamp(TIMESTAMP_SALT, now)


class CommentForm(spam.SpamTrapsMixin, forms.Form):
    """A visitor's comment, with the shared spam traps (:mod:`practice_core.spam`)."""

    field_order = ["author_name", "email", "notify_on_reply", "body"]
    timestamp_salt = TIMESTAMP_SALT
    min_seconds = MIN_SECONDS
    max_seconds = MAX_SECONDS
    trap_messages = {
        "honeypot": _("Your comment could not be accepted."),
        "tampered": _("Your comment could not be accepted. Please reload the page and try again."),
        "too_fast": _("That was quick! Please take a moment and send your comment again."),
        "expired": _(
            "This form has expired. Please copy your comment, reload the page and send it."
        ),
    }

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
    notify_on_reply = forms.BooleanField(
        label=_("Email me when the practice replies"),
        required=False,
        help_text=_("One email per reply, with a link to stop them. Needs your email address."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def clean(self):
        cleaned_data = super().clean()
        wants_email = cleaned_data.get("notify_on_reply") and not cleaned_data.get("email")
        if wants_email and "email" not in self.errors:
            self.add_error("email", _("Give your email address so we can tell you when we reply."))
        return cleaned_data


class FollowForm(spam.SpamTrapsMixin, forms.Form):
    """ "Get new posts by email": an address, confirmed by a link emailed to it.

    No signed start time: the form sits on pages cached whole for every visitor. The confirmation
    link (double opt-in), the honeypot and limits per network and per address protect it.
    """

    timestamp_salt = None
    honeypot_name = "website"
    trap_messages = {**spam.SpamTrapsMixin.trap_messages}

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
