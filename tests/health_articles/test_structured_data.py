"""True structured data: dates, image, author, language, logo; valid schema.org."""

import datetime
import re

from django.utils.translation import override

import pytest
import wagtail_factories

from health_articles.models import Author
from health_articles.seo.checks import FAIL, PASS, SeoInput, run_checks
from health_articles.seo.language import detect_language
from health_articles.seo.page_input import seo_input
from tests.conftest import url_in
from tests.health_articles.test_seo_pages import by_type, json_ld
from tests.schema_org import validate

pytestmark = pytest.mark.django_db


def graph_of(client, page, language):
    return json_ld(client.get(url_in(page, language)).content.decode())


def article_node(graph):
    [article] = by_type(graph, "Article")
    return article


@pytest.fixture
def rich_demo(demo):
    """The demo with everything JSON-LD can say: hero image, a real author."""
    demo.hero_image = wagtail_factories.ImageFactory(
        file__width=1600, file__height=1000, description="Hero"
    )
    demo.author = Author.objects.create(
        name="Anna de Vries", credentials="MSc Voeding", url="https://example.org/anna"
    )
    demo.date = datetime.date(2025, 10, 22)
    demo.save_revision().publish()
    return demo


@pytest.mark.parametrize("language", ["nl", "en"])
def test_json_ld_is_valid_schema_org(client, demo, rich_demo, language):
    graph = graph_of(client, rich_demo, language)
    assert validate(graph) == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_json_ld_of_the_plain_demo_is_valid_schema_org(client, demo, language):
    assert validate(graph_of(client, demo, language)) == []


def test_the_validator_catches_wrong_properties_and_types():
    bad = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Person", "name": "A", "headline": "not a person's"},
            {"@type": "Article", "author": {"@type": "Place", "name": "Here"}},
            {"@type": "Artikel"},
        ],
    }
    assert len(validate(bad)) == 3


def test_dates_are_the_display_date_and_the_last_publish(client, rich_demo):
    article = article_node(graph_of(client, rich_demo, "nl"))
    assert article["datePublished"] == "2025-10-22"
    rich_demo.refresh_from_db()
    assert article["dateModified"] == rich_demo.last_published_at.isoformat()


def test_image_is_a_wide_16_9_rendition_of_the_hero(client, rich_demo):
    image = article_node(graph_of(client, rich_demo, "nl"))["image"]
    assert image["@type"] == "ImageObject"
    assert (image["width"], image["height"]) == (1200, 675)
    assert image["url"].startswith("http://localhost/media/")


def test_a_hero_narrower_than_1200_px_is_left_out(client, demo):
    demo.hero_image = wagtail_factories.ImageFactory(file__width=800, file__height=450)
    demo.save_revision().publish()
    assert "image" not in article_node(graph_of(client, demo, "nl"))


def test_author_is_a_person_with_url_and_credentials(client, rich_demo):
    with override("nl"):
        author = article_node(graph_of(client, rich_demo, "nl"))["author"]
    assert author == {
        "@type": "Person",
        "name": "Anna de Vries",
        "url": "https://example.org/anna",
        "hasCredential": {"@type": "EducationalOccupationalCredential", "name": "MSc Voeding"},
    }


def test_without_author_the_organization_is_the_author(client, demo):
    demo.author = None
    demo.save_revision().publish()
    graph = graph_of(client, demo, "nl")
    [organization] = by_type(graph, "Organization")
    assert article_node(graph)["author"] == {"@id": organization["@id"]}


def test_organization_logo_comes_from_the_seo_settings(client, demo):
    [organization] = by_type(graph_of(client, demo, "nl"), "Organization")
    assert re.match(r"http://localhost/media/images/logo.*\.png$", organization["logo"])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_headline_and_title_are_in_the_pages_language(client, demo, language):
    html = client.get(url_in(demo, language)).content.decode()
    [title] = re.findall(r"<title>(.*?)</title>", html)
    [og_title] = re.findall(r'<meta property="og:title" content="([^"]*)">', html)
    headline = article_node(json_ld(html))["headline"]
    for text in (title, og_title, headline):
        assert detect_language(text, ("nl", "en", "de", "fr")) == language, text


# --- the SEO check on the language of the SEO title and meta description ------------


def seo_data(**kwargs):
    values = {
        "language": "nl",
        "keyphrase": "",
        "title": "Vitamine B12",
        "seo_title": "",
        "slug": "b12",
        "description": "",
        "intro_html": "",
        "languages": ("nl", "en", "de", "fr"),
    }
    return SeoInput(**(values | kwargs))


def statuses(data):
    return {check.id: check.status for check in run_checks(data)}


def test_seo_title_in_another_language_fails():
    english = "What are the neurological symptoms of vitamin B12 deficiency? - Topvitamine"
    assert statuses(seo_data(seo_title=english))["title-language"] == FAIL
    dutch = "Wat zijn de neurologische symptomen van een vitamine B12-tekort?"
    assert statuses(seo_data(seo_title=dutch))["title-language"] == PASS
    assert statuses(seo_data(language="en", seo_title=english))["title-language"] == PASS


def test_meta_description_in_another_language_fails():
    german = "Ein Vitamin-B12-Mangel verursacht oft neurologische Beschwerden wie Kribbeln."
    assert statuses(seo_data(description=german))["description-language"] == FAIL
    # Too short to tell: no false alarm.
    assert statuses(seo_data(description="Vitamine B12"))["description-language"] == PASS


def test_the_imported_english_title_is_flagged_on_the_dutch_page(demo):
    with override("nl"):
        demo.seo_title = "What are the neurological symptoms of vitamin B12 deficiency?"
    checks = {c.id: c for c in run_checks(seo_input(demo, "nl"))}
    assert checks["title-language"].status == FAIL
    assert "EN" in checks["title-language"].message
    assert {c.id: c.status for c in run_checks(seo_input(demo, "en"))}["title-language"] == PASS
