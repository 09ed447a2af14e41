"""``manage.py recompute_training_scores``: rederive every stored score and refresh the caches."""

from django.core.management.base import BaseCommand
from django.db import transaction

from practice_core import versions
from practice_trainings.models import Assessment
from practice_trainings.services import recompute_assessment


class Command(BaseCommand):
    help = (
        "Recompute the stored score, coverage, band and sections of every assessment from its "
        "answers and its checklist's weights (practice_trainings.scoring.compute_score), choose "
        "each "
        "training's latest assessment again and raise the content version, so every cached "
        "listing, scorecard and API answer is rebuilt. Run it after loading assessments or "
        "answers in bulk (bulk inserts send no signals); saving items or answers in the admin "
        "already does this for what they touch."
    )

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic():
            for assessment in Assessment.objects.select_related("checklist").iterator():
                recompute_assessment(assessment)
                count += 1
            versions.bump()  # bulk loads send no signals: every cached answer is rebuilt
        self.stdout.write(f"Recomputed {count} assessment(s); caches refreshed.")
