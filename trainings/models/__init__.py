"""The trainings plugin's models, one module per concern."""

from .assessments import (
    ANSWER_CHOICES,
    BAND_CHOICES,
    SOURCE_CHOICES,
    Answer,
    Assessment,
    AssessmentEvidence,
    EvidenceNote,
)
from .checklists import Checklist, ChecklistItem, Framework, Provider
from .pages import (
    FORMAT_CHOICES,
    TRAINING_LANGUAGE_CHOICES,
    ChecklistMethodologyPage,
    TrainingIndexPage,
    TrainingLanguage,
    TrainingPage,
    TrainingSession,
)

__all__ = [
    "ANSWER_CHOICES",
    "BAND_CHOICES",
    "FORMAT_CHOICES",
    "SOURCE_CHOICES",
    "TRAINING_LANGUAGE_CHOICES",
    "Answer",
    "Assessment",
    "Checklist",
    "AssessmentEvidence",
    "EvidenceNote",
    "ChecklistItem",
    "ChecklistMethodologyPage",
    "Framework",
    "Provider",
    "TrainingIndexPage",
    "TrainingLanguage",
    "TrainingPage",
    "TrainingSession",
]
