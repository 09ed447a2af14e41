"""The blog's signal receivers, all here and all wired with ``@receiver`` (imported by
``BlogConfig.ready``, as ``practice_trainings.signals`` is by its app). Cached pages follow the
content
versions instead: the blog registers its models with ``practice_core.versions`` in
``wagtail_hooks.py``.

Rating summaries stay equal to their rating rows when ratings go with a deleted page.

Ratings and comments point at the page they were left on with ``on_delete=CASCADE``: deleting one
translation, or a whole subtree, removes them (see docs/operations.md, "Visitor data and page
lifecycle"). A summary is shared by every translation of a post, so it is corrected rating by
rating, in the deletion's transaction; a summary whose post no longer exists in any language is
removed with its last page.
"""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page

from .cache_purge import purge_after_comment_change
from .models import BlogPostTag, Comment, Rating, RatingSummary
from .models.snippets import ensure_tag_names


@receiver(post_delete, sender=Rating, dispatch_uid="practice_blog.rating_deleted")
def take_deleted_rating_out_of_its_summary(sender, instance, **kwargs):
    if instance.status == Rating.Status.PENDING:  # a held ballot was never counted
        RatingSummary.objects.filter(scope=instance.scope).update(held=F("held") - 1)
        return
    RatingSummary.objects.filter(scope=instance.scope).update(
        count=F("count") - 1,
        total=F("total") - instance.stars,
        **{f"count_{instance.stars}": F(f"count_{instance.stars}") - 1},
    )


@receiver(post_delete, sender=Page, dispatch_uid="practice_blog.page_deleted")
def remove_summaries_of_a_post_gone_in_every_language(sender, instance, **kwargs):
    key = instance.translation_key
    if not Page.objects.filter(translation_key=key).exists():
        RatingSummary.objects.filter(translation_key=key).delete()


@receiver(post_save, sender=Comment, dispatch_uid="practice_blog.purge_c")
@receiver(post_delete, sender=Comment, dispatch_uid="practice_blog.purge_d")
def purge_the_cdn_after_a_comment_change(sender, instance, **kwargs):
    """An external CDN's copies of the post show its comments (see
    ``practice_blog.cache_purge``)."""
    purge_after_comment_change(sender, instance, **kwargs)


@receiver(post_save, sender=BlogPostTag, dispatch_uid="practice_blog.post_tagged")
def name_a_new_tag(sender, instance, created, **kwargs):
    """A tag gets its translatable name (``TagName``) in the language of the first post using it."""
    if created:
        locale_id = Page.objects.filter(pk=instance.content_object_id).values_list(
            "locale_id", flat=True
        )
        ensure_tag_names([instance.tag], locale_id.first())
