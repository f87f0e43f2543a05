"""Article models, split by concern; import them from here."""

from .indexes import ArticleCollectionLink, ArticleKeyword
from .pages import (
    ArticleIndexPage,
    HealthArticlePage,
    articles_linking_to,
    available_articles,
)
from .search import ArticleSearchPage
from .settings import SeoSettings
from .snippets import Author, Keyword
from .utils import iter_strings, site_languages

__all__ = [
    "ArticleCollectionLink",
    "ArticleIndexPage",
    "ArticleKeyword",
    "ArticleSearchPage",
    "Author",
    "HealthArticlePage",
    "Keyword",
    "SeoSettings",
    "articles_linking_to",
    "available_articles",
    "iter_strings",
    "site_languages",
]
