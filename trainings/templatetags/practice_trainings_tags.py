"""Template helpers for training cards, badges and scorecards."""

from django import template
from django.utils.translation import gettext_lazy as _

from ..models.assessments import BAND_LABELS
from ..models.pages import FORMAT_CHOICES, TRAINING_LANGUAGE_CHOICES

register = template.Library()

FORMAT_LABELS = dict(FORMAT_CHOICES)
LANGUAGE_LABELS = dict(TRAINING_LANGUAGE_CHOICES)


@register.filter
def band_label(code):
    """The visitor-facing name of a band code ("strong" → "Strong alignment")."""
    return BAND_LABELS.get(code, code or _("Not assessed yet"))


@register.filter
def percent(fraction):
    """0.875 → 88 (for coverage, stored as a fraction)."""
    if fraction in (None, ""):
        return ""
    return round(float(fraction) * 100)


@register.filter
def format_label(code):
    return FORMAT_LABELS.get(code, code)


@register.filter
def language_label(code):
    return LANGUAGE_LABELS.get(code, code)


@register.inclusion_tag("practice_trainings/includes/score_badge.html")
def score_badge(score, band, coverage, version, reviewed_on, re_review_due=False):
    """The badge shown on cards and pages: score, band, coverage, version and review date."""
    return {
        "score": score,
        "band": band,
        "coverage": coverage,
        "version": version,
        "reviewed_on": reviewed_on,
        "re_review_due": re_review_due,
    }


@register.filter
def format_and_place(training):
    """ "In person · Lisbon, Portugal", or just "Online" when the place only repeats the format
    (in any of the site's languages: "Online", "En línea", "En ligne"...)."""
    label = format_label(training.format)
    place = (getattr(training, "location", "") or "").strip()
    if not place or place.casefold() in _format_names(training.format):
        return label
    return f"{label} · {place}"


def _format_names(code) -> set:
    from django.conf import settings
    from django.utils import translation

    names = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.add(str(FORMAT_LABELS.get(code, code)).casefold())
    return names
