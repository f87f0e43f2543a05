import contextlib
import datetime
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import FormView

from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from shop_links.i18n import content_languages

from .link_health import PROBLEM_LABELS, broken_collection_links
from .models import Keyword
from .site_urls import absolute_url

# A spreadsheet treats a cell starting with one of these as a formula (tab and
# carriage return let "=..." through some importers), so an article title such
# as =HYPERLINK(...) would run in the reader's Excel. OWASP's advice: prefix a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """The value, with a leading ' when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeExportMixin:
    """CSV and XLSX exports of a report with formulas neutralised (see `neutralise_cell`)."""

    def preprocess_field_value(self, field, value, export_format):
        return neutralise_cell(super().preprocess_field_value(field, value, export_format))


class ArticleReport(SafeExportMixin, ReportView):
    """A report with a row per article (and language): the scaffolding the reports share.

    Subclasses set `page_title`, `header_icon`, `url_name` (the results view is
    `<url_name>_results`), `file_prefix`, the columns and what to export, and
    `get_queryset`; `urls(route)` gives both URL patterns for `register_admin_urls`.
    """

    url_name = None
    file_prefix = None

    @classmethod
    def urls(cls, route):
        return [
            path(route, cls.as_view(), name=cls.url_name),
            path(
                f"{route}results/", cls.as_view(results_only=True), name=f"{cls.url_name}_results"
            ),
        ]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.url_name:
            cls.index_url_name = cls.url_name
            cls.index_results_url_name = f"{cls.url_name}_results"

    def get_filename(self):
        return f"{self.file_prefix}-{datetime.date.today():%Y-%m-%d}"

    def requested_language(self):
        """The `language` filter of the query string, when it is one of the site's."""
        language = self.request.GET.get("language") or None
        return language if language in content_languages() else None


def article_column(**kwargs):
    """The article's title, linking to its page in the editor."""
    return TitleColumn(
        "title",
        label=_("Article"),
        get_url=lambda row: reverse("wagtailadmin_pages:edit", args=[row.page.pk]),
        **kwargs,
    )


class ProblemColumn(Column):
    def get_value(self, instance):
        return PROBLEM_LABELS.get(instance.problem, instance.problem)


class BrokenCollectionLinksReport(ArticleReport):
    """Every live article link to an inactive or deleted shop collection, per language."""

    page_title = _("Broken collection links")
    header_icon = "warning"
    url_name = "health_articles_broken_links"
    file_prefix = "broken-collection-links"
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


class CannibalisationColumn(Column):
    cell_template_name = "health_articles/reports/cannibalisation_cell.html"

    def get_value(self, instance):
        return instance.cannibalises


class KeywordReport(ArticleReport):
    """Focus keyphrases per article and language; cannibalisation and SEO gaps highlighted."""

    page_title = _("Keyword report")
    header_icon = "search"
    url_name = "health_articles_keyword_report"
    file_prefix = "keyword-report"
    list_export = [
        "page.id",
        "title",
        "language",
        "keyphrase",
        "seo_title_length",
        "description_length",
        "problem_text",
        "cannibalises_text",
    ]
    export_headings = {
        "page.id": _("Article id"),
        "title": _("Article"),
        "keyphrase": _("Focus keyphrase"),
        "seo_title_length": _("SEO title length"),
        "description_length": _("Meta description length"),
        "problem_text": _("Problems"),
        "cannibalises_text": _("Competes with"),
    }
    columns = [
        article_column(),
        Column("language", label=_("Language")),
        Column("keyphrase", label=_("Focus keyphrase")),
        Column("seo_title_length", label=_("Title length")),
        Column("description_length", label=_("Description length")),
        Column("problem_text", label=_("Problems")),
        CannibalisationColumn("cannibalises", label=_("Competes with")),
    ]

    def get_queryset(self):
        from .seo.report import keyword_rows

        return keyword_rows(self.requested_language())


CLAIM_KIND_LABELS = {
    "disease_claim": _("Disease claims"),
    "unauthorised_function": _("Unauthorised functions"),
    "paraphrase": _("Reworded claims"),
    "general_benefit": _("General benefits"),
    "research_without_reference": _("Research without reference"),
    "clinical_advice": _("Clinical advice"),
    "collection_claim_mismatch": _("Claims beside collections"),
    "link_nutrient_mismatch": _("Link nutrient mismatches"),
}


class ClaimsReport(ArticleReport):
    """Health-claims findings of every live article, per language, counted by kind."""

    page_title = _("Health claims report")
    header_icon = "warning"
    url_name = "health_articles_claims_report"
    file_prefix = "health-claims-report"
    list_export = [
        "page.id",
        "title",
        "language",
        "high",
        "total",
        *(f"count_{kind}" for kind in CLAIM_KIND_LABELS),
    ]
    export_headings = {
        "page.id": _("Article id"),
        "title": _("Article"),
        "language": _("Language"),
        "high": _("High severity"),
        "total": _("All findings"),
        **{f"count_{kind}": label for kind, label in CLAIM_KIND_LABELS.items()},
    }
    columns = [
        article_column(),
        Column("language", label=_("Language")),
        Column("high", label=_("High severity")),
        Column("total", label=_("All findings")),
        *(
            Column(f"count_{kind}", label=label)
            for kind, label in CLAIM_KIND_LABELS.items()
            if kind not in ("collection_claim_mismatch", "link_nutrient_mismatch")
        ),
    ]

    def get_queryset(self):
        from .claims.report import claims_rows

        return claims_rows(self.requested_language())


REVIEW_STATUS = {
    "never": _("Never reviewed"),
    "overdue": _("Review overdue"),
    "changed": _("Changed since review"),
}


@dataclass
class ReviewRow:
    page: object
    title: str
    review: object
    statuses: list

    @property
    def reviewer(self):
        return str(self.review.reviewer) if self.review else ""

    @property
    def reviewed_on(self):
        return self.review.reviewed_on if self.review else None

    @property
    def next_review(self):
        return self.review.next_review if self.review else None

    status: str = ""  # in the admin user's language, set before a CSV export streams


def review_rows(today=None):
    """Live articles never reviewed, overdue for review, or changed since their last review."""
    from .models import HealthArticlePage, MedicalReview

    today = today or datetime.date.today()
    pages = HealthArticlePage.objects.live().defer_streamfields().order_by("path")
    latest = {}
    for review in MedicalReview.objects.filter(page__in=pages).select_related("reviewer"):
        if review.page_id not in latest:  # ordered newest first
            latest[review.page_id] = review
    rows = []
    for page in pages:
        review = latest.get(page.pk)
        statuses = []
        if review is None:
            statuses.append("never")
        else:
            if review.next_review < today:
                statuses.append("overdue")
            if (
                review.revision_id
                and page.latest_revision_id
                and (page.latest_revision_id > review.revision_id)
            ):
                statuses.append("changed")
        if statuses:
            status = ", ".join(str(REVIEW_STATUS[s]) for s in statuses)
            rows.append(ReviewRow(page, page.title, review, statuses, status))
    return rows


class MedicalReviewReport(ArticleReport):
    """Articles whose medical review is missing, overdue or older than their latest change."""

    page_title = _("Medical review report")
    header_icon = "clipboard-list"
    url_name = "health_articles_review_report"
    file_prefix = "medical-review-report"
    list_export = ["page.id", "title", "status", "reviewer", "reviewed_on", "next_review"]
    export_headings = {
        "page.id": _("Article id"),
        "title": _("Article"),
        "status": _("Status"),
        "reviewer": _("Reviewer"),
        "reviewed_on": _("Reviewed on"),
        "next_review": _("Next review"),
    }
    columns = [
        article_column(),
        Column("status", label=_("Status")),
        Column("reviewer", label=_("Reviewer")),
        Column("reviewed_on", label=_("Reviewed on")),
        Column("next_review", label=_("Next review")),
    ]

    def get_queryset(self):
        return review_rows()


@dataclass
class StaleRow:
    page: object
    title: str
    language: str
    blocks: list

    @property
    def count(self):
        return len(self.blocks)

    @property
    def block_text(self):
        return "; ".join(
            f"{block.label} ({block.source_language}, {block.changed_at:%Y-%m-%d})"
            for block in self.blocks
        )


def stale_rows():
    """One row per article and language with blocks possibly out of date."""
    from .models import BlockEdit, HealthArticlePage
    from .staleness import stale_blocks

    pages = HealthArticlePage.objects.defer_streamfields().order_by("path")
    edits = {}
    for edit in BlockEdit.objects.filter(page__in=pages):
        edits.setdefault(edit.page_id, []).append(edit)
    rows = []
    for page in pages:
        by_language = {}
        for block in stale_blocks(page, edits.get(page.pk, [])):
            by_language.setdefault(block.language, []).append(block)
        rows += [
            StaleRow(page, page.title, language, blocks)
            for language, blocks in sorted(by_language.items())
        ]
    return rows


class StaleTranslationsReport(ArticleReport):
    """Articles × languages with blocks another language changed since they were last edited."""

    page_title = _("Stale translations")
    header_icon = "globe"
    url_name = "health_articles_stale_report"
    file_prefix = "stale-translations"
    list_export = ["page.id", "title", "language", "count", "block_text"]
    export_headings = {
        "page.id": _("Article id"),
        "title": _("Article"),
        "language": _("Language"),
        "count": _("Blocks possibly out of date"),
        "block_text": _("Blocks (changed in, on)"),
    }
    columns = [
        article_column(),
        Column("language", label=_("Language")),
        Column("count", label=_("Blocks possibly out of date")),
        Column("block_text", label=_("Blocks (changed in, on)")),
    ]

    def get_queryset(self):
        return stale_rows()


class MergeKeywordsForm(forms.Form):
    source = forms.ModelChoiceField(
        queryset=Keyword.objects.all(),
        label=_("Merge this keyword"),
        help_text=_("It is removed from every article and then deleted."),
    )
    target = forms.ModelChoiceField(
        queryset=Keyword.objects.all(),
        label=_("into this keyword"),
        help_text=_("Articles that used the first keyword use this one instead."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") and cleaned.get("source") == cleaned.get("target"):
            raise forms.ValidationError(_("Choose two different keywords."))
        return cleaned


class MergeKeywordsView(FormView):
    template_name = "health_articles/merge_keywords.html"
    form_class = MergeKeywordsForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(
            ["health_articles.change_keyword", "health_articles.delete_keyword"]
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {key: self.request.GET.get(key) for key in ("source", "target")}

    def form_valid(self, form):
        from .keywords import merge_keywords

        source, target = form.cleaned_data["source"], form.cleaned_data["target"]
        name = str(source)
        result = merge_keywords(source, target, user=self.request.user)
        messages.success(
            self.request,
            _(
                "“%(source)s” was merged into “%(target)s”: %(published)s articles published,"
                " %(drafts)s saved as drafts."
            )
            % {
                "source": name,
                "target": target,
                "published": result.published,
                "drafts": result.drafts,
            },
        )
        if result.source_kept:
            messages.warning(
                self.request,
                _(
                    "“%(source)s” is kept because live articles still use it; merge again"
                    " after their drafts are published."
                )
                % {"source": name},
            )
        return redirect("wagtailsnippets_health_articles_keyword:list")


@require_safe
def robots_txt(request):
    """Keep crawlers out of the admin and point them at the sitemap."""
    lines = ["User-agent: *"]
    with contextlib.suppress(NoReverseMatch):
        lines.append(f"Disallow: {reverse('wagtailadmin_home')}")
    lines.append(f"Sitemap: {absolute_url(request, reverse('health_articles_sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
