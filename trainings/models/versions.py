"""The version number that keys the plugin's caches (see ``trainings.caching``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """A counter raised in the same transaction as every change a visitor of the directory
    could see: a training published, unpublished, moved or deleted, an assessment, answer or
    evidence translation saved, a checklist item or framework edited, a view restriction set.

    Cached listings, scorecards and API answers are keyed on this number, read from the
    database in the request that uses them, so every worker (each has its own local-memory
    cache when Redis is not configured) sees a change at once. Bookkeeping, not content: it is
    not translatable and has a single row.
    """

    number = models.PositiveBigIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self):
        return str(self.number)
