"""Only languages with content are advertised; error pages are never search results."""

import re

from django.template.loader import render_to_string
from django.utils.translation import override

import pytest

from health_articles.models import Keyword
from tests.conftest import url_in
from tests.health_articles.test_seo_pages import sitemap

pytestmark = pytest.mark.django_db

ROBOTS = re.compile(r'<meta name="robots" content="([^"]+)">')
HREFLANG = re.compile(r'<link rel="alternate" hreflang="([^"]+)"')


def head(client, url):
    response = client.get(url)
    html = response.content.decode()
    [robots] = ROBOTS.findall(html)
    return response.status_code, robots, HREFLANG.findall(html), html


@pytest.mark.parametrize("language", ["de", "fr"])
def test_index_without_articles_is_noindex_without_alternates(client, index_page, language):
    status, robots, hreflangs, html = head(client, url_in(index_page, language))
    assert status == 200
    assert robots == "noindex, follow"
    assert hreflangs == []
    assert 'rel="canonical"' not in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_index_with_articles_advertises_only_languages_with_articles(client, index_page, language):
    status, robots, hreflangs, html = head(client, url_in(index_page, language))
    assert (status, robots) == (200, "index, follow")
    assert hreflangs == ["nl", "en", "x-default"]
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group()
    assert 'lang="de"' not in switcher and 'lang="fr"' not in switcher


def test_sitemap_leaves_out_empty_languages(client, index_page):
    urls = sitemap(client)
    index_urls = {loc for loc in urls if loc.endswith(("/artikelen/", "/articles/", "/artikel/"))}
    assert {loc.split("/")[3] for loc in index_urls} == {"nl", "en"}
    for _lastmod, alternates in urls.values():
        assert set(alternates) <= {"nl", "en", "x-default"}


def test_keyword_page_without_articles_in_its_language_is_noindex(client, demo, index_page):
    keyword = Keyword.objects.create(name="lege term")
    with override("nl"):
        url = url_in(index_page, "nl") + f"trefwoorden/{keyword.slug}/"
    status, robots, _hreflangs, html = head(client, url)
    assert (status, robots) == (200, "noindex, follow")
    assert 'rel="canonical"' not in html
    used = Keyword.objects.get(name_nl__iexact="perifere neuropathie")  # noqa
    with override("nl"):
        url = url_in(index_page, "nl") + f"trefwoorden/{used.slug}/"
    assert head(client, url)[1] == "index, follow"


def test_404_page_is_noindex_without_canonical(client, demo):
    status, robots, hreflangs, html = head(client, "/nl/bestaat-niet/")
    assert status == 404
    assert robots == "noindex, follow"
    assert 'rel="canonical"' not in html
    assert hreflangs == []


def test_500_page_is_noindex():
    html = render_to_string("500.html")
    assert '<meta name="robots" content="noindex">' in html
