"""A page's slugs are checked against its siblings' with one indexed query, with the
result wagtail-modeltranslation's own check gives (which loads every sibling)."""

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from wagtail.models import Page

import pytest
from wagtail_modeltranslation.patch_wagtailadmin import _validate_slugs

from health_articles.models import HealthArticlePage
from health_articles.models.pages import sibling_slug_errors
from tests.health_articles.test_routing import add_articles

pytestmark = pytest.mark.django_db


def article(index_page, slug, **translated):
    with override("nl"):
        page = index_page.add_child(instance=HealthArticlePage(title=slug, slug=slug))
    for language, value in translated.items():
        with override(language):
            page.slug = value
    page.save()
    return HealthArticlePage.objects.get(pk=page.pk)


@pytest.mark.parametrize(
    "slugs, clashes",
    [
        ({"nl": "zink"}, {"slug_nl", "slug_fr"}),  # French falls back to Dutch on both
        ({"nl": "ijzer"}, set()),
        ({"nl": "ijzer", "en": "zinc"}, {"slug_en"}),
        ({"nl": "ijzer", "de": "zink-de"}, {"slug_de"}),
        ({"nl": "zink", "en": "zinc-en", "de": "zink-de", "fr": "zinc-fr"}, {"slug_nl", "slug_de"}),
    ],
)
def test_the_same_errors_as_wagtail_modeltranslation(demo, index_page, slugs, clashes):
    article(index_page, "zink", en="zinc", de="zink-de")
    page = article(index_page, "nieuw")
    for language, value in slugs.items():
        with override(language):
            page.slug = value
    assert set(sibling_slug_errors(page)) == clashes
    assert set(_validate_slugs(page)) == clashes


def test_a_clash_is_refused_on_save(demo, index_page):
    article(index_page, "zink")
    page = article(index_page, "nieuw")
    with override("nl"):
        page.slug = "zink"
    with pytest.raises(ValidationError) as refused:
        page.save()
    assert "slug_nl" in refused.value.message_dict


def test_the_check_does_not_grow_with_siblings(demo, index_page, django_assert_max_num_queries):
    """Thirty more siblings: the same queries, and none of them loaded."""
    page = article(index_page, "nieuw")
    page.full_clean()  # warm per-process caches
    with CaptureQueriesContext(connection) as alone:
        page.full_clean()
    add_articles(index_page, 30)
    with django_assert_max_num_queries(1):
        assert sibling_slug_errors(page) == {}
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count)
    try:
        with CaptureQueriesContext(connection) as among_many:
            page.full_clean()
    finally:
        post_init.disconnect(count)
    assert len(among_many) == len(alone)
    assert not [p for p in loaded if isinstance(p, Page) and p.pk != page.pk]
