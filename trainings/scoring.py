"""The checklist score: one pure function, no database, no Django.

A training's score is computed from the answers an assessor gave to each checklist item and the
items' weights. Everything the site stores or shows about a score (badge, bars, sorting, the API)
is derived from :func:`compute_score`, so there is exactly one definition of the rubric.

Rules (the methodology page states them to visitors):

* an answer is 0 (not evident), 1 (limited), 2 (present), 3 (central), ``NOT_APPLICABLE`` or
  ``UNKNOWN``;
* score = 100 × Σ(weight × answer) / Σ(weight × 3) over every applicable item, where an
  unknown item counts as the lowest answer, 0: missing evidence can never raise a score, so
  leaving a weak item unanswered is never the way to a better score;
* coverage = answered weight / applicable weight (N/A items are not applicable; unknown items are
  applicable but unanswered): it says how much of the score rests on evidence;
* there is no score until at least one applicable item is answered;
* band: ≥ 85 strong alignment, 60–84 partial, < 60 limited; an essential item answered 0 (or
  unknown, which counts as 0) caps the band at partial; coverage under 60 % gives "insufficient
  evidence" instead of a band.

Several reviewers' answers to one item become one answer by :func:`consensus` (majority, else
the median rounded down to a whole answer), so every surface shows one answer on the 0–3 scale.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

NOT_APPLICABLE = "na"
UNKNOWN = "unknown"
MAX_ANSWER = 3

BAND_STRONG = "strong"
BAND_PARTIAL = "partial"
BAND_LIMITED = "limited"
BAND_INSUFFICIENT = "insufficient"

#: Band codes in the order a visitor would rank them, best first.
BANDS = (BAND_STRONG, BAND_PARTIAL, BAND_LIMITED, BAND_INSUFFICIENT)

STRONG_THRESHOLD = 85
PARTIAL_THRESHOLD = 60
MIN_COVERAGE = 0.6


@dataclass(frozen=True)
class ScoredItem:
    """What the score needs to know about one checklist item."""

    code: str
    section: str
    weight: int
    essential: bool = False


@dataclass(frozen=True)
class SectionScore:
    """The score of one section of the checklist (same rules as the overall score)."""

    section: str
    score: float | None
    coverage: float
    answered_weight: int
    applicable_weight: int


@dataclass(frozen=True)
class ScoreResult:
    """The outcome of scoring one assessment.

    ``score`` is None when nothing applicable was answered; ``coverage`` is a fraction 0..1
    (1.0 when no item is applicable, since nothing is missing); ``band`` is one of :data:`BANDS`.
    """

    score: float | None
    coverage: float
    band: str
    capped_by_essential: bool
    sections: tuple[SectionScore, ...] = field(default_factory=tuple)

    @property
    def strongest_section(self) -> str | None:
        """The section with the highest score (first in checklist order on a tie)."""
        scored = [section for section in self.sections if section.score is not None]
        if not scored:
            return None
        return max(scored, key=lambda section: section.score).section


def answer_points(value) -> float | None:
    """The points of an answer, or None for N/A and unknown; refuses anything off the scale."""
    if value is None or value in (NOT_APPLICABLE, UNKNOWN):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not an answer on the 0–3 scale")
    try:
        points = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not an answer on the 0–3 scale") from None
    if not 0 <= points <= MAX_ANSWER:
        raise ValueError(f"{value!r} is not an answer on the 0–3 scale")
    return points


def _tally(items: Iterable[ScoredItem], answers: Mapping[str, object]):
    earned = 0.0
    answered_weight = 0
    applicable_weight = 0
    essential_at_zero = False
    for item in items:
        if not 1 <= item.weight <= 3:
            raise ValueError(f"item {item.code}: weight {item.weight} is outside 1–3")
        value = answers.get(item.code, UNKNOWN)
        if value == NOT_APPLICABLE:
            continue
        applicable_weight += item.weight
        points = answer_points(value)
        if points is None:
            # Unknown: the lowest answer in the score (0 points), but not evidence (coverage).
            if item.essential:
                essential_at_zero = True
            continue
        answered_weight += item.weight
        earned += item.weight * points
        if item.essential and points == 0:
            essential_at_zero = True
    score = None
    if answered_weight:
        score = round(100 * earned / (applicable_weight * MAX_ANSWER), 1)
    coverage = answered_weight / applicable_weight if applicable_weight else 1.0
    return score, coverage, answered_weight, applicable_weight, essential_at_zero


def band_for(score: float | None, coverage: float, essential_at_zero: bool = False) -> str:
    """The band a score falls in (see the module docstring)."""
    if score is None or coverage < MIN_COVERAGE:
        return BAND_INSUFFICIENT
    if score >= STRONG_THRESHOLD:
        band = BAND_STRONG
    elif score >= PARTIAL_THRESHOLD:
        band = BAND_PARTIAL
    else:
        band = BAND_LIMITED
    if essential_at_zero and band == BAND_STRONG:
        band = BAND_PARTIAL
    return band


def compute_score(items: Iterable[ScoredItem], answers: Mapping[str, object]) -> ScoreResult:
    """Score ``answers`` (item code → 0..3, N/A or unknown) against the checklist ``items``.

    Items without an answer count as unknown; answers to codes not in ``items`` are ignored.
    Raises ValueError for an answer off the scale or a weight outside 1–3.
    """
    items = list(items)
    score, coverage, _answered, _applicable, essential_at_zero = _tally(items, answers)
    sections = []
    section_names = list(dict.fromkeys(item.section for item in items))
    for name in section_names:
        s_score, s_coverage, s_answered, s_applicable, _ = _tally(
            [item for item in items if item.section == name], answers
        )
        sections.append(SectionScore(name, s_score, s_coverage, s_answered, s_applicable))
    band = band_for(score, coverage, essential_at_zero)
    capped = essential_at_zero and band == BAND_PARTIAL and score is not None
    capped = capped and score >= STRONG_THRESHOLD
    return ScoreResult(
        score=score,
        coverage=coverage,
        band=band,
        capped_by_essential=capped,
        sections=tuple(sections),
    )


def consensus(*answers):
    """One answer on the scale from any number of reviewers' answers to one item.

    The rule (stated on the methodology page): unknown answers are left out (a reviewer who did
    not check defers to those who did); N/A only when every reviewer who answered said N/A (an
    item one reviewer scored stays applicable); otherwise the answer more than half of the
    scoring reviewers gave; otherwise their median, rounded down to a whole answer (0, 1, 2 or 3)
    so a disagreement never rounds a score up. Returns "0".."3", ``NOT_APPLICABLE`` or
    ``UNKNOWN`` (no reviewer answered).
    """
    given = [value for value in answers if value not in (None, "", UNKNOWN)]
    if not given:
        return UNKNOWN
    points = sorted(p for p in (answer_points(value) for value in given) if p is not None)
    if not points:
        return NOT_APPLICABLE
    for candidate in set(points):
        if points.count(candidate) * 2 > len(points):
            return str(int(candidate))
    middle = len(points) // 2
    median = points[middle] if len(points) % 2 else (points[middle - 1] + points[middle]) / 2
    return str(int(median))


def reviewers_disagree(*answers) -> bool:
    """True when reviewers' answers to one item are 2 or more points apart, or when some said
    N/A and others scored the item (unknown answers never count as a disagreement)."""
    try:
        given = [answer_points(v) for v in answers if v not in (None, "", UNKNOWN)]
    except ValueError:
        return False
    points = [p for p in given if p is not None]
    if not points:
        return False
    if len(points) < len(given):
        return True
    return max(points) - min(points) >= 2
