"""A collection's availability, handle, title and image are per language, as each feed says."""

import json

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import override

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from health_articles.link_health import broken_collection_links, link_problems
from shop_links.models import ShopCollection
from shop_links.sync import FeedCollection, apply, sync

from .test_sync import FEEDS, feed, write_feed

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
DUTCH_ONLY = "vitamin-k-benefits-bone-blood-health"  # the English feed below leaves it out


@pytest.fixture
def english_without_one(demo, tmp_path):
    """nl synced with every collection, then en with one collection missing."""
    sync(FEEDS / "collections.nl.json", "nl")
    data = feed("en")
    data["collections"] = [c for c in data["collections"] if c["handle"] != DUTCH_ONLY]
    sync(write_feed(tmp_path, data), "en")
    return ShopCollection.objects.get(handle=DUTCH_ONLY)


def test_syncing_one_language_leaves_the_others_alone(english_without_one):
    collection = english_without_one
    assert collection.is_active_in("nl")
    assert not collection.is_active_in("en")
    # And the other way round: a later nl sync does not bring it back in en.
    sync(FEEDS / "collections.nl.json", "nl")
    collection.refresh_from_db()
    assert collection.is_active_in("nl") and not collection.is_active_in("en")


def test_a_link_degrades_only_where_its_collection_is_gone(client, demo, english_without_one):
    href = f"/collections/{DUTCH_ONLY}"
    with override("nl"):
        assert f'href="https://www.topvitamine.com/nl{href}"' in client.get(demo.url).text
    with override("en"):
        assert href not in client.get(demo.url).text


def test_report_and_publish_guard_read_the_links_language(demo, english_without_one):
    rows = {(r.language, r.collection_id, r.problem) for r in broken_collection_links()}
    assert rows == {("en", english_without_one.pk, "inactive")}
    assert link_problems(demo) == [("en", english_without_one.pk, DUTCH_ONLY, "inactive")]


def test_api_reports_the_collection_per_language(client, demo, english_without_one):
    url = f"/api/v1/collections/{DUTCH_ONLY}/articles/?language="
    dutch = client.get(url + "nl").json()["collection"]
    english = client.get(url + "en").json()["collection"]
    assert dutch["active"] is True
    assert dutch["url"].endswith(f"/nl/collections/{DUTCH_ONLY}")
    assert english["active"] is False
    assert english["url"] is None


def test_handle_title_and_image_are_kept_per_language(client, demo, tmp_path):
    data = feed("en")
    data["collections"][0].update(
        handle="magnesium-en", title="Magnesium (EN)", image={"src": "https://cdn.example/en.jpg"}
    )
    sync(write_feed(tmp_path, data), "en")
    collection = ShopCollection.objects.get(external_id="412345678901")
    assert collection.handle_in("en") == "magnesium-en"
    assert collection.handle_in("nl") == "magnesium-benefits-energy-muscle-bone-support"
    assert collection.in_language("image_url", "en") == "https://cdn.example/en.jpg"
    assert collection.in_language("image_url", "nl") == ""
    assert collection.in_language("title", "en") == "Magnesium (EN)"
    # The API finds the collection by its English handle too.
    response = client.get("/api/v1/collections/magnesium-en/articles/?language=en")
    assert response.json()["collection"]["handle"] == "magnesium-en"
    assert response.json()["collection"]["url"].endswith("/en/collections/magnesium-en")


def test_a_collection_new_in_one_language_is_inactive_in_the_others(tmp_path):
    data = {"collections": [{"id": 5, "handle": "new", "title": "New"}]}
    sync(write_feed(tmp_path, data), "en")
    collection = ShopCollection.objects.get(external_id="5")
    assert [collection.is_active_in(code) for code in LANGUAGES] == [
        code == "en" for code in LANGUAGES
    ]


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_availability_into_every_language():
    executor = MigrationExecutor(connection)
    executor.migrate([("shop_links", "0002_feed_sync")])
    old = executor.loader.project_state([("shop_links", "0002_feed_sync")]).apps
    Old = old.get_model("shop_links", "ShopCollection")
    Old.objects.create(handle="gone", title="Gone", is_active=False, image_url="https://x/g.jpg")
    Old.objects.create(handle="here", title="Here", is_active=True)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    gone = ShopCollection.objects.get(handle="gone")
    here = ShopCollection.objects.get(handle="here")
    for code in LANGUAGES:
        assert not gone.is_active_in(code)
        assert gone.in_language("image_url", code) == "https://x/g.jpg"
        assert here.is_active_in(code)


# --- property: each language's active set is what its last feed said --------------------

POOL = range(1, 7)
feeds = st.lists(
    st.tuples(
        st.sampled_from(LANGUAGES),
        st.dictionaries(st.sampled_from(POOL), st.integers(0, 2), max_size=len(POOL)),
    ),
    min_size=1,
    max_size=6,
)


def feed_items(contents):
    return [
        FeedCollection(str(pk), f"c{pk}-v{variant}", f"C{pk}", "", "")
        for pk, variant in sorted(contents.items())
    ]


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sequence=feeds)
def test_each_language_ends_with_what_its_last_feed_said(db, sequence):
    with transaction.atomic():
        last = {}
        for language, contents in sequence:
            apply(feed_items(contents), language, allow_mass_deactivation=True)
            last[language] = contents
        collections = list(ShopCollection.objects.all())
        for code in LANGUAGES:
            active = {
                int(c.external_id): c.handle_in(code) for c in collections if c.is_active_in(code)
            }
            expected = {pk: f"c{pk}-v{variant}" for pk, variant in last.get(code, {}).items()}
            assert active == expected, (code, json.dumps(sequence))
        transaction.set_rollback(True)


def test_for_handles_finds_what_for_handle_finds_in_each_language():
    """One query for many handles, with `for_handle`'s rules: the handle first, else the
    oldest collection with that handle in the language asked (no other language's)."""
    own = ShopCollection.objects.create(handle="magnesium", title="Magnesium")
    older = ShopCollection(handle="mg-old", title="Old")
    with override("de"):
        older.url_handle = "magnesium-de"
    older.save()
    newer = ShopCollection(handle="mg-new", title="New")
    with override("de"):
        newer.url_handle = "magnesium-de"
    with override("nl"):
        newer.url_handle = "magnesium-nl"  # not the handle in any other language
    newer.save()
    handles = ["magnesium", "magnesium-de", "magnesium-nl", "mg-new", "nowhere"]
    for language in LANGUAGES:
        expected = {h: c for h in handles if (c := ShopCollection.for_handle(h, language))}
        assert ShopCollection.for_handles(handles, language) == expected
    assert ShopCollection.for_handles(handles, "de")["magnesium-de"] == older
    assert "magnesium-de" not in ShopCollection.for_handles(handles, "nl")
    assert "magnesium-nl" not in ShopCollection.for_handles(handles, "en")
    assert ShopCollection.for_handles(handles, "nl")["magnesium"] == own
