"""The checklist trainings are scored against: versioned, translatable, editable in the admin."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

WEIGHT_CHOICES = [(1, _("1 (normal)")), (2, _("2 (important)")), (3, _("3 (very important)"))]


class ChecklistQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class Checklist(TranslatableMixin, ClusterableModel):
    """One version of the checklist trainings are assessed against.

    Versions are numbered 1, 2, 3...; a version is a draft until it is published, and a published
    version never changes again (assessments made against it must keep meaning what they meant).
    Changing the checklist means publishing a new version with a changelog. Translations of a
    version share its number, publication date, item codes, weights and essential flags; only
    the text is translated.
    """

    title = models.CharField(_("title"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown at the top of the methodology page.")
    )
    changelog = models.TextField(
        _("changelog"), blank=True, help_text=_("What changed since the previous version, and why.")
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("introduction"),
        FieldPanel("changelog"),
        MultiFieldPanel(
            [InlinePanel("items", label=_("Item"), min_num=1)], heading=_("Checklist items")
        ),
    ]
    override_translatable_fields = [
        SynchronizedField("version"),
        SynchronizedField("published_at"),
    ]

    objects = ChecklistQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["version", "locale"], name="unique_checklist_version")
        ]

    def __str__(self):
        return _("%(title)s, version %(version)s") % {"title": self.title, "version": self.version}

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @classmethod
    def in_force(cls, locale=None):
        """The newest published version: in ``locale`` when translated, else in the default one.

        One query: every translation of the newest version, chosen from in Python.
        """
        newest = cls.objects.published().order_by("-version").values("version")[:1]
        candidates = list(
            cls.objects.published()
            .filter(version=models.Subquery(newest))
            .select_related("locale")
            .order_by("pk")
        )
        if not candidates:
            return None
        if locale is not None:
            for checklist in candidates:
                if checklist.locale_id == locale.pk:
                    return checklist
        default_code = default_language_code()
        for checklist in candidates:
            if checklist.locale.language_code == default_code:
                return checklist
        return candidates[0]

    @classmethod
    def published_versions(cls, locale=None):
        """Every published version, newest first, each in ``locale`` when translated."""
        by_version = {}
        for checklist in cls.objects.published().select_related("locale").order_by("-version"):
            current = by_version.get(checklist.version)
            if current is None or (locale is not None and checklist.locale_id == locale.pk):
                by_version[checklist.version] = checklist
        return [by_version[number] for number in sorted(by_version, reverse=True)]

    def localized_for(self, locale):
        """This version in ``locale`` if it has been translated, else itself."""
        if locale is None or locale.pk == self.locale_id:
            return self
        return self.get_translation_or_none(locale) or self


class ChecklistItem(TranslatableMixin, Orderable):
    """One question of the checklist, with guidance for each answer level.

    ``code`` is stable across versions and languages (it is how answers are carried forward);
    ``section`` is a short code grouping items (the seed has ``questions`` and ``dimensions``),
    ``section_title`` its translated heading.
    """

    checklist = ParentalKey(Checklist, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("code"), max_length=40)
    section = models.SlugField(_("section code"), max_length=40)
    section_title = models.CharField(_("section title"), max_length=200)
    question = models.TextField(_("question"))
    guidance_not_evident = models.TextField(_("guidance for 0 (not evident)"), blank=True)
    guidance_limited = models.TextField(_("guidance for 1 (limited)"), blank=True)
    guidance_present = models.TextField(_("guidance for 2 (present)"), blank=True)
    guidance_central = models.TextField(_("guidance for 3 (central)"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        choices=WEIGHT_CHOICES,
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    essential = models.BooleanField(
        _("essential"),
        default=False,
        help_text=_("An essential item answered 0 caps the band at 'partial alignment'."),
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("section"),
        FieldPanel("section_title"),
        FieldPanel("question"),
        FieldPanel("guidance_not_evident"),
        FieldPanel("guidance_limited"),
        FieldPanel("guidance_present"),
        FieldPanel("guidance_central"),
        FieldPanel("weight"),
        FieldPanel("essential"),
    ]
    override_translatable_fields = [
        SynchronizedField("code"),
        SynchronizedField("section"),
        SynchronizedField("weight"),
        SynchronizedField("essential"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["sort_order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=3), name="checklist_item_weight_1_3"
            )
        ]

    def __str__(self):
        return f"{self.code}: {self.question[:60]}"

    def clean(self):
        super().clean()
        if self.weight is not None and not 1 <= self.weight <= 3:
            raise ValidationError({"weight": _("The weight must be 1, 2 or 3.")})

    @property
    def guidance(self):
        """Guidance per answer level, as (points, label, text) rows."""
        return [
            (0, _("Not evident"), self.guidance_not_evident),
            (1, _("Limited"), self.guidance_limited),
            (2, _("Present"), self.guidance_present),
            (3, _("Central"), self.guidance_central),
        ]

    def content_signature(self):
        """What must be equal for an answer to this item to stay valid in a later version."""
        return (self.code, self.section, self.question.strip(), self.weight, self.essential)


class Framework(TranslatableMixin, models.Model):
    """A therapeutic framework a training draws on (polyvagal theory, attachment theory, ...)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("Used in filter URLs."))
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Provider(TranslatableMixin, models.Model):
    """An organisation or person offering trainings."""

    name = models.CharField(_("name"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    accreditation = models.CharField(
        _("accreditation"),
        max_length=255,
        blank=True,
        help_text=_("Bodies that accredit this provider, if any."),
    )

    panels = [FieldPanel("name"), FieldPanel("website"), FieldPanel("accreditation")]
    override_translatable_fields = [SynchronizedField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]

    def __str__(self):
        return self.name


def default_language_code() -> str:
    """The source language's code, without the query ``Locale.get_default()`` makes."""
    from django.conf import settings

    return get_supported_content_language_variant(settings.LANGUAGE_CODE)
