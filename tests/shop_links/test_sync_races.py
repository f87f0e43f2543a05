"""Syncs and imports at the same time: they wait for each other, never fail (PostgreSQL)."""

import io
import json

from django.core.management import call_command
from django.utils.translation import override

import pytest

from shop_links.models import ShopCollection
from tests.concurrency import needs_postgresql, run_together
from tests.health_articles.test_importer import FILES

from .test_sync import FEEDS, feed

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]

# Each process holds every row it writes for a while before committing, so the
# other process certainly meets uncommitted rows (the race, made reliable).
SLOW_SAVES = """
from shop_links.models import ShopCollection
save = ShopCollection.save

def slow_save(self, *args, **kwargs):
    save(self, *args, **kwargs)
    time.sleep(0.3)

ShopCollection.save = slow_save
"""

SYNC = (
    SLOW_SAVES
    + """
from django.core.management import call_command
wait_for_start()
time.sleep(float(DELAY))
call_command("sync_collections", "--feed", FEED, "--language", LANGUAGE)
"""
)


def sync_script(feed_path, language, delay=0):
    return (
        SYNC.replace("FEED", repr(str(feed_path)))
        .replace("LANGUAGE", repr(language))
        .replace("DELAY", repr(delay))
    )


def assert_all_succeeded(results):
    for code, out, err in results:
        assert code == 0, out + err
        assert "IntegrityError" not in err


def test_nl_and_en_syncs_at_once_both_succeed(db):
    results = run_together(
        sync_script(FEEDS / "collections.nl.json", "nl"),
        sync_script(FEEDS / "collections.en.json", "en"),
    )
    assert_all_succeeded(results)
    assert ShopCollection.objects.count() == 5
    for collection in ShopCollection.objects.all():
        assert collection.is_active_in("nl") and collection.is_active_in("en")
        assert not collection.is_active_in("de")
    with override("en"):
        assert ShopCollection.objects.get(external_id="412345678901").title.startswith(
            "Magnesium: energy"
        )


IMPORT = (
    SLOW_SAVES.replace("0.3", "3")
    + """
from django.core.management import call_command
wait_for_start()
call_command("import_article", ARTICLE, "--language", "de")
"""
)


def test_a_sync_during_an_import_adopts_the_collection_the_import_made(demo, tmp_path):
    # The German article links to a collection the shop's feed only now reports.
    data = feed("nl")
    data["collections"].append(
        {"id": 777, "handle": "neue-omega-kollektion", "title": "Neue Omega-Kollektion"}
    )
    feed_path = tmp_path / "feed.json"
    feed_path.write_text(json.dumps(data))
    results = run_together(
        IMPORT.replace("ARTICLE", repr(str(FILES / "article.de.txt"))),
        sync_script(feed_path, "nl", delay=1),  # after the import made its collection
    )
    assert_all_succeeded(results)
    collection = ShopCollection.objects.get(handle="neue-omega-kollektion")
    assert collection.external_id == "777"
    assert collection.is_active_in("nl")
    assert ShopCollection.objects.count() == 6


def test_nl_and_en_syncs_changing_the_same_collections_at_once_keep_both(db, tmp_path):
    """Each run saves whole rows it read at its start: without the lock, the run that
    commits last writes back the other language's old titles (a lost update)."""
    for language in ("nl", "en"):
        call_command(
            "sync_collections",
            "--feed",
            str(FEEDS / f"collections.{language}.json"),
            "--language",
            language,
            stdout=io.StringIO(),
        )
    scripts, marks = [], {"nl": "(nieuw)", "en": "(new)"}
    for language, mark in marks.items():
        data = feed(language)
        for item in data["collections"]:
            item["title"] = f"{item['title']} {mark}"
        path = tmp_path / f"{language}.json"
        path.write_text(json.dumps(data))
        scripts.append(sync_script(path, language))
    assert_all_succeeded(run_together(*scripts))
    for collection in ShopCollection.objects.all():
        for language, mark in marks.items():
            with override(language):
                assert collection.title.endswith(mark), (language, collection.title)
