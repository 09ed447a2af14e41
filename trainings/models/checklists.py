"""The checklist trainings are scored against: versioned, translatable, editable in the admin."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin, TranslatableMixin
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

    def localized_for(self, locale):
        """This version in ``locale`` if its translation is published, else itself."""
        if locale is None or locale.pk == self.locale_id:
            return self
        translation = self.get_translation_or_none(locale)
        if translation is None or not published_translations([translation]):
            return self
        return translation

    @classmethod
    def for_visitors(cls, locale):
        """What a page in ``locale`` shows: ``(version, newer)``.

        ``version`` is the newest published version whose translation into ``locale`` its
        translator has published (or the version in force, in the page's own language);
        ``newer`` is the version in force when that is a later one, not yet translated, so the
        page can say so and link to it rather than show its text untranslated.
        """
        in_force = cls.in_force(locale)
        if in_force is None or locale is None:
            return in_force, None
        if in_force.locale_id == locale.pk and published_translations([in_force]):
            return in_force, None
        candidates = list(
            cls.objects.published()
            .filter(locale=locale, version__lt=in_force.version)
            .select_related("locale")
            .order_by("-version")
        )
        published = published_translations(candidates)
        shown = next((c for c in candidates if c.pk in published), None)
        return shown, cls.in_force(None)

    @classmethod
    def published_versions(cls, locale=None):
        """Every published version, newest first, each in ``locale`` when its translation is
        published (else in the source language, with its own ``locale``)."""
        rows = list(cls.objects.published().select_related("locale").order_by("-version"))
        in_locale = [row for row in rows if locale is not None and row.locale_id == locale.pk]
        published = published_translations(in_locale)
        by_version = {}
        for checklist in rows:
            current = by_version.get(checklist.version)
            if locale is not None and checklist.locale_id == locale.pk:
                if checklist.pk in published:
                    by_version[checklist.version] = checklist
            elif current is None or (
                current.locale_id != (locale.pk if locale else None)
                and checklist.locale.language_code == default_language_code()
            ):
                by_version[checklist.version] = checklist
        return [by_version[number] for number in sorted(by_version, reverse=True)]


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


class Framework(DraftStateMixin, RevisionMixin, TranslatableMixin, models.Model):
    """A therapeutic framework a training draws on (polyvagal theory, attachment theory, ...).

    A translation is a draft until its translator publishes it (visitors read the source).
    """

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("Used in filter URLs."))
    description = models.TextField(_("description"), blank=True)
    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="practice_trainings_framework"
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions


class Provider(DraftStateMixin, RevisionMixin, TranslatableMixin, models.Model):
    """An organisation or person offering trainings (a translation is a draft until published)."""

    name = models.CharField(_("name"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    accreditation = models.CharField(
        _("accreditation"),
        max_length=255,
        blank=True,
        help_text=_("Bodies that accredit this provider, if any."),
    )
    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="practice_trainings_provider"
    )

    panels = [FieldPanel("name"), FieldPanel("website"), FieldPanel("accreditation")]
    override_translatable_fields = [SynchronizedField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions


def published_translations(checklists) -> set[int]:
    """The ids among ``checklists`` whose text visitors may read.

    A checklist is not a draft-and-publish snippet (its versions are published with the
    checklist's own action and never change), so a translation made by wagtail-localize is a copy
    of the source's text until its translator publishes it from the editor. It counts as
    published when every segment is translated and the copy was written (by the translator's
    Publish) after the last change to those translations. A version in the source language, or
    a translation made by hand (not managed by wagtail-localize), always counts.
    """
    from django.db.models import Max
    from wagtail_localize.models import (
        StringSegment,
        StringTranslation,
        Translation,
        TranslationLog,
    )

    checklists = list(checklists)
    result = set()
    managed = {}
    for checklist in checklists:
        managed[(checklist.translation_key, checklist.locale_id)] = checklist
    translations = {
        (t.source.object_id, t.target_locale_id): t
        for t in Translation.objects.filter(
            source__object_id__in=[c.translation_key for c in checklists],
            target_locale_id__in=[c.locale_id for c in checklists],
            enabled=True,
        ).select_related("source")
    }
    for key, checklist in managed.items():
        translation = translations.get(key)
        if translation is None or translation.source.locale_id == checklist.locale_id:
            result.add(checklist.pk)
            continue
        total, done = translation.get_progress()
        if total != done:
            continue
        last_translated = StringTranslation.objects.filter(
            locale_id=checklist.locale_id,
            translation_of_id__in=StringSegment.objects.filter(
                source_id=translation.source_id
            ).values("string_id"),
        ).aggregate(latest=Max("updated_at"))["latest"]
        last_written = TranslationLog.objects.filter(
            source_id=translation.source_id, locale_id=checklist.locale_id
        ).aggregate(latest=Max("created_at"))["latest"]
        if last_written is not None and (
            last_translated is None or last_written >= last_translated
        ):
            result.add(checklist.pk)
    return result


def default_language_code() -> str:
    """The source language's code, without the query ``Locale.get_default()`` makes."""
    from django.conf import settings

    return get_supported_content_language_variant(settings.LANGUAGE_CODE)
