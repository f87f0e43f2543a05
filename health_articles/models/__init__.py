"""Article models, split by concern; import them from here."""

from .indexes import ArticleCollectionLink, ArticleKeyword
from .pages import (
    ArticleIndexPage,
    HealthArticlePage,
    articles_linking_to,
    available_articles,
    listing,
)
from .settings import SeoSettings
from .snippets import Author, Keyword
from .utils import iter_strings, site_languages

__all__ = [
    "ArticleCollectionLink",
    "ArticleIndexPage",
    "ArticleKeyword",
    "Author",
    "HealthArticlePage",
    "Keyword",
    "SeoSettings",
    "articles_linking_to",
    "available_articles",
    "iter_strings",
    "listing",
    "site_languages",
]
