"""Create many trainings quickly (bulk inserts) for the query-count tests."""

import random
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from practice_core import versions
from practice_trainings.models import Assessment, Framework, TrainingLanguage, TrainingPage
from practice_trainings.scoring import band_for


def bulk_trainings(index, checklist, count, seed=7):
    """Insert ``count`` live, assessed training pages below ``index`` without page saves."""
    rng = random.Random(seed)
    content_type = ContentType.objects.get_for_model(TrainingPage)
    frameworks = list(Framework.objects.filter(locale=index.locale))
    start = index.numchild
    pages = []
    for n in range(count):
        slug = f"bulk-{start + n}"
        pages.append(
            TrainingPage(
                title=f"Bulk training {start + n:04d}",
                draft_title=f"Bulk training {start + n:04d}",
                slug=slug,
                path=TrainingPage._get_path(index.path, index.depth + 1, start + n + 1),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                locale_id=index.locale_id,
                translation_key=uuid.uuid4(),
                content_type=content_type,
                summary="A generated training.",
                format=rng.choice(["online", "in_person", "hybrid", "self_paced"]),
                cost=Decimal(rng.randrange(0, 2000)),
                currency="USD",
                sliding_scale=rng.random() < 0.3,
                ce_credits=Decimal(rng.randrange(0, 20)),
            )
        )
    # Page rows first (they get primary keys), then the TrainingPage rows that extend them.
    base_fields = [f.name for f in Page._meta.concrete_fields if f.name != "id"]
    created = Page.objects.bulk_create(
        [Page(**{name: getattr(page, name) for name in base_fields}) for page in pages]
    )
    for page, base in zip(pages, created, strict=True):
        page.pk = page.page_ptr_id = base.pk
    TrainingPage._base_manager._insert(pages, fields=TrainingPage._meta.local_concrete_fields)
    Page.objects.filter(pk=index.pk).update(numchild=start + count)
    index.numchild = start + count

    through = TrainingPage.frameworks.through
    through.objects.bulk_create(
        through(trainingpage_id=page.pk, framework_id=rng.choice(frameworks).pk) for page in pages
    )
    TrainingLanguage.objects.bulk_create(
        TrainingLanguage(page_id=page.pk, language=rng.choice(["en", "es", "fr"]), sort_order=0)
        for page in pages
    )
    assessments = []
    for page in pages:
        score = round(rng.uniform(20, 100), 1)
        assessments.append(
            Assessment(
                training_id=page.pk,
                training_key=page.translation_key,
                checklist=checklist,
                score=score,
                coverage=1.0,
                band=band_for(score, 1.0),
                strongest_section=rng.choice(["questions", "dimensions"]),
                section_scores=[],
                is_latest=True,
            )
        )
    Assessment.objects.bulk_create(assessments)
    # Bulk inserts send no signals: like any bulk loader, announce the change to the caches.
    versions.bump()
    return pages
