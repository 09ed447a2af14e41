"""Visitors' star ratings of posts and their running totals."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from .. import conf


def ratings_per_locale() -> bool:
    """Whether each translation of a post keeps its own ratings (off by default: shared)."""
    return bool(conf.get("RATINGS_PER_LOCALE"))


class Rating(models.Model):
    """One visitor's star rating of one post (a ballot), changeable by that visitor.

    ``voter_key`` is a keyed hash of the visitor's cookie (or ``user:<id>`` for a signed-in user):
    never the cookie itself nor an IP address. ``scope`` says which summary the rating counts
    in: the post's translation key (shared by all its translations) or that plus the language.

    A ballot from a burst (too many new ballots from one network on one post in a short time)
    is held as *pending*: not counted in the summary until the owner accepts it in the admin or
    its cool-down passes (see :mod:`practice_blog.rating_moderation`). ``network_key`` (a keyed
    hash of
    the visitor's network) and ``cookie_age`` are kept so the owner can see such floods grouped;
    neither is ever shown.
    """

    class Status(models.TextChoices):
        COUNTED = "counted", _("Counted")
        PENDING = "pending", _("Held (not counted yet)")

    # Visitor data, not content: no "usage" entries, no reference-index writes on every save.
    wagtail_reference_index_ignore = True

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("post"), on_delete=models.CASCADE, related_name="+"
    )
    translation_key = models.UUIDField(_("translation key"), db_index=True)
    locale = models.ForeignKey(
        Locale, verbose_name=_("language"), on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(_("scope"), max_length=64)
    voter_key = models.CharField(_("voter key"), max_length=80)
    stars = models.PositiveSmallIntegerField(_("stars"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.COUNTED
    )
    network_key = models.CharField(
        _("network"),
        max_length=64,
        blank=True,
        default="",
        help_text=_("A keyed hash of the visitor's network (never the address)."),
    )
    cookie_age = models.PositiveIntegerField(
        _("cookie age"),
        null=True,
        blank=True,
        help_text=_(
            "Seconds the visitor's cookie had existed when they first rated; "
            "empty for a visitor without one."
        ),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        permissions = [("moderate_ratings", _("Can moderate ratings"))]
        indexes = [
            models.Index(
                fields=["scope", "network_key", "created"], name="blog_rating_network_recent"
            ),
            models.Index(fields=["status", "created"], name="blog_rating_status_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=1) & Q(stars__lte=5), name="blog_rating_stars_1_to_5"
            ),
            models.UniqueConstraint(
                fields=["scope", "voter_key"], name="blog_rating_one_per_voter"
            ),
        ]

    def __str__(self):
        return f"{self.stars}★ on page {self.page_id}"


class RatingSummary(models.Model):
    """Running totals of one post's ratings, updated in the same transaction as each rating.

    Kept off the page model so publishing or reverting a revision cannot overwrite them.
    """

    # Visitor data, not content: no "usage" entries, no reference-index writes on every save.
    wagtail_reference_index_ignore = True

    scope = models.CharField(_("scope"), max_length=64, unique=True)
    translation_key = models.UUIDField(_("translation key"), db_index=True)
    locale = models.ForeignKey(
        Locale,
        verbose_name=_("language"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty when the post's translations share their ratings."),
    )
    count = models.PositiveIntegerField(_("ratings"), default=0)
    total = models.PositiveIntegerField(_("total stars"), default=0)
    count_1 = models.PositiveIntegerField(default=0)
    count_2 = models.PositiveIntegerField(default=0)
    count_3 = models.PositiveIntegerField(default=0)
    count_4 = models.PositiveIntegerField(default=0)
    count_5 = models.PositiveIntegerField(default=0)
    held = models.PositiveIntegerField(
        _("held ratings"), default=0, help_text=_("Ballots held from a burst, not counted yet.")
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("rating summary")
        verbose_name_plural = _("rating summaries")

    def __str__(self):
        return f"{self.average} ({self.count}) for {self.scope}"

    @property
    def average(self) -> float | None:
        return average_of(self.count, self.total)

    @property
    def distribution(self) -> dict[str, int]:
        return {str(n): getattr(self, f"count_{n}") for n in range(1, 6)}

    def as_dict(self) -> dict:
        return {"count": self.count, "average": self.average, "distribution": self.distribution}


def average_of(count, total) -> float | None:
    """Average stars to one decimal, half up (4.25 → 4.3), or None when nobody has rated."""
    if not count:
        return None
    tenths = (total * 10 * 2 + count) // (count * 2)  # integer half-up rounding
    return tenths / 10
