"""StreamField blocks of a health article. Block names are forever: see docs/architecture.md."""

from .body import ArticleBodyBlock
from .callout import CalloutBlock
from .faq import FAQBlock, QuestionAnswerBlock
from .keywords import KeywordsBlock
from .references import ReferenceBlock, ReferencesBlock
from .sections import ARTICLE_RICH_TEXT_FEATURES, SectionBlock

__all__ = [
    "ARTICLE_RICH_TEXT_FEATURES",
    "ArticleBodyBlock",
    "CalloutBlock",
    "FAQBlock",
    "KeywordsBlock",
    "QuestionAnswerBlock",
    "ReferenceBlock",
    "ReferencesBlock",
    "SectionBlock",
]
