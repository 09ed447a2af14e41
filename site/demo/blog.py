"""The blog's demo content: the "Journal", its authors, categories, posts, comments and ratings.

Every step looks things up by slug or natural key first, so running ``load_demo`` again changes
nothing. The Spanish translation of the training post goes through wagtail-localize
(:func:`practice_site.demo.translation.translate`), as a translator's work would.
"""

import datetime

from django.utils import timezone
from wagtail.models import Locale

from blog.models import Author, BlogCategory, BlogIndexPage, BlogPostPage, Comment, RatingSummary
from blog.services import rate
from blog.visitors import Visitor

from .site import get_home
from .translation import translate

INDEX = {
    "slug": "journal",
    "title": "Journal",
    "introduction": (
        "<p>Notes from our practice: how we work, what we are learning, and how we choose the "
        "trainings that shape our care.</p>"
    ),
    "featured_heading": "From the journal",
}

AUTHORS = [
    {
        "name": "Mara Okafor",
        "role": "Counsellor and clinical lead",
        "bio": (
            "Mara has worked with adult survivors of trauma for fifteen years and leads the "
            "practice's consultation groups."
        ),
    },
    {
        "name": "Jonah Whitfield",
        "role": "Somatic practitioner",
        "bio": (
            "Jonah brings body-based approaches into counselling and writes about regulation, "
            "rest and the everyday work of feeling safe."
        ),
    },
]

AUTHOR_TRANSLATIONS_ES = {
    "Counsellor and clinical lead": "Terapeuta y responsable clínica",
    "Somatic practitioner": "Terapeuta somático",
    AUTHORS[0]["bio"]: (
        "Mara lleva quince años acompañando a personas adultas que han vivido traumas y dirige "
        "los grupos de supervisión de la consulta."
    ),
    AUTHORS[1]["bio"]: (
        "Jonah integra enfoques corporales en la terapia y escribe sobre regulación, descanso y "
        "el trabajo cotidiano de sentirse a salvo."
    ),
}

CATEGORIES = [
    {"slug": "training", "name": "Training", "description": "How we learn and choose trainings."},
    {"slug": "practice", "name": "Inside the practice", "description": "How we work with you."},
    {"slug": "self-care", "name": "Self-care", "description": "Small things that help."},
]

CATEGORY_TRANSLATIONS_ES = {
    "Training": "Formación",
    "How we learn and choose trainings.": "Cómo aprendemos y elegimos formaciones.",
    "Inside the practice": "Dentro de la consulta",
    "How we work with you.": "Cómo trabajamos contigo.",
    "Self-care": "Autocuidado",
    "Small things that help.": "Pequeñas cosas que ayudan.",
}

TRAINING_POST_SLUG = "choosing-a-trauma-focused-training"

POSTS = [
    {
        "slug": TRAINING_POST_SLUG,
        "title": "Choosing a trauma-focused training: questions we ask first",
        "subtitle": "Techniques matter. So does what a training leaves out.",
        "summary": (
            "Before we sign up for a trauma training, we hold it up against a handful of "
            "questions about culture, the body, agency and evidence. Here they are."
        ),
        "content_note": (
            "This post talks in general terms about trauma, oppression and historical harm. "
            "It does not describe any traumatic events."
        ),
        "date": datetime.date(2025, 9, 18),
        "authors": ["Mara Okafor"],
        "categories": ["training"],
        "tags": ["training", "trauma-informed care", "checklist"],
        "body": [
            (
                "paragraph",
                "<p>Every year someone in our team asks whether a new trauma-focused training "
                "is worth the time and the fee. Most programmes teach useful things: how to "
                "notice a trauma response, how to support regulation, how to pace a session "
                "so that nobody is flooded. That is the floor, not the ceiling.</p>",
            ),
            ("heading", {"text": "What most trainings cover well", "level": "h2"}),
            (
                "paragraph",
                "<p>The familiar frameworks are there for good reasons, and we want a training "
                "to teach them carefully:</p><ul><li>models of post-traumatic stress</li>"
                "<li>nervous system regulation and polyvagal ideas</li><li>attachment</li>"
                "<li>cognitive and behavioural tools</li><li>somatic awareness</li></ul>",
            ),
            ("heading", {"text": "What is often missing", "level": "h2"}),
            (
                "paragraph",
                "<p>Many of the people we see carry harm that is collective as well as personal: "
                "racism, displacement, poverty, gender-based violence, or a family history of "
                "being uprooted. A training that only looks at the individual can leave them "
                "feeling unseen, and sometimes hurt again.</p>",
            ),
            (
                "quote",
                {
                    "quote": "A good training adds context to the science; it does not replace it.",
                    "attribution": "Mara Okafor",
                },
            ),
            ("heading", {"text": "Our checklist", "level": "h2"}),
            (
                "paragraph",
                "<p>These are the questions we ask of every programme before we enrol:</p><ol>"
                "<li>Does the training honor the full human experience—mind, body, culture, and "
                "spirit?</li><li>Is it inclusive of different nervous system patterns, cultural "
                "expressions, and identities?</li><li>Does it offer tools that are flexible, "
                "relational, and grounded in both science and lived wisdom?</li><li>Is it "
                "helping you support clients in reclaiming agency—not just managing symptoms?"
                "</li></ol>",
            ),
            (
                "paragraph",
                "<p>No programme scores perfectly, and that is fine. The questions help us "
                "notice what we will need to learn elsewhere, and who we should ask.</p>",
            ),
        ],
    },
    {
        "slug": "what-happens-in-a-first-session",
        "title": "What happens in a first session",
        "subtitle": "No pressure to tell your whole story.",
        "summary": (
            "A first appointment is mostly about getting to know each other and deciding "
            "together whether to carry on. Here is what to expect."
        ),
        "content_note": "",
        "date": datetime.date(2025, 6, 2),
        "authors": ["Jonah Whitfield"],
        "categories": ["practice"],
        "tags": ["first session", "therapy"],
        "body": [
            (
                "paragraph",
                "<p>People often arrive at a first session braced to explain everything. You do "
                "not have to. We will ask what brings you, what you hope might change, and what "
                "already helps, and you can say as much or as little as feels right.</p>",
            ),
            ("heading", {"text": "Practical things", "level": "h2"}),
            (
                "paragraph",
                "<ul><li>Sessions last fifty minutes, in person or online.</li><li>We talk "
                "about confidentiality and its limits at the start.</li><li>You can bring "
                "someone to wait with you, or take a break at any time.</li></ul>",
            ),
            (
                "paragraph",
                "<p>At the end we agree on a next step. That might be another session, a "
                "referral to someone better suited, or simply time to think.</p>",
            ),
        ],
    },
    {
        "slug": "small-ways-to-settle-after-a-hard-day",
        "title": "Small ways to settle after a hard day",
        "subtitle": "",
        "summary": (
            "Five low-effort ideas for the evening, when your body is still running on the "
            "day's adrenaline."
        ),
        "content_note": "",
        "date": datetime.date(2025, 3, 11),
        "authors": ["Jonah Whitfield"],
        "categories": ["self-care"],
        "tags": ["regulation", "self-care"],
        "body": [
            (
                "paragraph",
                "<p>None of these will fix a hard week, and none of them need equipment. Try "
                "one, notice what happens, and keep what works for you.</p>",
            ),
            (
                "paragraph",
                "<ol><li>Lengthen your out-breath for a minute or two.</li><li>Press your feet "
                "into the floor and notice the contact.</li><li>Name five things you can see, "
                "slowly.</li><li>Hold something warm.</li><li>Step outside and let your eyes "
                "rest on something far away.</li></ol>",
            ),
        ],
    },
    {
        "slug": "why-we-ask-about-culture-and-history",
        "title": "Why we ask about culture and history",
        "subtitle": "Context is part of care.",
        "summary": (
            "We ask about family, community and history because they shape how safety feels. "
            "You choose how much to share."
        ),
        "content_note": "Mentions discrimination and displacement in general terms.",
        "date": datetime.date(2024, 11, 20),
        "authors": ["Mara Okafor", "Jonah Whitfield"],
        "categories": ["practice", "training"],
        "tags": ["culture", "trauma-informed care"],
        "body": [
            (
                "paragraph",
                "<p>Some clients are surprised when we ask where their family comes from or what "
                "their community has lived through. We ask because the body remembers more than "
                "one lifetime of experience, and because what feels safe is shaped by culture.</p>",
            ),
            (
                "paragraph",
                "<p>You never have to answer. If a question feels intrusive, say so; we will "
                "change direction, and we will learn from it.</p>",
            ),
        ],
    },
]

TRAINING_POST_ES = {
    POSTS[0]["title"]: "Elegir una formación centrada en el trauma: las preguntas que nos hacemos",
    TRAINING_POST_SLUG: "elegir-una-formacion-centrada-en-el-trauma",
    POSTS[0]["subtitle"]: "Las técnicas importan. También lo que una formación deja fuera.",
    POSTS[0]["summary"]: (
        "Antes de inscribirnos en una formación sobre trauma, la contrastamos con unas cuantas "
        "preguntas sobre cultura, cuerpo, autonomía y evidencia. Aquí están."
    ),
    POSTS[0]["content_note"]: (
        "Esta entrada habla en términos generales del trauma, la opresión y el daño histórico. "
        "No describe ningún hecho traumático."
    ),
    "What most trainings cover well": "Lo que la mayoría de formaciones cubre bien",
    "What is often missing": "Lo que suele faltar",
    "Our checklist": "Nuestra lista de comprobación",
    "The familiar frameworks are there for good reasons, and we want a training to teach them "
    "carefully:": (
        "Los marcos conocidos existen por buenas razones, y queremos que una formación los "
        "enseñe con cuidado:"
    ),
    "models of post-traumatic stress": "modelos de estrés postraumático",
    "nervous system regulation and polyvagal ideas": (
        "regulación del sistema nervioso e ideas polivagales"
    ),
    "attachment": "apego",
    "cognitive and behavioural tools": "herramientas cognitivas y conductuales",
    "somatic awareness": "conciencia somática",
    "A good training adds context to the science; it does not replace it.": (
        "Una buena formación añade contexto a la ciencia; no la sustituye."
    ),
    "These are the questions we ask of every programme before we enrol:": (
        "Estas son las preguntas que hacemos a cada programa antes de inscribirnos:"
    ),
    "Does the training honor the full human experience—mind, body, culture, and spirit?": (
        "¿Honra la formación la experiencia humana completa: mente, cuerpo, cultura y espíritu?"
    ),
    "Is it inclusive of different nervous system patterns, cultural expressions, and identities?": (
        "¿Incluye distintos patrones del sistema nervioso, expresiones culturales e identidades?"
    ),
    "Does it offer tools that are flexible, relational, and grounded in both science and lived "
    "wisdom?": (
        "¿Ofrece herramientas flexibles, relacionales y basadas tanto en la ciencia como en la "
        "sabiduría vivida?"
    ),
    "Is it helping you support clients in reclaiming agency—not just managing symptoms?": (
        "¿Te ayuda a acompañar a tus clientes a recuperar su autonomía, y no solo a manejar "
        "síntomas?"
    ),
    "No programme scores perfectly, and that is fine. The questions help us notice what we will "
    "need to learn elsewhere, and who we should ask.": (
        "Ningún programa es perfecto, y no pasa nada. Las preguntas nos ayudan a ver qué "
        "tendremos que aprender en otra parte y a quién preguntar."
    ),
}

# Whole paragraphs of the training post whose translation is long enough to keep apart.
TRAINING_POST_ES.update(
    {
        "Every year someone in our team asks whether a new trauma-focused training is worth the "
        "time and the fee. Most programmes teach useful things: how to notice a trauma response, "
        "how to support regulation, how to pace a session so that nobody is flooded. That is the "
        "floor, not the ceiling.": (
            "Cada año alguien del equipo pregunta si una nueva formación centrada en el trauma "
            "vale el tiempo y el dinero. La mayoría de programas enseñan cosas útiles: reconocer "
            "una respuesta traumática, acompañar la regulación, dosificar una sesión para que "
            "nadie se desborde. Eso es el suelo, no el techo."
        ),
        "Many of the people we see carry harm that is collective as well as personal: racism, "
        "displacement, poverty, gender-based violence, or a family history of being uprooted. A "
        "training that only looks at the individual can leave them feeling unseen, and sometimes "
        "hurt again.": (
            "Muchas de las personas que acompañamos cargan con un daño colectivo además de "
            "personal: racismo, desplazamiento, pobreza, violencia de género o una historia "
            "familiar de desarraigo. Una formación que solo mira a la persona puede hacerles "
            "sentir invisibles y, a veces, volver a herirles."
        ),
        "Mara Okafor": "Mara Okafor",
    }
)

INDEX_ES = {"Journal": "Diario", "journal": "diario", "From the journal": "Del diario"}
INDEX_ES[
    "Notes from our practice: how we work, what we are learning, and how we choose the trainings "
    "that shape our care."
] = (
    "Notas de nuestra consulta: cómo trabajamos, qué estamos aprendiendo y cómo elegimos las "
    "formaciones que dan forma a nuestro acompañamiento."
)

COMMENTS = {
    TRAINING_POST_SLUG: [
        {
            "author_name": "Priya",
            "body": (
                "The question about agency is the one I keep coming back to. My last training "
                "was all symptom checklists.\nThank you for putting this into words."
            ),
            "status": Comment.Status.APPROVED,
            "reply": (
                "Thank you, Priya. Symptom lists have their place, but they are a map, not the "
                "person. We are glad this was useful."
            ),
        },
        {
            "author_name": "Tomás",
            "body": "Could you say which trainings passed your checklist? That would help a lot.",
            "status": Comment.Status.APPROVED,
        },
        {
            "author_name": "Lee",
            "body": "Is there a version of this checklist for clients choosing a therapist?",
            "status": Comment.Status.PENDING,
        },
    ],
    "what-happens-in-a-first-session": [
        {
            "author_name": "Sam",
            "body": "This made booking a lot less scary. Thank you.",
            "status": Comment.Status.APPROVED,
        },
        {
            "author_name": "Ana",
            "body": "Do you offer evening appointments?",
            "status": Comment.Status.PENDING,
        },
    ],
}

# Ratings per post as counts of 1..5 stars: a realistic, mostly positive spread.
RATINGS = {
    TRAINING_POST_SLUG: [0, 1, 2, 7, 12],
    "what-happens-in-a-first-session": [0, 0, 1, 4, 5],
    "small-ways-to-settle-after-a-hard-day": [1, 1, 3, 5, 3],
}


def english():
    return Locale.objects.get(language_code="en")


def spanish():
    return Locale.objects.get(language_code="es")


def ensure_authors_and_categories(stdout=None):
    """Authors and categories in English, translated into Spanish."""
    en, es = english(), spanish()
    for data in AUTHORS:
        author = Author.objects.filter(name=data["name"], locale=en).first()
        if author is None:
            author = Author.objects.create(locale=en, **data)
        if author.get_translation_or_none(es) is None:
            translate(author, es, AUTHOR_TRANSLATIONS_ES)
    for data in CATEGORIES:
        category = BlogCategory.objects.filter(slug=data["slug"], locale=en).first()
        if category is None:
            category = BlogCategory.objects.create(locale=en, **data)
        if category.get_translation_or_none(es) is None:
            translate(category, es, CATEGORY_TRANSLATIONS_ES)


def get_index() -> BlogIndexPage:
    return BlogIndexPage.objects.child_of(get_home()).get(slug=INDEX["slug"])


def ensure_index_and_posts(stdout=None):
    """The "Journal" below the English home page and its posts."""
    home = get_home()
    index = BlogIndexPage.objects.child_of(home).filter(slug=INDEX["slug"]).first()
    if index is None:
        index = BlogIndexPage(show_in_menus=True, **INDEX)
        home.add_child(instance=index)
        index.save_revision().publish()
    en = english()
    for data in POSTS:
        if BlogPostPage.objects.child_of(index).filter(slug=data["slug"]).exists():
            continue
        post = BlogPostPage(
            slug=data["slug"],
            title=data["title"],
            subtitle=data["subtitle"],
            summary=data["summary"],
            content_note=data["content_note"],
            publication_date=data["date"],
            body=data["body"],
        )
        index.add_child(instance=post)
        post.authors.set(Author.objects.filter(name__in=data["authors"], locale=en))
        post.categories.set(BlogCategory.objects.filter(slug__in=data["categories"], locale=en))
        post.tags.set(data["tags"])
        post.save_revision().publish()


def ensure_comments_and_ratings(stdout=None):
    """Approved and pending comments, a reply from the practice, and ratings."""
    index = get_index()
    for slug, comments in COMMENTS.items():
        post = BlogPostPage.objects.child_of(index).get(slug=slug)
        for offset, data in enumerate(comments):
            comment, created = Comment.objects.get_or_create(
                translation_key=post.translation_key,
                locale_id=post.locale_id,
                author_name=data["author_name"],
                body=data["body"],
                defaults={
                    "page": post,
                    "status": data["status"],
                    "created": timezone.make_aware(
                        datetime.datetime.combine(post.publication_date, datetime.time(9))
                    )
                    + datetime.timedelta(days=offset + 1),
                },
            )
            if data.get("reply"):
                Comment.objects.get_or_create(
                    parent=comment,
                    is_practice_reply=True,
                    defaults={
                        "page": post,
                        "translation_key": post.translation_key,
                        "locale_id": post.locale_id,
                        "author_name": "Willow & Stone",
                        "body": data["reply"],
                        "status": Comment.Status.APPROVED,
                        "created": comment.created + datetime.timedelta(hours=5),
                    },
                )
    for slug, counts in RATINGS.items():
        post = BlogPostPage.objects.child_of(index).get(slug=slug)
        if RatingSummary.objects.filter(translation_key=post.translation_key).exists():
            continue
        voter = 0
        for stars, how_many in enumerate(counts, start=1):
            for _ in range(how_many):
                voter += 1
                visitor = Visitor(voter_key=f"demo:{slug}:{voter}", network_key=f"demo-{voter}")
                rate(post, stars, visitor)


def translate_training_post(stdout=None):
    """The Journal and the training post in Spanish, through wagtail-localize."""
    es = spanish()
    index = get_index()
    if index.get_translation_or_none(es) is None:
        translate(index, es, INDEX_ES)
    post = BlogPostPage.objects.child_of(index).get(slug=TRAINING_POST_SLUG)
    if post.get_translation_or_none(es) is None:
        translate(post, es, TRAINING_POST_ES)


STEPS = [
    ("Blog authors and categories", ensure_authors_and_categories),
    ("Blog index and posts", ensure_index_and_posts),
    ("Blog comments and ratings", ensure_comments_and_ratings),
    ("Spanish translation of the training post", translate_training_post),
]
