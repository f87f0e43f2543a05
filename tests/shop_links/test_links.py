from django.core.exceptions import ValidationError
from django.utils.translation import override

from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.rich_text import expand_db_html

import pytest

from shop_links.blocks import CollectionLinkBlock
from shop_links.lookup import shop_link_context
from shop_links.models import ShopSettings
from shop_links.rich_text import find_collection_ids
from tests.factories import ShopCollectionFactory, inline_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def magnesium():
    collection = ShopCollectionFactory(handle="magnesium", external_id="41")
    with override("en"):
        collection.title = "Magnesium for muscles"
    with override("nl"):
        collection.title = "Magnesium voor spieren"
    collection.save()
    return collection


def test_collection_link_block_requires_a_collection():
    block = CollectionLinkBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"collection": None, "link_text": "", "style": "card"}))
    assert "collection" in error.value.block_errors


@pytest.mark.parametrize("language", ["nl", "en"])
def test_collection_link_block_renders_per_language_url_and_title(magnesium, language):
    block = CollectionLinkBlock()
    value = block.to_python({"collection": magnesium.pk, "link_text": "", "style": "button"})
    with override(language):
        html = block.render(value)
        title = magnesium.title
    assert f'href="https://www.topvitamine.com/{language}/collections/magnesium"' in html
    assert "collection-link--button" in html
    assert title in html


def test_collection_link_block_label_overrides_title(magnesium):
    block = CollectionLinkBlock()
    value = block.to_python(
        {"collection": magnesium.pk, "link_text": "Bekijk magnesium", "style": "card"}
    )
    assert value.label == "Bekijk magnesium"
    assert "Bekijk magnesium" in block.render(value)


def test_inactive_collection_block_degrades_to_text(magnesium):
    magnesium.set_active(False)
    magnesium.save()
    block = CollectionLinkBlock()
    value = block.to_python({"collection": magnesium.pk, "link_text": "", "style": "card"})
    html = block.render(value)
    assert "href" not in html
    assert "collection-link--unavailable" in html


def test_inline_link_stores_id_and_renders_current_url(magnesium):
    html = f"<p>Neem {inline_link(magnesium.pk, 'magnesium')} in.</p>"
    with override("nl"):
        assert (
            '<a href="https://www.topvitamine.com/nl/collections/magnesium" '
            'class="collection-link">magnesium</a>'
        ) in expand_db_html(html)
    # A handle change changes every link at once: nothing stored held the URL.
    magnesium.handle = "magnesium-plus"
    magnesium.save()
    with override("en"):
        assert "https://www.topvitamine.com/en/collections/magnesium-plus" in expand_db_html(html)


def test_inline_link_follows_shop_settings(magnesium, site):
    settings = ShopSettings.for_site(site)
    settings.shop_base_url = "https://shop.example.org"
    settings.collection_path_pattern = "/{language}/c/{handle}"
    settings.save()
    with override("de"), shop_link_context():
        html = expand_db_html(f"<p>{inline_link(magnesium.pk, 'Mg')}</p>")
    assert 'href="https://shop.example.org/de/c/magnesium"' in html


def test_deleted_collection_link_degrades_to_plain_text(magnesium):
    html = f"<p>Neem {inline_link(magnesium.pk, 'magnesium')} in.</p>"
    magnesium.delete()
    assert expand_db_html(html) == "<p>Neem <a>magnesium</a> in.</p>"


def test_find_collection_ids_reads_only_collection_links():
    html = [
        '<p><a linktype="collection" id="3">a</a> <a href="https://x.test">b</a></p>',
        '<p><a id="9" linktype="collection">c</a><a linktype="page" id="4">d</a></p>',
    ]
    assert find_collection_ids(html) == {3, 9}


@pytest.mark.parametrize(
    "pattern, message",
    [
        ("/{language}/collections", "{handle}"),
        ("{language}/collections/{handle}", "slash"),
        ("/{lang}/collections/{handle}", "placeholders"),
    ],
)
def test_shop_settings_reject_bad_patterns(site, pattern, message):
    settings = ShopSettings(site=site, collection_path_pattern=pattern)
    with override("en"):
        with pytest.raises(ValidationError) as error:
            settings.clean()
        assert message in str(error.value.message_dict["collection_path_pattern"])


def test_editor_round_trip_keeps_the_collection_id(magnesium):
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    converter = ContentstateConverter(features=["bold", "link", "collection-link"])
    source = f"<p>Neem {inline_link(magnesium.pk, 'magnesium')} in.</p>"
    contentstate = converter.from_database_format(source)
    assert '"COLLECTION"' in contentstate
    assert f'"id": {magnesium.pk}' in contentstate
    stored = converter.to_database_format(contentstate)
    assert find_collection_ids([stored]) == {magnesium.pk}
    assert "href" not in stored
    assert ">magnesium</a> in.</p>" in stored
