"""The shared core's one model: the content versions every cache key carries (see
:mod:`practice_core.versions`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """A number that changes, in the same transaction, whenever something in its scope changes.

    One row per scope: ``content`` (any page, view restriction, snippet, setting, image,
    document, site or locale, and the models plugins register) and narrower scopes plugins name
    for their visitor data (e.g. one post's ratings and comments). Every cache key carries the
    numbers of the scopes its value was built from, read from the database by the request that
    uses it, so every worker and every server sees a change at once. Bookkeeping, not content.
    """

    scope = models.CharField(_("scope"), max_length=100, primary_key=True)
    number = models.BigIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self):
        return f"{self.scope}: {self.number}"
