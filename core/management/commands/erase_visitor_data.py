"""Erase what a visitor left on the site, found by the email address they gave."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from practice_core import visitor_data


class Command(BaseCommand):
    help = (
        "Delete everything stored with the given email address: comments (and the replies to "
        "them), subscriptions to the journal, enquiries."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The visitor's email address.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say what would be deleted."
        )

    def handle(self, *args, email, dry_run=False, **options):
        email = email.strip()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an email address.") from None
        with transaction.atomic():
            lines = visitor_data.erase(email, dry_run)
        for line in lines:
            self.stdout.write(line if dry_run else self.style.SUCCESS(line))
