import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from wagtail.models import PageViewRestriction

import pytest
from openapi_spec_validator import validate

from health_articles.models import HealthArticlePage
from shop_links.models import ShopCollection
from tests.factories import collection_link, section

pytestmark = pytest.mark.django_db

HANDLES = [
    "magnesium-benefits-energy-muscle-bone-support",
    "dha-epa-omega-3-supplements",
    "vitamin-d-benefits-sources-safety",
    "vitamin-k-benefits-bone-blood-health",
    "vitamin-c-benefits-immunity-antioxidant-energy",
]


def get_json(client, url, **headers):
    response = client.get(url, **headers)
    return response, json.loads(response.content) if response.content else None


def add_article(index, title, body, *, publish=True, date=None):
    page = HealthArticlePage(title=title, slug=title.lower().replace(" ", "-"), body=body)
    if date:
        page.date = date
    index.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    else:
        page.unpublish()
    return HealthArticlePage.objects.get(pk=page.pk)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("handle", HANDLES)
def test_each_demo_collection_lists_the_demo_article(client, demo, handle, language):
    response, data = get_json(client, f"/api/v1/collections/{handle}/articles/?language={language}")
    assert response.status_code == 200
    assert [a["id"] for a in data["results"]] == [demo.pk]
    article = data["results"][0]
    with override(language):
        assert article["title"] == demo.title
        assert article["url"].endswith(demo.url)
    assert article["date"] == "2025-10-22"
    with override(language):
        assert article["reading_time"] == demo.reading_time
    assert article["intro"].startswith("Vitamine B12" if language == "nl" else "Vitamin B12")
    assert "<" not in article["intro"]
    assert (
        data["collection"]["url"] == f"https://www.topvitamine.com/{language}/collections/{handle}"
    )


def test_drafts_private_pages_and_other_languages_never_leak(client, demo, index_page, collections):
    magnesium = collections[HANDLES[0]]
    link = section("Magnesium", f'<p><a linktype="collection" id="{magnesium.pk}">Mg</a></p>')
    add_article(index_page, "Concept", [link], publish=False)
    private = add_article(index_page, "Privé", [link])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    url = f"/api/v1/collections/{HANDLES[0]}/articles/?language=nl&limit=10"
    assert [a["id"] for a in get_json(client, url)[1]["results"]] == [demo.pk]
    # German: the demo article is not written in German.
    assert get_json(client, url.replace("=nl", "=de"))[1]["results"] == []
    response, data = get_json(client, f"/api/v1/articles/{demo.pk}/?language=de")
    assert response.status_code == 404
    assert data == {"detail": f"No published article {demo.pk} in de."}
    assert get_json(client, f"/api/v1/articles/{private.pk}/?language=nl")[0].status_code == 404


def test_articles_under_a_restricted_index_are_not_listed(client, demo, index_page):
    url = f"/api/v1/collections/{HANDLES[0]}/articles/?language=nl&limit=10"
    assert [a["id"] for a in get_json(client, url)[1]["results"]] == [demo.pk]
    PageViewRestriction.objects.create(page=index_page, restriction_type="login")
    assert get_json(client, url)[1]["results"] == []
    assert get_json(client, f"/api/v1/articles/{demo.pk}/?language=nl")[0].status_code == 404


def test_unpublished_changes_are_not_served(client, demo):
    draft = demo.get_latest_revision_as_object()
    with override("nl"):
        draft.title = "Nieuwe titel, nog niet gepubliceerd"
    draft.save_revision()
    data = get_json(client, f"/api/v1/articles/{demo.pk}/?language=nl")[1]
    assert data["title"] == "Wat zijn de neurologische symptomen van een vitamine B12-tekort?"


def test_block_links_rank_before_inline_mentions(client, demo, index_page, collections):
    vitamin_k = collections[HANDLES[3]]  # the demo mentions it inline only
    older_with_block = add_article(
        index_page,
        "Oud met blok",
        [section("Kop", "<p>Tekst</p>"), collection_link(vitamin_k.pk)],
        date=demo.date.replace(year=2020),
    )
    url = f"/api/v1/collections/{HANDLES[3]}/articles/?language=nl"
    assert [a["id"] for a in get_json(client, url)[1]["results"]] == [older_with_block.pk, demo.pk]


def test_limit_is_capped_and_bad_parameters_are_400(client, demo, index_page, collections):
    magnesium = collections[HANDLES[0]]
    for number in range(22):
        add_article(index_page, f"Artikel {number}", [collection_link(magnesium.pk)])
    url = f"/api/v1/collections/{HANDLES[0]}/articles/?language=nl&limit=500"
    assert len(get_json(client, url)[1]["results"]) == 20
    for bad in ("language=xx", "limit=0", "limit=many"):
        response, data = get_json(client, f"/api/v1/collections/{HANDLES[0]}/articles/?{bad}")
        assert response.status_code == 400, bad
        assert data["detail"]


def test_unknown_handle_is_a_json_404(client, demo):
    response, data = get_json(client, "/api/v1/collections/no-such-thing/articles/?language=nl")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert data == {"detail": "No collection with the handle 'no-such-thing'."}


def test_article_list_filters_by_keyword_and_paginates(client, demo):
    with override("en"):
        keyword = demo.body[-1].value["keywords"][0]
        slug = keyword.slug
    data = get_json(client, f"/api/v1/articles/?language=en&keyword={slug}")[1]
    assert (data["count"], data["pages"], [a["id"] for a in data["results"]]) == (1, 1, [demo.pk])
    assert get_json(client, "/api/v1/articles/?language=en&keyword=nope")[0].status_code == 404
    assert get_json(client, "/api/v1/articles/?language=en&page=3")[0].status_code == 404
    assert get_json(client, "/api/v1/articles/?language=de")[1]["count"] == 0


def test_article_detail_has_structured_blocks(client, demo):
    data = get_json(client, f"/api/v1/articles/{demo.pk}/?language=en")[1]
    assert data["languages"] == ["nl", "en"]
    sections = [b for b in data["blocks"] if b["type"] == "section"]
    assert [b["number"] for b in sections] == [1, 2, 3, 4, 5, 6, None]
    assert "https://www.topvitamine.com/en/collections/" in sections[0]["html"]
    faq = next(b for b in data["blocks"] if b["type"] == "faq")
    assert len(faq["questions"]) == 5
    keywords = next(b for b in data["blocks"] if b["type"] == "keywords")
    assert len(keywords["keywords"]) == 15
    assert {"name", "slug"} == set(keywords["keywords"][0])


def test_etag_304_cache_control_and_cors_for_the_shop_only(client, demo):
    url = f"/api/v1/collections/{HANDLES[0]}/articles/?language=nl"
    first = client.get(url, HTTP_ORIGIN="https://www.topvitamine.com")
    assert first["Cache-Control"] == "public, max-age=300"
    assert first["Access-Control-Allow-Origin"] == "https://www.topvitamine.com"
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    other = client.get(url, HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    # A change to the content changes the ETag.
    demo.date = demo.date.replace(year=2024)
    demo.save_revision().publish()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_openapi_schema_is_valid_and_documents_the_endpoints(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    validate(schema)
    assert set(schema["paths"]) == {
        "/api/v1/collections/{handle}/articles/",
        "/api/v1/articles/",
        "/api/v1/articles/{article_id}/",
    }


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/collections/{handle}/articles/?language=nl&limit=20",
        "/api/v1/articles/?language=nl",
    ],
)
def test_query_count_does_not_grow_with_the_number_of_articles(
    client, demo, index_page, collections, url
):
    url = url.format(handle=HANDLES[0])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    magnesium = collections[HANDLES[0]]
    for number in range(6):
        add_article(index_page, f"Extra {number}", [collection_link(magnesium.pk)])
    client.get(url)
    with CaptureQueriesContext(connection) as seven:
        response = client.get(url)
    assert len(json.loads(response.content)["results"]) == 7
    assert len(seven) == len(one)


def test_detail_query_count_is_bounded(client, demo, django_assert_max_num_queries):
    url = f"/api/v1/articles/{demo.pk}/?language=en"
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)


def test_embed_widget_lists_articles_for_the_shop(client, demo):
    response = client.get(f"/embed/collections/{HANDLES[0]}/articles/?language=en")
    assert response.status_code == 200
    html = response.content.decode()
    with override("en"):
        assert demo.title in html
    assert "frame-ancestors 'self' https://www.topvitamine.com" in (
        response["Content-Security-Policy"].split("; ")
    )
    assert "X-Frame-Options" not in response
    assert client.get("/embed/collections/none/articles/").status_code == 404
    assert ShopCollection.objects.filter(handle=HANDLES[0]).exists()
