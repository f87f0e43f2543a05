"""Settings a host site may set, each read when it is used, with its default."""

from django.conf import settings


def base_template():
    """The template public pages extend: `HEALTH_ARTICLES_BASE_TEMPLATE`.

    The default, `health_articles/base.html`, is a complete page; a host replaces it
    with its own layout, which should keep the blocks `title`, `alternates`,
    `canonical`, `robots`, `structured_data`, `extra_head` and `content`.
    """
    return getattr(settings, "HEALTH_ARTICLES_BASE_TEMPLATE", "health_articles/base.html")


def import_labels():
    """Extra section labels for the text importer, per language: `HEALTH_ARTICLES_IMPORT_LABELS`.

    `{"es": {"intro": ["Introducción"], "faq": ["Preguntas frecuentes"], …}}`; they
    are added to the built-in labels of that language.
    """
    return getattr(settings, "HEALTH_ARTICLES_IMPORT_LABELS", {})


def review_interval_months():
    """Months until an article's next medical review: `HEALTH_ARTICLES_REVIEW_MONTHS` (12)."""
    return int(getattr(settings, "HEALTH_ARTICLES_REVIEW_MONTHS", 12))


# The URL segment of keyword pages per language (/nl/artikelen/trefwoorden/<slug>/);
# data per language code, with "keywords" for any other language.
KEYWORD_SEGMENTS = {"nl": "trefwoorden", "en": "keywords", "de": "schlagwoerter", "fr": "mots-cles"}


def keyword_segments():
    """Segments per language: the built-in ones plus `HEALTH_ARTICLES_KEYWORD_SEGMENTS`."""
    return {**KEYWORD_SEGMENTS, **getattr(settings, "HEALTH_ARTICLES_KEYWORD_SEGMENTS", {})}


def keyword_segment(language):
    """The keyword pages' URL segment in `language` ("keywords" when none is set)."""
    return keyword_segments().get(language, "keywords")
