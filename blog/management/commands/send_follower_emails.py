"""Email the journal's new posts to its followers (run it from a timer, e.g. every 15 minutes)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from practice_blog.followers import send_new_posts


class ProgressBar:
    """``[#######.............]  35/100 followers`` redrawn in place on a terminal; one line per
    batch otherwise (a timer's log)."""

    WIDTH = 30

    def __init__(self, stream, interactive):
        self.stream = stream
        self.interactive = interactive

    def __call__(self, done, total):
        if not total:
            return
        filled = round(self.WIDTH * done / total)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        line = f"[{bar}] {done:>{len(str(total))}}/{total} followers"
        if self.interactive:
            self.stream.write("\r" + line, ending="")
            if done == total:
                self.stream.write("")
            self.stream.flush()
        elif done:
            self.stream.write(line)


class Command(BaseCommand):
    help = (
        "Email each confirmed follower the journal's posts that are new to them, in their "
        "language (one email per post, or a weekly digest, as set in Blog settings). Safe to "
        "run again at any time, also after a crash: a post is never sent twice to anyone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=50,
            help="Followers handled per connection to the mail server (default 50).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not draw the progress bar."
        )

    def handle(self, *args, batch_size=50, no_progress=False, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        progress = None
        if not no_progress:
            interactive = hasattr(sys.stdout, "isatty") and sys.stdout.isatty()
            progress = ProgressBar(self.stdout, interactive and self.stdout._out is sys.stdout)
        report = send_new_posts(batch_size=batch_size, progress=progress)
        if report.interrupted:
            self.stderr.write(
                f"{report.interrupted} email(s) of an earlier run were interrupted mid-way and "
                "are not sent again (they may or may not have arrived)."
            )
        summary = (
            f"Sent {report.emails} email(s) with {report.posts} post(s) to "
            f"{report.followers} confirmed follower(s)."
        )
        if report.failed:
            summary += f" {report.failed} refused by the mail server (tried again next run)."
        self.stdout.write(self.style.SUCCESS(summary))
        for error in report.errors[:10]:
            self.stderr.write(f"  {error}")
        if report.failed and not report.emails:
            raise CommandError("No email could be sent: check the mail server (EMAIL_URL).")
