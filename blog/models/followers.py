"""People who get the journal's new posts by email, and what was sent to them.

Double opt-in: a follower is ``pending`` until they open the signed link in the confirmation
email. A :class:`FollowerDelivery` row is written *before* a post is emailed to a follower and
is unique per follower and post: that row is what makes sending idempotent, even when the
sending command is interrupted (see ``send_follower_emails``).
"""

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale


class Follower(models.Model):
    """Someone who asked for a journal's new posts by email, in their language."""

    # Visitor data, not content: no reference-index writes.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")

    email = models.EmailField(_("email"), max_length=254)
    journal_key = models.UUIDField(
        _("journal"), db_index=True, help_text=_("The translation key of the blog index.")
    )
    locale = models.ForeignKey(
        Locale, verbose_name=_("language"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created = models.DateTimeField(_("asked"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("last weekly digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "journal_key", name="blog_follower_one_per_address"
            )
        ]

    def __str__(self):
        return self.email


class FollowerDelivery(models.Model):
    """One post emailed (or being emailed) to one follower.

    ``claimed`` is written before sending and becomes ``sent`` once the mail server accepted the
    email. A claim left behind by an interrupted run becomes ``interrupted`` and is never sent
    again: a post is never sent twice to the same person. A refused send is ``failed`` and is
    tried again on a later run (at most ``MAX_ATTEMPTS`` times).
    """

    wagtail_reference_index_ignore = True
    MAX_ATTEMPTS = 3

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Being sent")
        SENT = "sent", _("Sent")
        INTERRUPTED = "interrupted", _("Interrupted")
        FAILED = "failed", _("Failed")

    follower = models.ForeignKey(
        Follower, verbose_name=_("follower"), on_delete=models.CASCADE, related_name="deliveries"
    )
    translation_key = models.UUIDField(_("post"))
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("post in the follower's language"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CLAIMED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    claimed_at = models.DateTimeField(_("claimed"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("email to a follower")
        verbose_name_plural = _("emails to followers")
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "translation_key"], name="blog_delivery_once_per_post"
            )
        ]
        indexes = [models.Index(fields=["status", "claimed_at"])]

    def __str__(self):
        return f"{self.translation_key} → {self.follower_id}: {self.status}"
