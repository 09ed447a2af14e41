"""Assessments: how one training measures up against one version of the checklist."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from ..scoring import (
    BAND_INSUFFICIENT,
    BAND_LIMITED,
    BAND_PARTIAL,
    BAND_STRONG,
    NOT_APPLICABLE,
    UNKNOWN,
    consensus,
    reviewers_disagree,
)

ANSWER_CHOICES = [
    ("0", _("0 – not evident")),
    ("1", _("1 – limited")),
    ("2", _("2 – present")),
    ("3", _("3 – central")),
    (NOT_APPLICABLE, _("N/A – not applicable")),
    (UNKNOWN, _("Unknown – not checked yet")),
]
ANSWER_LABELS = dict(ANSWER_CHOICES)

BAND_CHOICES = [
    (BAND_STRONG, _("Strong alignment")),
    (BAND_PARTIAL, _("Partial alignment")),
    (BAND_LIMITED, _("Limited alignment")),
    (BAND_INSUFFICIENT, _("Insufficient evidence")),
]
BAND_LABELS = dict(BAND_CHOICES)

SOURCE_CHOICES = [
    ("syllabus", _("Syllabus")),
    ("website", _("Website")),
    ("interview", _("Interview")),
    ("attended", _("Attended")),
]


class AssessmentQuerySet(models.QuerySet):
    def with_newest_version(self):
        """Annotate the newest published checklist version, so ``re_review_due`` needs no query."""
        from .checklists import Checklist

        newest = Checklist.objects.filter(published_at__isnull=False).order_by("-version")
        return self.annotate(newest_version=models.Subquery(newest.values("version")[:1]))


class Assessment(ClusterableModel):
    """One training assessed against one checklist version, with one answer per item.

    An assessment belongs to the training as a whole, not to one language's page: it is keyed by
    the page's ``translation_key`` (and points at the page it was created from for the admin), so
    every translation shows the same score and wagtail-localize never copies or replaces it.

    ``score``, ``coverage``, ``band``, ``strongest_section`` and ``section_scores`` are derived by
    ``practice_trainings.scoring.compute_score`` (see
    ``practice_trainings.services.recompute_assessment``) and stored
    so listings can filter and sort in the database; never edit them by hand.
    """

    training = models.ForeignKey(
        "practice_trainings.TrainingPage",
        verbose_name=_("training"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    training_key = models.UUIDField(_("training key"), db_index=True, editable=False)
    checklist = models.ForeignKey(
        "practice_trainings.Checklist",
        verbose_name=_("checklist version"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    second_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("second reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional. With several reviewers each item shows one answer: the one more than "
            "half of them gave, otherwise their median rounded down to a whole answer."
        ),
    )
    third_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("third reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. A third reviewer settles a disagreement between the first two."),
    )
    reviewed_on = models.DateField(_("reviewed on"), default=timezone.localdate)
    notes = models.TextField(_("internal notes"), blank=True)

    # Derived from the answers by the score function; kept in step by practice_trainings.services.
    score = models.FloatField(_("score"), null=True, blank=True, editable=False, db_index=True)
    coverage = models.FloatField(_("coverage"), default=0, editable=False)
    band = models.CharField(
        _("band"), max_length=20, choices=BAND_CHOICES, default=BAND_INSUFFICIENT, editable=False
    )
    strongest_section = models.CharField(
        _("strongest section"), max_length=40, blank=True, editable=False
    )
    section_scores = models.JSONField(_("section scores"), default=list, editable=False)
    is_latest = models.BooleanField(
        _("latest assessment of the training"), default=False, editable=False, db_index=True
    )
    is_draft = models.BooleanField(
        _("draft"),
        default=False,
        editable=False,
        help_text=_("A draft is not shown to visitors until it is published."),
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried forward from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    rereview_pending = models.BooleanField(
        _("re-review pending"),
        default=False,
        editable=False,
        help_text=_(
            "Carried forward from an older version and an item that changed is not answered yet."
        ),
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_key", "checklist"], name="one_assessment_per_version"
            )
        ]

    def __str__(self):
        return _("%(training)s against version %(version)s") % {
            "training": self.training.title if self.training_id else "?",
            "version": self.checklist.version if self.checklist_id else "?",
        }

    def save(self, *args, **kwargs):
        if self.training_id and not self.training_key:
            self.training_key = self.training.translation_key
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.checklist_id and not self.checklist.is_published:
            raise ValidationError(
                {"checklist": _("Assess against a published checklist version, not a draft.")}
            )
        if self.training_id:
            self.training_key = self.training.translation_key
            clash = Assessment.objects.filter(
                training_key=self.training_key, checklist_id=self.checklist_id
            ).exclude(pk=self.pk)
            if self.checklist_id and clash.exists():
                raise ValidationError(
                    _("This training already has an assessment against this checklist version.")
                )

    @property
    def band_label(self):
        return BAND_LABELS.get(self.band, self.band)

    @property
    def re_review_due(self) -> bool:
        """True when a newer checklist version than the one used here has been published, or
        when this assessment was carried forward and a changed item is not answered yet."""
        from .checklists import Checklist

        if self.rereview_pending:
            return True
        newest = getattr(self, "newest_version", None)
        if newest is None:
            newest = (
                Checklist.objects.published()
                .order_by("-version")
                .values_list("version", flat=True)
                .first()
            )
        return newest is not None and self.checklist.version < newest


class Answer(models.Model):
    """The answer to one checklist item in one assessment, with its evidence."""

    assessment = ParentalKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(
        "practice_trainings.ChecklistItem",
        verbose_name=_("checklist item"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    value = models.CharField(_("answer"), max_length=8, choices=ANSWER_CHOICES, default=UNKNOWN)
    second_value = models.CharField(
        _("second reviewer's answer"), max_length=8, choices=ANSWER_CHOICES, blank=True
    )
    third_value = models.CharField(
        _("third reviewer's answer"), max_length=8, choices=ANSWER_CHOICES, blank=True
    )
    evidence_note = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("evidence URL"), blank=True, max_length=500)
    source = models.CharField(_("source"), max_length=20, choices=SOURCE_CHOICES, blank=True)
    checked_on = models.DateField(_("date checked"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["item__sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="one_answer_per_item")
        ]

    def __str__(self):
        return f"{self.assessment} – {self.item.code}: {self.value}"

    def clean(self):
        super().clean()
        errors = {}
        valid = {code for code, _label in ANSWER_CHOICES}
        if self.value not in valid:
            errors["value"] = _("Choose 0, 1, 2, 3, N/A or unknown.")
        for name in ("second_value", "third_value"):
            if getattr(self, name) and getattr(self, name) not in valid:
                errors[name] = _("Choose 0, 1, 2, 3, N/A or unknown.")
        strong = {"2", "3"}
        has_evidence = bool(self.evidence_note.strip() or self.evidence_url.strip())
        if strong & set(self.reviewer_values) and not has_evidence:
            errors["evidence_note"] = _(
                "An answer of 2 or 3 needs evidence: a note or a URL showing where you saw it."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def reviewer_values(self) -> list[str]:
        """Every reviewer's answer to this item, in reviewer order (first, second, third)."""
        return [value for value in (self.value, self.second_value, self.third_value) if value]

    @property
    def reviewer_labels(self) -> list[str]:
        """Every reviewer's answer as its label, in reviewer order (for the owner's admin)."""
        return [ANSWER_LABELS.get(value, value) for value in self.reviewer_values]

    @property
    def consensus_value(self) -> str:
        """The one answer every surface shows and the score uses (``scoring.consensus``):
        "0".."3", "na" or "unknown"."""
        return consensus(*self.reviewer_values)

    @property
    def consensus_label(self):
        return ANSWER_LABELS.get(self.consensus_value, self.consensus_value)

    @property
    def reviewers_disagree(self) -> bool:
        return reviewers_disagree(*self.reviewer_values)

    @property
    def value_label(self):
        return ANSWER_LABELS.get(self.value, self.value)


class AssessmentEvidence(DraftStateMixin, RevisionMixin, TranslatableMixin, ClusterableModel):
    """The evidence notes of one assessment, as a text wagtail-localize translates.

    Answers belong to the assessment every translation of a training shares, so their evidence
    notes are written once, on the assessing screen, in the training's own language. This snippet
    mirrors them (``practice_trainings.evidence.sync_evidence`` keeps the source in step with the
    answers):
    one :class:`EvidenceNote` per answer that has a note. Translators translate it in
    wagtail-localize's editor or a PO file like any other snippet, and visitors read a language's
    notes once its translator has published them (until then the source, marked untranslated).
    """

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="evidence_texts",
    )
    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="practice_trainings_assessmentevidence"
    )

    panels = [
        FieldPanel("assessment", read_only=True),
        InlinePanel("notes", heading=_("Evidence notes")),
    ]
    override_translatable_fields = [SynchronizedField("assessment")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("evidence notes")
        verbose_name_plural = _("evidence notes")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "locale"], name="one_evidence_text_per_language"
            )
        ]

    def __str__(self):
        return str(self.assessment) if self.assessment_id else _("Evidence notes")

    @property
    def revisions(self):
        return self._revisions


class EvidenceNote(TranslatableMixin, Orderable):
    """One answer's evidence note inside :class:`AssessmentEvidence` (translated with it)."""

    evidence = ParentalKey(AssessmentEvidence, on_delete=models.CASCADE, related_name="notes")
    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="+"
    )
    note = models.TextField(_("evidence"))

    panels = [
        FieldPanel("answer", read_only=True),
        FieldPanel(
            "note",
            read_only=True,
            help_text=_("Written on the assessing screen; translate it with the Translate action."),
        ),
    ]
    override_translatable_fields = [SynchronizedField("answer")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("evidence note")
        verbose_name_plural = _("evidence notes")
        ordering = ["sort_order"]

    def __str__(self):
        return str(self.answer) if self.answer_id else ""
