"""Draftail (admin editor) side of the collection link type."""

from wagtail.admin.rich_text.converters.html_to_contentstate import LinkElementHandler

from draftjs_exporter.dom import DOM

from .admin_i18n import display_title, editing_language
from .lookup import cached_collections
from .models import ShopCollection


class CollectionLinkElementHandler(LinkElementHandler):
    """Database HTML -> Draftail entity, for the editor."""

    def get_attribute_data(self, attrs):
        cached = cached_collections([attrs.get("id")])
        if cached is not None:  # the article form loaded the page's collections at once
            collection = next(iter(cached.values()), None)
        else:
            collection = ShopCollection.objects.filter(pk=attrs.get("id")).first()
        if collection is None:
            return {"id": attrs.get("id"), "title": None, "handle": None}
        title = display_title(collection, editing_language())
        return {"id": collection.pk, "title": title, "handle": collection.handle}


def collection_entity_decorator(props):
    """Draftail entity -> database HTML: only the id is stored."""
    return DOM.create_element(
        "a", {"linktype": "collection", "id": props.get("id")}, props["children"]
    )


class EditorHTMLCollectionLinkHandler:
    """Whitelisting rule for <a linktype="collection" id="…"> in database HTML.

    Lets Wagtail's DbHTMLConverter (used to sanitise HTML from imported files)
    keep collection links while it strips everything unsafe.
    """

    @staticmethod
    def get_db_attributes(tag):
        return {"id": tag["data-id"]}
