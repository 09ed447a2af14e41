"""Seed the default checklist (version 1) and the five frameworks named in the seed post.

The nine items are the four questions and five integrative dimensions practitioners are invited
to ask of a trauma-focused training. The data is frozen here, as a migration must be; editors
change it afterwards by publishing new versions in the admin.
"""

import uuid

from django.conf import settings
from django.db import migrations
from django.utils import timezone

FRAMEWORKS = [
    ("ptsd-models", "PTSD models"),
    ("polyvagal-theory", "Polyvagal theory and nervous system regulation"),
    ("attachment-theory", "Attachment theory"),
    ("cognitive-behavioral-tools", "Cognitive behavioral tools"),
    ("somatic-awareness", "Somatic awareness practices"),
]

QUESTIONS = ("questions", "Four questions to ask of a training")
DIMENSIONS = ("dimensions", "Integrative dimensions")

# code, section, question, weight, essential, guidance for 0, 1, 2, 3
ITEMS = [
    (
        "whole-person",
        QUESTIONS,
        "Does the training honor the full human experience—mind, body, culture, and spirit?",
        3,
        True,
        "Trauma is treated as a set of symptoms in the mind only.",
        "Body, culture or spirit are mentioned in passing.",
        "At least two of mind, body, culture and spirit are taught with practice.",
        "Mind, body, culture and spirit run through the whole curriculum.",
    ),
    (
        "inclusive",
        QUESTIONS,
        "Is it inclusive of different nervous system patterns, cultural expressions, and "
        "identities?",
        3,
        True,
        "One way of responding to trauma is presented as the norm.",
        "Differences are acknowledged but not taught.",
        "Material and examples cover several patterns, cultures and identities.",
        "Inclusion shapes the content, the faculty and how the training is run.",
    ),
    (
        "flexible-tools",
        QUESTIONS,
        "Does it offer tools that are flexible, relational, and grounded in both science and "
        "lived wisdom?",
        2,
        False,
        "Fixed protocols only, applied the same way to everyone.",
        "Some adaptation is allowed but the tools are not relational.",
        "Relational tools with guidance on adapting them, backed by evidence.",
        "Tools are adapted with clients and draw on research and lived experience alike.",
    ),
    (
        "client-agency",
        QUESTIONS,
        "Is it helping you support clients in reclaiming agency—not just managing symptoms?",
        3,
        False,
        "The aim is symptom reduction only.",
        "Client choice is mentioned but not practised.",
        "Sessions are shaped with clients, with consent and choice built in.",
        "Reclaiming agency is the organising aim of the approach.",
    ),
    (
        "cultural-ancestral-context",
        DIMENSIONS,
        "Cultural and ancestral context",
        2,
        False,
        "Culture and ancestry are absent.",
        "Mentioned as background only.",
        "Taught with case material and practice.",
        "Central to how trauma and healing are understood throughout.",
    ),
    (
        "power-privilege-systems",
        DIMENSIONS,
        "Power, privilege, and systemic dynamics",
        2,
        False,
        "Trauma is framed as purely individual.",
        "Systemic harm is named but not worked with.",
        "Systemic and collective trauma are taught, including the practitioner's position.",
        "Power and systems inform assessment, relationship and repair throughout.",
    ),
    (
        "ways-of-knowing",
        DIMENSIONS,
        "Diverse ways of knowing and healing",
        1,
        False,
        "Only one tradition of knowledge is recognised.",
        "Other traditions are mentioned as optional extras.",
        "Several traditions are presented with respect and context.",
        "Different ways of knowing are taught by people who hold them.",
    ),
    (
        "body-variability",
        DIMENSIONS,
        "Body differences and nervous system variability",
        2,
        False,
        "A single typical body and nervous system are assumed.",
        "Variability is acknowledged briefly.",
        "Disability, neurodivergence and body differences are addressed in practice.",
        "Variability shapes every technique taught.",
    ),
    (
        "intuition-self-leadership",
        DIMENSIONS,
        "Client agency, intuition, and self-leadership",
        2,
        False,
        "The practitioner is positioned as the only expert.",
        "Client intuition is acknowledged but not built on.",
        "Practices that strengthen client intuition and self-leadership are taught.",
        "The client's own wisdom leads the work.",
    ),
]


def default_locale(apps):
    Locale = apps.get_model("wagtailcore", "Locale")
    code = settings.LANGUAGE_CODE.split("-")[0]
    locale = Locale.objects.filter(language_code=code).first()
    return locale or Locale.objects.create(language_code=code)


def seed(apps, schema_editor):
    Checklist = apps.get_model("practice_trainings", "Checklist")
    ChecklistItem = apps.get_model("practice_trainings", "ChecklistItem")
    Framework = apps.get_model("practice_trainings", "Framework")
    locale = default_locale(apps)
    for slug, name in FRAMEWORKS:
        if not Framework.objects.filter(slug=slug, locale=locale).exists():
            Framework.objects.create(
                slug=slug, name=name, locale=locale, translation_key=uuid.uuid4()
            )
    if Checklist.objects.exists():
        return
    checklist = Checklist.objects.create(
        title="Trauma-focused training checklist",
        version=1,
        published_at=timezone.now(),
        locale=locale,
        translation_key=uuid.uuid4(),
        introduction=(
            "Every training in the directory is assessed against the questions below. Each item "
            "is answered 0 (not evident), 1 (limited), 2 (present) or 3 (central), with the "
            "evidence we found."
        ),
        changelog="First version, based on our article on choosing a trauma-focused training.",
    )
    for order, (code, section, question, weight, essential, g0, g1, g2, g3) in enumerate(ITEMS):
        ChecklistItem.objects.create(
            checklist=checklist,
            sort_order=order,
            locale=locale,
            translation_key=uuid.uuid4(),
            code=code,
            section=section[0],
            section_title=section[1],
            question=question,
            weight=weight,
            essential=essential,
            guidance_not_evident=g0,
            guidance_limited=g1,
            guidance_present=g2,
            guidance_central=g3,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("practice_trainings", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
