"""Telling a commenter that the practice replied (only when they asked to be told).

One email per reply, in the language of the comment, with a signed link to the reply and a
one-click way to stop these emails (``List-Unsubscribe``); the address is used for nothing else
and shown nowhere.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from practice_core import mail, url_tokens
from practice_core.sites import site_of

from .models import Comment

REPLY_LINK_SALT = "practice_blog.notifications.reply-link"
STOP_SALT = "practice_blog.notifications.stop-reply-emails"


def reply_link(post, reply) -> str:
    """An absolute, signed link that opens the post at ``reply`` (on the right comments page)."""
    token = url_tokens.make(REPLY_LINK_SALT, reply.pk)
    return post.get_full_url() + post.reverse_subpage("reply_link", args=[token])


def reply_from_token(token):
    """The reply a signed link points to, or None (bad signature or no such reply)."""
    pk = url_tokens.read(REPLY_LINK_SALT, token)
    return Comment.objects.approved().filter(pk=pk).first() if pk is not None else None


def comments_page_of(comment) -> int:
    """The page of the post's comments (``?comments=N``) that shows ``comment``'s thread."""
    from django.db.models import Q

    from .comments import threads_per_page

    root = comment.parent if comment.parent_id else comment
    before = (
        Comment.objects.approved()
        .filter(translation_key=root.translation_key, locale_id=root.locale_id)
        .filter(parent__isnull=True)
        .filter(Q(created__lt=root.created) | Q(created=root.created, pk__lt=root.pk))
        .count()
    )
    return before // threads_per_page() + 1


def stop_url(post, comment) -> str:
    """The absolute one-click link that stops reply emails to ``comment``'s address."""
    token = url_tokens.make(STOP_SALT, comment.pk)
    site = site_of(post)
    with translation.override(comment.locale.language_code):
        path = reverse("blog_stop_reply_emails", args=[token])
    return site.root_url + path


def comment_from_stop_token(token):
    """The comment whose stop link this is: ``(valid, comment or None)``."""
    pk = url_tokens.read(STOP_SALT, token)
    if pk is None:
        return False, None
    return True, Comment.objects.filter(pk=pk).first()


def stop_reply_emails(comment) -> int:
    """Stop every reply email to this comment's address; return how many comments asked."""
    if not comment.email:
        return 0
    return Comment.objects.filter(email__iexact=comment.email, notify_on_reply=True).update(
        notify_on_reply=False
    )


def tell_commenter_about_reply(comment, reply) -> bool:
    """Email ``comment``'s author about ``reply`` (called once, after the reply is committed)."""
    from .models import BlogPostPage

    comment.refresh_from_db(fields=["email", "notify_on_reply"])  # they may have said stop
    if not (comment.notify_on_reply and comment.email):
        return False
    post = BlogPostPage.objects.live().public().filter(pk=comment.page_id).first()
    if post is None:  # unpublished or private meanwhile: nothing to link to
        return False
    link = reply_link(post, reply)
    stop = stop_url(post, comment)
    return mail.send_quietly(
        mail.Email(
            template="practice_blog/email/reply_notification.txt",
            subject=lambda: (
                _("%(name)s replied to your comment on “%(title)s”")
                % {"name": reply.author_name, "title": post.title}
            ),
            to=[comment.email],
            language=comment.locale.language_code,
            context={
                "comment": comment,
                "reply": reply,
                "post": post,
                "reply_url": link,
                "stop_url": stop,
            },
            links=[link, stop],
            unsubscribe_url=stop,
            site=site_of(post),
        ),
        f"the reply notification for comment {comment.pk}",
    )
