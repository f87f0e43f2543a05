"""The article search page: per language, available articles only, highlighted excerpts,
queries counted for SEO staff."""

import re

from django.db import connection
from django.utils.translation import override

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import PageViewRestriction

import pytest

from health_articles.models import ArticleSearchPage, HealthArticlePage
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


@pytest.mark.parametrize("hidden", ["private", "draft"])
def test_the_search_box_is_only_for_a_public_live_search_page(
    client, index_page, search_page, hidden
):
    if hidden == "private":
        PageViewRestriction.objects.create(page=search_page, restriction_type="login")
    else:
        search_page.unpublish()
    html = client.get(url_in(index_page, "en")).content.decode()
    assert 'class="search-form"' not in html


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


STEMMED = {
    # language: (title, slug, intro, query that only this language's stemmer joins to it, mark)
    "nl": ("Zink", "zink", "<p>Een zinktablet per dag.</p>", "zinktabletten", "zinktablet"),
    "en": ("Zinc", "zinc", "<p>A zinc lozenge a day.</p>", "lozenges", "lozenge"),
    "de": ("Zink", "zink", "<p>Die Nerven brauchen Zink.</p>", "Nerv", "Nerven"),
    "fr": ("Zinc", "zinc", "<p>Le zinc et le système nerveux.</p>", "nerveuses", "nerveux"),
}


@pytest.fixture
def four_language_article(index_page):
    page = HealthArticlePageFactory(parent=index_page, title="Zink", slug="zink")
    for language, (title, slug, intro, _query, _mark) in STEMMED.items():
        with override(language):
            page.title, page.slug, page.intro = title, slug, intro
            page.body = [section(title, "<p>Oesters.</p>")]
    page.save_revision().publish()
    return HealthArticlePage.objects.get(pk=page.pk)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL text search")
@pytest.mark.parametrize("language", list(STEMMED))
def test_search_stems_with_the_languages_postgresql_configuration(
    client, search_page, four_language_article, language
):
    """One configuration for all (english, or simple) would miss at least three of these."""
    _title, _slug, _intro, query, mark = STEMMED[language]
    html = client.get(url_in(search_page, language), {"q": query}).content.decode()
    assert result_titles(html) == [url_in(four_language_article, language)]
    assert f"<mark>{mark}</mark>" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL text search")
def test_stemmed_excerpts_are_escaped(client, search_page, four_language_article):
    with override("nl"):
        four_language_article.intro = "<p>Een &lt;script&gt;alert(1)&lt;/script&gt; zinktablet.</p>"
    four_language_article.save_revision().publish()
    html = client.get("/nl/zoeken/", {"q": "zinktabletten"}).content.decode()
    [excerpt] = re.findall(r'<p class="search-result__excerpt">(.*?)</p>', html, re.S)
    assert "<script>" not in excerpt and "&lt;script&gt;alert(1)" in excerpt, excerpt
    assert "<mark>zinktablet</mark>" in excerpt


def test_backend_falls_back_to_wagtails_on_other_databases(settings):
    from health_articles.search_backend import SearchBackend

    backend = SearchBackend({})
    if connection.vendor == "postgresql":
        assert (backend.config_for("nl"), backend.config_for("en-gb")) == ("dutch", "english")
        assert backend.config_for("xx") == "simple"
        assert SearchBackend({"LANGUAGE_CONFIGS": {"nl": "simple"}}).config_for("nl") == "simple"
    else:
        assert not hasattr(backend, "config_for")
