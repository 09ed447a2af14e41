"""The no-JavaScript forms on a post: rate it, comment on it. Both call :mod:`blog.services`.

Success redirects back to the post with a message (POST/redirect/GET); a form error re-renders
the post with the errors next to the fields and a 4xx status.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import services
from .forms import CommentForm, RatingForm
from .models import Comment
from .throttles import Throttled, ThrottlesUnavailable
from .visitors import identify


def _render(request, page, status, **forms):
    response = page.render(request, context_overrides=forms)
    response.status_code = status
    return response


def _back_to(page, anchor):
    return HttpResponseRedirect(f"{page.url}#{anchor}")


def _unavailable(request, page, form, form_name):
    form.add_error(
        None,
        _(
            "Sorry, we cannot accept this just now because of a technical problem. Nothing was "
            "saved; please try again in a minute."
        ),
    )
    response = _render(request, page, 503, **{form_name: form})
    response["Retry-After"] = str(ThrottlesUnavailable.retry_after)
    return response


def rate_post(request, page):
    """Handle the rating form of ``page`` (POST only)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _render(request, page, 400, rating_form=form)
    visitor = identify(request)
    try:
        summary, created = services.rate(page, form.cleaned_data["stars"], visitor)
    except Throttled:
        form.add_error(None, _("You have rated a lot of posts just now. Please wait a minute."))
        return _render(request, page, 429, rating_form=form)
    except ThrottlesUnavailable:
        return _unavailable(request, page, form, "rating_form")
    except ValidationError as exc:
        form.add_error("stars", exc)
        return _render(request, page, 400, rating_form=form)
    stars = form.cleaned_data["stars"]
    text = (
        ngettext(
            "Thank you: you rated this post %(stars)d star.",
            "Thank you: you rated this post %(stars)d stars.",
            stars,
        )
        if created
        else ngettext(
            "Your rating is now %(stars)d star.", "Your rating is now %(stars)d stars.", stars
        )
    )
    messages.success(request, text % {"stars": stars})
    return visitor.remember(request, _back_to(page, "rating"))


def comment_on_post(request, page):
    """Handle the comment form of ``page`` (POST only)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = CommentForm(request.POST)

    def again(status):
        return _render(request, page, status, comment_form=form)

    if not form.is_valid():
        return again(400)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
        if parent is None:
            form.add_error(None, _("You can only reply to a published comment on this post."))
            return again(400)
    visitor = identify(request)
    try:
        comment = services.submit_comment(
            page,
            author_name=form.cleaned_data["author_name"],
            body=form.cleaned_data["body"],
            email=form.cleaned_data.get("email") or "",
            visitor=visitor,
            parent=parent,
        )
    except services.CommentsClosed as exc:
        form.add_error(None, str(exc))
        return again(403)
    except Throttled:
        form.add_error(
            None,
            _(
                "Thank you for joining in! You have sent several comments just now; please wait a "
                "little before sending another."
            ),
        )
        return again(429)
    except ThrottlesUnavailable:
        return _unavailable(request, page, form, "comment_form")
    except services.DuplicateComment as exc:
        form.add_error(None, exc.messages[0])
        return again(409)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return again(400)
    if comment.status == Comment.Status.APPROVED:
        messages.success(request, _("Thank you, your comment is published."))
    else:
        messages.success(
            request,
            _("Thank you, your comment is awaiting moderation and will appear once approved."),
        )
    return visitor.remember(request, _back_to(page, "comments"))
