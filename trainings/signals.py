"""Keep stored scores in step with answers and checklist weights, and caches with content.

Whatever path changes an answer or an item's weight (admin, import, shell), the assessment's
stored score is recomputed by the one score function, so sorting and filtering never drift.
Whatever changes something a visitor of the directory could see raises the content version
(``trainings.caching``) in the same transaction, so no worker serves a cached copy of the old.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .caching import bump_version
from .models import (
    Answer,
    Assessment,
    Checklist,
    ChecklistItem,
    EvidenceTranslation,
    Framework,
    Provider,
    TrainingIndexPage,
    TrainingLanguage,
    TrainingPage,
    TrainingSession,
)


@receiver(post_save, sender=Answer)
@receiver(post_delete, sender=Answer)
def rescore_after_answer_change(sender, instance, **kwargs):
    from .services import recompute_assessment

    try:
        assessment = Assessment.objects.select_related("checklist").get(pk=instance.assessment_id)
    except Assessment.DoesNotExist:  # the assessment itself is being deleted
        return
    recompute_assessment(assessment)


@receiver(post_save, sender=ChecklistItem)
def rescore_after_item_change(sender, instance, raw=False, **kwargs):
    from .services import recompute_checklist

    if raw:
        return
    if Assessment.objects.filter(checklist_id=instance.checklist_id).exists():
        recompute_checklist(instance.checklist)


@receiver(post_delete, sender=Assessment)
def choose_new_latest_after_delete(sender, instance, **kwargs):
    from .services import refresh_latest

    refresh_latest(instance.training_key)


# --- cache versions -----------------------------------------------------------------------------

VERSIONED_MODELS = (
    TrainingPage,
    TrainingIndexPage,
    TrainingSession,
    TrainingLanguage,
    Assessment,
    Answer,
    EvidenceTranslation,
    Checklist,
    ChecklistItem,
    Framework,
    Provider,
    PageViewRestriction,
)


def content_changed(sender, **kwargs):
    """Any saved or deleted row of a model the directory shows: a new cache version."""
    if kwargs.get("raw"):  # loading fixtures: no caches to protect yet
        return
    bump_version()


for model in VERSIONED_MODELS:
    post_save.connect(content_changed, sender=model, dispatch_uid=f"trainings-version-save-{model}")
    post_delete.connect(
        content_changed, sender=model, dispatch_uid=f"trainings-version-delete-{model}"
    )
m2m_changed.connect(
    content_changed,
    sender=TrainingPage.frameworks.through,
    dispatch_uid="trainings-version-frameworks",
)


@receiver(page_published)
@receiver(page_unpublished)
def training_page_changed(sender, instance, **kwargs):
    if isinstance(instance, TrainingPage | TrainingIndexPage):
        bump_version()


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    # Moving any page may move a directory (and every training below it) somewhere else.
    bump_version()
