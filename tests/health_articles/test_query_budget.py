"""The article page costs a fixed number of queries, however long the article is."""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from wagtail.images.models import Image

import pytest

from health_articles.content_versions import bump
from health_articles.models import HealthArticlePage, Keyword
from tests.conftest import url_in
from tests.factories import KeywordFactory, ShopCollectionFactory, collection_link, inline_link
from tests.health_articles.test_listings import add_article

pytestmark = pytest.mark.django_db

# 9: the routing and listings took 14 (issue 13); the routing query now brings the
# author, the hero image and the latest medical review ("Medically reviewed by …",
# reviewedBy) along, the breadcrumbs come from routing (no ancestors query), "More
# articles" checks view restrictions in its own query (a subquery), the page's own view
# restrictions take one query instead of two and its two site settings one instead of
# two (test_article_queries.py). One more loads the health claims, to leave FAQ
# answers with high-severity findings out of the FAQPage JSON-LD (one query per page,
# not per question); two load images: the collection images' renditions (one
# prefetch) and the section images (one bulk query).
MAX_QUERIES = 12


def count_queries(client, url, cold=False):
    client.get(url)  # warm per-process caches (content types)
    if cold:
        # Every Django cache: the page cache, kept values, Wagtail's site root paths
        # and renditions. (A query string of its own would miss the page cache too.)
        for alias in caches:
            caches[alias].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def plain(item):
    """A ListBlock item's value, in either of the raw formats Wagtail stores."""
    return item["value"] if isinstance(item, dict) and item.get("type") == "item" else item


def quadruple(page, language):
    """Four times the sections, questions and keywords of `page`, plus more collection links."""
    images = list(Image.objects.order_by("pk"))
    extra_collections = [ShopCollectionFactory(image=images[i % len(images)]) for i in range(8)]
    extra_keywords = [KeywordFactory() for _ in range(45)]
    inline = "".join(f"<p>{inline_link(c.pk, c.title)}</p>" for c in extra_collections)
    with override(language):
        raw = [{"type": b["type"], "value": dict(b["value"])} for b in page.body.raw_data]
        sections = [b for b in raw if b["type"] == "section"]
        for block in sections:
            block["value"]["text"] += inline
        [faq] = [b for b in raw if b["type"] == "faq"]
        faq["value"]["questions"] = [plain(item) for item in faq["value"]["questions"]] * 4
        [keywords] = [b for b in raw if b["type"] == "keywords"]
        keywords["value"]["keywords"] = [plain(item) for item in keywords["value"]["keywords"]] + [
            k.pk for k in extra_keywords
        ]
        page.body = (
            sections * 4 + [collection_link(c.pk) for c in extra_collections] * 4 + [faq, keywords]
        )
    page.save_revision().publish()
    return HealthArticlePage.objects.get(pk=page.pk)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_article_page_query_count_does_not_grow_with_content(client, demo, language):
    url = url_in(demo, language)
    baseline = count_queries(client, url)
    big = quadruple(demo, language)
    with override(language):
        assert len(big.body) == 4 * 7 + 4 * 8 + 2
        assert len(big.body[-2].value["questions"]) == 20
    assert count_queries(client, url_in(big, language)) == baseline
    assert baseline <= MAX_QUERIES


@pytest.mark.parametrize("language", ["nl", "en"])
def test_article_page_stays_within_the_query_budget_with_every_cache_cold(client, demo, language):
    """Wagtail keeps site root paths (per language, for hreflang links) and renditions in
    Django's cache; cold, the page loads every language's root paths in one query and
    every image's renditions (hero, logo, sections, collections, cards) in one."""
    url = url_in(demo, language)
    cold = count_queries(client, url, cold=True)
    assert cold <= MAX_QUERIES
    big = quadruple(demo, language)
    assert count_queries(client, url_in(big, language), cold=True) == cold


@pytest.mark.parametrize("language", ["nl", "en"])
def test_article_page_stays_within_the_query_budget(
    client, demo, language, django_assert_max_num_queries
):
    url = url_in(demo, language)
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url)


def test_more_articles_costs_one_query_whether_its_ranking_is_cached_or_not(
    client, demo, index_page
):
    """The ranking is kept under the version of `articles:nl`: on a hit one query loads
    the cards by id; after any article change the ranking query brings them along."""
    with override("nl"):
        shared = [keyword.pk for keyword in Keyword.objects.order_by("pk")[:2]]
    other = add_article(index_page, "Deelt twee", shared)
    url = url_in(demo, "nl")
    client.get(url)  # warm per-process caches, rank "More articles"
    sizes = []
    for cached in (True, False):
        if not cached:
            bump("articles:nl")  # what any article's publish, move or delete does
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        ranking = [q for q in queries.captured_queries if "shared_keywords" in q["sql"]]
        assert len(ranking) == (0 if cached else 1)
        assert len(queries) <= MAX_QUERIES
        assert url_in(other, "nl") in response.content.decode().split("more-articles")[-1]
        sizes.append(len(queries))
    assert sizes[0] == sizes[1]


# The index: routing (the site, two queries of Wagtail's), its view restrictions, the
# search page, the shop settings, the page of cards and their renditions; its ancestors
# (breadcrumbs and cache tags) are the site's home page it was routed through. A keyword
# page adds the keyword.
INDEX_QUERIES = {"index": 8, "keyword": 9}


@pytest.mark.parametrize("what", ["index", "keyword"])
def test_index_and_keyword_pages_stay_within_their_query_budget(
    client, demo, index_page, what, django_assert_max_num_queries
):
    with override("nl"):
        keyword = Keyword.objects.order_by("pk").first()
        url = url_in(index_page, "nl")
        if what == "keyword":
            url = index_page.keyword_base_url() + f"{keyword.slug}/"
    client.get(url)  # warm per-process caches
    with django_assert_max_num_queries(INDEX_QUERIES[what]):
        assert client.get(url, {"uncached": 1}).status_code == 200
