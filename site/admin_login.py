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
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms.auth import LoginForm

from .proxies import client_network_key

logger = logging.getLogger(__name__)

DEFAULT_MAX_FAILURES = 5
DEFAULT_MAX_NETWORK_FAILURES = 30
DEFAULT_LOCKOUT_SECONDS = 15 * 60
KEY_PREFIX = "admin-login-failures"


class ThrottleUnavailable(Exception):
    """The cache holding the failure counters could not be reached."""


def throttle_cache():
    """The strict ``throttles`` cache (see practice_site.cache), or ``default`` without one."""
    return caches["throttles" if "throttles" in settings.CACHES else "default"]


class AdminLoginThrottle:
    """Failure counters for one sign-in attempt: its user name from its client network."""

    def __init__(self, request, username: str):
        self.max_failures = getattr(settings, "ADMIN_LOGIN_MAX_FAILURES", DEFAULT_MAX_FAILURES)
        self.max_network_failures = getattr(
            settings, "ADMIN_LOGIN_MAX_NETWORK_FAILURES", DEFAULT_MAX_NETWORK_FAILURES
        )
        self.window = getattr(settings, "ADMIN_LOGIN_LOCKOUT_SECONDS", DEFAULT_LOCKOUT_SECONDS)
        network = client_network_key(request)
        # User names are compared case-insensitively so "Owner" and "owner" share a counter.
        user = salted_hmac(KEY_PREFIX, (username or "").strip().casefold()).hexdigest()[:32]
        self.user_key = f"{KEY_PREFIX}:user:{network}:{user}"
        self.network_key = f"{KEY_PREFIX}:network:{network}"

    def is_locked(self) -> bool:
        try:
            counts = throttle_cache().get_many([self.user_key, self.network_key])
        except Exception as exc:
            raise ThrottleUnavailable from exc
        return (
            counts.get(self.user_key, 0) >= self.max_failures
            or counts.get(self.network_key, 0) >= self.max_network_failures
        )

    def record_failure(self) -> None:
        cache = throttle_cache()
        try:
            for key in (self.user_key, self.network_key):
                # add() starts the window only if no counter exists; incr() is atomic on Redis.
                cache.add(key, 0, timeout=self.window)
                try:
                    cache.incr(key)
                except ValueError:  # expired between add() and incr()
                    cache.set(key, 1, timeout=self.window)
        except Exception as exc:
            raise ThrottleUnavailable from exc

    def clear(self) -> None:
        try:
            throttle_cache().delete(self.user_key)
        except Exception:
            logger.warning("could not clear the admin sign-in counter", exc_info=True)

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
        except ThrottleUnavailable:
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
