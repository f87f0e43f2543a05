import re

from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from .lookup import get_collections

# The end of a paragraph or line separates words when the feed's HTML becomes text.
BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|li|h[1-6]|div)\s*>", re.I)


class TranslatedSnippetChooserBlock(SnippetChooserBlock):
    """A snippet chooser that names the chosen item in its field's language (Dutch in the
    Dutch body), with its texts in the admin user's; `admin_i18n.set_chooser_languages`
    sets it."""

    content_language = None

    def deconstruct(self):
        # Only the admin widget differs: migrations see Wagtail's block (as ChoiceBlock does).
        _path, args, kwargs = super().deconstruct()
        return "wagtail.snippets.blocks.SnippetChooserBlock", args, kwargs

    def set_content_language(self, language):
        self.content_language = language
        self.__dict__.pop("widget", None)  # built again, for this language

    @cached_property
    def widget(self):
        from .admin_i18n import ContentLanguageChooser

        return ContentLanguageChooser(self.target_model, content_language=self.content_language)


class CollectionChooserBlock(TranslatedSnippetChooserBlock):
    """Chooses a ShopCollection; reads the page's shared collection cache when there is one."""

    def __init__(self, **kwargs):
        super().__init__("shop_links.ShopCollection", **kwargs)

    def deconstruct(self):
        return blocks.Block.deconstruct(self)

    def bulk_to_python(self, values):
        found = get_collections(values)
        return [found.get(int(value)) if str(value).isdigit() else None for value in values]


class CollectionLinkValue(blocks.StructValue):
    """Knows its shop URL and label in the active language."""

    @cached_property
    def url(self):
        collection = self.get("collection")
        return collection.get_url() if collection else None

    @property
    def collection(self):
        return self.get("collection")

    @property
    def description(self):
        """The collection's description from the shop's feed, as plain text."""
        collection = self.get("collection")
        html = collection.description if collection else ""
        return " ".join(strip_tags(BLOCK_END.sub(" ", html or "")).split())

    @property
    def label(self):
        if self.get("link_text"):
            return self["link_text"]
        collection = self.get("collection")
        return str(collection) if collection else ""


class CollectionLinkBlock(blocks.StructBlock):
    """A prominent link to one shop collection, shown as a card or a button."""

    collection = CollectionChooserBlock(
        label=_("Collection"),
        help_text=_("The shop collection to link to."),
    )
    # Named link_text, not label: StructValue is a dict, and templates would read
    # value["label"] before the .label property.
    link_text = blocks.CharBlock(
        required=False,
        max_length=120,
        label=_("Label"),
        help_text=_("Optional link text. Leave empty to use the collection's title."),
    )
    style = blocks.ChoiceBlock(
        choices=[("card", _("Card")), ("button", _("Button"))],
        default="card",
        label=_("Display style"),
    )

    class Meta:
        icon = "tag"
        label = _("Collection link")
        help_text = _("A card or button that takes the reader to a shop collection.")
        template = "shop_links/blocks/collection_link.html"
        value_class = CollectionLinkValue
