"""Write one language of an article to a file, for translators or for re-import."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from health_articles.importer.export import EXPORTERS
from health_articles.importer.structure import ArticleImportError
from health_articles.importer.writer import ArticleWriter
from health_articles.models import ArticleIndexPage
from shop_links.i18n import content_languages


class Command(BaseCommand):
    help = "Export an article in one language as text (the shop's format) or HTML."

    def add_arguments(self, parser):
        parser.add_argument("page", help="Id or slug of the article.")
        parser.add_argument("--language", required=True, choices=content_languages())
        parser.add_argument("--format", choices=sorted(EXPORTERS), default="text")
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")

    def handle(self, *args, **options):
        try:
            page = ArticleWriter(ArticleIndexPage.objects.first()).find_page(options["page"])
        except ArticleImportError as error:
            raise CommandError(error.message) from error
        language = options["language"]
        if not page.is_available_in(language):
            raise CommandError(f"Article {page.pk} has no {language} text to export.")
        text = EXPORTERS[options["format"]](page, language)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {options['output']} ({len(text):,} characters).")
        else:
            self.stdout.write(text, ending="")
