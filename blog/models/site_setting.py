"""The blog's site setting: how comments and ratings are treated on one site."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from practice_core.cache import cached

RATE_LIMIT_PATTERN = re.compile(r"^\s*\d+\s*/\s*(second|minute|hour|day)\s*$")


def validate_rate_limits(value):
    """Accept "3/minute, 20/day": comma-separated counts per second, minute, hour or day."""
    if not value.strip():
        return
    for part in value.split(","):
        if not RATE_LIMIT_PATTERN.match(part):
            raise ValidationError(
                _('Write limits like "3/minute, 20/day" (per second, minute, hour or day).')
            )


@register_setting(icon="comment")
class BlogSettings(BaseSiteSetting):
    """How the blog treats visitors' comments and ratings on one site."""

    auto_approve_comments = models.BooleanField(
        _("publish comments without moderation"),
        default=False,
        help_text=_("Off: every new comment waits for a moderator before it is shown."),
    )
    close_comments_after_days = models.PositiveIntegerField(
        _("close comments after (days)"),
        null=True,
        blank=True,
        help_text=_("Comments close this many days after a post's publication date. Empty: never."),
    )
    notification_email = models.EmailField(
        _("notification email"),
        blank=True,
        help_text=_("Each new comment is announced to this address. Empty: no email."),
    )
    comment_rate_limits = models.CharField(
        _("comment limits per network"),
        max_length=100,
        default="3/minute, 20/day",
        validators=[validate_rate_limits],
    )
    rating_rate_limits = models.CharField(
        _("rating limits per network"),
        max_length=100,
        default="10/minute",
        validators=[validate_rate_limits],
    )

    class FollowerEmails(models.TextChoices):
        EACH_POST = "each", _("One email per new post")
        WEEKLY = "weekly", _("A weekly digest")

    offer_following = models.BooleanField(
        _("offer new posts by email"),
        default=True,
        help_text=_("Shows a “Get new posts by email” form on the journal and its posts."),
    )
    follower_emails = models.CharField(
        _("followers receive"),
        max_length=10,
        choices=FollowerEmails.choices,
        default=FollowerEmails.EACH_POST,
        help_text=_(
            "Emails are sent by the sending timer (manage.py send_follower_emails), in each "
            "follower's language."
        ),
    )

    @classmethod
    def cached_for_request(cls, request):
        """The settings for the request's site, kept in the cache under the site's content
        version (saving them raises it: see ``practice_core.versions``)."""
        memo = getattr(request, "_blog_settings", None)
        if memo is not None:
            return memo
        site = Site.find_for_request(request)
        if site is None:
            found = cls.for_request(request)
        else:
            found = cached("blog-settings", site.pk, build=lambda: cls.for_site(site))
        if request is not None:
            request._blog_settings = found
        return found

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("auto_approve_comments"),
                FieldPanel("close_comments_after_days"),
                FieldPanel("notification_email"),
            ],
            heading=_("Comments"),
        ),
        MultiFieldPanel(
            [FieldPanel("offer_following"), FieldPanel("follower_emails")],
            heading=_("Followers"),
        ),
        MultiFieldPanel(
            [FieldPanel("comment_rate_limits"), FieldPanel("rating_rate_limits")],
            heading=_("Limits against abuse"),
        ),
    ]

    class Meta:
        verbose_name = _("blog settings")

    @classmethod
    def for_default_site(cls):
        """The settings of the default site (or the defaults when no site exists yet)."""
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        return cls.for_site(site) if site is not None else cls()
