"""Search and reference index updates: done on every save, and once per object at the end
of an import (health_articles.indexing)."""

import io
from pathlib import Path

from django.core.management import call_command
from django.db import transaction

from wagtail.models import ReferenceIndex

import pytest
from modelsearch.backends import get_search_backend

from health_articles.indexing import deferred_index_updates
from health_articles.models import ArticleIndexPage, HealthArticlePage, Keyword
from health_articles.models.pages import searchable_articles
from shop_links.models import ShopCollection
from tests.factories import HealthArticlePageFactory, KeywordFactory, section

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "demo" / "b12-neurologische-symptomen.nl.txt"


@pytest.fixture
def added(monkeypatch):
    """What reaches the search backend: one (model, [objects]) per bulk or single add."""
    calls = []
    backend = type(get_search_backend())
    add, add_bulk = backend.add, backend.add_bulk

    def count_add(self, obj):
        calls.append((type(obj), [obj.pk]))
        return add(self, obj)

    def count_add_bulk(self, model, objects):
        calls.append((model, [obj.pk for obj in objects]))
        return add_bulk(self, model, objects)

    monkeypatch.setattr(backend, "add", count_add)
    monkeypatch.setattr(backend, "add_bulk", count_add_bulk)
    return calls


def found(queryset, query):
    return [obj.pk for obj in get_search_backend().search(query, queryset)]


def test_a_saved_keyword_is_searchable_at_once(db):
    keyword = KeywordFactory(name="Quetiapinevrij")
    assert found(Keyword.objects.all(), "Quetiapinevrij") == [keyword.pk]


def test_a_deleted_keyword_leaves_the_index(db):
    keyword = KeywordFactory(name="Quetiapinevrij")
    keyword.delete()
    assert found(Keyword.objects.all(), "Quetiapinevrij") == []


def test_inside_the_block_each_object_is_indexed_once_at_the_end(demo, index_page, added):
    with transaction.atomic(), deferred_index_updates():
        page = HealthArticlePageFactory(
            parent=index_page, title="Zink", body=[section("Oesters", "<p>Zinkrijk</p>")]
        )
        page.save_revision().publish()
        page.save()
        keyword = KeywordFactory(name="Quetiapinevrij")
        keyword.save()
        assert added == []
        assert found(Keyword.objects.all(), "Quetiapinevrij") == []
    assert sorted(added, key=str) == sorted(
        [(HealthArticlePage, [page.pk]), (Keyword, [keyword.pk])], key=str
    )
    assert found(Keyword.objects.all(), "Quetiapinevrij") == [keyword.pk]
    assert page.pk in found(searchable_articles(), "Oesters")


def test_a_block_that_fails_indexes_nothing(db, added):
    with pytest.raises(RuntimeError), transaction.atomic(), deferred_index_updates():
        KeywordFactory(name="Quetiapinevrij")
        raise RuntimeError("the import failed")
    assert added == []
    assert not Keyword.objects.filter(name="Quetiapinevrij").exists()


def test_objects_deleted_inside_the_block_are_left_out(demo, index_page, added, caplog):
    with transaction.atomic(), deferred_index_updates():
        keyword = KeywordFactory(name="Quetiapinevrij")
        page = HealthArticlePageFactory(parent=index_page, title="Zink")
        keyword.delete()
        page.delete()
    assert added == []
    assert not ReferenceIndex.get_references_for_object(page).exists()
    # No task failed (one for the deleted page would).
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == []


def test_an_import_indexes_the_article_its_keywords_and_its_references(demo, index_page, added):
    archive = ArticleIndexPage(title="Archief", slug="archief")
    index_page.get_parent().add_child(instance=archive)
    keywords_before = set(Keyword.objects.values_list("pk", flat=True))
    out = io.StringIO()
    call_command(
        "import_article",
        str(SEED),
        "--parent",
        str(archive.pk),
        "--publish",
        "--claims-override",
        "a test of the index",
        stdout=out,
    )
    page = HealthArticlePage.objects.child_of(archive).get()

    # Saved three times (new page, revision, publish), indexed once.
    assert [pks for model, pks in added if model is HealthArticlePage] == [[page.pk]]
    assert page.live
    assert page.pk in found(searchable_articles(), "tintelingen")
    new_keywords = set(Keyword.objects.values_list("pk", flat=True)) - keywords_before
    assert all(model is not Keyword or set(pks) == new_keywords for model, pks in added)
    # The page's references to its shop collections are in Wagtail's reference index.
    referenced = {
        reference.to_object_id
        for reference in ReferenceIndex.get_references_for_object(page)
        if reference.to_content_type.model_class() is ShopCollection
    }
    assert referenced and referenced <= {
        str(pk) for pk in ShopCollection.objects.values_list("pk", flat=True)
    }


def test_with_a_task_queue_the_updates_are_enqueued_after_commit(
    db, settings, django_capture_on_commit_callbacks
):
    """A worker must find the objects: the batch is enqueued only when they are committed."""
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    queued = default_task_backend
    queued.clear()

    def indexing_tasks():
        return [
            (result.task.name, result.args)
            for result in queued.results
            if result.task.name == "update_search_index_task"
        ]

    with django_capture_on_commit_callbacks() as on_commit:
        with transaction.atomic(), deferred_index_updates():
            keyword = KeywordFactory(name="Quetiapinevrij")
        assert indexing_tasks() == []
    for callback in on_commit:
        callback()
    assert indexing_tasks() == [
        ("update_search_index_task", ["health_articles", "keyword", [str(keyword.pk)]])
    ]
