"""The practice-cms project layer (imported as ``practice_site``; see pyproject.toml)."""
