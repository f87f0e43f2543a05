"""Check an article (by page id) or an importable file (.txt/.html) for health-claim problems."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from health_articles.claims.checker import HIGH
from health_articles.claims.service import check_article_data, check_page, claims_for
from health_articles.importer.service import parse_file
from health_articles.importer.structure import ArticleImportError
from health_articles.models import HealthArticlePage, site_languages


class Command(BaseCommand):
    help = (
        "Check the text a reader sees in an article (page id: its latest draft, in every "
        "language it is written in, or --language) or in a .txt/.html file the importer "
        "reads. Prints one finding per line; exits 1 when a finding has high severity "
        "and 2 when the input cannot be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="A page id, or a .txt/.html file.")
        parser.add_argument(
            "--language",
            help="Language to check (default: a file's .nl.txt-style suffix; a page's languages).",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        target, language = options["target"], options["language"]
        if language and language not in site_languages():
            raise CommandError(
                f"unknown language {language!r}; expected one of {', '.join(site_languages())}",
                returncode=2,
            )
        reports = []
        if Path(target).is_file() or not target.isdigit():
            try:
                data = parse_file(target, language)
            except ArticleImportError as error:
                raise CommandError(str(error), returncode=2) from error
            reports.append(check_article_data(data))
        else:
            page = HealthArticlePage.objects.filter(pk=int(target)).first()
            if page is None:
                raise CommandError(f"no article with id {target}", returncode=2)
            draft = page.get_latest_revision_as_object()
            languages = [language] if language else site_languages()
            for code in languages:
                if draft.is_written_in(code):
                    reports.append(check_page(draft, code))
                elif language:
                    raise CommandError(
                        f"article {target} has no {code} text to check", returncode=2
                    )
        high = total = 0
        for report in reports:
            for note in report.notes:
                self.stderr.write(f"{report.language}: {note}")
            for finding in report.findings:
                total += 1
                high += finding.severity == HIGH
                self.stdout.write(self.line(finding, report.language, options["format"]))
        source = claims_for(reports[0].language)[1] if reports else "data file"
        summary = (
            f"{total} findings ({high} high) in {len(reports)} language(s): "
            + ", ".join(r.language for r in reports)
            + f"; claims from the {source}"
        )
        # JSON output stays one object per line on stdout; the summary goes to stderr.
        (self.stderr if options["format"] == "json" else self.stdout).write(summary)
        if high:
            raise SystemExit(1)

    def line(self, finding, language, output_format):
        if output_format == "json":
            return json.dumps(
                {
                    "sentence": finding.sentence,
                    "kind": finding.kind,
                    "severity": finding.severity,
                    "nutrients": list(finding.nutrients),
                    "suggestion": finding.suggestion,
                    "language": language,
                    "block": finding.block,
                    "message": finding.message,
                },
                ensure_ascii=False,
            )
        nutrients = ", ".join(finding.nutrients) or "-"
        text = (
            f"[{finding.severity}] {finding.kind} ({language}, {finding.block}; {nutrients}): "
            f"{finding.sentence}"
        )
        if finding.suggestion:
            text += f" -> {finding.suggestion}"
        return text
