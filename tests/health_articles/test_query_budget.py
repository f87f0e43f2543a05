"""The article page costs a fixed number of queries, however long the article is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from health_articles.models import HealthArticlePage
from tests.conftest import url_in
from tests.factories import KeywordFactory, ShopCollectionFactory, collection_link, inline_link

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def count_queries(client, url):
    client.get(url)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def quadruple(page, language):
    """Four times the blocks of `page` in `language`, with extra links and keywords."""
    extra_collections = [ShopCollectionFactory() for _ in range(8)]
    extra_keywords = [KeywordFactory() for _ in range(20)]
    with override(language):
        raw = list(page.body.raw_data)
        body = []
        for copy in range(4):
            for block in raw:
                block = {"type": block["type"], "value": dict(block["value"])}
                if block["type"] == "section":
                    block["value"]["text"] += "".join(
                        f"<p>{inline_link(c.pk, c.title)}</p>" for c in extra_collections
                    )
                if block["type"] == "keywords":
                    block["value"]["keywords"] = list(block["value"]["keywords"]) + [
                        k.pk for k in extra_keywords
                    ]
                body.append(block)
            body += [collection_link(c.pk) for c in extra_collections]
        # faq and keywords may appear once: keep their first copies only.
        seen, limited = set(), []
        for block in body:
            if block["type"] in ("faq", "keywords"):
                if block["type"] in seen:
                    block = {"type": "section", "value": {
                        "heading": f"Extra {len(limited)}", "text": "<p>x</p>",
                        "numbered": True, "image": None, "caption": "",
                    }}
                seen.add(block["type"]) if block["type"] != "section" else None
            limited.append(block)
        page.body = limited
    page.save_revision().publish()
    return HealthArticlePage.objects.get(pk=page.pk)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_article_page_query_count_does_not_grow_with_content(client, demo, language):
    url = url_in(demo, language)
    baseline = count_queries(client, url)
    big = quadruple(demo, language)
    with override(language):
        assert len(big.body) > 4 * 9
    assert count_queries(client, url_in(big, language)) == baseline
    assert baseline <= MAX_QUERIES


@pytest.mark.parametrize("language", ["nl", "en"])
def test_article_page_stays_within_the_query_budget(client, demo, language, django_assert_max_num_queries):
    url = url_in(demo, language)
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url)
