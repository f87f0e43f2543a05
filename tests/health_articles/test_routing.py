"""Routing to an article costs the same few queries however many articles there are."""

from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

import pytest

from health_articles.models import ArticleIndexPage, HealthArticlePage
from health_articles.slug_indexes import ensure_slug_indexes, index_name
from tests.conftest import url_in

pytestmark = pytest.mark.django_db


def add_articles(index, count):
    with override("nl"):
        for number in range(count):
            index.add_child(
                instance=HealthArticlePage(title=f"Filler {number}", slug=f"filler-{number}")
            )


def queries_for(client, url):
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_article_page_queries_do_not_grow_with_siblings(client, demo, index_page, language):
    url = url_in(demo, language)
    before = queries_for(client, url)
    add_articles(index_page, 40)
    assert queries_for(client, url) == before


def test_index_finds_a_child_in_one_query(demo, index_page, django_assert_num_queries):
    request = RequestFactory().get("/")
    with override("en"):
        slug = demo.slug
        with django_assert_num_queries(1):
            result = index_page.route(request, [slug])
    assert result.page.pk == demo.pk
    assert isinstance(result.page, HealthArticlePage)


def test_index_route_is_not_replaced_by_modeltranslation():
    assert ArticleIndexPage.route is ArticleIndexPage.indexed_route


def test_an_empty_slug_falls_back_to_the_default_language(demo, index_page):
    page = index_page.add_child(instance=HealthArticlePage(title="Alleen NL", slug="alleen-nl"))
    HealthArticlePage.objects.filter(pk=page.pk).update(slug_en=None)
    request = RequestFactory().get("/")
    with override("en"):
        assert index_page.route(request, ["alleen-nl"]).page.pk == page.pk
        with pytest.raises(Http404):
            index_page.route(request, ["no-such-article"])
        # A slug of another language does not route where this language has its own.
        with override("nl"):
            dutch = demo.slug
        if dutch != demo.slug_en:
            with pytest.raises(Http404):
                index_page.route(request, [dutch])


def test_draft_articles_are_not_routed(demo, index_page):
    draft = index_page.add_child(
        instance=HealthArticlePage(title="Concept", slug="concept", live=False)
    )
    with pytest.raises(Http404):
        index_page.route(RequestFactory().get("/"), [draft.slug])


def test_each_language_slug_column_is_indexed(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "wagtailcore_page")
    for language in ("nl", "en", "de", "fr"):
        assert constraints[index_name(language)]["columns"] == [f"slug_{language}"]
    assert ensure_slug_indexes() == []  # idempotent


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_a_pages_children_are_read_from_an_index_of_their_own(demo, index_page):
    """Routing through the home page asks for its children (`depth = N AND path BETWEEN`),
    a range that holds every article below: migration 0012's (depth, path) index reads
    only the children. (PostgreSQL plans a small table with a full scan: told not to.)"""
    home = index_page.get_parent()
    children = home.get_children()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = children.explain()
    assert "health_articles_page_children" in plan, plan
    assert index_page.pk in [page.pk for page in children]


def test_sibling_slug_lookups_use_a_slug_index(demo, index_page):
    """Wagtail's own slug check and ours (`slug_clashes`) look siblings up by slug: an
    index on the slug column, not a read of every sibling (SQLite, planning without
    statistics, would take the (depth, path) index: migration 0012 is PostgreSQL's, where
    the planner knows a slug is rarer than a depth)."""
    from health_articles.models.pages import slug_clashes

    if connection.vendor == "postgresql":
        # PostgreSQL chooses by its statistics: give it some, of an index that has siblings.
        add_articles(index_page, 40)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE wagtailcore_page")
            cursor.execute("SET LOCAL enable_seqscan = off")
    siblings = index_page.get_children()
    with override("nl"):
        plans = [
            siblings.filter(slug="nieuw").explain(),
            siblings.filter(slug_nl__in=["nieuw"]).explain(),
        ]
    for plan in plans:
        assert "health_articles_page_slug_nl" in plan, plan
    assert slug_clashes(siblings, {"nl": "nieuw"}) == set()
