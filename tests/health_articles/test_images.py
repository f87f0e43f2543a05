"""Images: responsive <picture> with AVIF/WebP and a fallback, sizes, dimensions, loading
order; renditions made on publish so a reader never waits for one."""

import re
from pathlib import Path

from django.utils.translation import override

from wagtail.images import get_image_model

import pytest

from health_articles import images
from tests.conftest import url_in

pytestmark = pytest.mark.django_db

PICTURE = re.compile(r"<picture>(.*?)</picture>", re.S)
APP = Path(images.__file__).resolve().parent


def pictures(html):
    return PICTURE.findall(html)


def img_tag(picture):
    [img] = re.findall(r"<img [^>]+>", picture)
    return img


@pytest.fixture
def rendition_count():
    return lambda: get_image_model().get_rendition_model().objects.count()


def test_demo_images_are_loaded(demo):
    with override("nl"):
        section_images = [
            b.value["image"] for b in demo.body if b.block_type == "section" and b.value["image"]
        ]
    assert demo.hero_image.width == 1600 and demo.hero_image.height == 900
    assert len(section_images) == 2
    assert all(image.file.size < 50_000 for image in [demo.hero_image, *section_images])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_article_pictures_have_modern_formats_sizes_and_dimensions(client, demo, language):
    html = client.get(url_in(demo, language)).content.decode()
    found = pictures(html)
    # hero, two section images, two product cards
    assert len(found) == 5
    for picture in found:
        assert re.search(r'<source [^>]*type="image/avif"', picture)
        assert re.search(r'<source [^>]*type="image/webp"', picture)
        img = img_tag(picture)
        assert re.search(r'src="[^"]+\.jpg"', img), img
        assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
    hero, *below = found
    assert 'loading="eager"' in img_tag(hero) and 'fetchpriority="high"' in img_tag(hero)
    assert "sizes=" in hero
    for picture in below:
        assert 'loading="lazy"' in img_tag(picture)
    with override(language):
        captions = [
            b.value["caption"] for b in demo.body if b.block_type == "section" and b.value["image"]
        ]
    alts = [re.search(r'alt="([^"]*)"', img_tag(p)).group(1) for p in below]
    # Section pictures are described by their caption (in the page's language);
    # product card pictures are decorative.
    assert sorted(alts) == sorted(["", "", *captions])


def test_index_cards_use_lazy_pictures(client, demo, index_page):
    html = client.get(url_in(index_page, "nl")).content.decode()
    [card] = pictures(html)
    assert 'loading="lazy"' in img_tag(card) and 'alt=""' in img_tag(card)


def test_templates_use_the_specs_that_are_made_on_publish():
    templates = {
        images.HERO_PICTURE: APP / "templates/health_articles/health_article_page.html",
        images.SECTION_PICTURE: APP / "templates/health_articles/blocks/section.html",
        images.CARD_PICTURE: APP / "templates/health_articles/article_card.html",
        images.COLLECTION_PICTURE: APP.parent
        / "shop_links/templates/shop_links/blocks/collection_link.html",
    }
    for spec, template in templates.items():
        assert spec in template.read_text(), template


def test_renditions_are_made_on_publish_not_while_a_reader_waits(
    client, demo, rendition_count, django_capture_on_commit_callbacks
):
    get_image_model().get_rendition_model().objects.all().delete()  # the demo's, made on load
    with django_capture_on_commit_callbacks(execute=True):
        demo.save_revision().publish()
    made = rendition_count()
    assert made >= 6 + 2 * 6 + 2 * 3
    for language in ("nl", "en"):
        client.get(url_in(demo, language))
    assert rendition_count() == made
