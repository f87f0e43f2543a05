"""The sitemap is an index of paged sections whose cost does not grow with the articles."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from defusedxml import ElementTree as ET

from health_articles.sitemaps import ArticleSitemap
from tests.health_articles.test_listings import add_article
from tests.health_articles.test_seo_pages import SITEMAP_NS

pytestmark = pytest.mark.django_db


def locations(response, tag):
    root = ET.fromstring(response.content)
    return [node.find("s:loc", SITEMAP_NS).text for node in root.findall(f"s:{tag}", SITEMAP_NS)]


def test_sections_are_paged_and_listed_in_the_index(client, demo, index_page, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for number in range(4):
        add_article(index_page, f"Artikel {number}")
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert index["Last-Modified"]
    sections = locations(index, "sitemap")
    dutch = [url for url in sections if "sitemap-articles-nl.xml" in url]
    assert dutch == [
        "http://testserver/sitemap-articles-nl.xml",
        "http://testserver/sitemap-articles-nl.xml?p=2",
        "http://testserver/sitemap-articles-nl.xml?p=3",
    ]
    seen = []
    for url in dutch:
        page = client.get(url)
        assert page.status_code == 200
        assert page["Last-Modified"]
        seen += locations(page, "url")
    assert len(seen) == len(set(seen)) == 5  # the demo and four more, each once
    assert client.get("/sitemap-articles-nl.xml?p=4").status_code == 404
    # Only the demo is written in English.
    assert len(locations(client.get("/sitemap-articles-en.xml"), "url")) == 1
    assert client.get("/sitemap-articles-xx.xml").status_code == 404


def sitemap_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return queries


def test_a_sitemap_page_costs_the_same_at_any_size(client, demo, index_page, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 5)
    few = sitemap_queries(client, "/sitemap-articles-nl.xml")
    few_index = sitemap_queries(client, "/sitemap.xml")
    for number in range(12):
        add_article(index_page, f"Artikel {number}")
    many = sitemap_queries(client, "/sitemap-articles-nl.xml?p=2")
    assert len(many) == len(few) <= 3  # (site roots,) the count, the page's rows
    assert len(sitemap_queries(client, "/sitemap.xml")) == len(few_index)
    for query in [q for q in many if "health_articles_healtharticlepage" in q["sql"]]:
        assert '"body_nl"' not in query["sql"]
        assert '"intro_nl"' not in query["sql"]


def test_articles_under_a_view_restriction_are_left_out(client, demo, index_page):
    from wagtail.models import PageViewRestriction

    from tests.conftest import url_in

    def article_urls():
        return locations(client.get("/sitemap-articles-nl.xml"), "url")

    assert any(url.endswith(url_in(demo, "nl")) for url in article_urls())
    PageViewRestriction.objects.create(page=index_page, restriction_type="login")
    assert article_urls() == []
