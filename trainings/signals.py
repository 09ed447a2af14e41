"""Keep stored scores in step with answers and checklist weights.

Whatever path changes an answer or an item's weight (admin, import, shell), the assessment's
stored score is recomputed by the one score function, so sorting and filtering never drift.
(Caches follow the content versions: the plugin registers its models with practice_core's
receivers in ``wagtail_hooks.py``.)
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import (
    Answer,
    Assessment,
    ChecklistItem,
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
