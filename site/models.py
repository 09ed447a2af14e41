"""The site layer: home page, standard pages and the practice's site-wide settings."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.contrib.forms.models import (
    AbstractForm,
    AbstractFormField,
    AbstractFormSubmission,
    validate_to_address,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, Page, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from practice_core.featured import featured_sections

from .api_fields import (
    CallToActionField,
    EnquiryFormDefinitionField,
    HeroImageField,
    SiteBodyField,
)
from .blocks import RICH_TEXT_FEATURES, BodyBlock
from .enquiries import ContactPageAdminForm
from .practice_details_panel import PracticeDetailsPanel


class HomePage(Page):
    """The front page of one language's tree: a hero, an introduction and featured content."""

    hero_heading = models.CharField(_("hero heading"), max_length=200, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        _("hero image description"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the image shows, for visitors who cannot see it (translated with the page). "
            "Empty: the image is decorative."
        ),
    )
    hero_cta_text = models.CharField(_("call to action text"), max_length=80, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("call to action page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    introduction = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    featured_posts_heading = models.CharField(
        _("featured posts heading"), max_length=120, blank=True
    )
    featured_trainings_heading = models.CharField(
        _("featured trainings heading"), max_length=120, blank=True
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
                FieldPanel("hero_cta_text"),
                FieldPanel("hero_cta_page"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("featured_posts_heading"),
        FieldPanel("featured_trainings_heading"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("hero_heading"),
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    api_fields = [
        APIField("hero_heading"),
        APIField("hero_text"),
        APIField("hero_image", serializer=HeroImageField(source="hero_image_id")),
        APIField("call_to_action", serializer=CallToActionField(source="*")),
        APIField("introduction"),
        APIField("body", serializer=SiteBodyField()),
        APIField("featured_posts_heading"),
        APIField("featured_trainings_heading"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_sections"] = featured_sections(self, request)
        return context


class StandardPage(Page):
    """An ordinary content page: about the practice, contact details, methodology and the like."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    api_fields = [APIField("introduction"), APIField("body", serializer=SiteBodyField())]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="site", order=98)
class PracticeSettings(BaseSiteSetting):
    """Site-wide facts about the practice that are the same in every language.

    Text that is translated (tagline, address, footer note) lives in :class:`PracticeDetails`,
    next to these settings in the admin's Settings menu; the edit screen links to it.
    """

    practice_name = models.CharField(_("practice name"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    copyright_holder = models.CharField(_("copyright holder"), max_length=120, blank=True)
    x_url = models.URLField(_("X"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    threads_url = models.URLField(_("Threads"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    tiktok_url = models.URLField(_("TikTok"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    icon = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("site icon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A square image, at least 180 × 180 pixels: shown in browser tabs and bookmarks and "
            "on a phone's home screen. Without one, the site uses its built-in icon."
        ),
    )
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The practice's logo, as search engines show it beside its articles (at least 112 "
            "pixels wide)."
        ),
    )
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("default share image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown in link previews (Facebook, LinkedIn, messaging apps) and search results for "
            "posts without a hero image. Landscape, at least 1200 × 630 pixels."
        ),
    )
    enquiry_retention_days = models.PositiveIntegerField(
        _("keep enquiries for (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "Enquiries sent through the contact form are deleted after this many days by the "
            "daily clean-up (manage.py purge_visitor_data)."
        ),
    )

    panels = [
        PracticeDetailsPanel(heading=_("Practice details in each language")),
        MultiFieldPanel(
            [
                FieldPanel("practice_name"),
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("copyright_holder"),
                FieldPanel("icon"),
                FieldPanel("logo"),
                FieldPanel("default_share_image"),
            ],
            heading=_("The practice"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("x_url"),
                FieldPanel("instagram_url"),
                FieldPanel("threads_url"),
                FieldPanel("youtube_url"),
                FieldPanel("tiktok_url"),
                FieldPanel("facebook_url"),
                FieldPanel("linkedin_url"),
            ],
            heading=_("Social links"),
        ),
        MultiFieldPanel([FieldPanel("enquiry_retention_days")], heading=_("Enquiries")),
    ]

    class Meta:
        verbose_name = _("practice settings")

    SOCIAL_NETWORKS = (
        ("x_url", "X"),
        ("instagram_url", "Instagram"),
        ("threads_url", "Threads"),
        ("youtube_url", "YouTube"),
        ("tiktok_url", "TikTok"),
        ("facebook_url", "Facebook"),
        ("linkedin_url", "LinkedIn"),
    )

    @property
    def social_links(self) -> list[dict]:
        """The configured social profiles, in the seed page's order."""
        return [
            {"network": label, "url": getattr(self, field)}
            for field, label in self.SOCIAL_NETWORKS
            if getattr(self, field)
        ]


class PracticeDetails(DraftStateMixin, RevisionMixin, TranslatableMixin, models.Model):
    """The practice's words that visitors read in their own language: tagline, address, footer.

    One per locale; translators localise it in wagtail-localize like any snippet. A translation
    is a draft until its translator publishes it (visitors read the source's meanwhile).
    """

    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    postal_address = models.TextField(
        _("postal address"), blank=True, help_text=_("One line per line of the address.")
    )
    footer_note = models.TextField(_("footer note"), blank=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="practice_details")

    panels = [FieldPanel("tagline"), FieldPanel("postal_address"), FieldPanel("footer_note")]
    # Editors with an API token read and write these through v3's snippet routes; visitors' front
    # ends read them from the public /api/v3/site-settings/ route.
    api_fields = [APIField("tagline"), APIField("postal_address"), APIField("footer_note")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("practice details")
        verbose_name_plural = _("practice details")

    def __str__(self):
        return self.tagline or str(_("Practice details"))

    @property
    def revisions(self):
        return self._revisions

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.postal_address.splitlines() if line.strip()]


class TranslatorTeam(models.Model):
    """Links a user group to the one language its members translate into.

    Members may edit and publish pages in that language's tree, translate snippets into it and
    submit translations into it only (see ``practice_site.translators``).
    """

    group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="translator_team",
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale", verbose_name=_("language"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("translator team")

    def __str__(self):
        return str(self.group)


# --------------------------------------------------------------------------------------------
# The enquiry form (the contact page): Wagtail's form builder, translated like every page.
# --------------------------------------------------------------------------------------------


class EnquiryFormField(TranslatableMixin, AbstractFormField):
    """One field of an enquiry form, chosen by the owner; its label and help are translated.

    The field's ``clean_name`` (the key its answers are stored under) is the same in every
    language, so the practice reads all enquiries in one set of columns.
    """

    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")

    override_translatable_fields = [SynchronizedField("clean_name")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")


def default_sensitive_notice():
    return str(
        _(
            "Please do not include clinical details, such as diagnoses, medication or what has "
            "happened to you: a few words about what you are looking for are enough. We will talk "
            "about the rest safely, once we are in touch."
        )
    )


def default_consent_text():
    return str(
        _(
            "I agree that the practice keeps my message and contact details to answer me, as the "
            "privacy notice explains."
        )
    )


def default_thank_you_text():
    return str(
        _(
            "Thank you. Your message has reached us, and we will reply as soon as we can, usually "
            "within two working days."
        )
    )


class ContactPage(RoutablePageMixin, AbstractForm):
    """The enquiry form: fields the owner chooses, consent, a notice about sensitive content.

    What visitors send is stored as :class:`Enquiry` (readable in the admin under Forms by
    people allowed to read enquiries) and sent to the practice as a plain email; it is never
    shown again on a page or in the API. See :mod:`practice_site.enquiries`.
    """

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    sensitive_notice = models.TextField(
        _("sensitive content notice"),
        default=default_sensitive_notice,
        help_text=_(
            "Shown above the form. The crisis note from Settings → Practice details follows it."
        ),
    )
    consent_text = models.TextField(
        _("consent text"),
        default=default_consent_text,
        help_text=_("Visitors tick this before sending; the privacy notice is linked after it."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    thank_you_text = models.TextField(_("confirmation text"), default=default_thank_you_text)
    to_address = models.CharField(
        _("send enquiries to"),
        max_length=255,
        blank=True,
        validators=[validate_to_address],
        help_text=_(
            "Email addresses, separated by commas. Empty: the practice's email address from "
            "Settings → Practice settings."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("sensitive_notice"),
        InlinePanel("form_fields", label=_("Form fields")),
        MultiFieldPanel(
            [FieldPanel("consent_text"), PageChooserPanel("privacy_page")],
            heading=_("Consent"),
        ),
        FieldPanel("thank_you_text"),
        FieldPanel("to_address"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    # The form's definition only: what visitors sent is never in the API.
    api_fields = [
        APIField("introduction"),
        APIField("body", serializer=SiteBodyField()),
        APIField("sensitive_notice"),
        APIField("enquiry_form", serializer=EnquiryFormDefinitionField(source="*")),
    ]
    override_translatable_fields = [
        SynchronizedField("to_address"),
        SynchronizedField("privacy_page"),
    ]

    base_form_class = ContactPageAdminForm
    template = "practice_site/contact_page.html"
    landing_page_template = "practice_site/contact_page_sent.html"

    class Meta:
        verbose_name = _("contact page (enquiry form)")

    def get_submission_class(self):
        return Enquiry

    def localized_privacy_page(self):
        """The privacy notice in the page's language when it is translated and live."""
        privacy = self.privacy_page
        if privacy is None:
            return None
        translated = privacy.get_translation_or_none(self.locale_id)
        if translated is not None and translated.live:
            return translated
        return privacy if privacy.live else None

    def get_form_class(self):
        from .enquiries import form_class_for

        return form_class_for(self)

    def get_data_fields(self):
        return [*super().get_data_fields(), ("likely_spam", _("Likely spam"))]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["privacy_page"] = self.localized_privacy_page()
        return context

    @path("", name="form")
    def form_view(self, request):
        from .enquiries import serve_form

        return serve_form(self, request)

    @path("sent/", name="sent")
    def sent_view(self, request):
        return self.render_landing_page(request)

    def process_form_submission(self, form):
        """Wagtail's hook for storing a valid submission: an ``Enquiry`` (emailed on commit).

        Visitors reach it through ``form_view``, which throttles per network first."""
        from .enquiries import store

        return store(self, form)


class Enquiry(AbstractFormSubmission):
    """What a visitor sent through a contact page: kept for the retention period, then deleted."""

    # Visitor data, not content: no reference-index writes.
    wagtail_reference_index_ignore = True

    likely_spam = models.BooleanField(
        _("likely spam"),
        default=False,
        help_text=_("More than two links: kept here, not emailed to the practice."),
    )

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        permissions = [("read_enquiries", _("Can read enquiries"))]
        indexes = [models.Index(fields=["submit_time"])]

    def get_data(self):
        return {**super().get_data(), "likely_spam": _("yes") if self.likely_spam else ""}


class DemoRecord(models.Model):
    """One thing ``manage.py load_demo`` made, and how the demo left it.

    ``key`` names the item in the demo's data files (``site/demo/data/``), with ``@es`` and the like
    for a translation. ``data_hash`` is a hash of the data the object was made from (a changed file
    is brought up to date on the next run); ``fingerprint`` is a hash of the object as the demo
    wrote it. When the object no longer matches its fingerprint, someone has edited it since, and
    the demo never touches it again. Anything without a record is not the demo's to change.
    """

    key = models.CharField(_("demo key"), max_length=255, unique=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("type"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.CharField(_("object id"), max_length=64)
    data_hash = models.CharField(_("data hash"), max_length=64)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    written_at = models.DateTimeField(_("written at"), auto_now=True)

    class Meta:
        verbose_name = _("demo record")
        verbose_name_plural = _("demo records")

    def __str__(self):
        return self.key
