"""Keep rating summaries equal to their rating rows when ratings go with a deleted page.

Ratings and comments point at the page they were left on with ``on_delete=CASCADE``: deleting one
translation, or a whole subtree, removes them (see docs/operations.md, "Visitor data and page
lifecycle"). A summary is shared by every translation of a post, so it is corrected rating by
rating, in the deletion's transaction; a summary whose post no longer exists in any language is
removed with its last page.
"""

from django.db.models import F
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page

from .models import Rating, RatingSummary


@receiver(post_delete, sender=Rating, dispatch_uid="blog.rating_deleted")
def take_deleted_rating_out_of_its_summary(sender, instance, **kwargs):
    if instance.status == Rating.Status.PENDING:  # a held ballot was never counted
        RatingSummary.objects.filter(scope=instance.scope).update(held=F("held") - 1)
        return
    RatingSummary.objects.filter(scope=instance.scope).update(
        count=F("count") - 1,
        total=F("total") - instance.stars,
        **{f"count_{instance.stars}": F(f"count_{instance.stars}") - 1},
    )


@receiver(post_delete, sender=Page, dispatch_uid="blog.page_deleted")
def remove_summaries_of_a_post_gone_in_every_language(sender, instance, **kwargs):
    key = instance.translation_key
    if not Page.objects.filter(translation_key=key).exists():
        RatingSummary.objects.filter(translation_key=key).delete()
