"""The article editor loads the collections an article links to with one query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

import pytest

from shop_links.lookup import cached_collections, remember_for_request
from shop_links.models import ShopCollection
from tests.factories import ShopCollectionFactory, inline_link

pytestmark = pytest.mark.django_db


def collection_queries(client, page):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    table = ShopCollection._meta.db_table
    return response, [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"]]


def test_the_edit_page_reads_every_linked_collection_in_one_query(admin_client, demo):
    response, queries = collection_queries(admin_client, demo)
    assert len(queries) == 1
    # The Draftail entities still carry each collection's title.
    vitamin_d = ShopCollection.objects.get(handle="vitamin-d-benefits-sources-safety")
    assert str(vitamin_d).replace('"', '\\"') in response.content.decode()


def test_more_links_do_not_add_queries(admin_client, demo):
    extra = [ShopCollectionFactory(title=f"Extra {n}") for n in range(6)]
    draft = demo.get_latest_revision_as_object()
    with override("en"):
        links = " ".join(inline_link(c.pk, c.title) for c in extra)
        draft.intro = f"{draft.intro}<p>{links}</p>"
    draft.save_revision()
    response, queries = collection_queries(admin_client, demo)
    assert len(queries) == 1
    assert "Extra 5" in response.content.decode()


def test_the_request_cache_ends_with_the_request(client, demo):
    ids = list(ShopCollection.objects.values_list("pk", flat=True))
    remember_for_request(ids)
    assert set(cached_collections(ids)) == set(ids)
    client.get("/robots.txt")  # the test client sends request_started and request_finished
    assert cached_collections(ids) is None  # commands and workers read the database
