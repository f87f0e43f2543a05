"""The keyword report: focus keyphrases per article and language, with their problems."""

import difflib
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from shop_links.i18n import without_fallbacks

from ..models import HealthArticlePage, site_languages
from .checks import DESCRIPTION_MAX, DESCRIPTION_MIN, TITLE_MAX_CHARS, TITLE_MIN_CHARS, normalise

SIMILARITY = 0.85

MISSING_KEYPHRASE = _("no focus keyphrase")
MISSING_DESCRIPTION = _("no meta description")
TITLE_LENGTH = _("SEO title length")
DESCRIPTION_LENGTH = _("meta description length")


@dataclass
class KeyphraseRow:
    page: object
    language: str
    keyphrase: str
    title: str
    seo_title_length: int
    description_length: int
    problems: list = field(default_factory=list)
    cannibalises: list = field(default_factory=list)  # other rows with (nearly) the same phrase

    @property
    def problem_text(self):
        return ", ".join(self.problems)

    @property
    def cannibalises_text(self):
        return ", ".join(f"{row.title} [{row.page.pk}]" for row in self.cannibalises)


def similar(first, second):
    a, b = normalise(first), normalise(second)
    return bool(a and b) and (a == b or difflib.SequenceMatcher(None, a, b).ratio() >= SIMILARITY)


def mark_cannibalisation(rows):
    """Link rows of the same language whose keyphrases are the same or nearly so."""
    for index, row in enumerate(rows):
        for other in rows[index + 1 :]:
            if row.language == other.language and similar(row.keyphrase, other.keyphrase):
                row.cannibalises.append(other)
                other.cannibalises.append(row)
    return rows


def keyword_rows(language=None):
    rows = []
    pages = HealthArticlePage.objects.live().order_by("path")
    for page in pages:
        for code in site_languages():
            if language and code != language:
                continue
            with override(code), without_fallbacks():
                if not page.available:
                    continue
                title = page.seo_title or page.title
                row = KeyphraseRow(
                    page=page,
                    language=code,
                    keyphrase=page.focus_keyphrase or "",
                    title=page.title,
                    seo_title_length=len(title),
                    description_length=len(page.search_description or ""),
                )
            # Translated now, in the admin user's language: a CSV export is
            # streamed after the view has returned and the language is reset.
            if not row.keyphrase:
                row.problems.append(str(MISSING_KEYPHRASE))
            if not row.description_length:
                row.problems.append(str(MISSING_DESCRIPTION))
            elif not DESCRIPTION_MIN <= row.description_length <= DESCRIPTION_MAX:
                row.problems.append(str(DESCRIPTION_LENGTH))
            if not TITLE_MIN_CHARS <= row.seo_title_length <= TITLE_MAX_CHARS:
                row.problems.append(str(TITLE_LENGTH))
            rows.append(row)
    return mark_cannibalisation(rows)
