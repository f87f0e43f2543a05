"""The keyword report: focus keyphrases per article and language, with their problems."""

import difflib
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from modeltranslation.utils import build_localized_fieldname

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


def similar(a, b):
    """Whether two normalised phrases are the same or nearly so."""
    return bool(a and b) and (a == b or difflib.SequenceMatcher(None, a, b).ratio() >= SIMILARITY)


PREFIX = 5  # letters of each word that two near-duplicate phrases share


def candidate_keys(phrase):
    """Keys two (nearly) equal normalised phrases have in common: each word cut to its
    first letters, in order and sorted ("vitamine b12 tekort", "vitamine b12 tekorten"
    and "tekort vitamine b12" meet)."""
    words = [word[:PREFIX] for word in phrase.split()]
    if not words:
        return set()
    return {("order", *words), ("words", *sorted(words))}


def mark_cannibalisation(rows):
    """Link rows of the same language whose keyphrases are the same or nearly so.

    Rows are grouped by language and normalised phrase; only distinct phrases that share
    a candidate key are compared. The work grows with the number of rows and of distinct
    phrases, not with the square of the rows (10,000 articles: `make bench`).
    """
    position = {id(row): index for index, row in enumerate(rows)}
    groups = {}
    for row in rows:
        phrase = normalise(row.keyphrase)
        if phrase:
            groups.setdefault((row.language, phrase), []).append(row)
    buckets = {}
    for language, phrase in groups:
        for key in candidate_keys(phrase):
            buckets.setdefault((language, key), []).append(phrase)
    related = {group: [group] for group in groups}  # a phrase is its own cannibal
    compared = set()
    for (language, _key), phrases in buckets.items():
        for index, first in enumerate(phrases):
            for second in phrases[index + 1 :]:
                pair = (language, first, second)
                if pair in compared:
                    continue
                compared.add(pair)
                if similar(first, second):
                    related[(language, first)].append((language, second))
                    related[(language, second)].append((language, first))
    for group, members in groups.items():
        others = [row for near in related[group] for row in groups[near]]
        others.sort(key=lambda row: position[id(row)])
        for row in members:
            row.cannibalises.extend(other for other in others if other is not row)
    return rows


@dataclass(frozen=True)
class ArticleRef:
    """The article a row is about: the report links to it and exports its id."""

    pk: int

    @property
    def id(self):
        return self.pk


def keyword_rows(language=None):
    """One row per live article and language it is available in, with its problems.

    Reads only the columns the rows show, as plain values (no page objects, no
    StreamField): the same as reading each language without fallbacks.
    """
    codes = [code for code in site_languages() if not language or code == language]
    names = ("title", "seo_title", "search_description", "focus_keyphrase", "available")
    columns = {
        (code, name): build_localized_fieldname(name, code) for code in codes for name in names
    }
    # Translated now, in the admin user's language: a CSV export is streamed after the
    # view has returned and the language is reset.
    missing_keyphrase, missing_description = str(MISSING_KEYPHRASE), str(MISSING_DESCRIPTION)
    description_length, title_length = str(DESCRIPTION_LENGTH), str(TITLE_LENGTH)
    rows = []
    values = HealthArticlePage.objects.live().order_by("path").values("pk", *columns.values())
    for article in values:
        page = ArticleRef(article["pk"])
        for code in codes:
            if not article[columns[code, "available"]]:
                continue
            title = article[columns[code, "title"]] or ""
            row = KeyphraseRow(
                page=page,
                language=code,
                keyphrase=article[columns[code, "focus_keyphrase"]] or "",
                title=title,
                seo_title_length=len(article[columns[code, "seo_title"]] or title),
                description_length=len(article[columns[code, "search_description"]] or ""),
            )
            if not row.keyphrase:
                row.problems.append(missing_keyphrase)
            if not row.description_length:
                row.problems.append(missing_description)
            elif not DESCRIPTION_MIN <= row.description_length <= DESCRIPTION_MAX:
                row.problems.append(description_length)
            if not TITLE_MIN_CHARS <= row.seo_title_length <= TITLE_MAX_CHARS:
                row.problems.append(title_length)
            rows.append(row)
    return mark_cannibalisation(rows)
