"""Factories for tests: wagtail-factories for pages, factory_boy for snippets."""

from django.utils.text import slugify

import factory
import wagtail_factories

from health_articles.models import ArticleIndexPage, Author, HealthArticlePage, Keyword
from shop_links.models import ShopCollection


class ShopCollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShopCollection

    title = factory.Sequence(lambda n: f"Collection {n}")
    handle = factory.LazyAttribute(lambda o: slugify(o.title))


class KeywordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Keyword

    name = factory.Sequence(lambda n: f"keyword {n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticleIndexPage

    title = "Artikelen"


class HealthArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HealthArticlePage

    title = factory.Sequence(lambda n: f"Artikel {n}")
    intro = "<p>Een korte inleiding.</p>"


def section(heading, html, numbered=True):
    return {
        "type": "section",
        "value": {
            "heading": heading,
            "text": html,
            "numbered": numbered,
            "image": None,
            "caption": "",
        },
    }


def faq(heading, pairs):
    return {
        "type": "faq",
        "value": {
            "heading": heading,
            "questions": [{"question": q, "answer": a} for q, a in pairs],
        },
    }


def keywords(heading, keyword_ids):
    return {"type": "keywords", "value": {"heading": heading, "keywords": list(keyword_ids)}}


def collection_link(collection_id, label="", style="card"):
    return {
        "type": "collection_link",
        "value": {"collection": collection_id, "link_text": label, "style": style},
    }


def inline_link(collection_id, text):
    return f'<a linktype="collection" id="{collection_id}">{text}</a>'
