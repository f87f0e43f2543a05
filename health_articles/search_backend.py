"""Wagtail's database search backend, with PostgreSQL stemming in each text's own language.

Wagtail's PostgreSQL backend stems every indexed text with one text-search configuration.
Articles keep a column per language (the Dutch title, the English body, ...), so this
backend stems each of those columns with its language's configuration (`dutch`, `english`,
...) and parses a query with the configuration of the active language: "tekorten" finds
"tekort" in Dutch, "deficiencies" finds "deficiency" in English.

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "health_articles.search_backend"}}

Options, beside Wagtail's own: `LANGUAGE_CONFIGS` maps a language code to a configuration
(added to the built-in map of PostgreSQL's shipped ones); a language without one uses
`SEARCH_CONFIG`, else `simple` (no stemming). On SQLite or MySQL this is Wagtail's
database backend unchanged. After switching to it, run `manage.py update_index` once.
"""

from django.db import connection

from modelsearch.backends import database as wagtail_database

# PostgreSQL's shipped text-search configurations (`\dF`), by language code.
POSTGRES_CONFIGS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}


def SearchBackend(params):  # noqa: N802 - Wagtail imports a backend module's `SearchBackend`
    """The per-language PostgreSQL backend, or Wagtail's database backend elsewhere."""
    if connection.vendor == "postgresql":
        from .search_postgres import LanguagePostgresSearchBackend

        return LanguagePostgresSearchBackend(params)
    return wagtail_database.SearchBackend(params)
