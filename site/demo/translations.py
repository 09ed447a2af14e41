"""The demo's translations: all demo content in Spanish; the home page (with the about and contact
pages it leads to), the post about choosing a training, the checklist and three trainings (with
the pages and snippets they stand on) in French and Arabic.

Everything goes through wagtail-localize (:func:`practice_site.demo.translation.translate`), so a
translator finds these translations in its editor and can sync them after the English changes.
Each text below is keyed by the English *segment* as wagtail-localize stores it: rich text is cut
per paragraph or list item, and plain text is HTML-escaped (``&`` is ``&amp;``, a line break in
a multi-line field is ``<br/>``).

The other demo modules already translate part of the content (the home page into every language,
and a few pages and snippets into Spanish), sometimes leaving segments such as slugs or names in
English. This step completes those translations rather than replacing them: for every object and
language it looks at the segments that have no translation yet and fills in only those. An
object whose translation is complete is left alone, so a second ``load_demo`` changes nothing.
"""

from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from blog.models import Author, BlogCategory, BlogIndexPage, BlogPostPage
from practice_site.models import PracticeDetails, StandardPage
from trainings.models import (
    Checklist,
    ChecklistMethodologyPage,
    Framework,
    Provider,
    TrainingIndexPage,
    TrainingPage,
)

from . import blog as blog_demo
from . import site as site_demo
from . import trainings as trainings_demo
from .translation import translate

#: The trainings translated into French and Arabic: a strongly scored somatic programme, the
#: seminar on attachment across cultures, and the free first course (offered in both languages).
FEATURED_TRAININGS = ("rooted-bodies", "attachment-across-cultures", "trauma-informed-first-course")


# --- texts shared by the three languages' dictionaries ----------------------------------------


def _address(code):
    """The practice's postal address as wagtail-localize segments it (lines joined by <br/>)."""
    return site_demo.PRACTICE_DETAILS[code]["postal_address"].replace("\n", "<br/>")


# --- Spanish ----------------------------------------------------------------------------------

SPANISH = {
    # Home page and practice details
    "Willow &amp; Stone Counselling": "Willow &amp; Stone Counselling",
    "home": "inicio",
    _address("en"): _address("es"),
    # About and contact (their titles and introductions come from site.py)
    "about": "about",  # /es/about/ is the address the site's own tests and links use
    "Sessions move at the pace of the person in the room. We pay attention to the body as well "
    "as the story, and to the families, cultures and histories that shape both.": (
        "Las sesiones avanzan al ritmo de la persona que está en la sala. Prestamos atención al "
        "cuerpo tanto como al relato, y a las familias, culturas e historias que dan forma a "
        "ambos."
    ),
    "Individual therapy, in person and online": "Terapia individual, presencial y en línea",
    "Small reflective groups for caregivers": (
        "Pequeños grupos de reflexión para personas cuidadoras"
    ),
    "Consultation for practitioners new to trauma work": (
        "Supervisión para profesionales que empiezan a trabajar con el trauma"
    ),
    "Safety is something we build together, one session at a time.": (
        "La seguridad es algo que construimos juntos, sesión a sesión."
    ),
    "The practice team": "El equipo de la consulta",
    "contact": "contacto",
    "Write to us or call during office hours. We reply within two working days and never share "
    "your message with anyone outside the practice.": (
        "Escríbenos o llámanos en horario de atención. Respondemos en un plazo de dos días "
        "laborables y nunca compartimos tu mensaje con nadie ajeno a la consulta."
    ),
    # Authors and categories
    "Mara Okafor": "Mara Okafor",
    "Jonah Whitfield": "Jonah Whitfield",
    "training": "formacion",
    "practice": "consulta",
    "self-care": "autocuidado",
    # Post: what happens in a first session
    "What happens in a first session": "Qué ocurre en una primera sesión",
    "what-happens-in-a-first-session": "que-ocurre-en-una-primera-sesion",
    "No pressure to tell your whole story.": "Sin presión por contar toda tu historia.",
    "A first appointment is mostly about getting to know each other and deciding together "
    "whether to carry on. Here is what to expect.": (
        "Una primera cita consiste sobre todo en conocernos y decidir juntos si queremos "
        "continuar. Esto es lo que puedes esperar."
    ),
    "People often arrive at a first session braced to explain everything. You do not have to. "
    "We will ask what brings you, what you hope might change, and what already helps, and you "
    "can say as much or as little as feels right.": (
        "Muchas personas llegan a la primera sesión preparadas para explicarlo todo. No hace "
        "falta. Te preguntaremos qué te trae, qué te gustaría que cambiara y qué te ayuda ya, y "
        "puedes contar tanto o tan poco como te parezca bien."
    ),
    "Practical things": "Cuestiones prácticas",
    "Sessions last fifty minutes, in person or online.": (
        "Las sesiones duran cincuenta minutos, en persona o en línea."
    ),
    "We talk about confidentiality and its limits at the start.": (
        "Al principio hablamos de la confidencialidad y de sus límites."
    ),
    "You can bring someone to wait with you, or take a break at any time.": (
        "Puedes venir con alguien que te espere o hacer una pausa en cualquier momento."
    ),
    "At the end we agree on a next step. That might be another session, a referral to someone "
    "better suited, or simply time to think.": (
        "Al final acordamos un siguiente paso. Puede ser otra sesión, una derivación a alguien "
        "más adecuado para ti o, sencillamente, tiempo para pensarlo."
    ),
    # Post: small ways to settle after a hard day
    "Small ways to settle after a hard day": "Pequeñas formas de calmarse tras un día difícil",
    "small-ways-to-settle-after-a-hard-day": "pequenas-formas-de-calmarse-tras-un-dia-dificil",
    "Five low-effort ideas for the evening, when your body is still running on the day's "
    "adrenaline.": (
        "Cinco ideas sencillas para la noche, cuando tu cuerpo todavía funciona con la "
        "adrenalina del día."
    ),
    "None of these will fix a hard week, and none of them need equipment. Try one, notice what "
    "happens, and keep what works for you.": (
        "Ninguna de ellas arreglará una semana dura, y ninguna necesita nada especial. Prueba "
        "una, observa qué pasa y quédate con lo que te sirva."
    ),
    "Lengthen your out-breath for a minute or two.": (
        "Alarga la exhalación durante un minuto o dos."
    ),
    "Press your feet into the floor and notice the contact.": (
        "Apoya bien los pies en el suelo y siente el contacto."
    ),
    "Name five things you can see, slowly.": "Nombra, despacio, cinco cosas que puedas ver.",
    "Hold something warm.": "Sostén algo cálido entre las manos.",
    "Step outside and let your eyes rest on something far away.": (
        "Sal afuera y deja que la mirada descanse en algo lejano."
    ),
    # Post: why we ask about culture and history
    "Why we ask about culture and history": "Por qué preguntamos por la cultura y la historia",
    "why-we-ask-about-culture-and-history": "por-que-preguntamos-por-la-cultura-y-la-historia",
    "Context is part of care.": "El contexto forma parte del cuidado.",
    "We ask about family, community and history because they shape how safety feels. You "
    "choose how much to share.": (
        "Preguntamos por la familia, la comunidad y la historia porque influyen en cómo se "
        "siente la seguridad. Tú eliges cuánto compartir."
    ),
    "Mentions discrimination and displacement in general terms.": (
        "Menciona en términos generales la discriminación y el desplazamiento."
    ),
    "Some clients are surprised when we ask where their family comes from or what their "
    "community has lived through. We ask because the body remembers more than one lifetime of "
    "experience, and because what feels safe is shaped by culture.": (
        "A algunas personas les sorprende que preguntemos de dónde viene su familia o qué ha "
        "vivido su comunidad. Lo hacemos porque el cuerpo guarda la memoria de más de una vida, "
        "y porque lo que se siente seguro depende también de la cultura."
    ),
    "You never have to answer. If a question feels intrusive, say so; we will change direction, "
    "and we will learn from it.": (
        "Nunca tienes que responder. Si una pregunta te resulta invasiva, dínoslo: cambiaremos "
        "de rumbo y aprenderemos de ello."
    ),
    # Training directory
    "trainings": "trainings",  # /es/trainings/ is the address the trainings plugin's tests use
    "how-we-score-trainings": "how-we-score-trainings",
    "Online": "En línea",
    "Continuing education council (demo)": "Consejo de formación continua (demo)",
    "Approved continuing-education provider (demo)": (
        "Entidad de formación continua acreditada (demo)"
    ),
    "Registered training centre (demo)": "Centro de formación registrado (demo)",
    "Accredited by a professional body (demo)": "Acreditada por un colegio profesional (demo)",
    # Rooted Bodies and Attachment Across Cultures (the rest comes from trainings.py)
    "rooted-bodies": "cuerpos-con-raices",
    "Dr. Lena Ashby, Tomás Reyes": "Dra. Lena Ashby, Tomás Reyes",
    "attachment-across-cultures": "el-apego-entre-culturas",
    "Mtra. Ana Lucía Ferrer": "Mtra. Ana Lucía Ferrer",
    # Polyvagal Foundations
    "Polyvagal Foundations, Self-Paced": "Fundamentos polivagales, a tu ritmo",
    "polyvagal-foundations": "fundamentos-polivagales",
    "Priya Natarajan": "Priya Natarajan",
    "Recorded lessons on nervous-system regulation with short practices you can try between "
    "sessions.": (
        "Lecciones grabadas sobre la regulación del sistema nervioso, con breves prácticas para "
        "probar entre sesiones."
    ),
    "Twelve video lessons with transcripts and a workbook. Strong on physiology, lighter on "
    "culture and power.": (
        "Doce lecciones en vídeo con transcripciones y un cuaderno de trabajo. Sólida en "
        "fisiología, más ligera en cultura y poder."
    ),
    "States and shifts": "Estados y transiciones",
    "How regulation and dysregulation show up.": (
        "Cómo se manifiestan la regulación y la desregulación."
    ),
    "Anyone in a helping profession.": "Cualquier persona que trabaje en una profesión de ayuda.",
    # PTSD Treatment Essentials
    "PTSD Treatment Essentials": "Lo esencial del tratamiento del TEPT",
    "ptsd-treatment-essentials": "lo-esencial-del-tratamiento-del-tept",
    "Dr. Martin Hale": "Dr. Martin Hale",
    "A two-day in-person course on assessing and treating PTSD with structured protocols.": (
        "Un curso presencial de dos días sobre la evaluación y el tratamiento del TEPT con "
        "protocolos estructurados."
    ),
    "Thorough on diagnosis and evidence-based protocols; culture, power and the body are largely "
    "absent.": (
        "Riguroso en diagnóstico y protocolos basados en la evidencia; la cultura, el poder y el "
        "cuerpo están prácticamente ausentes."
    ),
    "Assessment": "Evaluación",
    "Screening tools and diagnostic interviews.": (
        "Herramientas de cribado y entrevistas diagnósticas."
    ),
    "London, United Kingdom": "Londres, Reino Unido",
    "Professional association for psychologists (demo)": (
        "Asociación profesional de psicólogos (demo)"
    ),
    "Clinical psychologists and psychiatrists.": "Psicólogos clínicos y psiquiatras.",
    "A clinical qualification.": "Una titulación clínica.",
    # Cognitive Tools for Trauma Recovery
    "Cognitive Tools for Trauma Recovery": (
        "Herramientas cognitivas para la recuperación del trauma"
    ),
    "cognitive-tools-for-recovery": "herramientas-cognitivas-para-la-recuperacion",
    "Sophie Laurent": "Sophie Laurent",
    "Practical cognitive techniques adapted for people recovering from trauma.": (
        "Técnicas cognitivas prácticas, adaptadas para personas que se recuperan de un trauma."
    ),
    "Live online workshops with worksheets in English and French. Encourages adapting techniques "
    "with clients.": (
        "Talleres en directo en línea con fichas en inglés y francés. Anima a adaptar las "
        "técnicas junto con los clientes."
    ),
    "Thoughts and safety": "Pensamientos y seguridad",
    "Working with beliefs formed under threat.": (
        "Trabajar con creencias que se formaron bajo amenaza."
    ),
    "Counsellors and coaches.": "Terapeutas y coaches.",
    # Ancestral Healing Circles for Practitioners
    "Ancestral Healing Circles for Practitioners": (
        "Círculos de sanación ancestral para profesionales"
    ),
    "ancestral-healing-circles": "circulos-de-sanacion-ancestral",
    "Rosa Quispe, Daniel Okoye": "Rosa Quispe, Daniel Okoye",
    "A residential gathering on collective and ancestral healing, led by practitioners from the "
    "traditions they teach.": (
        "Un encuentro residencial sobre sanación colectiva y ancestral, guiado por personas que "
        "pertenecen a las tradiciones que enseñan."
    ),
    "Three days of circles, ceremony and reflection on how collective histories live in the "
    "body.": (
        "Tres días de círculos, ceremonia y reflexión sobre cómo las historias colectivas viven "
        "en el cuerpo."
    ),
    "Remembering together": "Recordar juntos",
    "Collective memory and repair.": "Memoria colectiva y reparación.",
    "Mexico City, Mexico": "Ciudad de México, México",
    "Practitioners working with communities.": "Profesionales que trabajan con comunidades.",
    # Nervous System Diversity in Practice
    "Nervous System Diversity in Practice": "La diversidad del sistema nervioso en la práctica",
    "nervous-system-diversity": "diversidad-del-sistema-nervioso",
    "Jordan Ellis, Mei Tanaka": "Jordan Ellis, Mei Tanaka",
    "A hybrid course on neurodivergence, disability and body differences in trauma work, with "
    "captions and sign language interpretation.": (
        "Un curso híbrido sobre neurodivergencia, discapacidad y diferencias corporales en el "
        "trabajo con el trauma, con subtítulos e interpretación en lengua de signos."
    ),
    "Designed with disabled and neurodivergent practitioners. Every technique is taught in "
    "several variations.": (
        "Diseñado junto con profesionales con discapacidad y neurodivergentes. Cada técnica se "
        "enseña en varias variantes."
    ),
    "Many nervous systems": "Muchos sistemas nerviosos",
    "Why one regulation model does not fit all.": (
        "Por qué un único modelo de regulación no sirve para todo el mundo."
    ),
    "Toronto, Canada": "Toronto, Canadá",
    "Therapists, occupational therapists and body workers.": (
        "Terapeutas, terapeutas ocupacionales y profesionales del trabajo corporal."
    ),
    # Trauma-Informed Care: A First Course
    "Trauma-Informed Care: A First Course": ("Atención informada sobre el trauma: un primer curso"),
    "trauma-informed-first-course": "primer-curso-de-atencion-informada-sobre-el-trauma",
    "Community volunteers": "Personas voluntarias de la comunidad",
    "A free introductory course for anyone starting out in trauma-informed work.": (
        "Un curso introductorio gratuito para quien empieza a trabajar desde una mirada "
        "informada sobre el trauma."
    ),
    "Short readings and videos. We could not yet check most of the course, so its score shows "
    "insufficient evidence.": (
        "Lecturas breves y vídeos. Aún no hemos podido revisar la mayor parte del curso, por lo "
        "que su puntuación indica evidencia insuficiente."
    ),
    "What trauma is": "Qué es el trauma",
    "A plain-language introduction.": "Una introducción en lenguaje sencillo.",
    "Volunteers, peer supporters and students.": (
        "Voluntariado, personas de apoyo entre pares y estudiantes."
    ),
    # Relational Repair Intensive
    "Relational Repair Intensive": "Intensivo de reparación relacional",
    "relational-repair-intensive": "intensivo-de-reparacion-relacional",
    "Dr. Lena Ashby": "Dra. Lena Ashby",
    "A five-day intensive on rupture and repair in the therapeutic relationship.": (
        "Un intensivo de cinco días sobre la ruptura y la reparación en la relación terapéutica."
    ),
    "Live demonstrations and supervised practice in triads. Two reviewers assessed it and "
    "disagreed on one item, which the admin flags.": (
        "Demostraciones en directo y práctica supervisada en tríos. Dos personas lo evaluaron y "
        "discreparon en un punto, que el panel de administración señala."
    ),
    "Rupture": "Ruptura",
    "Noticing and naming breaks in attunement.": ("Notar y nombrar las rupturas en la sintonía."),
    "Lisbon, Portugal": "Lisboa, Portugal",
    "Experienced therapists.": "Terapeutas con experiencia.",
    "Two years of clinical practice.": "Dos años de práctica clínica.",
    # Checklist version 1 (version 2 is translated by trainings.py)
    "First version, based on our article on choosing a trauma-focused training.": (
        "Primera versión, basada en nuestro artículo sobre cómo elegir una formación centrada "
        "en el trauma."
    ),
}

# --- French -----------------------------------------------------------------------------------

FRENCH = {
    # Home page and practice details
    "Willow &amp; Stone Counselling": "Willow &amp; Stone Counselling",
    "home": "accueil",
    _address("en"): _address("fr"),
    # About and contact: the home page's call to action and the way to reach the practice
    "About the practice": "À propos du cabinet",
    "about": "a-propos",
    "Who we are, and how we try to make therapy a safe place to land.": (
        "Qui nous sommes, et comment nous essayons de faire de la thérapie un lieu sûr où se poser."
    ),
    "How we work": "Notre façon de travailler",
    "Sessions move at the pace of the person in the room. We pay attention to the body as well "
    "as the story, and to the families, cultures and histories that shape both.": (
        "Les séances avancent au rythme de la personne présente. Nous prêtons attention au corps "
        "autant qu’au récit, ainsi qu’aux familles, aux cultures et aux histoires qui façonnent "
        "l’un et l’autre."
    ),
    "Individual therapy, in person and online": "Thérapie individuelle, en présentiel et en ligne",
    "Small reflective groups for caregivers": "Petits groupes de réflexion pour les aidants",
    "Consultation for practitioners new to trauma work": (
        "Supervision pour les praticiens qui débutent dans le travail sur le trauma"
    ),
    "Safety is something we build together, one session at a time.": (
        "La sécurité se construit ensemble, une séance après l’autre."
    ),
    "The practice team": "L’équipe du cabinet",
    "Contact": "Contact",
    "contact": "contact",
    "How to reach us, and what happens after you get in touch.": (
        "Comment nous joindre, et ce qui se passe après votre premier message."
    ),
    "Write to us or call during office hours. We reply within two working days and never share "
    "your message with anyone outside the practice.": (
        "Écrivez-nous ou appelez-nous pendant nos heures d’ouverture. Nous répondons sous deux "
        "jours ouvrés et ne partageons jamais votre message avec qui que ce soit en dehors du "
        "cabinet."
    ),
    # The journal
    "Journal": "Journal",
    "journal": "journal",
    "From the journal": "Du journal",
    "Notes from our practice: how we work, what we are learning, and how we choose the trainings "
    "that shape our care.": (
        "Des notes de notre cabinet : notre façon de travailler, ce que nous apprenons, et la "
        "manière dont nous choisissons les formations qui nourrissent notre accompagnement."
    ),
    "Mara Okafor": "Mara Okafor",
    "Counsellor and clinical lead": "Thérapeute et responsable clinique",
    "Mara has worked with adult survivors of trauma for fifteen years and leads the practice's "
    "consultation groups.": (
        "Mara accompagne depuis quinze ans des adultes ayant traversé des traumatismes et anime "
        "les groupes de supervision du cabinet."
    ),
    "Training": "Formation",
    "training": "formation",
    "How we learn and choose trainings.": "Comment nous apprenons et choisissons nos formations.",
    # The post about choosing a training
    "Choosing a trauma-focused training: questions we ask first": (
        "Choisir une formation axée sur le trauma : les questions que nous posons d’abord"
    ),
    "choosing-a-trauma-focused-training": "choisir-une-formation-axee-sur-le-trauma",
    "Techniques matter. So does what a training leaves out.": (
        "Les techniques comptent. Ce qu’une formation laisse de côté aussi."
    ),
    "Before we sign up for a trauma training, we hold it up against a handful of questions about "
    "culture, the body, agency and evidence. Here they are.": (
        "Avant de nous inscrire à une formation sur le trauma, nous la confrontons à quelques "
        "questions sur la culture, le corps, le pouvoir d’agir et les données probantes. Les "
        "voici."
    ),
    "This post talks in general terms about trauma, oppression and historical harm. It does not "
    "describe any traumatic events.": (
        "Cet article évoque en termes généraux le trauma, l’oppression et les blessures "
        "historiques. Il ne décrit aucun événement traumatique."
    ),
    "Every year someone in our team asks whether a new trauma-focused training is worth the time "
    "and the fee. Most programmes teach useful things: how to notice a trauma response, how to "
    "support regulation, how to pace a session so that nobody is flooded. That is the floor, not "
    "the ceiling.": (
        "Chaque année, quelqu’un de l’équipe se demande si une nouvelle formation axée sur le "
        "trauma vaut le temps et l’argent qu’elle demande. La plupart des programmes enseignent "
        "des choses utiles : repérer une réaction traumatique, soutenir la régulation, doser le "
        "rythme d’une séance pour que personne ne soit submergé. C’est un socle, pas un plafond."
    ),
    "What most trainings cover well": "Ce que la plupart des formations enseignent bien",
    "The familiar frameworks are there for good reasons, and we want a training to teach them "
    "carefully:": (
        "Les cadres bien connus existent pour de bonnes raisons, et nous attendons d’une "
        "formation qu’elle les enseigne avec soin :"
    ),
    "models of post-traumatic stress": "les modèles du stress post-traumatique",
    "nervous system regulation and polyvagal ideas": (
        "la régulation du système nerveux et les apports de la théorie polyvagale"
    ),
    "attachment": "l’attachement",
    "cognitive and behavioural tools": "les outils cognitifs et comportementaux",
    "somatic awareness": "la conscience somatique",
    "What is often missing": "Ce qui manque souvent",
    "Many of the people we see carry harm that is collective as well as personal: racism, "
    "displacement, poverty, gender-based violence, or a family history of being uprooted. A "
    "training that only looks at the individual can leave them feeling unseen, and sometimes "
    "hurt again.": (
        "Beaucoup des personnes que nous accompagnons portent des blessures collectives autant "
        "que personnelles : racisme, exil, pauvreté, violences de genre, ou une histoire "
        "familiale de déracinement. Une formation qui ne regarde que l’individu risque de les "
        "laisser sans être vues, et parfois de les blesser à nouveau."
    ),
    "A good training adds context to the science; it does not replace it.": (
        "Une bonne formation ajoute du contexte à la science ; elle ne la remplace pas."
    ),
    "Our checklist": "Notre grille de questions",
    "These are the questions we ask of every programme before we enrol:": (
        "Voici les questions que nous posons à chaque programme avant de nous inscrire :"
    ),
    "Does the training honor the full human experience—mind, body, culture, and spirit?": (
        "La formation honore-t-elle l’expérience humaine dans sa globalité : l’esprit, le "
        "corps, la culture et la dimension spirituelle ?"
    ),
    "Is it inclusive of different nervous system patterns, cultural expressions, and identities?": (
        "Fait-elle place à la diversité des systèmes nerveux, des expressions culturelles et "
        "des identités ?"
    ),
    "Does it offer tools that are flexible, relational, and grounded in both science and lived "
    "wisdom?": (
        "Propose-t-elle des outils souples, relationnels, ancrés à la fois dans la science et "
        "dans la sagesse de l’expérience vécue ?"
    ),
    "Is it helping you support clients in reclaiming agency—not just managing symptoms?": (
        "Vous aide-t-elle à accompagner les personnes vers la reconquête de leur pouvoir "
        "d’agir, et pas seulement vers la gestion de leurs symptômes ?"
    ),
    "No programme scores perfectly, and that is fine. The questions help us notice what we will "
    "need to learn elsewhere, and who we should ask.": (
        "Aucun programme n’est parfait, et ce n’est pas grave. Ces questions nous aident à voir "
        "ce que nous devrons apprendre ailleurs, et auprès de qui."
    ),
    # Training directory and methodology
    "Trainings we have reviewed": "Formations que nous avons évaluées",
    "trainings": "formations",
    "Trauma-focused trainings we have looked at closely, each scored against our published "
    "checklist. Filter by what matters to you, or compare up to four side by side.": (
        "Des formations axées sur le trauma que nous avons examinées de près, chacune notée "
        "selon notre grille publiée. Filtrez selon ce qui compte pour vous, ou comparez-en "
        "jusqu’à quatre côte à côte."
    ),
    "How we score trainings": "Comment nous évaluons les formations",
    "how-we-score-trainings": "comment-nous-evaluons-les-formations",
    "We read syllabi, talk to providers and sometimes attend. This page explains the checklist "
    "we use, how the score is worked out, and what changed between versions.": (
        "Nous lisons les programmes, échangeons avec les organismes et assistons parfois aux "
        "sessions. Cette page présente la grille que nous utilisons, la façon dont la note est "
        "calculée et ce qui a changé d’une version à l’autre."
    ),
    "Online": "En ligne",
    "Approved continuing-education provider (demo)": (
        "Organisme de formation continue agréé (démo)"
    ),
    "Registered training centre (demo)": "Centre de formation enregistré (démo)",
    "Accredited by a professional body (demo)": "Accrédité par un organisme professionnel (démo)",
    # Rooted Bodies
    "Rooted Bodies: Somatic Trauma Care": "Corps enracinés : soins somatiques du trauma",
    "rooted-bodies": "corps-enracines",
    "Dr. Lena Ashby, Tomás Reyes": "Dr Lena Ashby, Tomás Reyes",
    "A six-month hybrid programme that teaches body-based trauma care alongside the cultural and "
    "family histories clients carry.": (
        "Un programme hybride de six mois qui enseigne un accompagnement du trauma centré sur le "
        "corps, sans perdre de vue les histoires culturelles et familiales que portent les "
        "personnes accompagnées."
    ),
    "Participants meet monthly in person and weekly online. Each module pairs a somatic skill "
    "with a seminar on the social context of trauma.": (
        "Les participants se retrouvent chaque mois en présentiel et chaque semaine en ligne. "
        "Chaque module associe une compétence somatique à un séminaire sur le contexte social "
        "du trauma."
    ),
    "Arriving in the body": "Revenir dans le corps",
    "Orientation, pacing and consent in body-based work.": (
        "Orientation, rythme et consentement dans le travail corporel."
    ),
    "Histories we carry": "Les histoires que nous portons",
    "Family, cultural and ancestral stories in the room.": (
        "Les récits familiaux, culturels et ancestraux présents dans la séance."
    ),
    "Oakland, California": "Oakland, Californie",
    "State board of behavioral sciences (demo)": (
        "Conseil de l’État pour les sciences du comportement (démo)"
    ),
    "Licensed therapists, counsellors and somatic practitioners.": (
        "Thérapeutes diplômés, conseillers et praticiens somatiques."
    ),
    "A current practice with clients.": "Une pratique clinique en cours.",
    # Attachment Across Cultures
    "Attachment Across Cultures": "L’attachement à travers les cultures",
    "attachment-across-cultures": "l-attachement-a-travers-les-cultures",
    "Mtra. Ana Lucía Ferrer": "Mtra. Ana Lucía Ferrer",
    "An online seminar series on attachment that starts from the families and communities "
    "clients actually come from.": (
        "Un cycle de séminaires en ligne sur l’attachement qui part des familles et des "
        "communautés dont les personnes sont réellement issues."
    ),
    "Live sessions in Spanish with English interpretation. Each week includes case discussion in "
    "small groups.": (
        "Séances en direct en espagnol avec interprétation vers l’anglais. Chaque semaine "
        "comprend une discussion de cas en petits groupes."
    ),
    "Many ways to belong": "Mille façons d’appartenir",
    "Attachment beyond the nuclear family.": "L’attachement au-delà de la famille nucléaire.",
    "Therapists and family workers.": "Thérapeutes et intervenants auprès des familles.",
    # Trauma-Informed Care: A First Course
    "Trauma-Informed Care: A First Course": (
        "Des soins qui tiennent compte du trauma : un premier cours"
    ),
    "trauma-informed-first-course": "premier-cours-soins-tenant-compte-du-trauma",
    "Community volunteers": "Bénévoles de la communauté",
    "A free introductory course for anyone starting out in trauma-informed work.": (
        "Un cours d’initiation gratuit pour toute personne qui débute dans une pratique "
        "attentive au trauma."
    ),
    "Short readings and videos. We could not yet check most of the course, so its score shows "
    "insufficient evidence.": (
        "De courtes lectures et des vidéos. Nous n’avons pas encore pu vérifier la plus grande "
        "partie du cours : sa note indique donc des éléments insuffisants."
    ),
    "What trauma is": "Qu’est-ce que le trauma ?",
    "A plain-language introduction.": "Une introduction en langage simple.",
    "Volunteers, peer supporters and students.": ("Bénévoles, pairs aidants et étudiants."),
}

FRENCH_FRAMEWORKS = {
    "ptsd-models": "Modèles du TSPT",
    "polyvagal-theory": "Théorie polyvagale et régulation du système nerveux",
    "attachment-theory": "Théorie de l’attachement",
    "cognitive-behavioral-tools": "Outils cognitivo-comportementaux",
    "somatic-awareness": "Pratiques de conscience somatique",
}

FRENCH_CHECKLIST = {
    "title": "Grille d’évaluation des formations axées sur le trauma",
    "introduction": (
        "Chaque formation de l’annuaire est évaluée au regard des questions ci-dessous. Chaque "
        "critère reçoit une note de 0 (non observé), 1 (limité), 2 (présent) ou 3 (central), "
        "accompagnée des éléments que nous avons trouvés."
    ),
    "changelog": {
        2: (
            "Nous avons reformulé la question sur le pouvoir d’agir pour qu’elle porte sur la "
            "formation plutôt que sur la personne qui lit, et relevé de 1 à 2 le poids de "
            "« diversité des façons de savoir et de guérir » à la suite des retours de nos "
            "lecteurs."
        ),
    },
    "sections": {
        "questions": "Quatre questions à poser à une formation",
        "dimensions": "Dimensions intégratives",
    },
    # code: (question, guidance 0, 1, 2, 3)
    "items": {
        "whole-person": (
            FRENCH[
                "Does the training honor the full human experience—mind, body, culture, and spirit?"
            ],
            "Le trauma est traité uniquement comme un ensemble de symptômes psychiques.",
            "Le corps, la culture ou la spiritualité sont évoqués en passant.",
            "Au moins deux dimensions parmi l’esprit, le corps, la culture et la spiritualité "
            "sont enseignées avec une mise en pratique.",
            "L’esprit, le corps, la culture et la spiritualité traversent tout le programme.",
        ),
        "inclusive": (
            FRENCH[
                "Is it inclusive of different nervous system patterns, cultural expressions, and "
                "identities?"
            ],
            "Une seule manière de réagir au trauma est présentée comme la norme.",
            "Les différences sont reconnues mais pas enseignées.",
            "Les contenus et les exemples couvrent plusieurs fonctionnements, cultures et "
            "identités.",
            "L’inclusion façonne le contenu, l’équipe pédagogique et l’organisation de la "
            "formation.",
        ),
        "flexible-tools": (
            FRENCH[
                "Does it offer tools that are flexible, relational, and grounded in both science "
                "and lived wisdom?"
            ],
            "Uniquement des protocoles figés, appliqués de la même façon à tout le monde.",
            "Une certaine adaptation est possible, mais les outils ne sont pas relationnels.",
            "Des outils relationnels, avec des repères pour les adapter, étayés par des données "
            "probantes.",
            "Les outils s’adaptent avec les personnes accompagnées et puisent autant dans la "
            "recherche que dans l’expérience vécue.",
        ),
        "client-agency": (
            "La formation vous aide-t-elle à accompagner les personnes vers la reconquête de "
            "leur pouvoir d’agir, et pas seulement vers la gestion de leurs symptômes ?",
            "Le seul objectif est la réduction des symptômes.",
            "Le choix de la personne est mentionné mais pas mis en pratique.",
            "Les séances se construisent avec les personnes, consentement et choix compris.",
            "Retrouver son pouvoir d’agir est le fil conducteur de l’approche.",
        ),
        "cultural-ancestral-context": (
            "Contexte culturel et ancestral",
            "La culture et l’héritage ancestral sont absents.",
            "Ils ne sont évoqués que comme toile de fond.",
            "Ils sont enseignés à partir de cas et de mises en pratique.",
            "Ils sont au cœur de la compréhension du trauma et de la guérison, tout au long du "
            "programme.",
        ),
        "power-privilege-systems": (
            "Pouvoir, privilèges et dynamiques systémiques",
            "Le trauma est présenté comme purement individuel.",
            "Les violences systémiques sont nommées mais pas travaillées.",
            "Les traumas systémiques et collectifs sont enseignés, y compris la position de la "
            "personne qui accompagne.",
            "Le pouvoir et les systèmes éclairent l’évaluation, la relation et la réparation "
            "tout au long du programme.",
        ),
        "ways-of-knowing": (
            "Diversité des façons de savoir et de guérir",
            "Une seule tradition de savoir est reconnue.",
            "Les autres traditions apparaissent comme des options facultatives.",
            "Plusieurs traditions sont présentées avec respect et remises dans leur contexte.",
            "Les différentes façons de savoir sont transmises par les personnes qui les portent.",
        ),
        "body-variability": (
            "Diversité des corps et variabilité du système nerveux",
            "Un corps et un système nerveux « typiques » servent de seule référence.",
            "La variabilité est brièvement reconnue.",
            "Le handicap, la neurodivergence et la diversité des corps sont abordés en pratique.",
            "La variabilité façonne chaque technique enseignée.",
        ),
        "intuition-self-leadership": (
            "Pouvoir d’agir, intuition et leadership intérieur de la personne accompagnée",
            "Le thérapeute est présenté comme le seul expert.",
            "L’intuition de la personne est reconnue, sans que l’on s’appuie dessus.",
            "Des pratiques qui renforcent l’intuition et le leadership intérieur de la personne "
            "sont enseignées.",
            "La sagesse propre de la personne guide le travail.",
        ),
    },
}

# --- Arabic (Modern Standard Arabic) ----------------------------------------------------------

# wagtail-localize passes a translated slug through Django's ASCII-only ``slugify``, so an
# Arabic slug comes out empty and Wagtail derives the page's slug from its translated title
# instead (which gives readable Arabic addresses). The slugs below complete the segments; the
# address a visitor sees is the title-derived one.
ARABIC = {
    # Home page and practice details
    "Willow &amp; Stone Counselling": "ويلو آند ستون للإرشاد النفسي",
    "home": "الرئيسية",
    _address("en"): _address("ar"),
    # About and contact: the home page's call to action and the way to reach the practice
    "About the practice": "عن العيادة",
    "about": "عن-العيادة",
    "Who we are, and how we try to make therapy a safe place to land.": (
        "من نحن، وكيف نسعى لأن يكون العلاج ملاذًا آمنًا تستقرّ فيه."
    ),
    "How we work": "كيف نعمل",
    "Sessions move at the pace of the person in the room. We pay attention to the body as well "
    "as the story, and to the families, cultures and histories that shape both.": (
        "تسير الجلسات على إيقاع الشخص الحاضر فيها. ونولي الجسد من الاهتمام ما نوليه للحكاية، "
        "ونلتفت إلى العائلات والثقافات والتواريخ التي تشكّل كليهما."
    ),
    "Individual therapy, in person and online": "العلاج الفردي، حضوريًا وعبر الإنترنت",
    "Small reflective groups for caregivers": "مجموعات تأمّل صغيرة لمقدّمي الرعاية",
    "Consultation for practitioners new to trauma work": (
        "الإشراف المهني للممارسين الجدد في العمل مع الصدمات"
    ),
    "Safety is something we build together, one session at a time.": (
        "الأمان شيء نبنيه معًا، جلسةً بعد جلسة."
    ),
    "The practice team": "فريق العيادة",
    "Contact": "تواصل معنا",
    "contact": "تواصل-معنا",
    "How to reach us, and what happens after you get in touch.": (
        "كيف تصل إلينا، وما الذي يحدث بعد أن تتواصل معنا."
    ),
    "Write to us or call during office hours. We reply within two working days and never share "
    "your message with anyone outside the practice.": (
        "راسلنا أو اتصل بنا خلال ساعات العمل. نردّ خلال يومَي عمل، ولا نشارك رسالتك مع أي أحد "
        "خارج العيادة."
    ),
    # The journal
    "Journal": "المدوّنة",
    "journal": "المدونة",
    "From the journal": "من المدوّنة",
    "Notes from our practice: how we work, what we are learning, and how we choose the trainings "
    "that shape our care.": (
        "خواطر من عيادتنا: كيف نعمل، وما الذي نتعلّمه، وكيف نختار التدريبات التي تصقل رعايتنا."
    ),
    "Mara Okafor": "مارا أوكافور",
    "Counsellor and clinical lead": "مرشدة نفسية ومسؤولة سريرية",
    "Mara has worked with adult survivors of trauma for fifteen years and leads the practice's "
    "consultation groups.": (
        "تعمل مارا منذ خمسة عشر عامًا مع البالغين الناجين من الصدمات، وتدير مجموعات الإشراف "
        "المهني في العيادة."
    ),
    "Training": "التدريب",
    "training": "التدريب",
    "How we learn and choose trainings.": "كيف نتعلّم وكيف نختار التدريبات.",
    # The post about choosing a training
    "Choosing a trauma-focused training: questions we ask first": (
        "اختيار تدريب متمحور حول الصدمة: أسئلة نطرحها أولًا"
    ),
    "choosing-a-trauma-focused-training": "اختيار-تدريب-متمحور-حول-الصدمة",
    "Techniques matter. So does what a training leaves out.": (
        "التقنيات مهمّة، وما يُغفله التدريب مهمّ أيضًا."
    ),
    "Before we sign up for a trauma training, we hold it up against a handful of questions about "
    "culture, the body, agency and evidence. Here they are.": (
        "قبل أن نلتحق بأي تدريب عن الصدمة، نعرضه على بضعة أسئلة تتعلّق بالثقافة والجسد والقدرة "
        "على الفعل والأدلة العلمية. وإليكم هذه الأسئلة."
    ),
    "This post talks in general terms about trauma, oppression and historical harm. It does not "
    "describe any traumatic events.": (
        "تتناول هذه التدوينة بعبارات عامة الصدمةَ والقهرَ والأذى التاريخي، ولا تصف أي أحداث صادمة."
    ),
    "Every year someone in our team asks whether a new trauma-focused training is worth the time "
    "and the fee. Most programmes teach useful things: how to notice a trauma response, how to "
    "support regulation, how to pace a session so that nobody is flooded. That is the floor, not "
    "the ceiling.": (
        "في كل عام يتساءل أحد أفراد فريقنا: هل يستحق تدريب جديد عن الصدمة ما يتطلّبه من وقت "
        "ومال؟ تعلّم معظم البرامج أمورًا مفيدة: كيف نلحظ استجابة الصدمة، وكيف ندعم التنظيم "
        "الذاتي، وكيف نضبط إيقاع الجلسة حتى لا يغمر أحدًا ما يشعر به. لكن هذا هو الحدّ الأدنى، "
        "لا السقف."
    ),
    "What most trainings cover well": "ما تُحسن معظم التدريبات تغطيته",
    "The familiar frameworks are there for good reasons, and we want a training to teach them "
    "carefully:": ("للأُطر المعروفة أسباب وجيهة، ونريد من التدريب أن يعلّمها بعناية:"),
    "models of post-traumatic stress": "نماذج اضطراب ما بعد الصدمة",
    "nervous system regulation and polyvagal ideas": (
        "تنظيم الجهاز العصبي وأفكار النظرية متعددة المبهم"
    ),
    "attachment": "التعلّق",
    "cognitive and behavioural tools": "الأدوات المعرفية والسلوكية",
    "somatic awareness": "الوعي الجسدي",
    "What is often missing": "ما يغيب في أحيان كثيرة",
    "Many of the people we see carry harm that is collective as well as personal: racism, "
    "displacement, poverty, gender-based violence, or a family history of being uprooted. A "
    "training that only looks at the individual can leave them feeling unseen, and sometimes "
    "hurt again.": (
        "يحمل كثير ممن نرافقهم أذًى جماعيًا إلى جانب الأذى الشخصي: العنصرية، والتهجير، والفقر، "
        "والعنف القائم على النوع الاجتماعي، أو تاريخًا عائليًا من الاقتلاع. والتدريب الذي لا "
        "ينظر إلا إلى الفرد قد يتركهم يشعرون بأنهم غير مرئيين، بل قد يجرحهم من جديد."
    ),
    "A good training adds context to the science; it does not replace it.": (
        "التدريب الجيد يضيف السياق إلى العلم، ولا يحلّ محلّه."
    ),
    "Our checklist": "قائمة أسئلتنا",
    "These are the questions we ask of every programme before we enrol:": (
        "هذه هي الأسئلة التي نطرحها على كل برنامج قبل أن نلتحق به:"
    ),
    "Does the training honor the full human experience—mind, body, culture, and spirit?": (
        "هل يحترم التدريب التجربة الإنسانية بكاملها: العقل والجسد والثقافة والروح؟"
    ),
    "Is it inclusive of different nervous system patterns, cultural expressions, and identities?": (
        "هل يتّسع لأنماط الجهاز العصبي المختلفة، وللتعبيرات الثقافية والهويات المتنوعة؟"
    ),
    "Does it offer tools that are flexible, relational, and grounded in both science and lived "
    "wisdom?": ("هل يقدّم أدوات مرنة وعلائقية، تستند إلى العلم وإلى حكمة التجربة المعيشة معًا؟"),
    "Is it helping you support clients in reclaiming agency—not just managing symptoms?": (
        "هل يساعدك على دعم المراجعين في استعادة قدرتهم على الفعل والاختيار، لا في إدارة الأعراض "
        "فحسب؟"
    ),
    "No programme scores perfectly, and that is fine. The questions help us notice what we will "
    "need to learn elsewhere, and who we should ask.": (
        "لا يوجد برنامج كامل، ولا بأس في ذلك. فهذه الأسئلة تساعدنا على إدراك ما سنحتاج إلى تعلّمه "
        "في مكان آخر، ومن نسأل."
    ),
    # Training directory and methodology
    "Trainings we have reviewed": "تدريبات قمنا بمراجعتها",
    "trainings": "التدريبات",
    "Trauma-focused trainings we have looked at closely, each scored against our published "
    "checklist. Filter by what matters to you, or compare up to four side by side.": (
        "تدريبات متمحورة حول الصدمة درسناها عن قرب، وقيّمنا كلًّا منها وفق قائمة التحقق "
        "المنشورة. صفِّ النتائج بحسب ما يهمّك، أو قارن بين أربعة تدريبات جنبًا إلى جنب."
    ),
    "How we score trainings": "كيف نقيّم التدريبات",
    "how-we-score-trainings": "كيف-نقيم-التدريبات",
    "We read syllabi, talk to providers and sometimes attend. This page explains the checklist "
    "we use, how the score is worked out, and what changed between versions.": (
        "نقرأ المناهج ونتحدّث مع الجهات المقدِّمة، ونحضر أحيانًا بأنفسنا. تشرح هذه الصفحة قائمة "
        "التحقق التي نعتمدها، وكيف تُحتسب الدرجة، وما الذي تغيّر بين إصداراتها."
    ),
    "Online": "عبر الإنترنت",
    "Approved continuing-education provider (demo)": "جهة معتمدة للتعليم المستمر (تجريبي)",
    "Registered training centre (demo)": "مركز تدريب مسجَّل (تجريبي)",
    "Accredited by a professional body (demo)": "معتمد من هيئة مهنية (تجريبي)",
    # Rooted Bodies
    "Rooted Bodies: Somatic Trauma Care": "أجساد متجذّرة: رعاية جسدية للصدمة",
    "rooted-bodies": "أجساد-متجذرة",
    "Dr. Lena Ashby, Tomás Reyes": "د. لينا آشبي، توماس رييس",
    "A six-month hybrid programme that teaches body-based trauma care alongside the cultural and "
    "family histories clients carry.": (
        "برنامج مدمج مدته ستة أشهر يعلّم رعاية الصدمة من خلال الجسد، مع الانتباه إلى التواريخ "
        "الثقافية والعائلية التي يحملها المراجعون."
    ),
    "Participants meet monthly in person and weekly online. Each module pairs a somatic skill "
    "with a seminar on the social context of trauma.": (
        "يلتقي المشاركون حضوريًا مرة كل شهر، وعبر الإنترنت مرة كل أسبوع. وتجمع كل وحدة بين "
        "مهارة جسدية وحلقة نقاش حول السياق الاجتماعي للصدمة."
    ),
    "Arriving in the body": "العودة إلى الجسد",
    "Orientation, pacing and consent in body-based work.": (
        "التوجّه وضبط الإيقاع والموافقة في العمل الجسدي."
    ),
    "Histories we carry": "حكايات نحملها",
    "Family, cultural and ancestral stories in the room.": (
        "حكايات العائلة والثقافة والأسلاف حاضرة في الجلسة."
    ),
    "Oakland, California": "أوكلاند، كاليفورنيا",
    "State board of behavioral sciences (demo)": "مجلس الولاية للعلوم السلوكية (تجريبي)",
    "Licensed therapists, counsellors and somatic practitioners.": (
        "المعالجون المرخَّصون والمرشدون النفسيون وممارسو العلاج الجسدي."
    ),
    "A current practice with clients.": "ممارسة حالية مع مراجعين.",
    # Attachment Across Cultures
    "Attachment Across Cultures": "التعلّق عبر الثقافات",
    "attachment-across-cultures": "التعلق-عبر-الثقافات",
    "Mtra. Ana Lucía Ferrer": "أ. آنا لوسيا فيرير",
    "An online seminar series on attachment that starts from the families and communities "
    "clients actually come from.": (
        "سلسلة حلقات نقاش عبر الإنترنت عن التعلّق، تنطلق من العائلات والمجتمعات التي ينتمي "
        "إليها المراجعون فعلًا."
    ),
    "Live sessions in Spanish with English interpretation. Each week includes case discussion in "
    "small groups.": (
        "جلسات مباشرة بالإسبانية مع ترجمة فورية إلى الإنجليزية، ويتضمّن كل أسبوع مناقشة حالات "
        "في مجموعات صغيرة."
    ),
    "Many ways to belong": "طرق كثيرة للانتماء",
    "Attachment beyond the nuclear family.": "التعلّق فيما يتجاوز الأسرة النووية.",
    "Therapists and family workers.": "المعالجون والعاملون مع الأسر.",
    # Trauma-Informed Care: A First Course
    "Trauma-Informed Care: A First Course": "الرعاية الواعية بالصدمة: مقرّر أول",
    "trauma-informed-first-course": "الرعاية-الواعية-بالصدمة-مقرر-أول",
    "Community volunteers": "متطوّعون من المجتمع",
    "A free introductory course for anyone starting out in trauma-informed work.": (
        "مقرّر تمهيدي مجاني لكل من يبدأ العمل بنهج واعٍ بالصدمة."
    ),
    "Short readings and videos. We could not yet check most of the course, so its score shows "
    "insufficient evidence.": (
        "قراءات قصيرة ومقاطع فيديو. لم نتمكّن بعدُ من مراجعة معظم المقرّر، لذا تشير درجته إلى "
        "عدم كفاية الأدلة."
    ),
    "What trauma is": "ما الصدمة؟",
    "A plain-language introduction.": "مقدّمة بلغة بسيطة.",
    "Volunteers, peer supporters and students.": "المتطوّعون وداعمو الأقران والطلاب.",
}

ARABIC_FRAMEWORKS = {
    "ptsd-models": "نماذج اضطراب ما بعد الصدمة",
    "polyvagal-theory": "النظرية متعددة المبهم وتنظيم الجهاز العصبي",
    "attachment-theory": "نظرية التعلّق",
    "cognitive-behavioral-tools": "الأدوات المعرفية السلوكية",
    "somatic-awareness": "ممارسات الوعي الجسدي",
}

ARABIC_CHECKLIST = {
    "title": "قائمة التحقق الخاصة بالتدريبات المتمحورة حول الصدمة",
    "introduction": (
        "يُقيَّم كل تدريب في الدليل وفق الأسئلة أدناه. ويُجاب عن كل بند بدرجة 0 (غير ظاهر) أو "
        "1 (محدود) أو 2 (حاضر) أو 3 (محوري)، مع الشواهد التي وجدناها."
    ),
    "changelog": {
        2: (
            "أعدنا صياغة السؤال المتعلق بالقدرة على الفعل ليتناول التدريب نفسه لا القارئ، ورفعنا "
            "وزن «تنوّع طرق المعرفة والشفاء» من 1 إلى 2 بناءً على ملاحظات القرّاء."
        ),
    },
    "sections": {
        "questions": "أربعة أسئلة نطرحها على أي تدريب",
        "dimensions": "أبعاد تكاملية",
    },
    "items": {
        "whole-person": (
            ARABIC[
                "Does the training honor the full human experience—mind, body, culture, and spirit?"
            ],
            "تُعامَل الصدمة على أنها مجموعة من الأعراض الذهنية فحسب.",
            "يُشار إلى الجسد أو الثقافة أو الروح إشارةً عابرة.",
            "يُدرَّس اثنان على الأقل من العقل والجسد والثقافة والروح مع تطبيق عملي.",
            "يحضر العقل والجسد والثقافة والروح في المنهج كله.",
        ),
        "inclusive": (
            ARABIC[
                "Is it inclusive of different nervous system patterns, cultural expressions, and "
                "identities?"
            ],
            "تُقدَّم طريقة واحدة للاستجابة للصدمة على أنها القاعدة.",
            "يُعترَف بالاختلافات لكنها لا تُدرَّس.",
            "تغطي المواد والأمثلة أنماطًا وثقافات وهويات متعددة.",
            "يشكّل الشمول المحتوى وهيئة التدريس وطريقة إدارة التدريب.",
        ),
        "flexible-tools": (
            ARABIC[
                "Does it offer tools that are flexible, relational, and grounded in both science "
                "and lived wisdom?"
            ],
            "بروتوكولات ثابتة فقط، تُطبَّق على الجميع بالطريقة نفسها.",
            "يُسمح ببعض التكييف، لكن الأدوات ليست علائقية.",
            "أدوات علائقية مع إرشادات لتكييفها، مدعومة بالأدلة.",
            "تُكيَّف الأدوات بالتشارك مع المراجعين، وتستقي من البحث العلمي ومن التجربة المعيشة "
            "على حدّ سواء.",
        ),
        "client-agency": (
            "هل يساعدك التدريب على دعم المراجعين في استعادة قدرتهم على الفعل والاختيار، لا في "
            "إدارة الأعراض فحسب؟",
            "الهدف الوحيد هو تخفيف الأعراض.",
            "يُذكَر حق المراجع في الاختيار لكنه لا يُمارَس.",
            "تُبنى الجلسات بالتشارك مع المراجعين، وتُراعى فيها الموافقة وحرية الاختيار.",
            "استعادة القدرة على الفعل هي المحور الذي تنتظم حوله المقاربة.",
        ),
        "cultural-ancestral-context": (
            "السياق الثقافي وإرث الأسلاف",
            "الثقافة وإرث الأسلاف غائبان.",
            "يُذكران بوصفهما خلفية فقط.",
            "يُدرَّسان من خلال حالات وتطبيقات عملية.",
            "هما محور فهم الصدمة والتعافي على امتداد البرنامج.",
        ),
        "power-privilege-systems": (
            "السلطة والامتياز والديناميات البنيوية",
            "تُطرَح الصدمة على أنها شأن فردي محض.",
            "يُسمّى الأذى البنيوي لكن لا يُعمَل عليه.",
            "تُدرَّس الصدمات البنيوية والجماعية، بما في ذلك موقع المعالِج نفسه.",
            "تُوجِّه مسائلُ السلطة والأنظمة التقييمَ والعلاقةَ والإصلاحَ على امتداد البرنامج.",
        ),
        "ways-of-knowing": (
            "تنوّع طرق المعرفة والشفاء",
            "لا يُعترَف إلا بتقليد معرفي واحد.",
            "تُذكَر التقاليد الأخرى كإضافات اختيارية.",
            "تُعرَض تقاليد متعددة باحترام وفي سياقها.",
            "يعلّم طرقَ المعرفة المختلفة أناسٌ يحملونها ويعيشونها.",
        ),
        "body-variability": (
            "اختلاف الأجساد وتنوّع الجهاز العصبي",
            "يُفترَض جسد واحد وجهاز عصبي واحد «نموذجيان».",
            "يُعترَف بالتنوّع بإيجاز.",
            "تُتناوَل الإعاقة والتنوّع العصبي واختلاف الأجساد في الممارسة العملية.",
            "يشكّل التنوّعُ كلَّ تقنية تُدرَّس.",
        ),
        "intuition-self-leadership": (
            "قدرة المراجع على الفعل وحدسه وقيادته لذاته",
            "يُقدَّم المعالِج بوصفه الخبير الوحيد.",
            "يُعترَف بحدس المراجع لكن لا يُبنى عليه.",
            "تُدرَّس ممارسات تعزّز حدس المراجع وقيادته لذاته.",
            "حكمة المراجع الذاتية هي التي تقود العمل.",
        ),
    },
}

SPANISH_CHECKLIST = {
    "title": trainings_demo.CHECKLIST_ES["title"],
    "introduction": trainings_demo.CHECKLIST_ES["introduction"],
    "changelog": {
        1: SPANISH["First version, based on our article on choosing a trauma-focused training."],
        2: trainings_demo.CHECKLIST_ES["changelog"],
    },
    "sections": trainings_demo.CHECKLIST_ES["sections"],
    "items": trainings_demo.CHECKLIST_ES["items"],
    # Version 1 asked the agency question in the words of the post (translated in blog.py).
    "questions_v1": {
        "client-agency": blog_demo.TRAINING_POST_ES[
            "Is it helping you support clients in reclaiming agency—not just managing symptoms?"
        ],
    },
}

LANGUAGES = {
    "es": {
        "strings": SPANISH,
        "frameworks": trainings_demo.FRAMEWORKS_ES,
        "checklist": SPANISH_CHECKLIST,
    },
    "fr": {"strings": FRENCH, "frameworks": FRENCH_FRAMEWORKS, "checklist": FRENCH_CHECKLIST},
    "ar": {"strings": ARABIC, "frameworks": ARABIC_FRAMEWORKS, "checklist": ARABIC_CHECKLIST},
}


def _escaped(text):
    """Plain-text fields are segmented HTML-escaped; the translation must be too."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def checklist_strings(checklist, texts):
    """A checklist version's segments mapped to ``texts`` (laid out by item code, as in
    ``trainings.py``), built from the checklist itself so each version gets its own wording."""
    strings = {
        _escaped(checklist.title): texts["title"],
        _escaped(checklist.introduction): texts["introduction"],
    }
    changelog = texts["changelog"].get(checklist.version)
    if changelog:
        strings[_escaped(checklist.changelog)] = changelog
    for item in checklist.items.all():
        strings[_escaped(item.section_title)] = texts["sections"][item.section]
        translated = list(texts["items"][item.code])
        if checklist.version == 1 and item.code in texts.get("questions_v1", {}):
            translated[0] = texts["questions_v1"][item.code]
        english = (
            item.question,
            item.guidance_not_evident,
            item.guidance_limited,
            item.guidance_present,
            item.guidance_central,
        )
        strings.update(
            (_escaped(source), target) for source, target in zip(english, translated, strict=True)
        )
    return strings


def strings_for(instance, code):
    """Every translation ``code`` has for ``instance``'s segments, keyed by segment text."""
    language = LANGUAGES[code]
    strings = dict(language["strings"])
    if isinstance(instance, Framework):
        strings[_escaped(instance.name)] = language["frameworks"][instance.slug]
    if isinstance(instance, Checklist):
        strings.update(checklist_strings(instance, language["checklist"]))
    return strings


def untranslated_segments(instance, locale):
    """The source segments of ``instance`` that have no translation into ``locale`` yet."""
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    segments = list(
        StringSegment.objects.filter(source=source)
        .select_related("string", "context")
        .order_by("order")
    )
    done = set(
        StringTranslation.objects.filter(
            locale=locale,
            translation_of__in=[segment.string_id for segment in segments],
            context__in=[segment.context_id for segment in segments],
        ).values_list("translation_of_id", "context_id")
    )
    return [segment for segment in segments if (segment.string_id, segment.context_id) not in done]


def complete_translation(instance, locale, stdout=None):
    """Translate ``instance`` into ``locale``, or fill the segments an earlier translation left
    in English. Does nothing when the translation exists, is complete and (for a page) live."""
    if isinstance(instance, Page):
        instance = instance.specific
    target = instance.get_translation_or_none(locale)
    missing = untranslated_segments(instance, locale)
    if target is not None and not missing and getattr(target, "live", True):
        return target
    available = strings_for(instance, locale.language_code)
    strings = {}
    for segment in missing:
        text = segment.string.data
        if text in available:
            strings[text] = available[text]
        elif stdout is not None:
            stdout.write(
                f"  no {locale.language_code} text for {instance._meta.label} "
                f"“{instance}”: {text[:70]!r} (stays in English)"
            )
    if target is not None and not strings and getattr(target, "live", True):
        return target  # nothing new to say: syncing again would only add a revision
    return translate(instance, locale, strings)


def translate_plan(plan, locale, stdout=None):
    """Translate every object of ``plan`` into ``locale``."""
    for instance in plan():
        complete_translation(instance, locale, stdout)


# --- what is translated into which language ---------------------------------------------------


def _english():
    return Locale.get_default()


def spanish_plan():
    """Everything the demo creates in English, snippets before the pages that use them and every
    page after its parent."""
    english = _english()
    yield from PracticeDetails.objects.filter(locale=english)
    yield from Author.objects.filter(locale=english).order_by("pk")
    yield from BlogCategory.objects.filter(locale=english).order_by("pk")
    yield from Framework.objects.filter(locale=english).order_by("pk")
    yield from Provider.objects.filter(locale=english).order_by("pk")
    yield from Checklist.objects.published().filter(locale=english).order_by("version")
    home = site_demo.get_home()
    yield from home.get_descendants(inclusive=True).specific().order_by("path")


def french_and_arabic_plan():
    """The home page, the training post, the checklist in force and three trainings, with the
    pages above them, the snippets they show, the page that presents the checklist and the
    about and contact pages the home page links to."""
    english = _english()
    home = site_demo.get_home()
    post = BlogPostPage.objects.get(locale=english, slug=blog_demo.TRAINING_POST_SLUG)
    trainings = [TrainingPage.objects.get(locale=english, slug=slug) for slug in FEATURED_TRAININGS]
    yield from PracticeDetails.objects.filter(locale=english)
    yield from post.authors.order_by("pk")
    yield from post.categories.order_by("pk")
    # Every framework: the training directory's filters list them all.
    yield from Framework.objects.filter(locale=english).order_by("pk")
    yield from Provider.objects.filter(
        pk__in=[training.provider_id for training in trainings if training.provider_id]
    ).order_by("pk")
    yield Checklist.in_force(english)
    yield home
    # Not asked for by issue 5, but the home page's call to action leads to "About the practice"
    # and a visitor needs the contact page: without them it would send French and Arabic
    # readers to English pages.
    yield from home.get_children().type(StandardPage).specific().order_by("path")
    yield BlogIndexPage.objects.get(locale=english, slug=blog_demo.INDEX["slug"])
    yield post
    yield TrainingIndexPage.objects.get(locale=english, slug=trainings_demo.INDEX["slug"])
    yield from trainings
    yield ChecklistMethodologyPage.objects.get(
        locale=english, slug=trainings_demo.METHODOLOGY["slug"]
    )


def translate_into_spanish(stdout=None):
    """All demo content in Spanish, completing what the other demo steps began."""
    translate_plan(spanish_plan, Locale.objects.get(language_code="es"), stdout)


def translate_into_french_and_arabic(stdout=None):
    """The home page and the content issue 5 names, in French and in Arabic."""
    for code in ("fr", "ar"):
        translate_plan(french_and_arabic_plan, Locale.objects.get(language_code=code), stdout)


STEPS = [
    ("Spanish translation of all demo content", translate_into_spanish),
    (
        "French and Arabic translations of the home page, training post, checklist and trainings",
        translate_into_french_and_arabic,
    ),
]
