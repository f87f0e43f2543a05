"""The shop on the article page: product cards, the collections aside, the disclaimer."""

import json
import re

from django.utils.translation import override

import pytest

from shop_links.blocks import CollectionLinkBlock
from shop_links.models import ShopCollection
from tests.conftest import url_in

pytestmark = pytest.mark.django_db

CARD = re.compile(
    r'<a class="collection-link collection-link--card" href="([^"]+)">(.*?)</a>', re.S
)
FEED = "demo/shop-feed/collections.{}.json"


def feed_descriptions(language):
    with open(FEED.format(language), encoding="utf-8") as file:
        items = json.load(file)["collections"]
    return {item["handle"]: re.sub(r"<[^>]+>", "", item["description"]) for item in items}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_collection_blocks_are_product_cards(client, demo, language):
    html = client.get(url_in(demo, language)).content.decode()
    cards = CARD.findall(html)
    assert len(cards) == 2
    descriptions = feed_descriptions(language)
    for href, inner in cards:
        handle = href.rstrip("/").rsplit("/", 1)[1]
        collection = ShopCollection.objects.get(handle=handle)
        with override(language):
            assert f'<span class="collection-link__title">{collection.title}</span>' in inner
        assert descriptions[handle] in inner
        [img] = re.findall(r"<img [^>]+>", inner)
        assert 'alt=""' in img and 'loading="lazy"' in img
        assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
    assert len(re.findall(r'class="collection-link collection-link--button"', html)) == 1


def test_a_collection_with_only_a_feed_image_shows_that_image():
    collection = ShopCollection.objects.create(
        handle="zink", title="Zink", image_url="https://cdn.example.com/zink.jpg"
    )
    block = CollectionLinkBlock()
    html = block.render(block.to_python({"collection": collection.pk, "style": "card"}))
    assert 'src="https://cdn.example.com/zink.jpg"' in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_aside_lists_the_active_collections_the_article_links_to(client, demo, language):
    with override(language):
        linked = demo.collection_ids()
    assert len(linked) == 5
    inactive = ShopCollection.objects.get(handle="vitamin-k-benefits-bone-blood-health")
    with override(language):  # availability is per language
        inactive.is_active = False
    inactive.save()
    html = client.get(url_in(demo, language)).content.decode()
    aside = re.search(r'<aside class="shop-aside".*?</aside>', html, re.S).group()
    links = re.findall(r'<li><a href="([^"]+)">', aside)
    assert len(links) == 4
    assert all(
        link.startswith(f"https://www.topvitamine.com/{language}/collections/") for link in links
    )
    assert inactive.handle not in aside


@pytest.mark.parametrize("language", ["nl", "en"])
def test_demo_article_ends_with_a_medical_disclaimer(client, demo, language):
    with override(language):
        kinds = [b.value["kind"] for b in demo.body if b.block_type == "callout"]
    assert kinds == ["disclaimer"]
    html = client.get(url_in(demo, language)).content.decode()
    assert "callout--disclaimer" in html
