"""Import trainings from a CSV file: validate every row first, then create all or nothing.

The column format is documented in docs/trainings-guide.md and in ``COLUMNS`` below. Lists use
``;`` as separator. A session is ``START/END@TIME_ZONE`` with ISO dates and times, e.g.
``2026-03-01T09:00/2026-03-01T12:00@Europe/London`` (END and @TIME_ZONE are optional).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify
from django.utils.timezone import make_aware
from django.utils.translation import gettext as _

from practice_core.csv_import import ImportPlan, RowError, read_rows

from .models import (
    FORMAT_CHOICES,
    TRAINING_LANGUAGE_CHOICES,
    Framework,
    Provider,
    TrainingLanguage,
    TrainingPage,
    TrainingSession,
)
from .models.pages import CURRENCY_CHOICES, TIME_ZONE_CHOICES

REQUIRED = ("title", "summary", "format")
BOOLEAN_COLUMNS = (
    "sliding_scale",
    "scholarships",
    "payment_plans",
    "captions",
    "sign_language",
    "step_free_access",
)
TEXT_COLUMNS = {
    "instructors": 255,
    "location": 255,
    "ce_approving_body": 255,
    "audience": None,
    "prerequisites": None,
    "accessibility_notes": None,
}
COLUMNS = (
    "title",
    "slug",
    "summary",
    "format",
    "provider",
    "provider_website",
    "frameworks",
    "languages",
    "sessions",
    "total_hours",
    "ce_credits",
    "cost",
    "currency",
    "registration_url",
    "last_reviewed",
    *TEXT_COLUMNS,
    *BOOLEAN_COLUMNS,
)
TRUE = {"yes", "y", "true", "1"}
FALSE = {"no", "n", "false", "0", ""}


def _decimal(value, column, line, errors, minimum=Decimal(0)):
    if value == "":
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        errors.append(RowError(line, column, _("“%(value)s” is not a number") % {"value": value}))
        return None
    if not number.is_finite() or number < minimum:
        errors.append(
            RowError(
                line,
                column,
                _("“%(value)s” must be %(minimum)s or more") % {"value": value, "minimum": minimum},
            )
        )
        return None
    return number


def _sessions(value, line, errors):
    sessions = []
    zones = {name for name, _label in TIME_ZONE_CHOICES}
    for chunk in filter(None, (part.strip() for part in value.split(";"))):
        spec, _at, zone = chunk.partition("@")
        zone = zone or "UTC"
        if zone not in zones:
            errors.append(
                RowError(line, "sessions", _("unknown time zone “%(zone)s”") % {"zone": zone})
            )
            continue
        start_text, _slash, end_text = spec.partition("/")
        try:
            start = datetime.datetime.fromisoformat(start_text)
            end = datetime.datetime.fromisoformat(end_text) if end_text else None
        except ValueError:
            errors.append(
                RowError(
                    line,
                    "sessions",
                    _("“%(session)s” is not START/END@ZONE in ISO format") % {"session": chunk},
                )
            )
            continue
        from zoneinfo import ZoneInfo

        tz = ZoneInfo(zone)
        start = start if start.tzinfo else make_aware(start, tz)
        if end is not None:
            end = end if end.tzinfo else make_aware(end, tz)
            if end < start:
                errors.append(
                    RowError(
                        line,
                        "sessions",
                        _("“%(session)s” ends before it starts") % {"session": chunk},
                    )
                )
                continue
        sessions.append((start, end, zone))
    return sessions


def validate_csv(text: str, index) -> ImportPlan:
    """Check every row of ``text`` (CSV with a header line) for import below ``index``."""
    plan = ImportPlan()
    rows = read_rows(text, plan, COLUMNS, REQUIRED)
    frameworks = {f.slug: f for f in Framework.objects.filter(locale=index.locale)}
    languages = {code for code, _label in TRAINING_LANGUAGE_CHOICES}
    formats = {code for code, _label in FORMAT_CHOICES}
    currencies = {code for code, _label in CURRENCY_CHOICES}
    taken = set(index.get_children().values_list("slug", flat=True))
    url_validator = URLValidator(schemes=["http", "https"])
    seen_slugs = {}

    for line, values in rows:
        errors = []
        for name in REQUIRED:
            if not values.get(name):
                errors.append(RowError(line, name, _("is required")))
        if len(values.get("title", "")) > 255:
            errors.append(
                RowError(line, "title", _("is longer than %(limit)s characters") % {"limit": 255})
            )
        slug = values.get("slug") or slugify(values.get("title", ""))[:80]
        if values.get("title") and not slug:
            errors.append(RowError(line, "slug", _("cannot be derived from the title; give one")))
        elif slug in taken:
            errors.append(
                RowError(
                    line, "slug", _("“%(slug)s” already exists in the directory") % {"slug": slug}
                )
            )
        elif slug in seen_slugs:
            errors.append(
                RowError(
                    line,
                    "slug",
                    _("“%(slug)s” is also used on line %(line)s")
                    % {"slug": slug, "line": seen_slugs[slug]},
                )
            )
        seen_slugs.setdefault(slug, line)
        if values.get("format") and values["format"] not in formats:
            errors.append(
                RowError(
                    line,
                    "format",
                    _("“%(value)s” is not one of %(choices)s")
                    % {"value": values["format"], "choices": ", ".join(sorted(formats))},
                )
            )
        chosen_frameworks = []
        for code in filter(None, (c.strip() for c in values.get("frameworks", "").split(";"))):
            if code in frameworks:
                chosen_frameworks.append(frameworks[code])
            else:
                errors.append(
                    RowError(line, "frameworks", _("unknown framework “%(code)s”") % {"code": code})
                )
        chosen_languages = []
        for code in filter(None, (c.strip() for c in values.get("languages", "").split(";"))):
            if code in languages:
                chosen_languages.append(code)
            else:
                errors.append(
                    RowError(line, "languages", _("unknown language “%(code)s”") % {"code": code})
                )
        flags = {}
        for name in BOOLEAN_COLUMNS:
            raw = values.get(name, "").lower()
            if raw in TRUE:
                flags[name] = True
            elif raw in FALSE:
                flags[name] = False
            else:
                errors.append(
                    RowError(line, name, _("“%(value)s” is not yes or no") % {"value": raw})
                )
        numbers = {
            name: _decimal(values.get(name, ""), name, line, errors)
            for name in ("total_hours", "ce_credits", "cost")
        }
        currency = values.get("currency") or "USD"
        if currency not in currencies:
            errors.append(
                RowError(line, "currency", _("“%(value)s” is not supported") % {"value": currency})
            )
        for name in ("registration_url", "provider_website"):
            if values.get(name):
                try:
                    url_validator(values[name])
                except ValidationError:
                    errors.append(
                        RowError(
                            line, name, _("“%(value)s” is not a URL") % {"value": values[name]}
                        )
                    )
        last_reviewed = None
        if values.get("last_reviewed"):
            try:
                last_reviewed = datetime.date.fromisoformat(values["last_reviewed"])
            except ValueError:
                errors.append(RowError(line, "last_reviewed", _("use a date such as 2026-03-01")))
        for name, limit in TEXT_COLUMNS.items():
            if limit and len(values.get(name, "")) > limit:
                errors.append(
                    RowError(
                        line, name, _("is longer than %(limit)s characters") % {"limit": limit}
                    )
                )
        sessions = _sessions(values.get("sessions", ""), line, errors)
        plan.errors.extend(errors)
        if errors:
            continue
        plan.rows.append(
            {
                "line": line,
                "fields": {
                    "title": values["title"],
                    "slug": slug,
                    "summary": values["summary"],
                    "format": values["format"],
                    "currency": currency,
                    "registration_url": values.get("registration_url", ""),
                    "last_reviewed": last_reviewed,
                    **{name: values.get(name, "") for name in TEXT_COLUMNS},
                    **flags,
                    **numbers,
                },
                "provider": (values.get("provider", ""), values.get("provider_website", "")),
                "frameworks": chosen_frameworks,
                "languages": chosen_languages,
                "sessions": sessions,
            }
        )
    return plan


@transaction.atomic
def create_trainings(plan: ImportPlan, index, publish=True, progress=None) -> list:
    """Create the planned trainings below ``index`` (call only when ``plan.errors`` is empty)."""
    if plan.errors:
        raise ValueError("refusing to import a plan with errors")
    created = []
    for number, row in enumerate(plan.rows, start=1):
        fields = dict(row["fields"])
        name, website = row["provider"]
        if name:
            provider = Provider.objects.filter(name=name, locale=index.locale).first()
            if provider is None:
                provider = Provider.objects.create(name=name, website=website, locale=index.locale)
            fields["provider"] = provider
        # A draft is not live until someone publishes it (a new page is live by default).
        page = TrainingPage(live=publish, **fields)
        for code in row["languages"]:
            page.languages_offered.add(TrainingLanguage(language=code))
        for start, end, zone in row["sessions"]:
            page.sessions.add(TrainingSession(starts_at=start, ends_at=end, time_zone=zone))
        index.add_child(instance=page)
        if row["frameworks"]:
            page.frameworks.set(row["frameworks"])
        revision = page.save_revision()
        if publish:
            revision.publish()
        created.append(page)
        if progress is not None:
            progress(number, len(plan.rows))
    return created
