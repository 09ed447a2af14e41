"""The trainings plugin's demo content: checklist versions, providers, the directory, trainings
with assessments, the methodology page, and Spanish translations.

Every step looks things up by slug or natural key first, so a second ``load_demo`` changes
nothing. The checklist's version 1 comes from the plugin's data migration; the demo publishes a
version 2 (with a changelog) and leaves one training scored against version 1, so the admin shows
"re-review due" and the site "scored against version 1".
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from wagtail.models import Locale

from trainings.models import (
    Answer,
    Assessment,
    Checklist,
    ChecklistMethodologyPage,
    Framework,
    Provider,
    TrainingIndexPage,
    TrainingLanguage,
    TrainingPage,
    TrainingSession,
)
from trainings.services import (
    ensure_answers,
    publish_version,
    recompute_assessment,
    start_new_version,
)

from .site import get_home
from .translation import translate

# --- checklist --------------------------------------------------------------------------------

VERSION_2_AGENCY_QUESTION = (
    "Does the training help you support clients in reclaiming agency, not only in managing "
    "symptoms?"
)
VERSION_2_CHANGELOG = (
    "Reworded the agency question so it asks about the training rather than the reader, and "
    "raised the weight of “diverse ways of knowing and healing” from 1 to 2 after feedback from "
    "readers."
)

CHECKLIST_ES = {
    "title": "Lista de verificación para formaciones centradas en el trauma",
    "introduction": (
        "Cada formación del directorio se evalúa con las preguntas siguientes. Cada punto se "
        "responde con 0 (no se observa), 1 (limitado), 2 (presente) o 3 (central), junto con la "
        "evidencia que encontramos."
    ),
    "changelog": (
        "Reformulamos la pregunta sobre la capacidad de decisión para que se refiera a la "
        "formación y no a quien lee, y subimos el peso de «diversas formas de conocer y de "
        "sanar» de 1 a 2 tras los comentarios de nuestros lectores."
    ),
    "sections": {
        "questions": "Cuatro preguntas para hacerle a una formación",
        "dimensions": "Dimensiones integradoras",
    },
    # code: (question, guidance 0, 1, 2, 3)
    "items": {
        "whole-person": (
            "¿Honra la formación la experiencia humana completa: mente, cuerpo, cultura y "
            "espíritu?",
            "El trauma se trata solo como un conjunto de síntomas mentales.",
            "Cuerpo, cultura o espíritu se mencionan de pasada.",
            "Al menos dos de estos ámbitos se enseñan con práctica.",
            "Mente, cuerpo, cultura y espíritu atraviesan todo el programa.",
        ),
        "inclusive": (
            "¿Incluye distintos patrones del sistema nervioso, expresiones culturales e "
            "identidades?",
            "Se presenta una sola forma de responder al trauma como la norma.",
            "Se reconocen las diferencias, pero no se enseñan.",
            "El material y los ejemplos abarcan varios patrones, culturas e identidades.",
            "La inclusión da forma al contenido, al equipo docente y a la organización.",
        ),
        "flexible-tools": (
            "¿Ofrece herramientas flexibles, relacionales y basadas tanto en la ciencia como en "
            "la sabiduría vivida?",
            "Solo protocolos fijos, aplicados igual a todas las personas.",
            "Se permite alguna adaptación, pero las herramientas no son relacionales.",
            "Herramientas relacionales con pautas para adaptarlas, respaldadas por evidencia.",
            "Las herramientas se adaptan con los clientes y combinan investigación y "
            "experiencia vivida.",
        ),
        "client-agency": (
            "¿Ayuda la formación a acompañar a los clientes a recuperar su capacidad de "
            "decisión, y no solo a manejar síntomas?",
            "El objetivo es únicamente reducir síntomas.",
            "Se menciona la elección del cliente, pero no se practica.",
            "Las sesiones se construyen con los clientes, con consentimiento y elección.",
            "Recuperar la capacidad de decisión es el eje del enfoque.",
        ),
        "cultural-ancestral-context": (
            "Contexto cultural y ancestral",
            "La cultura y los antepasados están ausentes.",
            "Se mencionan solo como contexto.",
            "Se enseñan con casos y práctica.",
            "Son centrales para entender el trauma y la sanación en todo el programa.",
        ),
        "power-privilege-systems": (
            "Poder, privilegio y dinámicas sistémicas",
            "El trauma se plantea como algo puramente individual.",
            "Se nombra el daño sistémico, pero no se trabaja.",
            "Se enseñan el trauma sistémico y colectivo, incluida la posición de quien acompaña.",
            "El poder y los sistemas informan la evaluación, la relación y la reparación.",
        ),
        "ways-of-knowing": (
            "Diversas formas de conocer y de sanar",
            "Solo se reconoce una tradición de conocimiento.",
            "Otras tradiciones aparecen como extras opcionales.",
            "Se presentan varias tradiciones con respeto y contexto.",
            "Las distintas formas de conocer las enseñan personas que las sostienen.",
        ),
        "body-variability": (
            "Diferencias corporales y variabilidad del sistema nervioso",
            "Se supone un cuerpo y un sistema nervioso típicos.",
            "La variabilidad se reconoce brevemente.",
            "Discapacidad, neurodivergencia y diferencias corporales se abordan en la práctica.",
            "La variabilidad da forma a cada técnica que se enseña.",
        ),
        "intuition-self-leadership": (
            "Agencia, intuición y autoliderazgo del cliente",
            "Quien acompaña se presenta como la única persona experta.",
            "Se reconoce la intuición del cliente, pero no se desarrolla.",
            "Se enseñan prácticas que fortalecen la intuición y el autoliderazgo del cliente.",
            "La sabiduría propia del cliente guía el trabajo.",
        ),
    },
}

FRAMEWORKS_ES = {
    "ptsd-models": "Modelos de TEPT",
    "polyvagal-theory": "Teoría polivagal y regulación del sistema nervioso",
    "attachment-theory": "Teoría del apego",
    "cognitive-behavioral-tools": "Herramientas cognitivo-conductuales",
    "somatic-awareness": "Prácticas de conciencia somática",
}


def _reviewer():
    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def ensure_default_checklist():
    """Version 1 and the five frameworks, as the data migration creates them.

    Normally the migration has done this already; a flushed database (tests that truncate every
    table) no longer has them, so the demo runs the migration's own seeding code again.
    """
    from importlib import import_module

    from django.apps import apps

    seed = import_module("trainings.migrations.0002_default_checklist").seed
    seed(apps, None)


def ensure_checklist_versions(stdout=None):
    """Version 1 (the seed's checklist), then version 2 once, with its changelog."""
    ensure_default_checklist()
    if Checklist.objects.filter(version=2).exists():
        return
    first = Checklist.objects.get(version=1, locale=Locale.get_default())
    draft = start_new_version(first)
    agency = draft.items.get(code="client-agency")
    agency.question = VERSION_2_AGENCY_QUESTION
    agency.save()
    knowing = draft.items.get(code="ways-of-knowing")
    knowing.weight = 2
    knowing.save()
    publish_version(draft, changelog=VERSION_2_CHANGELOG)


# --- directory pages --------------------------------------------------------------------------

INDEX = {
    "slug": "trainings",
    "title": "Trainings we have reviewed",
    "introduction": (
        "Trauma-focused trainings we have looked at closely, each scored against our published "
        "checklist. Filter by what matters to you, or compare up to four side by side."
    ),
    "featured_heading": "Trainings we have reviewed",
}
METHODOLOGY = {
    "slug": "how-we-score-trainings",
    "title": "How we score trainings",
    "introduction": (
        "We read syllabi, talk to providers and sometimes attend. This page explains the "
        "checklist we use, how the score is worked out, and what changed between versions."
    ),
}
PAGE_TRANSLATIONS_ES = {
    INDEX["title"]: "Formaciones que hemos revisado",
    INDEX["introduction"]: (
        "Formaciones sobre trauma que hemos examinado con detalle, cada una puntuada con "
        "nuestra lista de verificación publicada. Filtra por lo que te importa o compara hasta "
        "cuatro a la vez."
    ),
    METHODOLOGY["title"]: "Cómo puntuamos las formaciones",
    METHODOLOGY["introduction"]: (
        "Leemos programas, hablamos con quienes las organizan y a veces asistimos. Esta página "
        "explica la lista que usamos, cómo se calcula la puntuación y qué cambió entre "
        "versiones."
    ),
}

PROVIDERS = [
    {
        "name": "Riverbank Somatic Institute",
        "website": "https://riverbank-somatic.example",
        "accreditation": "Approved continuing-education provider (demo)",
    },
    {"name": "Northlight Learning", "website": "https://northlight.example", "accreditation": ""},
    {
        "name": "Casa Raíz Formación",
        "website": "https://casaraiz.example",
        "accreditation": "Registered training centre (demo)",
    },
    {
        "name": "Meridian Clinical Academy",
        "website": "https://meridian-academy.example",
        "accreditation": "Accredited by a professional body (demo)",
    },
    {"name": "Open Door Collective", "website": "https://opendoor.example", "accreditation": ""},
]


def ensure_directory(stdout=None):
    """The training index and the methodology page under the English home page; providers."""
    home = get_home()
    english = home.locale
    for data in PROVIDERS:
        if not Provider.objects.filter(name=data["name"], locale=english).exists():
            Provider.objects.create(locale=english, **data)
    if not TrainingIndexPage.objects.filter(locale=english, slug=INDEX["slug"]).exists():
        index = TrainingIndexPage(per_page=6, show_in_menus=True, **INDEX)
        home.add_child(instance=index)
        index.save_revision().publish()
    if not ChecklistMethodologyPage.objects.filter(
        locale=english, slug=METHODOLOGY["slug"]
    ).exists():
        page = ChecklistMethodologyPage(show_in_menus=True, **METHODOLOGY)
        home.add_child(instance=page)
        page.save_revision().publish()


# --- trainings --------------------------------------------------------------------------------

ITEM_ORDER = (
    "whole-person",
    "inclusive",
    "flexible-tools",
    "client-agency",
    "cultural-ancestral-context",
    "power-privilege-systems",
    "ways-of-knowing",
    "body-variability",
    "intuition-self-leadership",
)
ANSWER_CODES = {"0": "0", "1": "1", "2": "2", "3": "3", "n": "na", "?": "unknown"}
SOURCES = ("syllabus", "website", "interview", "attended")


def session(year, month, day, hour, hours, zone):
    from zoneinfo import ZoneInfo

    start = datetime.datetime(year, month, day, hour, tzinfo=ZoneInfo(zone))
    return start, start + datetime.timedelta(hours=hours), zone


def module(title, text):
    return {"type": "module", "value": {"title": title, "summary": f"<p>{text}</p>"}}


# answers: one character per item in ITEM_ORDER (0-3, n = N/A, ? = unknown).
TRAININGS = [
    {
        "slug": "rooted-bodies",
        "title": "Rooted Bodies: Somatic Trauma Care",
        "provider": "Riverbank Somatic Institute",
        "instructors": "Dr. Lena Ashby, Tomás Reyes",
        "summary": (
            "A six-month hybrid programme that teaches body-based trauma care alongside the "
            "cultural and family histories clients carry."
        ),
        "paragraph": (
            "Participants meet monthly in person and weekly online. Each module pairs a somatic "
            "skill with a seminar on the social context of trauma."
        ),
        "modules": [
            ("Arriving in the body", "Orientation, pacing and consent in body-based work."),
            ("Histories we carry", "Family, cultural and ancestral stories in the room."),
        ],
        "frameworks": ["somatic-awareness", "polyvagal-theory"],
        "format": "hybrid",
        "location": "Oakland, California",
        "sessions": [session(2027, 2, 6, 9, 7, "America/Los_Angeles")],
        "total_hours": "96",
        "ce_credits": "48",
        "ce_approving_body": "State board of behavioral sciences (demo)",
        "cost": "2450",
        "currency": "USD",
        "sliding_scale": True,
        "payment_plans": True,
        "captions": True,
        "step_free_access": True,
        "languages": ["en", "es"],
        "audience": "Licensed therapists, counsellors and somatic practitioners.",
        "prerequisites": "A current practice with clients.",
        "answers": "333333233",
        "version": 2,
    },
    {
        "slug": "polyvagal-foundations",
        "title": "Polyvagal Foundations, Self-Paced",
        "provider": "Northlight Learning",
        "instructors": "Priya Natarajan",
        "summary": (
            "Recorded lessons on nervous-system regulation with short practices you can try "
            "between sessions."
        ),
        "paragraph": (
            "Twelve video lessons with transcripts and a workbook. Strong on physiology, lighter "
            "on culture and power."
        ),
        "modules": [("States and shifts", "How regulation and dysregulation show up.")],
        "frameworks": ["polyvagal-theory"],
        "format": "self_paced",
        "location": "Online",
        "sessions": [],
        "total_hours": "14",
        "ce_credits": "",
        "cost": "290",
        "currency": "USD",
        "captions": True,
        "languages": ["en"],
        "audience": "Anyone in a helping profession.",
        "answers": "221222112",
        "version": 2,
    },
    {
        "slug": "attachment-across-cultures",
        "title": "Attachment Across Cultures",
        "provider": "Casa Raíz Formación",
        "instructors": "Mtra. Ana Lucía Ferrer",
        "summary": (
            "An online seminar series on attachment that starts from the families and "
            "communities clients actually come from."
        ),
        "paragraph": (
            "Live sessions in Spanish with English interpretation. Each week includes case "
            "discussion in small groups."
        ),
        "modules": [("Many ways to belong", "Attachment beyond the nuclear family.")],
        "frameworks": ["attachment-theory"],
        "format": "online",
        "location": "Online",
        "sessions": [
            session(2027, 3, 10, 18, 2, "America/Mexico_City"),
            session(2027, 3, 17, 18, 2, "America/Mexico_City"),
        ],
        "total_hours": "20",
        "ce_credits": "",
        "cost": "480",
        "currency": "EUR",
        "scholarships": True,
        "languages": ["es", "en"],
        "audience": "Therapists and family workers.",
        "answers": "332333323",
        "version": 2,
    },
    {
        "slug": "ptsd-treatment-essentials",
        "title": "PTSD Treatment Essentials",
        "provider": "Meridian Clinical Academy",
        "instructors": "Dr. Martin Hale",
        "summary": (
            "A two-day in-person course on assessing and treating PTSD with structured protocols."
        ),
        "paragraph": (
            "Thorough on diagnosis and evidence-based protocols; culture, power and the body "
            "are largely absent."
        ),
        "modules": [("Assessment", "Screening tools and diagnostic interviews.")],
        "frameworks": ["ptsd-models", "cognitive-behavioral-tools"],
        "format": "in_person",
        "location": "London, United Kingdom",
        "sessions": [session(2027, 4, 22, 9, 8, "Europe/London")],
        "total_hours": "16",
        "ce_credits": "12",
        "ce_approving_body": "Professional association for psychologists (demo)",
        "cost": "650",
        "currency": "GBP",
        "step_free_access": True,
        "languages": ["en"],
        "audience": "Clinical psychologists and psychiatrists.",
        "prerequisites": "A clinical qualification.",
        "answers": "012110n01",
        "version": 2,
    },
    {
        "slug": "cognitive-tools-for-recovery",
        "title": "Cognitive Tools for Trauma Recovery",
        "provider": "Meridian Clinical Academy",
        "instructors": "Sophie Laurent",
        "summary": "Practical cognitive techniques adapted for people recovering from trauma.",
        "paragraph": (
            "Live online workshops with worksheets in English and French. Encourages adapting "
            "techniques with clients."
        ),
        "modules": [("Thoughts and safety", "Working with beliefs formed under threat.")],
        "frameworks": ["cognitive-behavioral-tools"],
        "format": "online",
        "location": "Online",
        "sessions": [session(2027, 1, 14, 17, 3, "Europe/Paris")],
        "total_hours": "12",
        "ce_credits": "6",
        "ce_approving_body": "Continuing education council (demo)",
        "cost": "180",
        "currency": "USD",
        "payment_plans": True,
        "languages": ["en", "fr"],
        "audience": "Counsellors and coaches.",
        "answers": "222321222",
        "version": 2,
    },
    {
        "slug": "ancestral-healing-circles",
        "title": "Ancestral Healing Circles for Practitioners",
        "provider": "Casa Raíz Formación",
        "instructors": "Rosa Quispe, Daniel Okoye",
        "summary": (
            "A residential gathering on collective and ancestral healing, led by practitioners "
            "from the traditions they teach."
        ),
        "paragraph": (
            "Three days of circles, ceremony and reflection on how collective histories live "
            "in the body."
        ),
        "modules": [("Remembering together", "Collective memory and repair.")],
        "frameworks": ["somatic-awareness"],
        "format": "in_person",
        "location": "Mexico City, Mexico",
        "sessions": [session(2027, 5, 7, 10, 6, "America/Mexico_City")],
        "total_hours": "18",
        "ce_credits": "",
        "cost": "120",
        "currency": "USD",
        "sliding_scale": True,
        "scholarships": True,
        "languages": ["es"],
        "audience": "Practitioners working with communities.",
        "answers": "3332?3333",
        "version": 2,
    },
    {
        "slug": "nervous-system-diversity",
        "title": "Nervous System Diversity in Practice",
        "provider": "Northlight Learning",
        "instructors": "Jordan Ellis, Mei Tanaka",
        "summary": (
            "A hybrid course on neurodivergence, disability and body differences in trauma "
            "work, with captions and sign language interpretation."
        ),
        "paragraph": (
            "Designed with disabled and neurodivergent practitioners. Every technique is taught "
            "in several variations."
        ),
        "modules": [("Many nervous systems", "Why one regulation model does not fit all.")],
        "frameworks": ["polyvagal-theory", "somatic-awareness"],
        "format": "hybrid",
        "location": "Toronto, Canada",
        "sessions": [session(2027, 2, 20, 10, 6, "America/New_York")],
        "total_hours": "30",
        "ce_credits": "15",
        "ce_approving_body": "Continuing education council (demo)",
        "cost": "720",
        "currency": "CAD",
        "captions": True,
        "sign_language": True,
        "step_free_access": True,
        "languages": ["en", "asl"],
        "audience": "Therapists, occupational therapists and body workers.",
        "answers": "333313332",
        "version": 1,  # assessed before version 2: re-review due
    },
    {
        "slug": "trauma-informed-first-course",
        "title": "Trauma-Informed Care: A First Course",
        "provider": "Open Door Collective",
        "instructors": "Community volunteers",
        "summary": "A free introductory course for anyone starting out in trauma-informed work.",
        "paragraph": (
            "Short readings and videos. We could not yet check most of the course, so its "
            "score shows insufficient evidence."
        ),
        "modules": [("What trauma is", "A plain-language introduction.")],
        "frameworks": ["ptsd-models", "attachment-theory"],
        "format": "self_paced",
        "location": "Online",
        "sessions": [],
        "total_hours": "6",
        "ce_credits": "",
        "cost": "0",
        "currency": "USD",
        "captions": True,
        "languages": ["en", "fr", "ar"],
        "audience": "Volunteers, peer supporters and students.",
        "answers": "22?????1?",
        "version": 2,
    },
    {
        "slug": "relational-repair-intensive",
        "title": "Relational Repair Intensive",
        "provider": "Riverbank Somatic Institute",
        "instructors": "Dr. Lena Ashby",
        "summary": "A five-day intensive on rupture and repair in the therapeutic relationship.",
        "paragraph": (
            "Live demonstrations and supervised practice in triads. Two reviewers assessed it "
            "and disagreed on one item, which the admin flags."
        ),
        "modules": [("Rupture", "Noticing and naming breaks in attunement.")],
        "frameworks": ["attachment-theory", "somatic-awareness"],
        "format": "in_person",
        "location": "Lisbon, Portugal",
        "sessions": [session(2027, 6, 14, 9, 7, "Europe/Madrid")],
        "total_hours": "35",
        "ce_credits": "30",
        "ce_approving_body": "Continuing education council (demo)",
        "cost": "980",
        "currency": "EUR",
        "payment_plans": True,
        "languages": ["en", "pt"],
        "audience": "Experienced therapists.",
        "prerequisites": "Two years of clinical practice.",
        "answers": "232222212",
        "second": {"flexible-tools": "0"},
        "version": 2,
    },
]

TRAINING_TRANSLATIONS_ES = {
    "rooted-bodies": {
        "Rooted Bodies: Somatic Trauma Care": "Cuerpos con raíces: atención somática al trauma",
        TRAININGS[0]["summary"]: (
            "Un programa híbrido de seis meses que enseña atención al trauma basada en el "
            "cuerpo junto con las historias culturales y familiares que traen los clientes."
        ),
        TRAININGS[0]["paragraph"]: (
            "Las personas participantes se reúnen cada mes en persona y cada semana en línea. "
            "Cada módulo combina una habilidad somática con un seminario sobre el contexto "
            "social del trauma."
        ),
        "Arriving in the body": "Llegar al cuerpo",
        "Orientation, pacing and consent in body-based work.": (
            "Orientación, ritmo y consentimiento en el trabajo corporal."
        ),
        "Histories we carry": "Las historias que cargamos",
        "Family, cultural and ancestral stories in the room.": (
            "Historias familiares, culturales y ancestrales en la consulta."
        ),
        "Oakland, California": "Oakland, California",
        "Licensed therapists, counsellors and somatic practitioners.": (
            "Terapeutas con licencia, consejeros y profesionales somáticos."
        ),
        "A current practice with clients.": "Una práctica activa con clientes.",
        "State board of behavioral sciences (demo)": (
            "Junta estatal de ciencias del comportamiento (demo)"
        ),
    },
    "attachment-across-cultures": {
        "Attachment Across Cultures": "El apego entre culturas",
        TRAININGS[2]["summary"]: (
            "Un ciclo de seminarios en línea sobre el apego que parte de las familias y "
            "comunidades de las que realmente vienen los clientes."
        ),
        TRAININGS[2]["paragraph"]: (
            "Sesiones en directo en español con interpretación al inglés. Cada semana incluye "
            "discusión de casos en grupos pequeños."
        ),
        "Many ways to belong": "Muchas formas de pertenecer",
        "Attachment beyond the nuclear family.": "El apego más allá de la familia nuclear.",
        "Therapists and family workers.": "Terapeutas y profesionales del trabajo familiar.",
        "Online": "En línea",
    },
}

EVIDENCE = {
    "syllabus": "The published syllabus covers this in a dedicated session.",
    "website": "The course page describes this explicitly, with examples.",
    "interview": "The lead trainer described how this is taught when we spoke.",
    "attended": "We saw this practised during the session we attended.",
}


def _create_training(index, data, providers):
    page = TrainingPage(
        slug=data["slug"],
        title=data["title"],
        summary=data["summary"],
        provider=providers[data["provider"]],
        instructors=data.get("instructors", ""),
        description=[
            {"type": "paragraph", "value": f"<p>{data['paragraph']}</p>"},
            *(module(title, text) for title, text in data.get("modules", [])),
        ],
        format=data["format"],
        location=data.get("location", ""),
        total_hours=Decimal(data["total_hours"]) if data.get("total_hours") else None,
        ce_credits=Decimal(data["ce_credits"]) if data.get("ce_credits") else None,
        ce_approving_body=data.get("ce_approving_body", ""),
        cost=Decimal(data["cost"]) if data.get("cost") != "" else None,
        currency=data.get("currency", "USD"),
        sliding_scale=data.get("sliding_scale", False),
        scholarships=data.get("scholarships", False),
        payment_plans=data.get("payment_plans", False),
        captions=data.get("captions", False),
        sign_language=data.get("sign_language", False),
        step_free_access=data.get("step_free_access", False),
        audience=data.get("audience", ""),
        prerequisites=data.get("prerequisites", ""),
        registration_url=f"{providers[data['provider']].website}/{data['slug']}",
        last_reviewed=datetime.date(2026, 10, 1),
    )
    for code in data["languages"]:
        page.languages_offered.add(TrainingLanguage(language=code))
    for start, end, zone in data["sessions"]:
        page.sessions.add(TrainingSession(starts_at=start, ends_at=end, time_zone=zone))
    index.add_child(instance=page)
    page.frameworks.set(Framework.objects.filter(slug__in=data["frameworks"], locale=index.locale))
    page.save_revision().publish()
    return page


def _assess(page, data, checklist, reviewer):
    assessment = Assessment.objects.create(
        training=page,
        checklist=checklist,
        reviewer=reviewer,
        second_reviewer=reviewer if data.get("second") else None,
        reviewed_on=datetime.date(2026, 10, 15)
        if checklist.version == 1
        else (datetime.date(2026, 11, 20)),
    )
    ensure_answers(assessment)
    answers = list(Answer.objects.filter(assessment=assessment).select_related("item"))
    for number, answer in enumerate(answers):
        code = answer.item.code
        answer.value = ANSWER_CODES[data["answers"][ITEM_ORDER.index(code)]]
        answer.second_value = data.get("second", {}).get(code, "")
        if answer.value not in ("unknown",):
            source = SOURCES[number % len(SOURCES)]
            answer.source = source
            answer.evidence_note = EVIDENCE[source] if answer.value in ("2", "3") else ""
            answer.evidence_url = (
                f"{page.registration_url}#syllabus" if source == "syllabus" else ""
            )
            answer.checked_on = assessment.reviewed_on
        if answer.second_value in ("2", "3") and not answer.evidence_note:
            answer.evidence_note = EVIDENCE["syllabus"]
    Answer.objects.bulk_update(
        answers,
        ["value", "second_value", "source", "evidence_note", "evidence_url", "checked_on"],
    )
    recompute_assessment(assessment)


def ensure_trainings(stdout=None):
    """Nine trainings across frameworks, formats, languages and costs, each assessed."""
    english = Locale.get_default()
    index = TrainingIndexPage.objects.get(locale=english, slug=INDEX["slug"])
    providers = {p.name: p for p in Provider.objects.filter(locale=english)}
    checklists = {c.version: c for c in Checklist.objects.published().filter(locale=english)}
    reviewer = _reviewer()
    for data in TRAININGS:
        page = TrainingPage.objects.filter(locale=english, slug=data["slug"]).first()
        if page is None:
            page = _create_training(index, data, providers)
        checklist = checklists[data["version"]]
        if not Assessment.objects.filter(
            training_key=page.translation_key, checklist=checklist
        ).exists():
            _assess(page, data, checklist, reviewer)


# --- Spanish ----------------------------------------------------------------------------------


def _checklist_strings(checklist):
    strings = {
        checklist.title: CHECKLIST_ES["title"],
        checklist.introduction: CHECKLIST_ES["introduction"],
        checklist.changelog: CHECKLIST_ES["changelog"],
    }
    for item in checklist.items.all():
        strings[item.section_title] = CHECKLIST_ES["sections"][item.section]
        texts = CHECKLIST_ES["items"][item.code]
        english = (
            item.question,
            item.guidance_not_evident,
            item.guidance_limited,
            item.guidance_present,
            item.guidance_central,
        )
        strings.update(zip(english, texts, strict=True))
    return strings


def translate_into_spanish(stdout=None):
    """The frameworks, the checklist in force, the directory, methodology and two trainings."""
    spanish = Locale.objects.get(language_code="es")
    english = Locale.get_default()
    for framework in Framework.objects.filter(locale=english):
        if framework.get_translation_or_none(spanish) is None and framework.slug in FRAMEWORKS_ES:
            translate(framework, spanish, {framework.name: FRAMEWORKS_ES[framework.slug]})
    checklist = Checklist.in_force(english)
    if checklist.get_translation_or_none(spanish) is None:
        translate(checklist, spanish, _checklist_strings(checklist))
    index = TrainingIndexPage.objects.get(locale=english, slug=INDEX["slug"])
    if index.get_translation_or_none(spanish) is None:
        translate(index, spanish, PAGE_TRANSLATIONS_ES)
    methodology = ChecklistMethodologyPage.objects.get(locale=english, slug=METHODOLOGY["slug"])
    if methodology.get_translation_or_none(spanish) is None:
        translate(methodology, spanish, PAGE_TRANSLATIONS_ES)
    for slug, strings in TRAINING_TRANSLATIONS_ES.items():
        page = TrainingPage.objects.get(locale=english, slug=slug)
        if page.get_translation_or_none(spanish) is None:
            translate(page, spanish, strings)


STEPS = [
    ("Training checklist versions", ensure_checklist_versions),
    ("Training directory, methodology page and providers", ensure_directory),
    ("Trainings and their assessments", ensure_trainings),
    ("Spanish translations of the checklist and trainings", translate_into_spanish),
]
