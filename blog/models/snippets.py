"""Snippets the blog's posts link to: authors, categories and tag names, translated per language."""

from dataclasses import dataclass

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.queryset import FakeQuerySet
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField


@register_snippet
class Author(DraftStateMixin, RevisionMixin, TranslatableMixin, models.Model):
    """Someone who writes for the blog: name, role, photo and a short biography.

    A translation is a draft until its translator publishes it (visitors read the source).
    """

    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("short biography"), blank=True, max_length=1000)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="practice_blog_author")

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("photo"), FieldPanel("bio")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions


@register_snippet
class BlogCategory(DraftStateMixin, RevisionMixin, TranslatableMixin, models.Model):
    """A broad subject that groups posts (e.g. "Training", "Self-care"); translated per language."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"), max_length=80, allow_unicode=True, help_text=_("Used in the blog's filter URL.")
    )
    description = models.TextField(_("description"), blank=True)
    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="practice_blog_category"
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("blog category")
        verbose_name_plural = _("blog categories")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions


def localized(related_manager, locale_id, select_related=()):
    """The snippets linked through ``related_manager``, in ``locale_id`` where translated (1 query).

    Posts keep the many-to-many links their source page had (wagtail-localize copies them as they
    are), so a Spanish post may point at the English category; visitors should read Spanish. The
    linked snippets and their translations come back in one query; a snippet without a
    translation is shown in its own language.
    """
    model = related_manager.model
    current = related_manager.all()
    if isinstance(current, FakeQuerySet):  # a preview's in-memory relation: no subqueries
        linked = [obj.pk for obj in current]
        keys = [obj.translation_key for obj in current]
    else:
        linked = related_manager.values("pk")
        keys = related_manager.values("translation_key")
    candidates = (
        # A translation shows once its translator has published it (a draft is not live).
        model.objects.filter(
            Q(pk__in=linked) | Q(translation_key__in=keys, locale_id=locale_id, live=True)
        )
        .select_related(*select_related)
        .order_by("pk")
    )
    chosen = {}
    for obj in candidates:
        if obj.translation_key not in chosen or obj.locale_id == locale_id:
            chosen[obj.translation_key] = obj
    return sorted(chosen.values(), key=lambda obj: str(obj))


@register_snippet
class TagName(DraftStateMixin, RevisionMixin, TranslatableMixin, models.Model):
    """The name visitors read for one of the posts' tags, translated like any snippet.

    Tags stay taggit tags, shared by every translation of a post (wagtail-localize copies a
    post's tags to its translations) and named in filter URLs by their slug, which never
    changes with the language. What a visitor reads is this snippet: created in the language of
    the first post that used the tag (``practice_blog.signals``), translated with wagtail-localize
    (editor or PO file), shown in a language once its translator has published it; until then
    pages show the source name marked as not yet translated (:func:`tag_names`).
    """

    tag = models.ForeignKey(
        "taggit.Tag", verbose_name=_("tag"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="practice_blog_tagname")

    panels = [FieldPanel("tag", read_only=True), FieldPanel("name")]
    override_translatable_fields = [SynchronizedField("tag")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("tag name")
        verbose_name_plural = _("tag names")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["tag", "locale"], name="one_tag_name_per_language")
        ]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions


@dataclass(frozen=True)
class ShownTag:
    """A tag as a page shows it: its slug for the filter URL, its name, and the language of
    that name when it is not the page's (a name not yet translated), else ""."""

    slug: str
    name: str
    language: str


def ensure_tag_names(tags, locale_id) -> None:
    """Give each tag without a name snippet one in ``locale_id`` (the source of its name)."""
    tags = list(tags)
    named = set(TagName.objects.filter(tag__in=tags).values_list("tag_id", flat=True))
    missing = [tag for tag in tags if tag.pk not in named]
    for tag in missing:
        TagName.objects.get_or_create(
            tag=tag, defaults={"name": tag.name, "locale_id": locale_id, "live": True}
        )


def tag_names(tags, locale) -> list[ShownTag]:
    """``tags`` as a page in ``locale`` shows them (1 query): each tag's published name in that
    language, otherwise its source name with the source's language for the page to mark."""
    tags = list(tags)
    locale_id = getattr(locale, "pk", locale)
    rows = (
        TagName.objects.filter(tag__in=tags, live=True)
        .select_related("locale")
        .order_by("pk")  # the first name made for a tag is its source
    )
    chosen = {}
    for row in rows:
        if row.tag_id not in chosen or row.locale_id == locale_id:
            chosen[row.tag_id] = row
    shown = []
    for tag in tags:
        row = chosen.get(tag.pk)
        if row is None:
            shown.append(ShownTag(tag.slug, tag.name, ""))
        elif row.locale_id == locale_id:
            shown.append(ShownTag(tag.slug, row.name, ""))
        else:
            shown.append(ShownTag(tag.slug, row.name, row.locale.language_code))
    return sorted(shown, key=lambda tag: tag.name.casefold())
