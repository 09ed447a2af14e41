"""The no-JavaScript forms on a post: rate it, comment on it. Both call
:mod:`practice_blog.services`.

Success redirects back to the post with a message (POST/redirect/GET); a form error re-renders
the post with the errors next to the fields and a 4xx status.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from practice_core.throttles import Throttled, ThrottlesUnavailable, network_key

from . import followers, notifications, services
from .comments import remember_pending
from .forms import CommentForm, FollowForm, RatingForm
from .models import Comment, Follower
from .rendering import confirmation_text
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
    except services.DailyCapReached as exc:
        form.add_error(
            None,
            _("Many people on your network have rated this post today. Please try again tomorrow."),
        )
        response = _render(request, page, 429, rating_form=form)
        response["Retry-After"] = str(exc.retry_after)
        return response
    except Throttled as exc:
        form.add_error(None, _("You have rated a lot of posts just now. Please wait a minute."))
        response = _render(request, page, 429, rating_form=form)
        response["Retry-After"] = str(exc.retry_after)
        return response
    except ThrottlesUnavailable:
        return _unavailable(request, page, form, "rating_form")
    except ValidationError as exc:
        form.add_error("stars", exc)
        return _render(request, page, 400, rating_form=form)
    text = confirmation_text(form.cleaned_data["stars"], created)
    # Shown in the rating section (where the visitor is looking), not at the top of the page.
    messages.success(request, text, extra_tags="in-place rating")
    return visitor.remember(request, _back_to(page, "rating-status"))


def comment_on_post(request, page):
    """Handle the comment form of ``page`` (POST only)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = CommentForm(request.POST)

    def again(status):
        return _render(request, page, status, comment_form=form)

    if not form.is_valid():
        return again(400)
    visitor = identify(request)
    try:
        comment = services.submit_comment(
            page,
            author_name=form.cleaned_data["author_name"],
            body=form.cleaned_data["body"],
            email=form.cleaned_data.get("email") or "",
            notify_on_reply=form.cleaned_data.get("notify_on_reply", False),
            visitor=visitor,
            parent=form.cleaned_data.get("parent") or None,
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
            # `parent` is a hidden field: its error is said above the form.
            visible = field in form.fields and not form.fields[field].widget.is_hidden
            form.add_error(field if visible else None, errors)
        return again(400)
    # The confirmation is shown just above the comment form, where the visitor is looking. A
    # comment held as likely spam gets the same words as one held for moderation.
    response = _back_to(page, "comment-status")
    if comment.status == Comment.Status.APPROVED:
        text = _("Thank you, your comment is published.")
    else:
        text = _("Thank you, your comment is awaiting moderation and will appear once approved.")
    messages.success(request, text, extra_tags="in-place comment")
    if comment.status == Comment.Status.PENDING:
        # Only they see it until it is approved (practice_blog.comments.OwnPending).
        remember_pending(request, response, comment)
    return visitor.remember(request, response)


# --------------------------------------------------------------------------------------------
# Links in emails
# --------------------------------------------------------------------------------------------


def open_reply(request, page, token):
    """The signed link in a reply email: the post, on the page of comments showing the reply."""
    reply = notifications.reply_from_token(token)
    if reply is None:
        raise Http404
    if (reply.translation_key, reply.locale_id) != (page.translation_key, page.locale_id):
        raise Http404
    number = notifications.comments_page_of(reply)
    query = f"?comments={number}" if number > 1 else ""
    return HttpResponseRedirect(f"{page.url}{query}#comment-{reply.pk}")


def email_link_page(request, *, title, message, status=200):
    """A short page in the visitor's language saying what a link in an email did."""
    response = TemplateResponse(
        request,
        "practice_blog/email_link.html",
        {"title": title, "message": message},
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def broken_link_page(request):
    """A link from one of our emails that was cut short or altered (its signature fails)."""
    return email_link_page(
        request,
        title=_("This link does not work"),
        message=_("Please copy the whole link from the email into your browser."),
        status=400,
    )


@csrf_exempt  # mail programs send the one-click POST (RFC 8058) without a CSRF token
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def stop_reply_emails(request, token):
    """One click (the link, or the mail program's unsubscribe button) stops reply emails."""
    valid, comment = notifications.comment_from_stop_token(token)
    if not valid:
        return broken_link_page(request)
    if comment is not None and request.method != "HEAD":
        notifications.stop_reply_emails(comment)
    return email_link_page(
        request,
        title=_("No more reply emails"),
        message=_(
            "You will not receive emails about replies to your comments any more. Your comments "
            "stay on the site."
        ),
    )


# --------------------------------------------------------------------------------------------
# Following the journal by email
# --------------------------------------------------------------------------------------------


def _follow_page(request, index, form, status=200, retry_after=None):
    response = TemplateResponse(
        request, "practice_blog/follow.html", {"page": index, "follow_form": form}, status=status
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _journal(index_id):
    from .models import BlogIndexPage

    index = BlogIndexPage.objects.live().public().filter(pk=index_id).first()
    if index is None:
        raise Http404
    return index


# No CSRF token: the form sits on pages cached whole for every visitor, and it needs none. It
# acts for nobody's session (anyone may send it for any address), and the confirmation link
# sent to the address is what makes a follower.
@csrf_exempt
@never_cache
def follow_journal(request, index_id):
    """ "Get new posts by email": GET shows the form, POST sends the confirmation email."""
    index = _journal(index_id)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method != "POST":
        return _follow_page(request, index, FollowForm(auto_id="follow_%s"))
    form = FollowForm(request.POST, auto_id="follow_%s")
    if not form.is_valid():
        return _follow_page(request, index, form, status=400)
    try:
        followers.ask_to_follow(index, form.cleaned_data["email"], network_key(request))
    except Throttled as exc:
        form.add_error(
            None, _("We have received several requests from your network. Please try later.")
        )
        return _follow_page(request, index, form, status=429, retry_after=exc.retry_after)
    except ThrottlesUnavailable as exc:
        form.add_error(
            None,
            _(
                "Sorry, we cannot accept this just now because of a technical problem. Nothing "
                "was saved; please try again in a minute."
            ),
        )
        return _follow_page(request, index, form, status=503, retry_after=exc.retry_after)
    # The same answer whether the address was new, waiting or already following.
    return HttpResponseRedirect(reverse("blog_follow_sent", args=[index.pk]), status=303)


def follow_sent(request, index_id):
    index = _journal(index_id)
    response = email_link_page(
        request,
        title=_("Almost done: check your inbox"),
        message=_(
            "We have sent you an email with a link. Open it and press the button to start "
            "receiving new posts. If nothing arrives within a few minutes, look in your spam "
            "folder."
        ),
    )
    response.context_data["journal"] = index
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_follow(request, token):
    """The link in the confirmation email: a button (GET) that confirms (POST).

    Mail scanners open links but do not press buttons, so nobody is signed up by a scanner.
    """
    valid, follower = followers.follower_from_token(followers.CONFIRM_SALT, token)
    if not valid:
        return broken_link_page(request)
    if follower is None:
        return email_link_page(
            request,
            title=_("This link has expired"),
            message=_("Please ask again for new posts by email on the journal."),
            status=410,
        )
    journal = followers.journal_of(follower)
    context = {"journal": journal}
    if request.method == "POST":
        outcome = followers.confirm(follower)
        if outcome == "expired":
            return email_link_page(
                request,
                title=_("This link has expired"),
                message=_("Please ask again for new posts by email on the journal."),
                status=410,
            )
        return _confirm_page(request, context, show_button=False)
    if follower.status == Follower.Status.CONFIRMED:
        return _confirm_page(request, context, show_button=False)
    return _confirm_page(
        request,
        {**context, "title": _("Confirm: new posts by email")},
        show_button=True,
    )


def _confirm_page(request, context, *, show_button):
    title = context.pop("title", None) or _("You are following the journal")
    message = (
        _("Press the button to receive new posts by email. You can stop at any time.")
        if show_button
        else _("New posts will come to you by email. Each email has a link to stop with one click.")
    )
    response = TemplateResponse(
        request,
        "practice_blog/follow_confirm.html",
        {**context, "title": title, "message": message, "show_button": show_button},
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@csrf_exempt  # mail programs send the one-click POST (RFC 8058) without a CSRF token
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def stop_following(request, token):
    """One click (the link in every email, or the mail program's button) forgets the follower."""
    valid, follower = followers.follower_from_token(followers.STOP_SALT, token)
    if not valid:
        return broken_link_page(request)
    if follower is not None and request.method != "HEAD":
        followers.stop_following(follower)
    return email_link_page(
        request,
        title=_("You will not receive new posts by email any more"),
        message=_("We have deleted your address from the journal's followers."),
    )
