"""The Wagtail admin's sign-in form, throttled against password guessing.

Wagtail builds its login view's form from ``WAGTAILADMIN_USER_LOGIN_FORM``; pointing that setting at
:class:`ThrottledLoginForm` puts the throttle in front of every admin sign-in without replacing
Wagtail's view or URL.

Two limits, both counted in the Django cache (Redis in production, so every app server shares
them) over a fixed window from the first failure:

* failures for one user name from one client network (``ADMIN_LOGIN_MAX_FAILURES``, 5 by default)
  stop a guesser working through passwords for one account;
* failures from one client network for any user name (``ADMIN_LOGIN_MAX_NETWORK_FAILURES``, 30)
  stop one spraying a common password over many accounts.

The window is ``ADMIN_LOGIN_LOCKOUT_SECONDS`` (15 minutes). While a limit is reached the form
refuses even the right password, with a message saying how long to wait, so a guesser learns
nothing from the answer. A successful sign-in clears that user's counter.

Cache keys hold keyed hashes of the user name and of the client network, never an address.
When the cache cannot be reached, sign-in is refused ("try again shortly") rather than allowed
unthrottled: knocking the cache over must not unlock unlimited guessing.
"""

from __future__ import annotations

import logging
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms.auth import LoginForm

from practice_core.throttles import FailureLimit, ThrottlesUnavailable, hashed, network_key

logger = logging.getLogger(__name__)

DEFAULT_MAX_FAILURES = 5
DEFAULT_MAX_NETWORK_FAILURES = 30
DEFAULT_LOCKOUT_SECONDS = 15 * 60
KEY_PREFIX = "admin-login"


class AdminLoginThrottle:
    """Failure counters for one sign-in attempt: its user name from its client network
    (two :class:`practice_core.throttles.FailureLimit`)."""

    def __init__(self, request, username: str):
        window = getattr(settings, "ADMIN_LOGIN_LOCKOUT_SECONDS", DEFAULT_LOCKOUT_SECONDS)
        self.window = window
        self.per_user = FailureLimit(
            f"{KEY_PREFIX}:user",
            getattr(settings, "ADMIN_LOGIN_MAX_FAILURES", DEFAULT_MAX_FAILURES),
            window,
        )
        self.per_network = FailureLimit(
            f"{KEY_PREFIX}:network",
            getattr(settings, "ADMIN_LOGIN_MAX_NETWORK_FAILURES", DEFAULT_MAX_NETWORK_FAILURES),
            window,
        )
        network = network_key(request)
        # User names are compared case-insensitively so "Owner" and "owner" share a counter.
        user = hashed((username or "").strip().casefold(), "admin-login-user")
        self._user = f"{network}:{user}"
        self._network = network
        self.user_key = self.per_user.cache_key(self._user)
        self.network_key = self.per_network.cache_key(self._network)

    def is_locked(self) -> bool:
        return self.per_user.is_reached(self._user) or self.per_network.is_reached(self._network)

    def record_failure(self) -> None:
        self.per_user.record_failure(self._user)
        self.per_network.record_failure(self._network)

    def clear(self) -> None:
        self.per_user.clear(self._user)

    @property
    def wait_minutes(self) -> int:
        return max(1, math.ceil(self.window / 60))


class ThrottledLoginForm(LoginForm):
    """Wagtail's login form, refusing further attempts after repeated failures."""

    error_messages = {
        **LoginForm.error_messages,
        "throttle_unavailable": _(
            "Signing in is briefly unavailable. Please try again in a minute."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return super().clean()
        throttle = AdminLoginThrottle(self.request, username)
        try:
            if throttle.is_locked():
                raise self.too_many_attempts_error(throttle)
            try:
                cleaned_data = super().clean()
            except ValidationError as error:
                if getattr(error, "code", None) == "invalid_login":
                    throttle.record_failure()
                raise
        except ThrottlesUnavailable:
            logger.error("admin sign-in refused: the cache holding the throttle is unreachable")
            raise ValidationError(
                self.error_messages["throttle_unavailable"], code="throttle_unavailable"
            ) from None
        throttle.clear()
        return cleaned_data

    def too_many_attempts_error(self, throttle: AdminLoginThrottle) -> ValidationError:
        # ngettext keeps "1 minute" right when the window is configured that short.
        message = ngettext(
            "Too many failed sign-in attempts. For your security, please wait %(minutes)s "
            "minute before trying again.",
            "Too many failed sign-in attempts. For your security, please wait %(minutes)s "
            "minutes before trying again.",
            throttle.wait_minutes,
        )
        return ValidationError(
            message, code="too_many_attempts", params={"minutes": throttle.wait_minutes}
        )
