from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from .sections import ARTICLE_RICH_TEXT_FEATURES


class QuestionAnswerBlock(blocks.StructBlock):
    """One question a reader may ask, with its answer."""

    question = blocks.CharBlock(max_length=300, label=_("Question"))
    answer = blocks.RichTextBlock(features=ARTICLE_RICH_TEXT_FEATURES, label=_("Answer"))

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "health_articles/blocks/question_answer.html"
        preview_value = {
            "question": "Wie loopt het grootste risico op een B12-tekort?",
            "answer": "<p>Veganisten, vegetariërs en ouderen.</p>",
        }

    def clean(self, value):
        value = super().clean(value)
        # An editor's empty paragraph (<p></p>) is no answer either; like Wagtail's
        # own required checks, this waits until publishing (drafts may be unfinished).
        if self.is_deferred_validation:
            return value
        if not strip_tags(value["answer"].source).strip():
            raise StructBlockValidationError(
                block_errors={"answer": ValidationError(_("Write an answer to this question."))}
            )
        return value


class FAQBlock(blocks.StructBlock):
    """Frequently asked questions, shown as expandable items."""

    heading = blocks.CharBlock(max_length=255, label=_("Heading"))
    questions = blocks.ListBlock(QuestionAnswerBlock(), min_num=1, label=_("Questions"))

    class Meta:
        icon = "help"
        label = _("Frequently asked questions")
        help_text = _("Questions and answers. Each needs both a question and an answer.")
        template = "health_articles/blocks/faq.html"
