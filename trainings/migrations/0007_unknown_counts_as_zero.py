"""Scores under the rubric where an unknown item counts as 0; re-review tracking of carried
assessments; one consensus answer per item.

Every stored score is recomputed here with the one score function (``trainings.scoring``), from
the historical models, so a site upgraded in place never shows a score the new rule would not
give (the old rule left unknown items out, which let missing evidence raise a score).
"""

from django.db import migrations, models


def recompute_scores(apps, schema_editor):
    from trainings.scoring import UNKNOWN, ScoredItem, compute_score, consensus

    Assessment = apps.get_model("trainings", "Assessment")
    ChecklistItem = apps.get_model("trainings", "ChecklistItem")
    Answer = apps.get_model("trainings", "Answer")
    for assessment in Assessment.objects.all().iterator():
        items = list(ChecklistItem.objects.filter(checklist_id=assessment.checklist_id))
        values = {
            answer.item_id: consensus(*[v for v in (answer.value, answer.second_value) if v])
            for answer in Answer.objects.filter(assessment_id=assessment.pk)
        }
        try:
            result = compute_score(
                [ScoredItem(i.code, i.section, i.weight, i.essential) for i in items],
                {i.code: values.get(i.pk, UNKNOWN) for i in items},
            )
        except ValueError:
            continue  # a stored answer off the scale: leave it for the admin to correct
        Assessment.objects.filter(pk=assessment.pk).update(
            score=result.score,
            coverage=result.coverage,
            band=result.band,
            strongest_section=result.strongest_section or "",
            section_scores=[
                {"section": s.section, "score": s.score, "coverage": s.coverage}
                for s in result.sections
            ],
        )
    # Every cached page, listing and API answer was built with the old scores: a new content
    # version (practice_core.versions) makes every worker build them afresh.
    import secrets

    apps.get_model("practice_core", "ContentVersion").objects.update_or_create(
        scope="content", defaults={"number": secrets.randbits(62) + 1}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0006_translation_drafts"),
        ("practice_core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="carried_from",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="+",
                to="trainings.assessment",
                verbose_name="carried forward from",
            ),
        ),
        migrations.AddField(
            model_name="assessment",
            name="rereview_pending",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Carried forward from an older version and an item that changed is "
                "not answered yet.",
                verbose_name="re-review pending",
            ),
        ),
        migrations.AlterField(
            model_name="assessment",
            name="second_reviewer",
            field=models.ForeignKey(
                blank=True,
                help_text="Optional. With a second reviewer each item shows one answer: the "
                "median of the two, rounded down to a whole answer.",
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="+",
                to="auth.user",
                verbose_name="second reviewer",
            ),
        ),
        migrations.RunPython(recompute_scores, migrations.RunPython.noop),
    ]
