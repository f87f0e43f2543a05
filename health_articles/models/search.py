import re

from django.apps import apps
from django.db import connection
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from shop_links.i18n import without_fallbacks

from ..conf import base_template
from ..text import plain_text
from .pages import available_articles, searchable_articles
from .utils import iter_strings

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 20
EXCERPT_CHARS = 220


def highlight(text, terms):
    """`text` cut around the first search term, escaped, with every term in <mark>."""
    words = [re.escape(term) for term in terms if len(term) > 1]
    if not words:
        return conditional_escape(text[:EXCERPT_CHARS])
    pattern = re.compile("|".join(words), re.I)
    match = pattern.search(text)
    start = max(0, match.start() - EXCERPT_CHARS // 3) if match else 0
    excerpt = text[start : start + EXCERPT_CHARS]
    parts, last = [], 0
    for found in pattern.finditer(excerpt):
        parts.append(conditional_escape(excerpt[last : found.start()]))
        parts.append(f"<mark>{conditional_escape(found.group())}</mark>")
        last = found.end()
    parts.append(conditional_escape(excerpt[last:]))
    prefix = "… " if start else ""
    suffix = " …" if start + EXCERPT_CHARS < len(text) else ""
    # Safe: every piece of the text is escaped above; only <mark> is added.
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308


HEADLINE_OPTIONS = "StartSel=<mark>, StopSel=</mark>, MaxWords=40, MinWords=20"


def stemmed_highlights(texts, query, config):
    """Excerpts of `texts` with every word that matches `query` once stemmed in PostgreSQL's
    `config` marked ("tekort" for "tekorten"), in one query.

    The texts are escaped before PostgreSQL sees them; it only adds <mark> and </mark>.
    """
    escaped = [str(conditional_escape(text)) for text in texts]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_headline(%s::regconfig, t, plainto_tsquery(%s::regconfig, %s), %s) "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS x(t, n) ORDER BY n",
            [config, config, query, HEADLINE_OPTIONS, escaped],
        )
        # Safe: the text was escaped above; ts_headline adds only the <mark> tags.
        return [mark_safe(row[0]) for row in cursor.fetchall()]  # noqa: S308


def search_config(language):
    """The PostgreSQL text-search configuration the search backend uses for `language`."""
    backend = get_search_backend()
    config_for = getattr(backend, "config_for", None)
    return config_for(language) if config_for else None


def record_query(query):
    """Count the search in Wagtail's search terms report (when search promotions is installed)."""
    if apps.is_installed("wagtail.contrib.search_promotions"):
        from wagtail.contrib.search_promotions.models import Query

        Query.get(query).add_hit()


class ArticleSearchPage(Page):
    """Searches the articles available in the reader's language (?q=…)."""

    max_count = 1
    subpage_types = []

    class Meta:
        verbose_name = _("article search")

    def is_available_in(self, language):
        """Advertised (hreflang, switcher) only in languages that have articles to find."""
        with override(language), without_fallbacks():
            return bool(self.title) and available_articles().exists()

    def search(self, query, language):
        terms = query.split()
        with override(language), without_fallbacks():
            pages = list(searchable_articles().search(query)[:MAX_RESULTS])
            texts = [
                plain_text(" ".join([page.intro or "", *iter_strings(page.body.raw_data)]))
                for page in pages
            ]
            config = search_config(language)
        if config and pages:
            excerpts = stemmed_highlights(texts, query, config)
        else:
            excerpts = [highlight(text, terms) for text in texts]
        return [
            {"page": page, "excerpt": excerpt}
            for page, excerpt in zip(pages, excerpts, strict=True)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = base_template()
        query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
        context["query"] = query
        language = get_language()
        # Result pages are not search results themselves; nor is an empty language.
        context["noindex"] = bool(query) or not self.is_available_in(language)
        if query:
            context["results"] = self.search(query, language)
            record_query(query)
        return context
