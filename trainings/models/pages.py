"""Training pages: the directory index, one page per training, and the methodology page."""

from django import forms
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from practice_core.extending import HookAPIFields, HookStreamField

from ..blocks import TrainingDescriptionBlock
from ..schemas import (
    ChecklistScoreField,
    FrameworksField,
    LabelsField,
    LanguagesOfferedField,
    ProviderField,
    SessionsField,
    TrainingDescriptionField,
)

FORMAT_ONLINE = "online"
FORMAT_IN_PERSON = "in_person"
FORMAT_HYBRID = "hybrid"
FORMAT_SELF_PACED = "self_paced"
FORMAT_CHOICES = [
    (FORMAT_ONLINE, _("Online")),
    (FORMAT_IN_PERSON, _("In person")),
    (FORMAT_HYBRID, _("Hybrid")),
    (FORMAT_SELF_PACED, _("Self-paced")),
]

# Languages a training may be taught in (not only the site's own languages).
TRAINING_LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("pt", _("Portuguese")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("zh", _("Chinese")),
    ("asl", _("American Sign Language")),
]

CURRENCY_CHOICES = [
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("CAD", "CAD"),
    ("AUD", "AUD"),
]

TIME_ZONE_CHOICES = [
    (name, name)
    for name in (
        "UTC",
        "America/Los_Angeles",
        "America/Denver",
        "America/Chicago",
        "America/New_York",
        "America/Mexico_City",
        "America/Bogota",
        "America/Sao_Paulo",
        "Europe/London",
        "Europe/Madrid",
        "Europe/Paris",
        "Europe/Berlin",
        "Africa/Cairo",
        "Asia/Dubai",
        "Asia/Kolkata",
        "Australia/Sydney",
    )
]


class TrainingPageQuerySet(PageQuerySet):
    def _score_expressions(self, names=None):
        from .assessments import Assessment
        from .checklists import Checklist

        # No ORDER BY in the subquery: one assessment per training is the latest, and the
        # model's default ordering would make SQLite sort (a temporary B-tree) for every row.
        latest = Assessment.objects.filter(
            training_key=OuterRef("translation_key"), is_latest=True
        ).order_by()
        upcoming = TrainingSession.objects.filter(
            page=OuterRef("pk"), starts_at__gte=timezone.now()
        ).order_by("starts_at")
        expressions = {
            "score": Subquery(latest.values("score")[:1]),
            "coverage": Subquery(latest.values("coverage")[:1]),
            "band": Subquery(latest.values("band")[:1]),
            "strongest_section": Subquery(latest.values("strongest_section")[:1]),
            "checklist_version": Subquery(latest.values("checklist__version")[:1]),
            "reviewed_on": Subquery(latest.values("reviewed_on")[:1]),
            "rereview_pending": Subquery(latest.values("rereview_pending")[:1]),
            "newest_version": Subquery(
                Checklist.objects.published().order_by("-version").values("version")[:1]
            ),
            "next_start": Subquery(upcoming.values("starts_at")[:1]),
        }
        return {name: expressions[name] for name in names or expressions}

    def with_scores(self):
        """Annotate each training with its latest assessment's stored score, in one query.

        Assessments are shared by all translations of a training (keyed by translation_key), so
        the annotation works for every locale. Each annotation is a correlated subquery run for
        every row the query returns: use it on a page of results, and ``with_sort_keys`` to
        filter and sort a whole directory.
        """
        return self.annotate(**self._score_expressions())

    @staticmethod
    def mark_re_review_due(trainings):
        """Set ``re_review_due`` on trainings loaded :meth:`with_scores`: a newer checklist
        version than the one of the score shown, or a carried re-assessment still pending."""
        for training in trainings:
            version, newest = training.checklist_version, training.newest_version
            training.re_review_due = bool(
                version is not None
                and (training.rereview_pending or (newest is not None and version < newest))
            )
        return trainings

    def with_sort_keys(self):
        """The values filters and orderings use (score, strongest section, next start), as
        aliases: SQL computes one only where a filter or the order refers to it, never in the
        SELECT list of every row. Load the rows you show with :func:`with_scores`."""
        return self.alias(**self._score_expressions(["score", "strongest_section", "next_start"]))

    def children_of(self, parent):
        """The children of ``parent`` by a range of ``path`` the index can answer.

        Wagtail's ``child_of`` is ``path LIKE 'parent%'``, which SQLite cannot answer from the
        ``path`` index (its LIKE is case-insensitive): it scans every training of every directory.
        A child's path is the parent's path plus one four-character step, so a range over the
        path at the next depth selects exactly the same pages.
        """
        return self.filter(
            depth=parent.depth + 1,
            path__gt=parent.path,
            path__lte=parent.path + "ZZZZ",
        )


TrainingPageManager = PageManager.from_queryset(TrainingPageQuerySet)


class TrainingIndexPage(RoutablePageMixin, Page):
    """The training directory: filters, sorting, pagination and side-by-side comparison."""

    introduction = models.TextField(_("introduction"), blank=True)
    per_page = models.PositiveSmallIntegerField(
        _("trainings per page"), default=12, validators=[MinValueValidator(1)]
    )
    featured_heading = models.CharField(_("heading on the home page"), max_length=120, blank=True)
    price_currency = models.CharField(
        _("compare prices in"),
        max_length=3,
        choices=CURRENCY_CHOICES,
        default="USD",
        help_text=_(
            "Price filters and the price sort compare prices in this currency unless the "
            "visitor chooses another; trainings priced in other currencies are left out of a "
            "price filter (with a note) and listed after the others when sorting by price."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("featured_heading"),
        FieldPanel("per_page"),
        FieldPanel("price_currency"),
    ]
    api_fields = [
        APIField("introduction"),
        APIField("featured_heading"),
        APIField("per_page"),
        APIField("price_currency"),
    ]
    # Each language's directory may compare prices in its own currency.
    override_translatable_fields = [SynchronizedField("price_currency", overridable=True)]
    subpage_types = ["practice_trainings.TrainingPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("training index page")

    def trainings(self):
        """Live, public trainings below this index, annotated with their scores.

        Every row computes every annotation: fine for a handful of ids (the comparison); to
        filter and sort the directory use :meth:`training_candidates`.
        """
        return (
            TrainingPage.objects.children_of(self)
            .live()
            .public()
            .defer_streamfields()
            .with_scores()
            .select_related("provider")
        )

    def training_candidates(self):
        """Live, public trainings below this index, with the sort keys only (see
        ``TrainingPageQuerySet.with_sort_keys``): filter, sort and slice this, then load the
        shown rows with :func:`practice_trainings.listing.load_rows`."""
        return TrainingPage.objects.children_of(self).live().public().with_sort_keys()

    def listing_context(self, request) -> dict:
        """Everything the directory shows (see ``practice_trainings.rendering.listing_context``)."""
        from ..rendering import listing_context

        return listing_context(self, request)

    @path("")
    def listing_view(self, request):
        """The directory (``practice_trainings.rendering.directory``)."""
        from ..rendering import directory

        return directory(self, request)

    @path("compare/", name="compare")
    def compare_view(self, request):
        """The side-by-side comparison (``practice_trainings.rendering.comparison``)."""
        from ..rendering import comparison

        return comparison(self, request)

    def featured_for_home(self, home, request):
        """The three best-scored trainings, for the home page (``practice_core.featured``); a
        host chooses others with the ``practice_trainings_featured_trainings`` hook."""
        from practice_core.featured import chosen_items

        from ..listing import load_rows

        items = load_rows(
            self.training_candidates()
            .filter(score__isnull=False)
            .order_by(F("score").desc(nulls_last=True), "title")[:3]
        )
        items = chosen_items("practice_trainings_featured_trainings", self, request, items)
        # A host's home page model need not have this project's heading field.
        home_heading = getattr(home.specific, "featured_trainings_heading", "")
        return {
            "heading": self.featured_heading or home_heading or "",
            "items": items,
            "index": self,
            "more_label": _("All reviewed trainings"),
            "template": "practice_trainings/includes/featured_trainings.html",
        }


class TrainingPageForm(WagtailAdminPageForm):
    """The training page's editor form: "Frameworks covered" and "Provider" accept the
    frameworks and providers of the page's locale (each exists once per language), plus whatever
    the page is already linked to, so a link to another language's snippet is shown and kept on
    save rather than silently dropped (a translation's provider is synchronised from the source).
    The provider chooser opens filtered to the page's language (Wagtail passes the editor's
    locale); choosing another language's provider there is refused as a form error. Defined
    here, beside the page, as Wagtail's ``base_form_class`` requires a class when the model is
    defined."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        if locale_id is None:
            return
        from .checklists import Framework, Provider

        field = self.fields.get("frameworks")
        if field is not None:
            linked = [getattr(value, "pk", value) for value in self.initial.get("frameworks") or ()]
            field.queryset = Framework.objects.filter(
                models.Q(locale_id=locale_id) | models.Q(pk__in=linked)
            )
        field = self.fields.get("provider")
        if field is not None:
            linked = getattr(self.initial.get("provider"), "pk", self.initial.get("provider"))
            field.queryset = Provider.objects.filter(
                models.Q(locale_id=locale_id) | models.Q(pk=linked)
            )


class TrainingPage(Page):
    """One training in the directory, with its practical details and its checklist score."""

    provider = models.ForeignKey(
        "practice_trainings.Provider",
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainings",
    )
    instructors = models.CharField(_("instructors"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for cards."))
    # A host adds blocks with the practice_trainings_description_blocks hook
    # (docs/extending.md); migrations record only these.
    description = HookStreamField(
        TrainingDescriptionBlock(),
        hook_name="practice_trainings_description_blocks",
        verbose_name=_("description"),
        blank=True,
    )
    frameworks = ParentalManyToManyField(
        "practice_trainings.Framework", verbose_name=_("frameworks covered"), blank=True
    )
    format = models.CharField(
        _("format"), max_length=20, choices=FORMAT_CHOICES, default=FORMAT_ONLINE
    )
    location = models.CharField(
        _("location"), max_length=255, blank=True, help_text=_("City and venue, or 'Online'.")
    )
    total_hours = models.DecimalField(
        _("total hours"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    ce_credits = models.DecimalField(
        _("CE credits"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    ce_approving_body = models.CharField(_("CE approving body"), max_length=255, blank=True)
    cost = models.DecimalField(
        _("cost"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Full price; 0 for free, empty if unknown."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="USD"
    )
    sliding_scale = models.BooleanField(_("sliding scale"), default=False)
    scholarships = models.BooleanField(_("scholarships"), default=False)
    payment_plans = models.BooleanField(_("payment plans"), default=False)
    captions = models.BooleanField(_("captions"), default=False)
    sign_language = models.BooleanField(_("sign language interpretation"), default=False)
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    accessibility_notes = models.TextField(_("other accessibility notes"), blank=True)
    audience = models.TextField(_("audience"), blank=True)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    registration_url = models.URLField(_("registration URL"), blank=True)
    last_reviewed = models.DateField(_("details last reviewed"), null=True, blank=True)

    objects = TrainingPageManager()
    base_form_class = TrainingPageForm

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("provider"),
        FieldPanel("instructors"),
        FieldPanel("description"),
        FieldPanel("frameworks", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldPanel("location"),
                InlinePanel("sessions", label=_("Session")),
                FieldPanel("total_hours"),
                InlinePanel("languages_offered", label=_("Language")),
            ],
            heading=_("When, where and in which languages"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("cost"), FieldPanel("currency")]),
                FieldRowPanel(
                    [
                        FieldPanel("sliding_scale"),
                        FieldPanel("scholarships"),
                        FieldPanel("payment_plans"),
                    ]
                ),
                FieldRowPanel([FieldPanel("ce_credits"), FieldPanel("ce_approving_body")]),
            ],
            heading=_("Cost and credits"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("captions"),
                        FieldPanel("sign_language"),
                        FieldPanel("step_free_access"),
                    ]
                ),
                FieldPanel("accessibility_notes"),
            ],
            heading=_("Accessibility"),
        ),
        FieldPanel("audience"),
        FieldPanel("prerequisites"),
        FieldPanel("registration_url"),
        FieldPanel("last_reviewed"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("instructors"),
        index.SearchField("description"),
        index.FilterField("format"),
    ]
    # A host adds fields with the practice_trainings_training_api_fields hook (docs/extending.md).
    api_fields = HookAPIFields(
        [
            APIField("summary"),
            APIField("format"),
            APIField("location"),
            APIField("instructors"),
            APIField("total_hours"),
            APIField("ce_credits"),
            APIField("ce_approving_body"),
            APIField("cost"),
            APIField("currency"),
            APIField("sliding_scale"),
            APIField("scholarships"),
            APIField("payment_plans"),
            APIField("registration_url"),
            APIField("last_reviewed"),
            APIField("checklist_score", serializer=ChecklistScoreField()),
            APIField("description", serializer=TrainingDescriptionField()),
            APIField("provider", serializer=ProviderField(source="api_facts.provider")),
            APIField("frameworks", serializer=FrameworksField(source="api_facts.frameworks")),
            APIField("sessions", serializer=SessionsField(source="api_facts.sessions")),
            APIField(
                "languages_offered", serializer=LanguagesOfferedField(source="api_facts.languages")
            ),
            APIField("captions"),
            APIField("sign_language"),
            APIField("step_free_access"),
            APIField("accessibility_features", serializer=LabelsField()),
            APIField("accessibility_notes"),
            APIField("audience"),
            APIField("prerequisites"),
        ],
        hook_name="practice_trainings_training_api_fields",
    )
    # The provider is a proper noun: every translation points at the same provider.
    override_translatable_fields = [
        SynchronizedField("provider"),
        SynchronizedField("total_hours"),
        SynchronizedField("cost"),
    ]
    parent_page_types = ["practice_trainings.TrainingIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("training page")

    @property
    def is_free(self) -> bool:
        return self.cost is not None and self.cost == 0

    @property
    def accessibility_features(self):
        features = []
        if self.captions:
            features.append(_("Captions"))
        if self.sign_language:
            features.append(_("Sign language interpretation"))
        if self.step_free_access:
            features.append(_("Step-free access"))
        return features

    @property
    def is_cacheable(self) -> bool:
        """True for the live page as loaded from the database (whose row holds the published
        content). A revision's or preview's object is built in memory (``_state.adding``,
        children held by modelcluster): it never reads from or writes to a cache."""
        return (
            bool(self.live and self.pk)
            and not self._state.adding
            and not getattr(self, "_cluster_related_objects", None)
        )

    def cached_extra(self, kind: str, build):
        """``build()``, cached for the live page (``practice_trainings.rendering.cached_extra``)."""
        from ..rendering import cached_extra

        return cached_extra(self, kind, build)

    @cached_property
    def api_facts(self) -> dict:
        """Provider, frameworks, sessions and languages for the API, in the page's language.

        The API detail has a query budget and these four cost a query each, so the live page's
        facts are cached under the content version (publishing the page, or saving a provider
        or framework, raises it). A draft being previewed is never cached.
        """
        return self.cached_extra("api-facts", self.load_api_facts)

    def load_api_facts(self) -> dict:
        """Plain, picklable data for ``api_facts``, snippets in the page's language."""
        from django.db.models import Q
        from django.utils import translation

        from .checklists import Framework, Provider

        provider = None
        if self.provider_id:
            candidates = Provider.objects.filter(
                Q(pk=self.provider_id)
                | Q(
                    translation_key__in=Provider.objects.filter(pk=self.provider_id).values(
                        "translation_key"
                    ),
                    locale_id=self.locale_id,
                    live=True,
                )
            )
            chosen = sorted(candidates, key=lambda p: p.locale_id != self.locale_id)
            if chosen:
                provider = {
                    "name": chosen[0].name,
                    "website": chosen[0].website,
                    "accreditation": chosen[0].accreditation,
                }
        linked = list(self.frameworks.all())
        localized = {
            f.translation_key: f
            for f in Framework.objects.filter(
                translation_key__in=[f.translation_key for f in linked],
                locale_id=self.locale_id,
                live=True,
            )
        }
        frameworks = [localized.get(f.translation_key, f) for f in linked]
        with translation.override(self.locale.language_code):
            languages = [
                {"code": item.language, "name": str(item.get_language_display())}
                for item in self.languages_offered.all()
            ]
        return {
            "provider": provider,
            "frameworks": [{"name": f.name, "slug": f.slug} for f in frameworks],
            "sessions": [
                {"starts_at": s.starts_at, "ends_at": s.ends_at, "time_zone": s.time_zone}
                for s in self.sessions.all()
            ],
            "languages": languages,
        }

    @cached_property
    def scorecard(self):
        """The training's latest assessment, scored and localised (None if never assessed)."""
        from ..services import scorecard_for

        return self.cached_extra("scorecard", lambda: scorecard_for(self))

    @property
    def checklist_score(self):
        """The score breakdown for the API (see ``practice_trainings.schemas.ChecklistScore``)."""
        return self.scorecard

    def get_context(self, request, *args, **kwargs):
        from ..rendering import training_context

        context = super().get_context(request, *args, **kwargs)
        context.update(training_context(self, request, context))
        return context


class TrainingSession(Orderable):
    """A scheduled session (or the whole course's dates) of a training, in its own time zone."""

    page = ParentalKey(TrainingPage, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="UTC"
    )

    panels = [FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("time_zone")]

    class Meta(Orderable.Meta):
        verbose_name = _("session")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("A session cannot end before it starts.")})


class TrainingLanguage(Orderable):
    """A language a training is taught in."""

    page = ParentalKey(TrainingPage, on_delete=models.CASCADE, related_name="languages_offered")
    language = models.CharField(_("language"), max_length=8, choices=TRAINING_LANGUAGE_CHOICES)

    panels = [FieldPanel("language")]

    class Meta(Orderable.Meta):
        verbose_name = _("language offered")


class ChecklistMethodologyPage(Page):
    """Explains how trainings are scored, generated from the checklist in force, with changelog."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    # The checklist itself is GET /api/v3/checklists/current/ (practice_trainings.api).
    api_fields = [APIField("introduction")]
    max_count_per_parent = 1
    subpage_types = []

    class Meta:
        verbose_name = _("checklist methodology page")

    def get_context(self, request, *args, **kwargs):
        from ..models import Checklist
        from ..scoring import MIN_COVERAGE, PARTIAL_THRESHOLD, STRONG_THRESHOLD

        context = super().get_context(request, *args, **kwargs)
        checklist, newer = Checklist.for_visitors(self.locale)
        context["checklist"] = checklist
        # The version in force when its translation into this page's language is not published
        # yet: the page says so and links to it, rather than show its text untranslated.
        context["untranslated_version"] = newer
        if newer is not None:
            source_page = self.get_translations().filter(locale_id=newer.locale_id).live().first()
            context["untranslated_version_url"] = source_page.url if source_page else None
        context["items"] = list(checklist.items.all()) if checklist else []
        sections = {}
        for item in context["items"]:
            sections.setdefault(item.section, {"title": item.section_title, "items": []})
            sections[item.section]["items"].append(item)
        context["sections"] = list(sections.values())
        context["versions"] = Checklist.published_versions(self.locale)
        context["thresholds"] = {
            "strong": STRONG_THRESHOLD,
            "partial": PARTIAL_THRESHOLD,
            "coverage": int(MIN_COVERAGE * 100),
        }
        return context
