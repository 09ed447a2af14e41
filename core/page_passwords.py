"""Page passwords, throttled against guessing like the admin sign-in.

Wagtail checks a private page's shared password in its view ``authenticate_with_password``
(``/<lang>/_util/authenticate_with_password/<restriction>/<page>/``) and lets anyone try as often
as they like. :func:`authenticate_with_password` is that view with two
:class:`~practice_core.throttles.FailureLimit` in front, counted per client network (the one
parser of :mod:`practice_core.network`, never an address):

* wrong passwords for one page's restriction from one network (``PAGE_PASSWORD_MAX_FAILURES``,
  5 by default);
* wrong passwords from one network for any page (``PAGE_PASSWORD_MAX_NETWORK_FAILURES``, 30);

over ``PAGE_PASSWORD_LOCKOUT_SECONDS`` (15 minutes) from the first failure. While a limit is
reached, every attempt (even the right password) answers 429 with ``Retry-After`` and the
password form saying how long to wait. While the counters cannot be reached (Redis down) it
answers 503 rather than allowing unlimited guesses. The right password clears the page's count.

Mount it on Wagtail's own path, before ``wagtail.urls``, so every link Wagtail builds to it
reaches this view (see ``practice_site.urls``).
"""

from __future__ import annotations

import math

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import views as wagtail_views
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction

from . import conf
from .throttles import FailureLimit, ThrottlesUnavailable, network_key


def _limits() -> tuple[FailureLimit, FailureLimit]:
    window = conf.get("PAGE_PASSWORD_LOCKOUT_SECONDS")
    per_page = FailureLimit(
        "page-password:page",
        conf.get("PAGE_PASSWORD_MAX_FAILURES"),
        window,
    )
    per_network = FailureLimit(
        "page-password:network",
        conf.get("PAGE_PASSWORD_MAX_NETWORK_FAILURES"),
        window,
    )
    return per_page, per_network


def _refusal(request, restriction_id, page_id, message, status, retry_after):
    """The page's own password form, with ``message`` as its error, answering ``status``."""
    restriction = get_object_or_404(PageViewRestriction, id=restriction_id)
    page = get_object_or_404(Page, id=page_id).specific
    form = PasswordViewRestrictionForm(
        initial={"return_url": request.POST.get("return_url", "")}, instance=restriction
    )
    form.full_clean()  # an unbound form: no errors yet, and nothing cleaned
    form.cleaned_data = {}
    form.add_error(None, message)
    action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction_id, page_id])
    response = page.serve_password_required_response(request, form, action_url)
    response.status_code = status
    response["Retry-After"] = str(retry_after)
    return response


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's password check for a private page, throttled per network (see module doc)."""
    if request.method != "POST":
        return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    per_page, per_network = _limits()
    network = network_key(request)
    page_key = f"{network}:{page_view_restriction_id}"
    try:
        if per_page.is_reached(page_key) or per_network.is_reached(network):
            minutes = max(1, math.ceil(per_page.window / 60))
            message = ngettext(
                "Too many wrong passwords from your network. Please wait %(minutes)s minute "
                "before trying again.",
                "Too many wrong passwords from your network. Please wait %(minutes)s minutes "
                "before trying again.",
                minutes,
            ) % {"minutes": minutes}
            return _refusal(
                request, page_view_restriction_id, page_id, message, 429, per_page.retry_after
            )
        response = wagtail_views.authenticate_with_password(
            request, page_view_restriction_id, page_id
        )
        if response.status_code == 200:  # the form again: a wrong (or missing) password
            per_page.record_failure(page_key)
            per_network.record_failure(network)
        elif 300 <= response.status_code < 400:  # accepted
            per_page.clear(page_key)
        return response
    except ThrottlesUnavailable:
        return _refusal(
            request,
            page_view_restriction_id,
            page_id,
            _("Checking passwords is briefly unavailable. Please try again in a minute."),
            503,
            ThrottlesUnavailable.retry_after,
        )
