"""Sync shop collections from the shop's collections.json feed, for one language."""

from django.core.management.base import BaseCommand, CommandError

from shop_links.i18n import content_languages
from shop_links.sync import FeedError, MassDeactivationError, sync


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
        parser.add_argument(
            "--allow-mass-deactivation",
            action="store_true",
            help=(
                "Accept an empty feed, or one that deactivates more than"
                " SHOP_LINKS_MAX_DEACTIVATION_SHARE (default 20 %%) of the active collections."
            ),
        )

    def handle(self, *args, **options):
        self.stdout.write(f"Reading {options['feed']} …")
        try:
            report = sync(
                options["feed"],
                options["language"],
                dry_run=options["dry_run"],
                allow_mass_deactivation=options["allow_mass_deactivation"],
                progress=lambda message: self.stdout.write(f"  {message}"),
            )
        except MassDeactivationError as error:
            for collection in error.collections:
                self.stderr.write(f"  would deactivate: {collection.handle}")
            raise CommandError(f"{error} — nothing was changed.") from error
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
