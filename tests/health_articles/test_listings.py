"""Listings read only what they show, with a fixed number of queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

import pytest

from health_articles.models import HealthArticlePage, Keyword
from tests.conftest import url_in
from tests.factories import keywords, section

pytestmark = pytest.mark.django_db


def add_article(index, title, keyword_ids=(), date=None):
    body = [section("Kop", "<p>Tekst over vitamines.</p>")]
    if keyword_ids:
        body.append(keywords("Zoekwoorden", keyword_ids))
    with override("nl"):
        page = HealthArticlePage(title=title, slug=title.lower().replace(" ", "-"), body=body)
        page.date = date or datetime.date(2024, 1, 1)
        index.add_child(instance=page)
        page.save_revision().publish()
    return page


def captured(client, url):
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, queries


def test_more_articles_shared_keywords_first_then_newest(demo, index_page):
    k1, k2, k3 = Keyword.objects.order_by("pk")[:3]
    with override("nl"):
        demo_keywords = {k.pk for k in Keyword.objects.all()}
    assert {k1.pk, k2.pk, k3.pk} <= demo_keywords
    old = datetime.date(2010, 1, 1)
    add_article(index_page, "Deelt een", [k1.pk], date=old)
    add_article(index_page, "Deelt drie", [k1.pk, k2.pk, k3.pk], date=old)
    for number in range(6):
        add_article(index_page, f"Nieuw {number}", date=datetime.date(2025, 1, number + 1))
    with override("nl"):
        more = [a.title for a in HealthArticlePage.objects.get(pk=demo.pk).more_articles()]
    assert more == ["Deelt drie", "Deelt een", "Nieuw 5"]


def test_more_articles_costs_two_queries_at_most(demo, index_page, django_assert_max_num_queries):
    for number in range(10):
        add_article(index_page, f"Vulling {number}", Keyword.objects.values_list("pk", flat=True))
    page = HealthArticlePage.objects.get(pk=demo.pk)
    with override("nl"), django_assert_max_num_queries(2):  # view restrictions + the cards
        articles = page.more_articles()
        assert [a.title for a in articles]  # the cards' fields are loaded, not deferred
    assert len(articles) == 3


@pytest.mark.parametrize("what", ["index", "keyword", "api"])
def test_listings_do_not_grow_with_articles_nor_read_bodies(client, demo, index_page, what):
    keyword = Keyword.objects.order_by("pk").first()
    with override("nl"):
        urls = {
            "index": url_in(index_page, "nl"),
            "keyword": index_page.keyword_base_url() + f"{keyword.slug}/",
            "api": "/api/v1/articles/?language=nl",
        }
    url = urls[what]
    _, few = captured(client, url)
    for number in range(14):
        add_article(index_page, f"Artikel {number}", [keyword.pk])
    response, many = captured(client, url)
    assert "Artikel 13" in response.content.decode()
    assert len(many) == len(few)
    listing_sql = [q["sql"] for q in many if "health_articles_healtharticlepage" in q["sql"]]
    assert listing_sql
    for sql in listing_sql:
        assert '"body_nl"' not in sql
        assert '"body_en"' not in sql
        assert '"subtitle_de"' not in sql


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/?language=en",
        "/api/v1/collections/vitamin-d-benefits-sources-safety/articles/?language=en",
        "detail",
    ],
)
def test_api_304_does_not_run_the_full_query(client, demo, url):
    if url == "detail":
        url = f"/api/v1/articles/{demo.pk}/?language=en"
    first = client.get(url)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert len(queries) <= 2  # the collection by handle, the shop settings (CORS)
    assert not [q for q in queries if "health_articles_healtharticlepage" in q["sql"]]


def test_api_etag_changes_with_each_kind_of_edit(client, demo, collections):
    url = "/api/v1/collections/vitamin-d-benefits-sources-safety/articles/?language=en"
    seen = {client.get(url)["ETag"]}

    def changed():
        etag = client.get(url, HTTP_IF_NONE_MATCH=",".join(seen))
        assert etag.status_code == 200
        assert etag["ETag"] not in seen
        seen.add(etag["ETag"])

    demo.save_revision().publish()
    changed()
    collection = collections["vitamin-d-benefits-sources-safety"]
    collection.title = "Vitamine D"
    collection.save()
    changed()
    demo.unpublish()
    changed()


def counts(queries):
    return [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]


def test_listing_counts_are_kept_until_the_articles_change(client, demo, index_page):
    """The index, a keyword page and the API count every available article once, then
    reuse the count until an article (or a keyword) changes."""
    keyword = Keyword.objects.create(name="nieuwe term")
    with override("nl"):
        keyword_page = index_page.keyword_base_url() + f"{keyword.slug}/"
    index, api = url_in(index_page, "nl"), "/api/v1/articles/?language=nl"
    for url in (index, keyword_page, api):
        assert counts(captured(client, url)[1]) == [], url
    assert 'content="noindex, follow"' in client.get(keyword_page).content.decode()
    before = client.get(api).json()["count"]

    add_article(index_page, "Telt mee", [keyword.pk], date=datetime.date(2030, 1, 1))
    for url in (index, keyword_page, api):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(counts(queries)) == 1, url
    assert client.get(api).json()["count"] == before + 1
    html = client.get(keyword_page).content.decode()
    assert 'content="index, follow"' in html and "Telt mee" in html

    filtered = api + f"&keyword={keyword.slug}"
    assert counts(captured(client, filtered)[1]) == []
    keyword.name = "hernoemde term"  # a keyword edit: what the keyword filter finds may change
    keyword.save()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(filtered).json()["count"] == 1
    assert len(counts(queries)) == 1


def test_keyword_page_alternates_follow_the_articles(client, demo, index_page):
    """The languages a keyword page links to (hreflang) are kept until an article changes."""
    from tests.health_articles.test_real_languages import HREFLANG

    keyword = Keyword.objects.create(name="taalterm")
    with override("en"):
        keyword.name = "language term"
        keyword.save()
    article = add_article(index_page, "Taalartikel", [keyword.pk])
    with override("nl"):
        url = index_page.keyword_base_url() + f"{keyword.slug}/"

    def alternates():
        return set(HREFLANG.findall(client.get(url).content.decode()))

    assert "en" not in alternates()
    with override("en"):
        article.title, article.slug = "Language article", "language-article"
        article.body = [section("Heading", "<p>Text.</p>"), keywords("Keywords", [keyword.pk])]
    article.save_revision().publish()
    assert "en" in alternates()


def test_index_languages_are_kept_until_an_article_changes(client, demo, index_page):
    """Which languages the index is worth advertising in: asked once per version."""
    from tests.health_articles.test_real_languages import HREFLANG, ROBOTS

    with override("de"):
        index_page.title = "Artikel"
        index_page.slug = "artikel"
    index_page.save_revision().publish()
    german = url_in(index_page, "de")
    assert ROBOTS.findall(client.get(german).content.decode()) == ["noindex, follow"]
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url_in(index_page, "nl")).content.decode()
    assert "de" not in HREFLANG.findall(html)
    assert not [q for q in queries.captured_queries if "available_de" in q["sql"]]

    with override("de"):
        demo.title, demo.slug = "Vitamin B12", "vitamin-b12"
        demo.body = [section("Kopf", "<p>Text.</p>")]
    demo.save_revision().publish()
    assert ROBOTS.findall(client.get(german).content.decode()) == ["index, follow"]
    assert "de" in HREFLANG.findall(client.get(url_in(index_page, "nl")).content.decode())
