"""Read the deployment's configuration from environment variables.

Each reader fails with :class:`ConfigurationError`, whose message is one line naming the variable,
so a mistyped ``DATABASE_URL`` is reported as such at start-up instead of as a confusing traceback
at the first query.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


class ConfigurationError(ImproperlyConfigured):
    """A required environment variable is missing or malformed."""


DATABASE_SCHEMES = {
    "sqlite": "django.db.backends.sqlite3",
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "pgsql": "django.db.backends.postgresql",
}

# Concurrent visitors write ratings and comments; SQLite copes when every write transaction takes
# the write lock up front (IMMEDIATE), readers never block writers (WAL), and a writer waits for
# the lock rather than failing at once (busy timeout, in seconds for Python's sqlite3).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA busy_timeout=20000;"
        "PRAGMA foreign_keys=ON;"
    ),
}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}") from None


def env_float(name: str, default: float) -> float:
    value = env_str(name)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_env(default_sqlite_path: Path, variable: str = "DATABASE_URL") -> dict:
    """Return a Django ``DATABASES["default"]`` dict from ``DATABASE_URL``.

    Unset means the embedded default: a SQLite file in the project folder.
    """
    url = env_str(variable)
    if url is None:
        return sqlite_database(str(default_sqlite_path))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ConfigurationError(f"{variable} is malformed ({exc}): {redact(url)}") from None
    scheme = parts.scheme.lower()
    if scheme not in DATABASE_SCHEMES:
        raise ConfigurationError(
            f"{variable} must start with postgres:// or sqlite:///, not {redact(url)!r}"
        )
    if scheme == "sqlite":
        # sqlite:///relative.db, sqlite:////absolute/path.db, sqlite://:memory:
        path = parts.path[1:] if parts.path.startswith("/") else parts.path
        if parts.netloc == ":memory:" or path in {":memory:", ""}:
            if parts.netloc == ":memory:" or path == ":memory:":
                return sqlite_database(":memory:")
            raise ConfigurationError(f"{variable} names no SQLite file: {url!r}")
        return sqlite_database(path)
    name = parts.path.lstrip("/")
    if not name or not parts.hostname:
        raise ConfigurationError(
            f"{variable} must name a host and a database, e.g. "
            f"postgres://user@127.0.0.1:5432/practice (got {redact(url)!r})"
        )
    return {
        "ENGINE": DATABASE_SCHEMES[scheme],
        "NAME": name,
        "USER": parts.username or "",
        "PASSWORD": parts.password or "",
        "HOST": parts.hostname,
        "PORT": str(port or ""),
        # Reuse connections across requests, and check them before use so a restarted
        # PostgreSQL costs one failed request at most, not a restart of the app.
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"connect_timeout": env_int("DATABASE_CONNECT_TIMEOUT", 5)},
    }


def sqlite_database(name: str) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "OPTIONS": dict(SQLITE_OPTIONS),
        # Keep the connection between requests, as for PostgreSQL, so the PRAGMAs above run
        # once per connection instead of once per request. A kept connection sees every change
        # made by others (SQLite checks the file at the start of each transaction), and
        # `make restore` writes into the same file; only replacing the file by another one (mv)
        # would need a restart. (Django's health check cannot fail for a file; kept for parity.)
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"NAME": None},
    }


# A Redis that accepts connections but never answers must not hold a page for long: each call
# gives up after these (seconds), and practice_site.cache then leaves Redis alone for
# REDIS_RETRY_INTERVAL seconds. A healthy Redis on the same network answers in about 1 ms.
DEFAULT_REDIS_CONNECT_TIMEOUT = 0.25
DEFAULT_REDIS_SOCKET_TIMEOUT = 0.25


def redis_timeouts() -> dict:
    """redis-py's ``socket_connect_timeout`` and ``socket_timeout`` from ``REDIS_CONNECT_TIMEOUT``
    and ``REDIS_SOCKET_TIMEOUT`` (seconds, more than 0 and at most 5)."""
    options = {}
    for option, variable, default in (
        ("socket_connect_timeout", "REDIS_CONNECT_TIMEOUT", DEFAULT_REDIS_CONNECT_TIMEOUT),
        ("socket_timeout", "REDIS_SOCKET_TIMEOUT", DEFAULT_REDIS_SOCKET_TIMEOUT),
    ):
        value = env_float(variable, default)
        if not 0 < value <= 5:
            raise ConfigurationError(f"{variable} must be more than 0 and at most 5 seconds")
        options[option] = value
    return options


def cache_from_env(variable: str = "REDIS_URL") -> dict:
    """Return Django ``CACHES`` from ``REDIS_URL``, or a local-memory cache when it is unset."""
    url = env_str(variable)
    if url is None:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "practice-cms",
            }
        }
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - validates the port
    except ValueError as exc:
        raise ConfigurationError(f"{variable} is malformed ({exc}): {redact(url)}") from None
    if parts.scheme not in {"redis", "rediss", "unix"} or not (parts.hostname or parts.path):
        raise ConfigurationError(
            f"{variable} must look like redis://127.0.0.1:6379/0, not {redact(url)!r}"
        )
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "practice-cms"),
            "OPTIONS": redis_timeouts(),
        }
    }


def redact(url: str) -> str:
    """Hide a password in a URL before it goes into an error message."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


# EMAIL_URL schemes: which backend, whether the connection is encrypted, the usual port.
EMAIL_SCHEMES = {
    "smtp": ("smtp", None, 25),
    "smtp+tls": ("smtp", "tls", 587),  # STARTTLS
    "submission": ("smtp", "tls", 587),
    "smtps": ("smtp", "ssl", 465),  # TLS from the first byte
    "smtp+ssl": ("smtp", "ssl", 465),
    "console": ("console", None, None),
    "locmem": ("locmem", None, None),
    "memory": ("locmem", None, None),
    "dummy": ("dummy", None, None),
}
EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def email_from_env(default_backend: str = "smtp") -> dict:
    """Django's ``EMAIL_*`` settings from the environment, as a dict of setting names.

    ``EMAIL_URL`` says it in one line: ``smtp+tls://user:password@mail.example:587`` (STARTTLS),
    ``smtps://…:465`` (TLS from the start), ``smtp://localhost:25`` (plain, e.g. a local relay),
    ``console://`` (print), ``locmem://`` (keep in memory), ``dummy://`` (drop). Without it the
    separate variables are read: ``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_USE_TLS``,
    ``EMAIL_USE_SSL``, ``EMAIL_HOST_USER``, ``EMAIL_HOST_PASSWORD``; ``EMAIL_BACKEND`` names any
    other backend. With none of them, ``default_backend`` ("smtp" to localhost:25, or "console").
    ``EMAIL_TIMEOUT`` (seconds, default 10) bounds how long a send may wait for the server.
    """
    timeout = env_int("EMAIL_TIMEOUT", 10)
    if timeout < 1:
        raise ConfigurationError(f"EMAIL_TIMEOUT must be at least 1 second, not {timeout}")
    url = env_str("EMAIL_URL")
    if url is not None:
        return _email_from_url(url, timeout)
    use_tls = env_bool("EMAIL_USE_TLS", False)
    use_ssl = env_bool("EMAIL_USE_SSL", False)
    if use_tls and use_ssl:
        raise ConfigurationError(
            "EMAIL_USE_TLS (STARTTLS, usually port 587) and EMAIL_USE_SSL (TLS from the start, "
            "usually port 465) cannot both be true"
        )
    configured = any(
        env_str(name) is not None for name in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER")
    )
    backend = env_str("EMAIL_BACKEND")
    if backend is None:
        backend = EMAIL_BACKENDS["smtp" if configured else default_backend]
    return {
        "EMAIL_BACKEND": backend,
        "EMAIL_HOST": env_str("EMAIL_HOST", "localhost"),
        "EMAIL_PORT": env_int("EMAIL_PORT", 465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_HOST_USER": env_str("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": env_str("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_TIMEOUT": timeout,
    }


def _email_from_url(url: str, timeout: int) -> dict:
    from urllib.parse import unquote

    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ConfigurationError(f"EMAIL_URL is malformed ({exc}): {redact(url)}") from None
    scheme = parts.scheme.lower()
    if scheme not in EMAIL_SCHEMES:
        raise ConfigurationError(
            "EMAIL_URL must start with smtp://, smtp+tls://, smtps://, console://, locmem:// or "
            f"dummy://, not {redact(url)!r}"
        )
    kind, security, default_port = EMAIL_SCHEMES[scheme]
    settings = {"EMAIL_BACKEND": EMAIL_BACKENDS[kind], "EMAIL_TIMEOUT": timeout}
    if kind != "smtp":
        return settings
    if not parts.hostname:
        raise ConfigurationError(
            "EMAIL_URL must name the mail server, e.g. smtp+tls://user:password@mail.example:587 "
            f"(got {redact(url)!r})"
        )
    return {
        **settings,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or default_port,
        "EMAIL_USE_TLS": security == "tls",
        "EMAIL_USE_SSL": security == "ssl",
        # User names are often addresses ("me%40example.org" in the URL): decoded here.
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
    }


def machine_translator_from_env() -> dict | None:
    """wagtail-localize's machine translator, from the environment; None (off) unless set.

    ``MACHINE_TRANSLATOR`` is ``deepl``, ``google`` or ``libretranslate``; each reads its own
    variables (``DEEPL_AUTH_KEY``; ``GOOGLE_CLOUD_PROJECT_ID`` and
    ``GOOGLE_APPLICATION_CREDENTIALS``; ``LIBRETRANSLATE_URL`` and ``LIBRETRANSLATE_API_KEY``).
    A name without its settings is an error at start-up, not a broken button later.
    """
    from django.core.exceptions import ImproperlyConfigured

    name = (env_str("MACHINE_TRANSLATOR", "") or "").strip().lower()
    if not name or name == "off":
        return None
    timeout = env_int("MACHINE_TRANSLATOR_TIMEOUT", 10)
    if name == "deepl":
        key = env_str("DEEPL_AUTH_KEY")
        if not key:
            raise ImproperlyConfigured("MACHINE_TRANSLATOR=deepl needs DEEPL_AUTH_KEY.")
        return {
            "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
            "OPTIONS": {"AUTH_KEY": key, "TIMEOUT": timeout},
        }
    if name == "google":
        project = env_str("GOOGLE_CLOUD_PROJECT_ID")
        if not project:
            raise ImproperlyConfigured("MACHINE_TRANSLATOR=google needs GOOGLE_CLOUD_PROJECT_ID.")
        options = {"PROJECT_ID": project}
        credentials = env_str("GOOGLE_APPLICATION_CREDENTIALS")
        if credentials:
            options["CREDENTIALS_PATH"] = credentials
        return {
            "CLASS": "wagtail_localize.machine_translators.google.GoogleCloudTranslator",
            "OPTIONS": options,
        }
    if name == "libretranslate":
        url = env_str("LIBRETRANSLATE_URL")
        if not url:
            raise ImproperlyConfigured(
                "MACHINE_TRANSLATOR=libretranslate needs LIBRETRANSLATE_URL."
            )
        return {
            "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
            "OPTIONS": {
                "LIBRETRANSLATE_URL": url.rstrip("/"),
                "API_KEY": env_str("LIBRETRANSLATE_API_KEY", "") or "",
                "TIMEOUT": timeout,
            },
        }
    raise ImproperlyConfigured(
        f"MACHINE_TRANSLATOR={name!r}: use deepl, google, libretranslate or off."
    )
