"""The `collection` rich-text link type.

Stored HTML keeps only the collection's id: ``<a linktype="collection" id="7">``.
The shop URL is written at render time, so a new shop domain or handle changes
every link at once. A link to a deleted or inactive collection degrades to an
``<a>`` without ``href`` (plain text to the reader), never a dead link.
"""

import re

from django.utils.html import format_html

from wagtail.rich_text import LinkHandler
from wagtail.rich_text.rewriters import extract_attrs

from .lookup import current_shop_settings, get_collections
from .models import ShopCollection


def link_tag(linktype):
    """A regex for stored rich text's `<a linktype="…">` tags of one link type."""
    return re.compile(rf"<a(\b[^>]*\blinktype=\"{re.escape(linktype)}\"[^>]*)>")


COLLECTION_A_TAG = link_tag("collection")
ENTITY_TYPE = "COLLECTION"
FEATURE_NAME = "collection-link"


class CollectionLinkHandler(LinkHandler):
    identifier = "collection"

    @staticmethod
    def get_model():
        return ShopCollection

    @classmethod
    def expand_db_attributes(cls, attrs):
        return cls.expand_db_attributes_many([attrs])[0]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        collections = get_collections(attrs.get("id") for attrs in attrs_list)
        shop_settings = current_shop_settings()
        html = []
        for attrs in attrs_list:
            try:
                collection = collections.get(int(attrs.get("id")))
            except (TypeError, ValueError):
                collection = None
            url = collection.get_url(shop_settings) if collection else None
            if url:
                html.append(format_html('<a href="{}" class="collection-link">', url))
            else:
                html.append("<a>")
        return html

    @classmethod
    def extract_references(cls, attrs):
        # Lets Wagtail's reference index (usage counts, delete warnings) see inline links.
        yield ShopCollection, attrs["id"], "", ""


def find_collection_ids(html_fragments):
    """The collection ids of every inline collection link in some stored rich text."""
    return find_link_ids(html_fragments, COLLECTION_A_TAG)


def find_link_ids(html_fragments, pattern):
    """The ids of every link matched by `pattern` (`link_tag`) in some stored rich text."""
    ids = set()
    for html in html_fragments:
        for match in pattern.finditer(html):
            link_id = extract_attrs(match.group(1)).get("id")
            if link_id and link_id.isdigit():
                ids.add(int(link_id))
    return ids
