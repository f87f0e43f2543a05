from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from shop_links.blocks import TranslatedSnippetChooserBlock


class KeywordsBlock(blocks.StructBlock):
    """The article's keywords. Keywords are shared: renaming one renames it everywhere."""

    heading = blocks.CharBlock(max_length=255, label=_("Heading"))
    keywords = blocks.ListBlock(
        TranslatedSnippetChooserBlock("health_articles.Keyword"), min_num=1, label=_("Keywords")
    )

    class Meta:
        icon = "tag"
        label = _("Keywords")
        help_text = _("Choose shared keywords; each links to a page listing its articles.")
        template = "health_articles/blocks/keywords.html"
