"""Article models, split by concern; import them from here."""

from .claims import HealthClaim
from .indexes import ArticleCollectionLink, ArticleKeyword
from .pages import (
    ArticleIndexPage,
    HealthArticlePage,
    articles_linking_to,
    available_articles,
    listing,
)
from .review import MedicalReview, MedicalReviewTask
from .search import ArticleSearchPage
from .settings import SeoSettings
from .snippets import Author, Keyword
from .staleness import BlockEdit
from .utils import iter_strings, site_languages

__all__ = [
    "ArticleCollectionLink",
    "ArticleIndexPage",
    "ArticleKeyword",
    "BlockEdit",
    "ArticleSearchPage",
    "Author",
    "HealthArticlePage",
    "HealthClaim",
    "Keyword",
    "MedicalReview",
    "MedicalReviewTask",
    "SeoSettings",
    "articles_linking_to",
    "available_articles",
    "iter_strings",
    "listing",
    "site_languages",
]
