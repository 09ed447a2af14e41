"""What the site keeps about visitors, and how it is forgotten.

Each app that stores something a visitor gave (ratings, comments, subscribers, enquiries)
registers two Wagtail hooks, and the shared commands run them all in one transaction:

- ``purge_visitor_data``: ``fn(days)`` forgets what is older than its retention period (``days``
  when the command is given ``--days``, else the app's own:
  ``PRACTICE_CORE["VISITOR_DATA_RETENTION_DAYS"]`` or what the owner set) and returns lines
  saying what it did.
- ``erase_visitor_data``: ``fn(email, dry_run)`` deletes (or, with ``dry_run``, counts)
  everything stored with that email address and returns lines saying what.

``manage.py purge_visitor_data`` (daily, from a timer) and ``manage.py erase_visitor_data
--email …`` (on a person's request) are the commands.
"""

from collections.abc import Iterable

from . import conf

PURGE_HOOK = "purge_visitor_data"
ERASE_HOOK = "erase_visitor_data"


def default_retention_days() -> int:
    return int(conf.get("VISITOR_DATA_RETENTION_DAYS"))


def purge(days: int | None) -> list[str]:
    from wagtail import hooks

    return _lines(hook(days) for hook in hooks.get_hooks(PURGE_HOOK))


def erase(email: str, dry_run: bool) -> list[str]:
    from wagtail import hooks

    return _lines(hook(email, dry_run) for hook in hooks.get_hooks(ERASE_HOOK))


def _lines(results: Iterable[Iterable[str] | None]) -> list[str]:
    return [line for result in results for line in (result or [])]
