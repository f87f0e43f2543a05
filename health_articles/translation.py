"""Everything django-modeltranslation needs to know. The rest of the code uses plain names."""

from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import ArticleIndexPage, ArticleSearchPage, Author, HealthArticlePage, Keyword


@register(Author)
class AuthorTranslationOptions(TranslationOptions):
    fields = ("bio", "credentials")


@register(Keyword)
class KeywordTranslationOptions(TranslationOptions):
    fields = ("name", "slug")


@register(ArticleIndexPage)
class ArticleIndexPageTranslationOptions(TranslationOptions):
    fields = ("intro",)


@register(ArticleSearchPage)
class ArticleSearchPageTranslationOptions(TranslationOptions):
    fields = ()  # its title and slug are Page's, translated by wagtail-modeltranslation


@register(HealthArticlePage)
class HealthArticlePageTranslationOptions(TranslationOptions):
    # `available` and `reading_time` are derived per language on save.
    fields = (
        "subtitle",
        "intro",
        "body",
        "focus_keyphrase",
        "related_keyphrases",
        "available",
        "reading_time",
    )
