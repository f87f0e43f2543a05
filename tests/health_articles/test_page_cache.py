"""The page cache: hits cost no query, and every kind of edit shows at once.

Each invalidation rule (health_articles/invalidation.py) has a test here: a
page is cached, something is edited, and the next anonymous request must show it.
"""

import datetime
import json
import re
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from wagtail.models import Page, PageViewRestriction

import pytest

import health_articles
from health_articles.models import ArticleIndexPage, Author, HealthArticlePage, Keyword, SeoSettings
from health_articles.page_cache import HEADER, NONCE_PLACEHOLDER
from shop_links.models import ShopSettings
from tests.conftest import url_in
from tests.health_articles.test_listings import add_article

pytestmark = pytest.mark.django_db

MIDDLEWARE = "health_articles.page_cache.PageCacheMiddleware"


@pytest.fixture(autouse=True)
def page_cache(settings):
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("health_articles.middleware.LocaleMiddleware") + 1, MIDDLEWARE
    )
    settings.MIDDLEWARE = middleware


def cached(client, url):
    """The page, once it comes from the cache.

    The first render of a site may create its settings rows (Wagtail's
    `for_request`), which counts as a settings edit: that render is not reused.
    """
    for _attempt in range(3):
        response = client.get(url)
        assert response.status_code == 200, url
        if response[HEADER] == "hit":
            return response.content.decode()
    raise AssertionError(f"{url} never came from the cache")


def fresh(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    assert response.get(HEADER) != "hit", url
    return response.content.decode()


def keyword_url(index_page, keyword, language="nl"):
    with override(language):
        return index_page.keyword_base_url() + f"{keyword.slug}/"


def test_a_hit_costs_no_query_and_is_the_same_page(client, demo):
    url = url_in(demo, "nl")
    cached(client, url)
    client.get(url_in(demo, "en"))  # creates nothing new now: a plain miss
    cache.clear()
    first = client.get(url)
    assert first[HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        hit = client.get(url)
    assert hit[HEADER] == "hit"
    assert len(queries) == 0
    old, new = nonce_of(first), nonce_of(hit)
    assert hit.content == first.content.replace(old.encode(), new.encode())
    assert hit["Content-Type"] == first["Content-Type"]


def nonce_of(response):
    """The nonce of the response's Content-Security-Policy header, checked against its JSON-LD."""
    match = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert match, response["Content-Security-Policy"]
    nonce = match.group(1)
    assert f'<script type="application/ld+json" nonce="{nonce}">' in response.content.decode()
    return nonce


def test_every_hit_gets_a_nonce_of_its_own(client, demo):
    """A cached page never replays its CSP nonce: each reader gets a fresh one,
    in the header and on the JSON-LD script alike."""
    url = url_in(demo, "nl")
    cached(client, url)
    hits = [client.get(url) for _ in range(3)]
    assert {hit[HEADER] for hit in hits} == {"hit"}
    nonces = {nonce_of(hit) for hit in hits}
    assert len(nonces) == 3
    assert NONCE_PLACEHOLDER not in "".join(hit.content.decode() for hit in hits)


def test_key_has_host_path_and_language(client, demo, index_page):
    nl, en = url_in(demo, "nl"), url_in(demo, "en")
    cached(client, nl)
    assert client.get(en)[HEADER] == "miss"
    assert client.get(nl, HTTP_HOST="localhost")[HEADER] == "miss"
    index = url_in(index_page, "nl")
    cached(client, index)
    assert client.get(index + "?page=1")[HEADER] == "miss"


def test_campaign_parameters_share_the_plain_urls_entry(client, demo, index_page, settings):
    url = url_in(demo, "nl")
    # A reader from an ad or a newsletter: the miss is stored under the plain URL ...
    first = client.get(url + "?utm_source=nieuwsbrief&utm_medium=email&gclid=Cj0KCQ1")
    assert first[HEADER] == "miss"
    assert client.get(url)[HEADER] == "hit"
    # ... and the next one, with another click id, is a hit with no query.
    with CaptureQueriesContext(connection) as queries:
        hit = client.get(url + "?fbclid=IwAR2x&UTM_CAMPAIGN=winter")
    assert hit[HEADER] == "hit" and len(queries) == 0
    # Other parameters still make their own entry, with the campaign ones left out.
    index = url_in(index_page, "nl")
    cached(client, index + "?page=1")
    assert client.get(index + "?utm_source=x&page=1&gclid=y")[HEADER] == "hit"
    assert client.get(index + "?page=1&ref=x")[HEADER] == "miss"
    # The host names its own list (utm_* always counts).
    settings.HEALTH_ARTICLES_PAGE_CACHE_TRACKING_PARAMETERS = {"ref"}
    assert client.get(index + "?page=1&ref=z")[HEADER] == "hit"
    assert client.get(url + "?gclid=Cj0KCQ2")[HEADER] == "miss"


def test_logged_in_users_and_other_methods_bypass_the_cache(client, demo, admin_user):
    url = url_in(demo, "nl")
    cached(client, url)
    client.force_login(admin_user)
    assert HEADER not in client.get(url)
    client.logout()
    assert HEADER not in client.post(url)


def test_errors_and_other_views_are_not_cached(client, demo):
    missing = url_in(demo, "nl") + "nope/"
    client.get(missing)
    assert client.get(missing).get(HEADER) != "hit"
    client.get("/api/v1/articles/")
    assert HEADER not in client.get("/api/v1/articles/")


def test_publishing_an_article_shows_on_its_pages_at_once(client, demo, index_page):
    pages = [url_in(demo, "nl"), url_in(index_page, "nl")]
    for url in pages:
        assert "Nieuwe titel" not in cached(client, url)
    with override("nl"):
        demo.title = "Nieuwe titel"
    demo.save_revision().publish()
    for url in pages:
        assert "Nieuwe titel" in fresh(client, url)


def test_a_draft_does_not_invalidate(client, demo):
    url = url_in(demo, "nl")
    cached(client, url)
    with override("nl"):
        demo.title = "Alleen een concept"
    demo.save_revision()
    assert client.get(url)[HEADER] == "hit"


def test_unpublishing_removes_it_from_index_keyword_pages_and_its_url(client, demo, index_page):
    keyword = Keyword.objects.order_by("pk").first()
    article, index, keyword_page = url_in(demo, "nl"), url_in(index_page, "nl"), None
    keyword_page = keyword_url(index_page, keyword)
    title = demo.title
    for url in (index, keyword_page):
        assert title in cached(client, url)
    cached(client, article)
    demo.unpublish()
    fresh(client, article, status=404)
    for url in (index, keyword_page):
        assert title not in fresh(client, url)


def test_a_new_article_appears_in_other_articles_more_articles(client, demo, index_page):
    url = url_in(demo, "nl")
    assert "Gloednieuw" not in cached(client, url)
    add_article(index_page, "Gloednieuw", date=datetime.date(2030, 1, 1))
    assert "Gloednieuw" in fresh(client, url).split("more-articles-heading", 1)[1]


def test_deleting_an_article_removes_it_from_more_articles_and_the_index(client, demo, index_page):
    other = add_article(index_page, "Verdwijnt", date=datetime.date(2030, 1, 1))
    url, index = url_in(demo, "nl"), url_in(index_page, "nl")
    assert "Verdwijnt" in cached(client, url)
    assert "Verdwijnt" in cached(client, index)
    Page.objects.get(pk=other.pk).delete()
    assert "Verdwijnt" not in fresh(client, url)
    assert "Verdwijnt" not in fresh(client, index)


def test_moving_an_article_changes_both_indexes(client, demo, index_page):
    other_home = Page.objects.get(depth=1).add_child(instance=Page(title="Elders", slug="elders"))
    with override("nl"):
        second = other_home.add_child(instance=ArticleIndexPage(title="Meer", slug="meer"))
    first_index = url_in(index_page, "nl")
    title = demo.title
    assert title in cached(client, first_index)
    demo.move(second, pos="last-child")
    assert title not in fresh(client, first_index)


def test_renaming_a_keyword_shows_on_the_article_and_its_keyword_page(client, demo, index_page):
    keyword = Keyword.objects.order_by("pk").first()
    article, keyword_page = url_in(demo, "nl"), keyword_url(index_page, keyword)
    cached(client, article)
    cached(client, keyword_page)
    with override("nl"):
        keyword.name = "Hernoemd zoekwoord"
    keyword.save()
    assert "Hernoemd zoekwoord" in fresh(client, article)
    assert "Hernoemd zoekwoord" in fresh(client, keyword_page)


def test_changing_the_author_shows_on_the_article(client, demo):
    url = url_in(demo, "nl")
    cached(client, url)
    author = Author.objects.get(pk=demo.author_id)
    author.name = "Dr. Nieuwe Naam"
    author.save()
    assert "Dr. Nieuwe Naam" in fresh(client, url)


def test_changing_a_collection_shows_on_the_article(client, demo, collections):
    url = url_in(demo, "en")
    cached(client, url)
    collection = collections["vitamin-k-benefits-bone-blood-health"]
    collection.handle = "vitamine-k-nieuw"
    collection.save()
    assert "/en/collections/vitamine-k-nieuw" in fresh(client, url)


def test_deleting_a_collection_shows_on_the_article(client, demo, collections):
    url = url_in(demo, "nl")
    assert "vitamin-c-benefits" in cached(client, url)
    collections["vitamin-c-benefits-immunity-antioxidant-energy"].delete()
    assert "vitamin-c-benefits" not in fresh(client, url)


def test_shop_settings_show_on_the_article(client, demo, site):
    url = url_in(demo, "nl")
    cached(client, url)
    shop = ShopSettings.for_site(site)
    shop.shop_base_url = "https://nieuwe-winkel.example"
    shop.save()
    assert "https://nieuwe-winkel.example/" in fresh(client, url)


def test_seo_settings_show_on_the_article(client, demo, site):
    url = url_in(demo, "nl")
    cached(client, url)
    seo = SeoSettings.for_site(site)
    seo.organization_name = "Nieuwe Organisatie BV"
    seo.save()
    assert "Nieuwe Organisatie BV" in fresh(client, url)


def test_a_view_restriction_is_enforced_at_once(client, demo, index_page):
    url = url_in(demo, "nl")
    cached(client, url)
    PageViewRestriction.objects.create(page=index_page, restriction_type="login")
    response = client.get(url)
    assert response.status_code == 302
    assert response.get(HEADER) != "hit"


def test_publishing_the_index_shows_on_its_articles(client, demo, index_page):
    url = url_in(demo, "nl")
    cached(client, url)
    with override("nl"):
        index_page.title = "Gezondheidsbibliotheek"
    index_page.save_revision().publish()
    assert "Gezondheidsbibliotheek" in fresh(client, url)


def test_the_cache_is_in_the_settings_cache(client, demo):
    from django.core.cache import caches

    assert settings.CACHES["default"]["BACKEND"].endswith(("LocMemCache", "RedisCache"))
    cached(client, url_in(demo, "nl"))
    caches["default"].clear()
    assert client.get(url_in(demo, "nl"))[HEADER] == "miss"


PURGED = []


class RecordingBackend:
    """A front-end cache backend that records the URLs it is asked to purge."""

    def __init__(self, params):
        self.hostnames = ["*"]

    def invalidates_hostname(self, hostname):
        return True

    def purge(self, url):
        PURGED.append(url)

    def purge_batch(self, urls):
        PURGED.extend(urls)


def test_publishing_purges_the_front_end_cache_in_every_language(
    demo, index_page, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "test": {"BACKEND": "tests.health_articles.test_page_cache.RecordingBackend"}
    }
    PURGED.clear()
    keyword = Keyword.objects.order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        demo.save_revision().publish()
        keyword.save()
    for language in ("nl", "en"):
        assert f"http://localhost{url_in(demo, language)}" in PURGED
        assert f"http://localhost{url_in(index_page, language)}" in PURGED
        assert f"http://localhost{keyword_url(index_page, keyword, language)}" in PURGED


# --- Fragments: the body and the JSON-LD outlive a page that shows "More articles" ---

BODY_TEMPLATE = "health_articles/includes/article_body.html"


def rendered_body(response):
    return BODY_TEMPLATE in [template.name for template in response.templates]


@pytest.fixture
def graphs(monkeypatch):
    """Counts the JSON-LD graphs built (a stored JSON-LD fragment builds none)."""
    from health_articles.seo import jsonld

    built = []
    original = jsonld.article_graph

    def article_graph(*args, **kwargs):
        built.append(args[0].pk)
        return original(*args, **kwargs)

    monkeypatch.setattr(jsonld, "article_graph", article_graph)
    return built


def test_another_articles_publish_renders_the_page_but_not_its_body_or_json_ld(
    client, demo, index_page, graphs
):
    url = url_in(demo, "nl")
    first = client.get(url)
    assert first[HEADER] == "miss" and rendered_body(first) and graphs == [demo.pk]
    add_article(index_page, "Gloednieuw", date=datetime.date(2030, 1, 1))  # articles:nl
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again[HEADER] == "miss"
    assert not rendered_body(again)
    assert graphs == [demo.pk]
    # The shop aside is kept with the body: its collections are not even loaded.
    assert not [q for q in queries if '"shop_links_shopcollection"' in q["sql"]]
    aside = re.compile(r'<aside class="shop-aside".*?</aside>', re.S)
    assert (
        aside.search(first.content.decode()).group() == aside.search(again.content.decode()).group()
    )
    # The same page, but for the new card and the nonce.
    new_page = again.content.decode()
    assert "Gloednieuw" in new_page.split("more-articles-heading", 1)[1]
    body = first.content.decode().split('<div class="article__intro', 1)[1].split("</article>")[0]
    assert body and body in new_page
    old_ld, new_ld = (
        re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page).group(1)
        for page in (first.content.decode(), new_page)
    )
    assert old_ld == new_ld


def test_a_link_to_a_page_follows_its_parents_new_slug(client, demo, site):
    """A body's page link is rendered with the linked page's URL: renaming the page's
    parent (not an article, not an index) changes it."""
    with override("nl"):
        parent = site.root_page.add_child(instance=Page(title="Over ons", slug="over-ons"))
        contact = parent.add_child(instance=Page(title="Contact", slug="contact"))
        body = demo.body.raw_data
        section = next(block for block in body if block["type"] == "section")
        section["value"]["text"] += f'<p><a linktype="page" id="{contact.pk}">Contact</a></p>'
        demo.body = body
    demo.save_revision().publish()
    url = url_in(demo, "nl")
    assert "/over-ons/contact/" in cached(client, url)
    with override("nl"):
        parent.slug = "wie-wij-zijn"
    parent.save_revision().publish()
    page = fresh(client, url)
    assert "/wie-wij-zijn/contact/" in page
    assert "/over-ons/contact/" not in page


def test_a_preview_shows_the_draft_not_the_stored_body(demo, site):
    from django.test import Client

    # On the site's own host, as the preview's request is.
    client = Client(HTTP_HOST=site.hostname if site.port == 80 else f"{site.hostname}:{site.port}")
    url = url_in(demo, "nl")
    cached(client, url)
    draft = HealthArticlePage.objects.get(pk=demo.pk)
    with override("nl"):
        body = draft.body.raw_data
        section = next(block for block in body if block["type"] == "section")
        section["value"]["text"] = "<p>Alleen in het concept.</p>"
        draft.body = body
        response = draft.make_preview_request()
    assert "Alleen in het concept." in response.content.decode()
    assert "Alleen in het concept." not in cached(client, url)


def test_recording_a_medical_review_shows_on_the_article(client, demo, admin_user):
    from health_articles.models import MedicalReview

    url = url_in(demo, "nl")
    assert "Dr. Recensent" not in cached(client, url)
    reviewer = Author.objects.create(name="Dr. Recensent")
    MedicalReview.objects.create(
        page=demo,
        reviewer=reviewer,
        reviewed_on=datetime.date(2026, 1, 5),
        next_review=datetime.date(2027, 1, 5),
    )
    page = fresh(client, url)
    assert "Dr. Recensent" in page.split("</header>", 1)[0]
    assert '"reviewedBy"' in page


def test_a_health_claims_change_rebuilds_the_json_ld(client, demo, graphs):
    from health_articles.models import HealthClaim

    url = url_in(demo, "nl")
    cached(client, url)
    built = len(graphs)
    HealthClaim.objects.create(
        key="test-claim",
        nutrient="vitamine B12",
        function="draagt bij tot iets",
        language="nl",
        wording="Vitamine B12 draagt bij tot iets.",
    )
    fresh(client, url)
    assert len(graphs) == built + 1


def test_a_fragment_computed_from_data_read_before_an_edit_is_not_kept():
    """The clock is the one read before the view: an edit between that read and the
    store outdates the stored fragment at once."""
    from django.test import RequestFactory

    from health_articles.content_versions import REQUEST_CLOCK, Fragment, bump, clock

    request = RequestFactory().get("/")
    setattr(request, REQUEST_CLOCK, clock())  # the middleware, before the view
    # The view reads the page; an edit commits; then the view starts the fragment.
    bump("keyword:1")
    fragment = Fragment("test", 1)
    fragment.start(request)
    fragment.store("old text", {"keyword:1"})
    assert Fragment("test", 1).get() is None
    # Computed after the edit, it is kept.
    setattr(request, REQUEST_CLOCK, clock())
    fragment = Fragment("test", 1)
    fragment.start(request)
    fragment.store("new text", {"keyword:1"})
    assert Fragment("test", 1).get() == "new text"


# --- The request's Wagtail Site, kept by the page cache ---


def test_a_render_after_another_publish_finds_the_site_without_a_query(client, demo, index_page):
    url = url_in(demo, "nl")
    cached(client, url)
    add_article(index_page, "Gloednieuw", date=datetime.date(2030, 1, 1))  # a miss, not the site
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response[HEADER] == "miss"
    # Wagtail's lookup by host name (`get_site_for_hostname`: a CASE over the sites).
    lookups = [
        q["sql"] for q in queries if 'FROM "wagtailcore_site"' in q["sql"] and "CASE" in q["sql"]
    ]
    assert not lookups
    settings_reads = [
        q["sql"]
        for q in queries
        if '"shop_links_shopsettings"' in q["sql"] or '"health_articles_seosettings"' in q["sql"]
    ]
    assert not settings_reads


def test_changing_the_site_shows_on_the_article(client, demo, site):
    url = url_in(demo, "nl")
    assert "Nieuwe Sitenaam" not in cached(client, url)
    site.site_name = "Nieuwe Sitenaam"
    site.save()
    assert "Nieuwe Sitenaam" in fresh(client, url)


@pytest.mark.parametrize("which", ["article", "index"])
def test_renaming_the_sites_home_page_shows_in_the_breadcrumbs(
    client, demo, index_page, site, which
):
    url = url_in(demo if which == "article" else index_page, "nl")
    cached(client, url)
    home = site.root_page
    with override("nl"):
        home.title = "Nieuw Begin"
    home.save_revision().publish()
    page = fresh(client, url)
    assert "Nieuw Begin" in page.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]


def move_focal_point(image):
    image.focal_point_x, image.focal_point_y = 10, 10
    image.focal_point_width = image.focal_point_height = 20
    image.save()


def test_an_images_new_focal_point_shows_on_the_article(client, demo):
    """The hero's crops (page and JSON-LD) are new renditions with new file names."""
    url = url_in(demo, "nl")
    before = re.findall(r"/media/images/[^\s\"]+", cached(client, url))
    move_focal_point(demo.hero_image)
    after = re.findall(r"/media/images/[^\s\"]+", fresh(client, url))
    assert set(after) - set(before)


def test_a_change_to_the_organization_logo_shows_in_the_json_ld(client, demo, site):
    seo = SeoSettings.for_site(site)
    seo.organization_logo = demo.hero_image
    seo.save()
    url = url_in(demo, "nl")

    def logo(page):
        return json.loads(
            re.search(r"<script type=\"application/ld\+json\"[^>]*>(.*?)</script>", page).group(1)
        )["@graph"][0]["logo"]

    assert "logo-nieuw" not in logo(cached(client, url))
    # An editor replaces the image's file (the admin then drops its renditions).
    image = demo.hero_image
    size = image.width, image.height
    with image.file.open("rb") as original:
        image.file.save("logo-nieuw.png", ContentFile(original.read()), save=False)
    image.width, image.height = size
    image.renditions.all().delete()
    image.save()
    assert "logo-nieuw" in logo(fresh(client, url))


MORE_TEMPLATE = "health_articles/includes/more_articles.html"
LIST_TEMPLATE = "health_articles/article_list.html"


def more_articles(page):
    return re.search(r'<aside class="more-articles".*?</aside>', page, re.S).group()


def rendered_twice(client, url, template):
    """The page rendered with `template`, then rendered again from another entry (a
    query string of its own) without it, and that second render's queries."""
    first = client.get(url)
    assert first[HEADER] == "miss" and template in [t.name for t in first.templates]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url + "?bron=nieuwsbrief")
    assert again[HEADER] == "miss"
    assert template not in [t.name for t in again.templates]
    return first.content.decode(), again.content.decode(), queries


def test_a_render_with_nothing_changed_reuses_the_more_articles_cards(client, demo, index_page):
    add_article(index_page, "Buurartikel", date=datetime.date(2030, 1, 1))
    first, again, queries = rendered_twice(client, url_in(demo, "nl"), MORE_TEMPLATE)
    # Neither ranked nor loaded: no query reads another article.
    assert not [q for q in queries if '"health_articles_articlekeyword"' in q["sql"]]
    assert len([q for q in queries if '"health_articles_healtharticlepage"' in q["sql"]]) == 1
    assert more_articles(again) == more_articles(first)
    assert "Buurartikel" in more_articles(again)


def test_a_cards_new_title_shows_in_more_articles(client, demo, index_page):
    other = add_article(index_page, "Buurartikel", date=datetime.date(2030, 1, 1))
    url = url_in(demo, "nl")
    assert "Buurartikel" in more_articles(cached(client, url))
    with override("nl"):
        other.title = "Hernoemd buurartikel"
    other.save_revision().publish()
    assert "Hernoemd buurartikel" in more_articles(fresh(client, url + "?na=titel"))


def test_a_cards_url_follows_its_parents_new_slug(client, demo, site):
    """A card's link is made of its ancestors' slugs: a card under another parent
    (not the article's index) changes when that parent is renamed."""
    with override("nl"):
        dossier = site.root_page.add_child(instance=Page(title="Dossiers", slug="dossiers"))
    add_article(dossier, "Elders", date=datetime.date(2030, 1, 1))
    url = url_in(demo, "nl")
    assert "/dossiers/elders/" in more_articles(cached(client, url))
    with override("nl"):
        dossier.slug = "themas"
    dossier.save_revision().publish()
    cards = more_articles(fresh(client, url + "?na=slug"))
    assert "/themas/elders/" in cards and "/dossiers/" not in cards


def card_grid(page):
    return re.search(r'<div class="card-grid">.*?</div>\s*(?=<)', page, re.S).group()


@pytest.mark.parametrize("listing", ["index", "keyword"])
def test_a_listing_rendered_with_nothing_changed_reuses_its_cards(
    client, demo, index_page, listing
):
    keyword = Keyword.objects.order_by("pk").first()
    url = url_in(index_page, "nl") if listing == "index" else keyword_url(index_page, keyword)
    first, again, queries = rendered_twice(client, url, LIST_TEMPLATE)
    assert not [q for q in queries if '"health_articles_healtharticlepage"' in q["sql"]]
    assert card_grid(again) == card_grid(first)
    assert demo.title in card_grid(again)


def test_each_page_of_a_listing_keeps_its_own_cards(client, demo, index_page):
    from health_articles.models import pages

    for number in range(pages.ARTICLES_PER_PAGE):
        add_article(index_page, f"Nummer {number}", date=datetime.date(2030, 1, 1 + number))
    url = url_in(index_page, "nl")
    first, second = fresh(client, url), fresh(client, url + "?page=2")
    assert "Nummer 0" in card_grid(first) and demo.title not in card_grid(first)
    assert demo.title in card_grid(second) and "Nummer 0" not in card_grid(second)
    # Rendered again from the kept fragments: each page its own cards.
    assert card_grid(fresh(client, url + "?bron=x")) == card_grid(first)
    assert card_grid(fresh(client, url + "?page=2&bron=x")) == card_grid(second)


def test_a_new_release_renders_the_page_and_its_fragments_anew(
    client, demo, index_page, settings, tmp_path
):
    """A deploy that changes a template shows it at once, with no edit and no new cache
    prefix: pages and fragments are kept under the release (release.py)."""
    from health_articles.release import release

    add_article(index_page, "Buurartikel", date=datetime.date(2030, 1, 1))
    url = url_in(demo, "nl")
    assert 'class="more-articles"' in cached(client, url)
    # The new release overrides the "More articles" fragment's template.
    shipped = Path(health_articles.__file__).parent / "templates" / MORE_TEMPLATE
    changed = tmp_path / MORE_TEMPLATE
    changed.parent.mkdir(parents=True)
    changed.write_text(
        shipped.read_text(encoding="utf-8").replace(
            'class="more-articles"', 'class="more-articles new-release"'
        ),
        encoding="utf-8",
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine.get("DIRS", [])]}]
    release.cache_clear()  # a new process of the new release
    try:
        assert 'class="more-articles new-release"' in fresh(client, url)
    finally:
        release.cache_clear()
