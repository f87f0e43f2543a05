import re
from html.parser import HTMLParser

from django.core.management import call_command
from django.utils.translation import override

import pytest

from health_articles.models import ArticleKeyword, HealthArticlePage, Keyword
from shop_links.models import ShopCollection
from tests.conftest import url_in

pytestmark = pytest.mark.django_db


class Outline(HTMLParser):
    """Collects what a reader (and a screen reader) meets on the page."""

    def __init__(self):
        super().__init__()
        self.headings, self.ids, self.toc_targets, self.alternates = [], set(), [], {}
        self._heading = None
        self.html_lang = None
        self.summaries = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag in ("h1", "h2", "h3", "h4"):
            self._heading = [tag, ""]
        if tag == "a" and (attrs.get("href") or "").startswith("#") and attrs["href"] != "#main":
            self.toc_targets.append(attrs["href"][1:])
        if tag == "link" and attrs.get("rel") == "alternate":
            self.alternates[attrs["hreflang"]] = attrs["href"]
        if tag == "summary":
            self.summaries += 1

    def handle_data(self, data):
        if self._heading:
            self._heading[1] += data

    def handle_endtag(self, tag):
        if self._heading and tag == self._heading[0]:
            self.headings.append((tag, " ".join(self._heading[1].split())))
            self._heading = None


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    outline = Outline()
    outline.feed(response.content.decode())
    return response, outline


@pytest.mark.parametrize("language", ["nl", "en"])
def test_article_page_in_each_language(client, demo, language):
    response, outline = read(client, url_in(demo, language))
    html = response.content.decode()
    assert outline.html_lang == language

    # One H1, headings in order, numbered sections numbered by the template.
    assert [tag for tag, _text in outline.headings].count("h1") == 1
    assert outline.headings[0][0] == "h1"
    numbered = [text for tag, text in outline.headings if tag == "h2" and re.match(r"^\d\.", text)]
    assert [text.split(".")[0] for text in numbered] == ["1", "2", "3", "4", "5", "6"]

    # Every TOC link points at a heading on the page.
    assert len(outline.toc_targets) == 9  # 6 sections, conclusion, FAQ, keywords
    assert set(outline.toc_targets) <= outline.ids

    # FAQ as <details>/<summary>.
    assert outline.summaries == 5

    # hreflang: both available versions plus x-default, absolute URLs.
    assert set(outline.alternates) == {"nl", "en", "x-default"}
    assert outline.alternates["x-default"] == outline.alternates["nl"]
    assert outline.alternates[language].endswith(url_in(demo, language))

    # Language switcher offers the other language only.
    other = "en" if language == "nl" else "nl"
    assert f'hreflang="{other}" lang="{other}"' in html
    assert 'hreflang="de"' not in html

    # The 11 inline collection links point at the shop in this language.
    links = re.findall(r'href="([^"]+)" class="collection-link"', html)
    assert len(links) == 11
    assert {link.split("/collections/")[0] for link in links} == {
        f"https://www.topvitamine.com/{language}"
    }
    assert len(set(links)) == 5


def test_english_page_is_english(client, demo):
    response, outline = read(client, url_in(demo, "en"))
    html = response.content.decode()
    assert outline.headings[0] == (
        "h1",
        "What are the neurological symptoms of vitamin B12 deficiency?",
    )
    assert "Table of contents" in html
    assert "Oct 22, 2025" in html
    assert "Wat zijn" not in html


@pytest.mark.parametrize("language", ["de", "fr"])
def test_unavailable_language_answers_404(client, demo, language):
    # Neither the translated URL nor the Dutch slug under another language prefix.
    dutch_path = url_in(demo, "nl").split("/", 2)[2]
    index_slug = {"de": "artikel", "fr": "articles"}[language]
    assert client.get(f"/{language}/{dutch_path}").status_code == 404
    slug = dutch_path.rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"/{language}/{index_slug}/{slug}/").status_code == 404


def test_english_url_with_dutch_slug_is_404(client, demo):
    slug = url_in(demo, "nl").rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"/en/articles/{slug}/").status_code == 404


def test_index_lists_articles_available_in_the_language(client, demo, index_page):
    for language, present in [("nl", True), ("en", True), ("de", False)]:
        response = client.get(url_in(index_page, language))
        assert response.status_code == 200
        with override(language):
            title = demo.title if present else None
        html = response.content.decode()
        if present:
            assert title in html
        else:
            assert "neurolog" not in html.lower()


def test_index_is_newest_first_and_paginated(client, demo, index_page):
    for number in range(13):
        article = HealthArticlePage(
            title=f"Artikel {number:02d}", slug=f"artikel-{number:02d}", body=demo.body.raw_data
        )
        article.date = demo.date.replace(year=2026 + number // 12, day=1 + number % 12)
        index_page.add_child(instance=article)
    first = client.get(url_in(index_page, "nl")).content.decode()
    second = client.get(url_in(index_page, "nl") + "?page=2").content.decode()
    titles = re.findall(r'card__title"><a href="[^"]+">([^<]+)</a>', first)
    assert len(titles) == 12
    assert titles[0] == "Artikel 12"
    assert len(re.findall(r'card__title"', second)) == 2
    assert client.get(url_in(index_page, "nl") + "?page=9").status_code == 404


def test_keyword_page_lists_articles_using_it(client, demo, index_page):
    keyword = Keyword.objects.get(name_nl__iexact="perifere neuropathie")  # noqa
    with override("nl"):
        url = url_in(index_page, "nl") + f"trefwoorden/{keyword.slug}/"
    response = client.get(url)
    assert response.status_code == 200
    assert url_in(demo, "nl") in response.content.decode()
    with override("en"):
        english = url_in(index_page, "en") + f"keywords/{keyword.slug}/"
    assert keyword.pk in ArticleKeyword.objects.filter(language="en").values_list(
        "keyword", flat=True
    )
    assert url_in(demo, "en") in client.get(english).content.decode()


def test_keyword_links_on_the_article_lead_to_keyword_pages(client, demo):
    html = client.get(url_in(demo, "nl")).content.decode()
    links = re.findall(r'href="(/nl/artikelen/trefwoorden/[^"]+)"', html)
    assert len(links) == 15
    assert client.get(links[0]).status_code == 200


def test_more_articles_prefers_shared_keywords(client, demo, index_page):
    # The demo's keywords without its text (whose health claims would block publishing).
    keywords = [block for block in demo.body.raw_data if block["type"] == "keywords"]
    older_sharing = HealthArticlePage(title="Deelt zoekwoorden", slug="deelt", body=keywords)
    older_sharing.date = demo.date.replace(year=2019)
    newer_unrelated = HealthArticlePage(
        title="Nieuw maar anders", slug="anders", body=[demo.body.raw_data[0]]
    )
    for page in (older_sharing, newer_unrelated):
        index_page.add_child(instance=page)
        page.save_revision().publish()  # keyword index rows describe published content
    html = client.get(url_in(demo, "nl")).content.decode()
    more = html.split("more-articles-heading", 1)[1]
    assert more.index("Deelt zoekwoorden") < more.index("Nieuw maar anders")


def test_loading_the_demo_twice_duplicates_nothing(demo):
    counts = (
        HealthArticlePage.objects.count(),
        Keyword.objects.count(),
        ShopCollection.objects.count(),
    )
    call_command("load_demo", "--no-admin", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (1, 15, 5)
    assert (
        HealthArticlePage.objects.count(),
        Keyword.objects.count(),
        ShopCollection.objects.count(),
    ) == counts


def test_collection_handle_change_keeps_links_working(client, demo, collections):
    collection = collections["vitamin-k-benefits-bone-blood-health"]
    collection.handle = "vitamine-k"
    collection.save()
    html = client.get(url_in(demo, "en")).content.decode()
    assert 'href="https://www.topvitamine.com/en/collections/vitamine-k"' in html
    assert "vitamin-k-benefits-bone-blood-health" not in html


def test_deleted_collection_degrades_to_plain_text(client, demo, collections):
    collections["vitamin-c-benefits-immunity-antioxidant-energy"].delete()
    response = client.get(url_in(demo, "nl"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "vitamin-c-benefits" not in html
    assert "<a>vitamine C voor het immuunsysteem</a>" in html


def test_no_dutch_text_leaks_into_the_english_page_or_api(client, demo):
    with override("nl"):
        demo.subtitle = "Alleen in het Nederlands"
        demo.search_description = "Nederlandse beschrijving die niet in het Engels mag verschijnen."
    with override("en"):
        demo.subtitle = ""
        demo.search_description = ""
    demo.save_revision().publish()
    html = client.get(url_in(demo, "en")).content.decode()
    assert "Alleen in het Nederlands" not in html
    assert "Nederlandse beschrijving" not in html
    api = client.get(f"/api/v1/articles/{demo.pk}/?language=en").json()
    assert api["subtitle"] == ""
    assert "Alleen in het Nederlands" in client.get(url_in(demo, "nl")).content.decode()


def test_deleted_keyword_does_not_break_publishing(demo):
    keyword = Keyword.objects.first()
    keyword.delete()
    demo.save_revision().publish()  # rebuilds the keyword index without the deleted one
    assert not ArticleKeyword.objects.filter(keyword_id=keyword.pk).exists()
