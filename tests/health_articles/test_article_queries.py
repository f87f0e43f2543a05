"""Query savings on the article page that keep Wagtail's behaviour: view restrictions in
one query, the two site settings in one."""

from django.core.cache import cache
from django.test import RequestFactory
from django.utils.translation import override

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from health_articles.models import ArticleIndexPage, HealthArticlePage, SeoSettings
from health_articles.models.pages import has_view_restrictions
from health_articles.site_urls import prime_site_root_paths
from shop_links.i18n import content_languages
from shop_links.lookup import prime_site_settings
from shop_links.models import ShopSettings
from tests.conftest import url_in
from tests.factories import HealthArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("where", ["article", "index", "home", "none"])
def test_view_restrictions_in_one_query_are_wagtails(
    demo, index_page, where, django_assert_num_queries
):
    targets = {"article": demo, "index": index_page, "home": index_page.get_parent()}
    if where in targets:
        PageViewRestriction.objects.create(page=targets[where], restriction_type="login")
    with django_assert_num_queries(1):
        ours = list(demo.get_view_restrictions())
    assert ours == list(Page.get_view_restrictions(demo))
    assert len(ours) == (where != "none")
    assert routed(demo).has_view_restrictions == (where != "none")


def routed(article):
    """`article` with what routing asks along about its view restrictions."""
    return HealthArticlePage.objects.annotate(has_view_restrictions=has_view_restrictions()).get(
        pk=article.pk
    )


def test_routing_knows_an_unrestricted_article_needs_no_restriction_query(
    demo, django_assert_num_queries
):
    article = routed(demo)
    with django_assert_num_queries(0):
        assert list(article.get_view_restrictions()) == []


def test_an_alias_among_the_ancestors_counts_as_its_source(demo, index_page):
    home = index_page.get_parent()
    other_index = home.add_child(instance=ArticleIndexPage(title="Kopie", slug="kopie"))
    Page.objects.filter(pk=other_index.pk).update(alias_of=index_page)  # as create_alias does
    article = HealthArticlePageFactory(parent=other_index, title="Zink", slug="zink")
    PageViewRestriction.objects.create(page=index_page, restriction_type="password", password="x")
    ours = set(article.get_view_restrictions())
    assert ours == set(Page.get_view_restrictions(article))
    assert len(ours) == 1
    assert routed(article).has_view_restrictions
    assert set(routed(article).get_view_restrictions()) == ours


def test_a_restricted_article_asks_for_a_login(client, demo, index_page):
    PageViewRestriction.objects.create(page=index_page.get_parent(), restriction_type="login")
    response = client.get(url_in(demo, "nl"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_site_settings_are_primed_in_one_query(demo, django_assert_num_queries):
    site = Site.objects.get(is_default_site=True)
    request = RequestFactory().get("/", HTTP_HOST=site.hostname)
    request._wagtail_site = site
    SeoSettings.for_site(site), ShopSettings.for_site(site)  # rows exist
    with django_assert_num_queries(1):
        prime_site_settings(request, ShopSettings, SeoSettings)
    with django_assert_num_queries(0):
        shop = ShopSettings.for_request(request)
        seo = SeoSettings.for_request(request)
        logo = seo.organization_logo  # joined, as SeoSettings.select_related asks
    assert shop == ShopSettings.for_site(site) and seo == SeoSettings.for_site(site)
    assert logo == SeoSettings.for_site(site).organization_logo


def test_a_site_setting_with_no_row_yet_is_left_to_wagtail(demo):
    site = Site.objects.get(is_default_site=True)
    ShopSettings.objects.filter(site=site).delete()
    request = RequestFactory().get("/", HTTP_HOST=site.hostname)
    request._wagtail_site = site
    prime_site_settings(request, ShopSettings, SeoSettings)
    assert ShopSettings.for_request(request).pk  # created by Wagtail's for_request


def test_the_latest_review_comes_with_routing(client, demo, django_assert_max_num_queries):
    import datetime

    from django.utils.translation import override

    from health_articles.models import Author, MedicalReview
    from tests.health_articles.test_query_budget import MAX_QUERIES

    first = Author.objects.create(name="Dr. Eerste")
    second = Author.objects.create(name="Dr. Tweede")
    with override("nl"):
        second.credentials = "arts, internist"
    with override("en"):
        second.credentials = "MD, internist"
    second.save()
    day = datetime.date(2026, 3, 1)
    MedicalReview.objects.create(page=demo, reviewer=first, reviewed_on=day, next_review=day)
    latest = MedicalReview.objects.create(
        page=demo, reviewer=second, reviewed_on=day + datetime.timedelta(days=30), next_review=day
    )
    for language, credentials in (("nl", "arts, internist"), ("en", "MD, internist")):
        url = url_in(demo, language)
        client.get(url)
        with django_assert_max_num_queries(MAX_QUERIES):
            html = client.get(url).content.decode()
        assert "Dr. Tweede" in html and f"({credentials})" in html and "Dr. Eerste" not in html
    queried = HealthArticlePage.objects.get(pk=demo.pk).latest_review
    assert queried.pk == latest.pk and queried.reviewer.name == "Dr. Tweede"


def test_every_languages_site_root_paths_in_one_query(demo, django_assert_num_queries):
    """What wagtail-modeltranslation would compute per language (a query each), primed
    for all languages at once; it then reads them from the cache."""
    from wagtail_modeltranslation.patch_wagtailadmin import _localized_site_get_site_root_paths

    home = Site.objects.get(is_default_site=True).root_page.specific
    with override("en"):
        home.slug = "start"  # a root path of its own in English
        home.save()
    languages = content_languages()
    theirs = {}
    for language in languages:
        cache.clear()
        with override(language):
            theirs[language] = _localized_site_get_site_root_paths()
    assert theirs["nl"][0].root_path != theirs["en"][0].root_path
    cache.clear()
    with django_assert_num_queries(1):
        prime_site_root_paths()
    with django_assert_num_queries(0):
        for language in languages:
            with override(language):
                assert _localized_site_get_site_root_paths() == theirs[language]
        prime_site_root_paths()  # nothing missing: no query
