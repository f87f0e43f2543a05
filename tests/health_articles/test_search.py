"""The article search page: per language, available articles only, highlighted excerpts,
queries counted for SEO staff."""

import re

from wagtail.contrib.search_promotions.models import Query

import pytest

from health_articles.models import ArticleSearchPage
from health_articles.models.search import highlight
from tests.conftest import url_in
from tests.factories import HealthArticlePageFactory, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def search_page(demo):
    return ArticleSearchPage.objects.get()


def result_titles(html):
    return re.findall(r'<h3 class="search-result__title"><a href="([^"]+)">', html)


def test_search_pages_have_translated_urls(search_page):
    assert url_in(search_page, "nl") == "/nl/zoeken/"
    assert url_in(search_page, "en") == "/en/search/"


@pytest.mark.parametrize(("language", "query"), [("nl", "tintelingen"), ("en", "tingling")])
def test_search_finds_the_article_in_the_readers_language(
    client, demo, search_page, language, query
):
    html = client.get(url_in(search_page, language), {"q": query}).content.decode()
    assert result_titles(html) == [url_in(demo, language)]
    assert re.search(rf"<mark>{query}</mark>", html, re.I)
    assert '<meta name="robots" content="noindex, follow">' in html


def test_articles_not_available_in_the_language_are_not_found(
    client, demo, index_page, search_page
):
    dutch_only = HealthArticlePageFactory(
        parent=index_page, title="Zink", body=[section("Zinkrijke voeding", "<p>Oesters</p>")]
    )
    dutch_only.save_revision().publish()
    assert result_titles(client.get("/nl/zoeken/", {"q": "oesters"}).content.decode()) == [
        url_in(dutch_only, "nl")
    ]
    assert result_titles(client.get("/en/search/", {"q": "oesters"}).content.decode()) == []


def test_queries_show_up_in_the_search_terms_report(client, search_page):
    client.get("/nl/zoeken/", {"q": "  Vitamine   B12 "})
    client.get("/en/search/", {"q": "vitamine b12"})
    assert Query.objects.get(query_string="vitamine b12").hits == 2


def test_index_has_a_search_box(client, index_page, search_page):
    html = client.get(url_in(index_page, "en")).content.decode()
    assert '<form class="search-form" role="search" action="/en/search/"' in html


def test_excerpts_are_escaped_and_marked():
    text = "Eerst <script>x</script> dan vitamine B12 en nog eens B12."
    html = str(highlight(text, ["b12"]))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("<mark>B12</mark>") == 2


def test_search_page_is_advertised_only_in_languages_with_articles(client, search_page):
    html = client.get("/nl/zoeken/").content.decode()
    assert '<meta name="robots" content="index, follow">' in html
    hreflangs = re.findall(r'<link rel="alternate" hreflang="([^"]+)"', html)
    assert hreflangs == ["nl", "en", "x-default"]
    german = client.get(url_in(search_page, "de")).content.decode()
    assert '<meta name="robots" content="noindex, follow">' in german
