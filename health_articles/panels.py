from wagtail.admin.panels import Panel


class CollectionLinkHealthPanel(Panel):
    """Warns the editor about links to inactive or deleted shop collections."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "health_articles/panels/collection_link_health.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            from .link_health import link_problems

            self.problems = link_problems(self.instance) if self.instance.pk else []

        def is_shown(self):
            return bool(self.problems)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["problems"] = self.problems
            return context


class SeoChecksPanel(Panel):
    """Yoast-style checks and a search-result preview, for each language of the article."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "health_articles/panels/seo_checks.html"

        def get_context_data(self, parent_context=None):
            from .seo.checks import run_checks, search_preview
            from .seo.page_input import seo_input

            context = super().get_context_data(parent_context)
            languages = []
            for language in self.instance.site_languages():
                if not self.instance.pk or not self.instance.is_written_in(language):
                    continue
                data = seo_input(self.instance, language)
                languages.append(
                    {
                        "code": language,
                        "checks": run_checks(data),
                        "preview": search_preview(data),
                    }
                )
            context["languages"] = languages
            return context


class ClaimsChecksPanel(Panel):
    """The health-claims checker's findings, for each language of the article."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "health_articles/panels/claims_checks.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(claims_checks_context(self.instance))
            return context


def claims_checks_context(page, source="draft"):
    """The claims panel's template context for `page` (a draft, or the preview's content).

    The panel is rendered with the edit page (the latest saved draft) and again,
    from `ClaimsChecksPreviewView`, each time the editor's preview updates.
    """
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from .claims.service import check_page

    kinds = {
        "disease_claim": _("Disease claim"),
        "unauthorised_function": _("Claim not authorised for this nutrient"),
        "paraphrase": _("Reworded claim"),
        "general_benefit": _("General benefit without a specific claim"),
        "research_without_reference": _("Research without a reference"),
        "clinical_advice": _("Clinical advice: needs a medical reviewer"),
        "collection_claim_mismatch": _("Claim beside a collection that lacks it"),
        "link_nutrient_mismatch": _("Link text names a nutrient the collection lacks"),
    }
    languages = []
    for language in page.site_languages():
        if not page.pk or not page.is_written_in(language):
            continue
        report = check_page(page, language)
        languages.append(
            {
                "code": language,
                "notes": report.notes,
                "high": sum(f.severity == "high" for f in report.findings),
                "findings": [
                    {"finding": f, "label": kinds.get(f.kind, f.kind)} for f in report.findings
                ],
            }
        )
    return {
        "languages": languages,
        "source": source,
        "refresh_url": reverse("health_articles_claims_checks", args=[page.pk]) if page.pk else "",
    }


class StaleTranslationsPanel(Panel):
    """Blocks possibly out of date in one language because another language changed them."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "health_articles/panels/stale_translations.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            from .staleness import stale_blocks

            self.stale = stale_blocks(self.instance) if self.instance.pk else []

        def is_shown(self):
            return bool(self.stale)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["stale"] = self.stale
            return context
