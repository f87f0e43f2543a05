"""Import articles from exported text (.txt) or HTML (.html) files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import override

from modeltranslation.settings import DEFAULT_LANGUAGE

from health_articles.importer.service import create_article_index, import_file
from health_articles.importer.structure import ArticleImportError
from health_articles.models import ArticleIndexPage
from shop_links.lookup import shop_link_context


class Command(BaseCommand):
    help = (
        "Import articles from .txt (the shop's export format) or .html files. Each file "
        "is imported in its own transaction; a failing file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, or folders to import every file of.")
        parser.add_argument(
            "--language", help="Language of the files (default: from a .nl.txt-style suffix)."
        )
        parser.add_argument("--parent", help="Id or slug of the article index to import into.")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Replace this language's text of existing articles.",
        )
        parser.add_argument(
            "--page", help="Id or slug of the article a translation belongs to (with --update)."
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish instead of saving a draft."
        )
        parser.add_argument(
            "--claims-override",
            default="",
            metavar="REASON",
            help="With --publish: publish despite high-severity health-claim findings; the "
            "reason is logged on each article, as the editor's override is.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would happen; write nothing."
        )

    def parent(self, reference):
        indexes = ArticleIndexPage.objects.all()
        if reference:
            with override(DEFAULT_LANGUAGE):
                lookup = {"pk": int(reference)} if reference.isdigit() else {"slug": reference}
                index = indexes.filter(**lookup).first()
            if index is None:
                raise CommandError(f"No article index {reference!r}.")
            return index
        count = indexes.count()
        if count == 0:
            # A new site: make the index under the default site's home page.
            try:
                index = create_article_index()
            except ArticleImportError as error:
                raise CommandError(error.message) from error
            self.stdout.write(f"No article index yet: created {index.title!r} (id {index.pk}).")
            return index
        if count != 1:
            raise CommandError(f"There are {count} article indexes: choose one with --parent.")
        return indexes.get()

    def files(self, paths):
        for name in paths:
            path = Path(name)
            if path.is_dir():
                yield from sorted(p for p in path.rglob("*") if p.is_file())
            elif path.exists():
                yield path
            else:
                raise CommandError(f"{name}: no such file or folder.")

    def handle(self, *args, **options):
        if options["page"] and not options["update"]:
            raise CommandError("--page names the article to update: add --update.")
        if options["claims_override"] and not options["publish"]:
            raise CommandError("--claims-override is a reason to publish: add --publish.")
        parent = self.parent(options["parent"])
        files = list(self.files(options["paths"]))
        counts = {"created": 0, "updated": 0, "skipped": 0, "failed": 0}
        with shop_link_context():
            for number, path in enumerate(files, 1):
                result = import_file(
                    path,
                    parent=parent,
                    language=options["language"],
                    update=options["update"],
                    publish=options["publish"],
                    dry_run=options["dry_run"],
                    page=options["page"],
                    claims_override=options["claims_override"].strip(),
                )
                counts[result.outcome] += 1
                if result.failed:
                    # The message names the file (and line) itself.
                    line = f"[{number}/{len(files)}] failed: {result.message}"
                else:
                    line = f"[{number}/{len(files)}] {result.status}: {path}"
                if result.page is not None:
                    line += f" -> article {result.page.pk} ({result.language})"
                if result.message and not result.failed:
                    line += f" ({result.message})"
                if result.new_collections:
                    line += " — new inactive collections: " + ", ".join(result.new_collections)
                style = self.style.ERROR if result.failed else self.style.SUCCESS
                self.stdout.write(style(line) if result.failed else line)
        summary = ", ".join(f"{count} {status}" for status, count in counts.items())
        prefix = "Dry run, nothing written: " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{len(files)} files: {summary}")
        if counts["failed"]:
            raise SystemExit(1)
