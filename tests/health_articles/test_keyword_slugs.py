"""Keyword slugs are unique per language in the database; concurrent imports share keywords."""

from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import override

import pytest

from health_articles.models import ArticleKeyword, HealthArticlePage, Keyword
from shop_links.i18n import without_fallbacks
from shop_links.models import ShopCollection
from tests.concurrency import needs_postgresql, run_together

from .test_importer import FILES

pytestmark = pytest.mark.django_db


def keyword(**names):
    made = Keyword()
    for language, name in names.items():
        with override(language), without_fallbacks():
            made.name = name
    made.save()
    return made


def test_a_slug_is_unique_within_a_language():
    first = keyword(nl="Vitamine D")
    second = keyword(nl="Zonlicht")
    with override("nl"), pytest.raises(IntegrityError), transaction.atomic():
        Keyword.objects.filter(pk=second.pk).update(slug=first.slug)


def test_the_same_slug_in_two_languages_and_empty_slugs_are_fine():
    keyword(nl="Vitamine D", en="Sunlight")
    keyword(en="Vitamine D")  # "vitamine-d" again, but in English
    keyword(de="Sonne"), keyword(de="Mond")  # both without a Dutch slug
    with override("en"), without_fallbacks():
        slugs = {k.slug for k in Keyword.objects.all()} - {"", None}
    assert slugs == {"sunlight", "vitamine-d"}


def test_get_or_create_named_finds_the_keyword_in_the_active_language():
    made = keyword(de="Sonnenlicht")
    with override("de"):
        assert Keyword.get_or_create_named("sonnenlicht") == (made, False)
    with override("nl"):
        other, created = Keyword.get_or_create_named("Sonnenlicht")
    assert created and other != made


@pytest.mark.django_db(transaction=True)
def test_the_migration_numbers_duplicate_slugs_first():
    executor = MigrationExecutor(connection)
    before = [("health_articles", "0007_health_claims")]
    executor.migrate(before)
    Old = executor.loader.project_state(before).apps.get_model("health_articles", "Keyword")
    Old.objects.create(name="a", slug="vitamine", name_nl="A", slug_nl="vitamine")
    Old.objects.create(name="b", slug="vitamine", name_nl="B", slug_nl="vitamine")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    with override("nl"):
        assert sorted(Keyword.objects.values_list("slug", flat=True)) == ["vitamine", "vitamine-2"]


IMPORT = """
from django.core.management import call_command
from health_articles.models import Keyword

save = Keyword.save

def slow_save(self, *args, **kwargs):
    save(self, *args, **kwargs)
    time.sleep(2)  # hold the new, uncommitted keyword while the other import runs

Keyword.save = slow_save
wait_for_start()
call_command("import_article", sys.argv[2], "--language", "de", "--publish")
"""


def two_copies(tmp_path, keywords, collection_handle):
    text = (FILES / "article.de.txt").read_text(encoding="utf-8")
    paths = []
    for number in (1, 2):
        copy = text.replace("Vitamin D, Winter, Sonnenlicht.", keywords.format(number=number))
        copy = copy.replace("neue-omega-kollektion", collection_handle)
        copy = copy.replace("im Winter Vitamin D?", f"im Winter Vitamin D {number}?")
        path = tmp_path / f"article{number}.de.txt"
        path.write_text(copy)
        paths.append(path)
    return paths


def import_both(paths):
    results = run_together(*(IMPORT.replace("sys.argv[2]", repr(str(p))) for p in paths))
    for code, out, err in results:
        assert code == 0, out + err


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_imports_creating_the_same_keyword_share_one(demo, tmp_path):
    # Only the keyword is new (a new collection would make the second import wait).
    import_both(two_copies(tmp_path, "Neues Stichwort.", "dha-epa-omega-3-supplements"))
    with override("de"):
        made = Keyword.objects.filter(name="Neues Stichwort")
        assert made.count() == 1
    pages = HealthArticlePage.objects.exclude(pk=demo.pk)
    assert pages.count() == 2
    listed = ArticleKeyword.objects.filter(keyword=made.get(), language="de")
    assert set(listed.values_list("page", flat=True)) == set(pages.values_list("pk", flat=True))


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_imports_creating_the_same_collection_share_one(demo, tmp_path):
    import_both(two_copies(tmp_path, "Stichwort {number}.", "neue-omega-kollektion"))
    assert ShopCollection.objects.filter(handle="neue-omega-kollektion").count() == 1
