"""Visitors' comments on posts (and the practice's replies)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)


class Comment(models.Model):
    """A visitor's comment on a post (or the practice's reply), held for moderation by default.

    The email address is optional, never shown and never in the API; it exists so the practice
    can answer privately, so the visitor can be told of the practice's reply when they asked
    (``notify_on_reply``), and so ``erase_visitor_data --email`` can find a person's comments.
    """

    # Visitor data, not content: no "usage" entries, no reference-index writes on every save.
    wagtail_reference_index_ignore = True

    MAX_BODY_LENGTH = 3000

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("post"), on_delete=models.CASCADE, related_name="+"
    )
    translation_key = models.UUIDField(_("translation key"), db_index=True)
    locale = models.ForeignKey(
        Locale, verbose_name=_("language"), on_delete=models.CASCADE, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author_name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("email (never shown)"), blank=True)
    body = models.TextField(_("comment"), max_length=MAX_BODY_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    is_practice_reply = models.BooleanField(_("reply from the practice"), default=False)
    notify_on_reply = models.BooleanField(
        _("tell them when the practice replies"),
        default=False,
        help_text=_("The visitor asked for one email per reply from the practice."),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-created"]
        indexes = [models.Index(fields=["translation_key", "locale", "status", "created"])]
        permissions = [("moderate_comments", _("Can moderate comments"))]

    def __str__(self):
        return _("Comment by %(name)s") % {"name": self.author_name}

    def moderate(self, status, user):
        self.status = status
        self.moderated_by = user
        self.moderated_at = timezone.now()
        self.save(update_fields=["status", "moderated_by", "moderated_at"])
