"""Create the SEO and medical reviewer groups; give editor groups the article text permission."""

from django.core.management.base import BaseCommand

from health_articles.roles import EDITOR_GROUPS, REVIEWER_GROUP, setup_article_roles


class Command(BaseCommand):
    help = (
        "Opt-in roles: an SEO group that edits keywords and articles' SEO fields under the "
        "article indexes (not their text; no publishing), and article text editing for "
        "Wagtail's Editors and Moderators groups; a 'Medical reviewers' group with a 'Medical "
        "review' workflow task and workflow (assign the workflow yourself). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seo-group", default="SEO", help="Name of the SEO group.")
        parser.add_argument(
            "--editor-group",
            action="append",
            dest="editor_groups",
            help=f"Groups that may edit article text (default: {', '.join(EDITOR_GROUPS)}).",
        )

        parser.add_argument(
            "--reviewer-group",
            default=REVIEWER_GROUP,
            help="Name of the medical reviewer group (empty: no medical review set-up).",
        )

    def handle(self, *args, **options):
        report = setup_article_roles(
            seo_group=options["seo_group"],
            editor_groups=options["editor_groups"] or EDITOR_GROUPS,
            reviewer_group=options["reviewer_group"],
        )
        for change in report.changes:
            self.stdout.write(f"  {change}")
        self.stdout.write(f"Article roles: {len(report.changes)} changes.")
