from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

# Rich-text features allowed in article prose: inline emphasis, lists, ordinary
# links and links to shop collections. Headings come from the blocks themselves.
ARTICLE_RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "collection-link"]


class SectionBlock(blocks.StructBlock):
    """A titled part of the article. Numbered sections are numbered on the page (1., 2., …)."""

    heading = blocks.CharBlock(
        max_length=255,
        label=_("Heading"),
        help_text=_("The section's title, without a number: numbers are added on the page."),
    )
    text = blocks.RichTextBlock(
        features=ARTICLE_RICH_TEXT_FEATURES,
        label=_("Text"),
        help_text=_("Select words and use the shop button to link them to a collection."),
    )
    image = ImageChooserBlock(required=False, label=_("Image"))
    caption = blocks.CharBlock(required=False, max_length=255, label=_("Image caption"))
    numbered = blocks.BooleanBlock(
        required=False,
        default=True,
        label=_("Numbered"),
        help_text=_("Untick for the introduction or conclusion, which have no number."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Section")
        help_text = _("A heading and its text. It appears in the table of contents.")
        template = "health_articles/blocks/section.html"
        preview_value = {
            "heading": "Symptomen van een vitamine B12-tekort",
            "text": "<p>Vitamine B12 is van wezenlijk belang voor de aanmaak van myeline.</p>",
            "numbered": True,
        }
