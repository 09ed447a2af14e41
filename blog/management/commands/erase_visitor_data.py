"""Erase what a visitor left on the blog, found by the email address they gave."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from blog.models import Comment


class Command(BaseCommand):
    help = "Delete every comment (and the replies to them) written with the given email address."

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
        comments = Comment.objects.filter(email__iexact=email)
        count = comments.count()
        replies = Comment.objects.filter(parent__in=comments).count()
        if dry_run:
            self.stdout.write(f"Would delete {count} comments and {replies} replies to them.")
            return
        with transaction.atomic():
            comments.delete()  # replies go with them (on_delete=CASCADE)
        self.stdout.write(
            self.style.SUCCESS(f"Deleted {count} comments and {replies} replies to them.")
        )
