"""The claims report: per live article and language, the checker's findings counted by kind."""

from dataclasses import dataclass, field

from .checker import HIGH, KINDS, check_units
from .service import claims_for
from .sources import page_units


@dataclass
class ClaimsRow:
    page: object
    title: str
    language: str
    counts: dict = field(default_factory=dict)  # kind -> number of findings
    high: int = 0

    @property
    def total(self):
        return sum(self.counts.values())

    def __getattr__(self, name):
        # `count_<kind>` for the report's columns and exports.
        if name.startswith("count_") and name[6:] in KINDS:
            return self.counts.get(name[6:], 0)
        raise AttributeError(name)


def claims_rows(language=None):
    """One row per live article and language it is written in (only `language` when given)."""
    from shop_links.models import ShopCollection

    from ..models import HealthArticlePage

    languages = [language] if language else list(HealthArticlePage.site_languages())
    claims = {code: claims_for(code)[0] for code in languages}
    sold = {  # every collection's nutrients in one query, not one per article
        pk: frozenset(nutrients)
        for pk, nutrients in ShopCollection.objects.values_list("pk", "nutrients")
        if nutrients
    }
    rows = []
    for page in HealthArticlePage.objects.live().order_by("path"):
        for code in languages:
            if not page.is_written_in(code):
                continue
            report = check_units(page_units(page, code), code, claims[code], sold)
            row = ClaimsRow(page=page, title=_title(page, code), language=code)
            for finding in report.findings:
                row.counts[finding.kind] = row.counts.get(finding.kind, 0) + 1
                row.high += finding.severity == HIGH
            rows.append(row)
    return rows


def _title(page, language):
    from django.utils.translation import override

    from shop_links.i18n import without_fallbacks

    with override(language), without_fallbacks():
        return page.title
