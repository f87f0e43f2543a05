"""Sync shop collections from the shop's collections.json feed, for one language."""

from django.core.management.base import BaseCommand, CommandError

from shop_links.i18n import content_languages
from shop_links.sync import FeedError, sync


class Command(BaseCommand):
    help = (
        "Read a Shopify-style collections feed (URL or file) and fill one language of the "
        "collections. Matches on the shop's id; deactivates collections gone from the feed. "
        "A bad feed changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--feed", required=True, help="URL of collections.json, or a file.")
        parser.add_argument("--language", required=True, choices=content_languages())
        parser.add_argument("--dry-run", action="store_true", help="Report, but write nothing.")

    def handle(self, *args, **options):
        self.stdout.write(f"Reading {options['feed']} …")
        try:
            report = sync(
                options["feed"],
                options["language"],
                dry_run=options["dry_run"],
                progress=lambda message: self.stdout.write(f"  {message}"),
            )
        except FeedError as error:
            raise CommandError(f"{error} — nothing was changed.") from error
        for label, items in (
            ("created", report.created),
            ("updated", report.updated),
            ("deactivated", report.deactivated),
        ):
            for collection in items:
                self.stdout.write(f"  {label}: {collection.handle}")
        prefix = "Dry run, nothing written: " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}[{options['language']}] {report.summary()}")
