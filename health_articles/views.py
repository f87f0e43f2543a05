import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from .link_health import PROBLEM_LABELS, broken_collection_links


class ProblemColumn(Column):
    def get_value(self, instance):
        return PROBLEM_LABELS.get(instance.problem, instance.problem)


class BrokenCollectionLinksReport(ReportView):
    """Every live article link to an inactive or deleted shop collection, per language."""

    page_title = _("Broken collection links")
    header_icon = "warning"
    index_url_name = "health_articles_broken_links"
    index_results_url_name = "health_articles_broken_links_results"
    list_export = [
        "page.title",
        "page.id",
        "language",
        "collection_id",
        "collection_handle",
        "problem",
        "kind",
    ]
    export_headings = {
        "page.title": _("Article"),
        "page.id": _("Article id"),
        "collection_id": _("Collection id"),
        "collection_handle": _("Handle"),
    }

    columns = [
        TitleColumn(
            "page",
            label=_("Article"),
            accessor="page.title",
            get_url=lambda link: reverse("wagtailadmin_pages:edit", args=[link.page_id]),
        ),
        Column("language", label=_("Language")),
        Column("collection_handle", label=_("Collection"), accessor="collection_handle"),
        Column("collection_id", label=_("Collection id")),
        ProblemColumn("problem", label=_("Problem")),
        Column("kind", label=_("Link")),
    ]

    def get_queryset(self):
        return broken_collection_links()

    def get_filename(self):
        return f"broken-collection-links-{datetime.date.today():%Y-%m-%d}"
