from wagtail import blocks

from shop_links.blocks import CollectionLinkBlock

from .callout import CalloutBlock
from .faq import FAQBlock
from .keywords import KeywordsBlock
from .references import ReferencesBlock
from .sections import SectionBlock


class ArticleBodyBlock(blocks.StreamBlock):
    """The body of a health article. These names are stored per language: never rename them."""

    section = SectionBlock()
    faq = FAQBlock()
    keywords = KeywordsBlock()
    collection_link = CollectionLinkBlock()
    callout = CalloutBlock()
    references = ReferencesBlock()

    class Meta:
        block_counts = {
            "faq": {"max_num": 1},
            "keywords": {"max_num": 1},
            "references": {"max_num": 1},
        }
