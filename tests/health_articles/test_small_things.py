"""Heading order, keyword pages, the API's intro, the favicon."""

import re

from django.contrib.staticfiles import finders
from django.utils.translation import override

import pytest

from health_articles.models import Keyword
from health_articles.text import plain_text
from tests.conftest import url_in
from tests.factories import HealthArticlePageFactory, KeywordFactory, keywords, section

pytestmark = pytest.mark.django_db

HEADINGS = re.compile(r"<h([1-6])\b")


def heading_levels(html):
    main = re.search(r"<main.*?</main>", html, re.S).group()
    return [int(level) for level in HEADINGS.findall(main)]


def assert_no_skipped_levels(levels):
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


@pytest.mark.parametrize("language", ["nl", "en"])
def test_index_cards_do_not_skip_a_heading_level(client, index_page, language):
    levels = heading_levels(client.get(url_in(index_page, language)).content.decode())
    assert levels[:2] == [1, 2]
    assert_no_skipped_levels(levels)


def test_article_and_keyword_page_do_not_skip_a_heading_level(client, demo, index_page):
    assert_no_skipped_levels(heading_levels(client.get(url_in(demo, "nl")).content.decode()))
    keyword = Keyword.objects.get(name_nl__iexact="perifere neuropathie")  # noqa
    with override("nl"):
        url = url_in(index_page, "nl") + f"trefwoorden/{keyword.slug}/"
    assert_no_skipped_levels(heading_levels(client.get(url).content.decode()))


@pytest.fixture
def keyword(demo):
    return Keyword.objects.get(name_nl__iexact="perifere neuropathie")  # noqa


def keyword_url(index_page, keyword, language):
    segment = {"nl": "trefwoorden", "en": "keywords"}[language]
    with override(language):
        return url_in(index_page, language) + f"{segment}/{keyword.slug}/"


def test_keyword_page_breadcrumb_ends_with_the_keyword(client, index_page, keyword):
    html = client.get(keyword_url(index_page, keyword, "nl")).content.decode()
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group()
    with override("nl"):
        assert f'<a href="{url_in(index_page, "nl")}">{index_page.title}</a>' in crumbs
        assert f'<li aria-current="page">{keyword.name}</li>' in crumbs


def test_keyword_page_switches_language_to_the_same_keyword(client, index_page, keyword):
    nl, en = (keyword_url(index_page, keyword, lang) for lang in ("nl", "en"))
    html = client.get(nl).content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group()
    assert f'href="{en}"' in switcher
    assert f'<link rel="alternate" hreflang="en" href="http://localhost{en}">' in html
    assert f'<link rel="alternate" hreflang="nl" href="http://localhost{nl}">' in html
    assert 'hreflang="de"' not in html
    assert f'href="{nl}"' in client.get(en).content.decode()


def test_a_keyword_used_in_one_language_only_has_no_other_version(client, demo, index_page):
    lonely = KeywordFactory(name="alleen nederlands")
    article = HealthArticlePageFactory(
        parent=index_page, body=[section("Kop", "<p>Tekst</p>"), keywords("Kw", [lonely.pk])]
    )
    article.save_revision().publish()
    html = client.get(keyword_url(index_page, lonely, "nl")).content.decode()
    assert 'class="language-switcher"' not in html
    assert 'hreflang="en"' not in html


def test_dutch_keyword_urls_use_a_dutch_segment(client, demo, index_page, keyword):
    html = client.get(url_in(demo, "nl")).content.decode()
    assert "/nl/artikelen/trefwoorden/" in html
    assert "/nl/artikelen/keywords/" not in html
    old = url_in(index_page, "nl") + f"keywords/{keyword.slug}/"
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == keyword_url(index_page, keyword, "nl")
    assert client.get(url_in(index_page, "nl") + f"anders/{keyword.slug}/").status_code == 404


def test_keyword_page_title_has_the_site_suffix(client, index_page, keyword):
    html = client.get(keyword_url(index_page, keyword, "nl")).content.decode()
    [title] = re.findall(r"<title>(.*?)</title>", html)
    assert title.endswith(" | Topvitamine")
    assert keyword.name in title


def test_api_intro_separates_paragraphs(client, demo):
    assert plain_text("<p>Eén.</p><p>Twee<br>drie</p><ul><li>a</li><li>b</li></ul>") == (
        "Eén. Twee drie a b"
    )
    data = client.get(f"/api/v1/articles/{demo.pk}/?language=nl").json()
    with override("nl"):
        paragraphs = re.findall(r"<p[^>]*>(.*?)</p>", demo.intro, re.S)
    assert len(paragraphs) > 1
    last_of_first = plain_text(paragraphs[0])[-12:]
    first_of_second = plain_text(paragraphs[1])[:12]
    assert f"{last_of_first} {first_of_second}" in data["intro"]


def test_pages_link_a_favicon_that_exists(client, index_page):
    html = client.get(url_in(index_page, "nl")).content.decode()
    [href] = re.findall(r'<link rel="icon" href="([^"]+)"', html)
    assert finders.find(href.removeprefix("/static/"))


def test_plain_text_is_text_escaped_once_where_it_is_shown(client, demo, index_page):
    """ "B12 &amp; foliumzuur" in rich text is "B12 & foliumzuur" as text: the API gives "&",
    the index card "&amp;" (not "&amp;amp;")."""
    assert plain_text("<p>B12 &amp; foliumzuur &lt;3</p>") == "B12 & foliumzuur <3"
    with override("nl"):
        demo.subtitle = ""
        demo.intro = "<p>B12 &amp; foliumzuur.</p>"
    demo.save_revision().publish()
    data = client.get(f"/api/v1/articles/{demo.pk}/?language=nl").json()
    assert data["intro"] == "B12 & foliumzuur."
    html = client.get(url_in(index_page, "nl")).content.decode()
    assert "B12 &amp; foliumzuur." in html and "&amp;amp;" not in html


def breadcrumb_titles(html):
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group()
    return re.findall(r"<(?:a [^>]*|li[^>]*)>([^<]+)</", crumbs)


def test_article_breadcrumbs_from_routing_match_the_tree(client, demo, index_page):
    with override("nl"):
        home = index_page.get_parent()
        expected = [home.title, index_page.title, demo.title]
    assert breadcrumb_titles(client.get(url_in(demo, "nl")).content.decode()) == expected


def test_breadcrumbs_of_an_article_deeper_in_the_tree(client, demo, index_page):
    from wagtail.models import Page

    from health_articles.models import ArticleIndexPage

    home = index_page.get_parent()
    with override("nl"):
        topic = home.add_child(instance=Page(title="Gezondheid", slug="gezondheid"))
        deeper = topic.add_child(instance=ArticleIndexPage(title="Meer", slug="meer"))
    article = HealthArticlePageFactory(
        parent=deeper, title="Zink", slug="zink", body=[section("Zink", "<p>Oesters.</p>")]
    )
    article.save_revision().publish()
    html = client.get(url_in(article, "nl")).content.decode()
    with override("nl"):
        assert breadcrumb_titles(html) == [home.title, "Gezondheid", "Meer", "Zink"]
