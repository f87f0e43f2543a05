import contextlib
import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import FormView

from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from shop_links.i18n import content_languages

from .link_health import PROBLEM_LABELS, broken_collection_links
from .models import Keyword
from .site_urls import absolute_url


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


class CannibalisationColumn(Column):
    cell_template_name = "health_articles/reports/cannibalisation_cell.html"

    def get_value(self, instance):
        return instance.cannibalises


class KeywordReport(ReportView):
    """Focus keyphrases per article and language; cannibalisation and SEO gaps highlighted."""

    page_title = _("Keyword report")
    header_icon = "search"
    index_url_name = "health_articles_keyword_report"
    index_results_url_name = "health_articles_keyword_report_results"
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
        TitleColumn(
            "title",
            label=_("Article"),
            get_url=lambda row: reverse("wagtailadmin_pages:edit", args=[row.page.pk]),
        ),
        Column("language", label=_("Language")),
        Column("keyphrase", label=_("Focus keyphrase")),
        Column("seo_title_length", label=_("Title length")),
        Column("description_length", label=_("Description length")),
        Column("problem_text", label=_("Problems")),
        CannibalisationColumn("cannibalises", label=_("Competes with")),
    ]

    def get_queryset(self):
        from .seo.report import keyword_rows

        language = self.request.GET.get("language") or None
        return keyword_rows(language if language in content_languages() else None)

    def get_filename(self):
        return f"keyword-report-{datetime.date.today():%Y-%m-%d}"


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
        count = merge_keywords(source, target)
        messages.success(
            self.request,
            _("“%(source)s” was merged into “%(target)s” in %(count)s articles.")
            % {"source": name, "target": target, "count": count},
        )
        return redirect("wagtailsnippets_health_articles_keyword:list")


@require_GET
def robots_txt(request):
    """Keep crawlers out of the admin and point them at the sitemap."""
    lines = ["User-agent: *"]
    with contextlib.suppress(NoReverseMatch):
        lines.append(f"Disallow: {reverse('wagtailadmin_home')}")
    lines.append(f"Sitemap: {absolute_url(request, reverse('health_articles_sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
