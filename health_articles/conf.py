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
