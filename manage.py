#!/usr/bin/env python
"""Django's command-line utility for practice-cms."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practice_site.settings.dev")
    from django.core.management import execute_from_command_line

    from practice_site.settings.environment import ConfigurationError

    try:
        execute_from_command_line(sys.argv)
    except ConfigurationError as exc:
        # A bad environment variable: one line naming it, not a traceback.
        sys.exit(f"configuration error: {exc}")


if __name__ == "__main__":
    main()
