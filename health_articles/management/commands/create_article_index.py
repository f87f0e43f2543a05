"""Create the article index page under the default site's home page, if there is none."""

from django.core.management.base import BaseCommand, CommandError

from health_articles.importer.service import create_article_index
from health_articles.importer.structure import ArticleImportError
from health_articles.models import ArticleIndexPage


class Command(BaseCommand):
    help = (
        "Create an article index ('Articles' in each language) under the default site's "
        "home page. Does nothing when one exists."
    )

    def handle(self, *args, **options):
        existing = ArticleIndexPage.objects.order_by("path").first()
        if existing is not None:
            self.stdout.write(f"Article index exists: {existing.title!r} (id {existing.pk}).")
            return
        try:
            index = create_article_index()
        except ArticleImportError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Created article index {index.title!r} (id {index.pk}).")
