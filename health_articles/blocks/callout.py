from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class CalloutBlock(blocks.StructBlock):
    """A short boxed text that stands out from the article."""

    kind = blocks.ChoiceBlock(
        choices=[
            ("note", _("Note")),
            ("tip", _("Tip")),
            ("warning", _("Warning")),
            ("disclaimer", _("Medical disclaimer")),
        ],
        default="note",
        label=_("Kind"),
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("Text"))

    class Meta:
        icon = "warning"
        label = _("Callout")
        help_text = _("A short note, tip, warning or medical disclaimer in a box.")
        template = "health_articles/blocks/callout.html"
        preview_value = {
            "kind": "tip",
            "text": "<p>Laat uw B12-waarden regelmatig controleren.</p>",
        }
