from django.test import SimpleTestCase
from django.utils.translation import override

from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

import pytest

from health_articles.blocks import (
    ArticleBodyBlock,
    CalloutBlock,
    FAQBlock,
    KeywordsBlock,
    QuestionAnswerBlock,
    SectionBlock,
)
from tests.factories import KeywordFactory


class SectionBlockTests(SimpleTestCase):
    def test_heading_and_text_are_required(self):
        block = SectionBlock()
        with self.assertRaises(StructBlockValidationError) as error:
            block.clean(block.to_python({"heading": "", "text": "", "numbered": True}))
        self.assertEqual(set(error.exception.block_errors), {"heading", "text"})

    def test_renders_number_and_anchor_given_by_the_page(self):
        block = SectionBlock()
        value = block.to_python({"heading": "Oorzaken", "text": "<p>Tekst</p>", "numbered": True})
        html = block.render(value, context={"number": 3, "anchor": "oorzaken"})
        self.assertInHTML(
            '<h2 id="oorzaken" class="article-section__heading">'
            '<span class="article-section__number">3.</span> Oorzaken</h2>',
            html,
        )
        self.assertInHTML("<p>Tekst</p>", html)

    def test_unnumbered_section_has_no_number(self):
        block = SectionBlock()
        value = block.to_python({"heading": "Conclusie", "text": "<p>Slot</p>", "numbered": False})
        html = block.render(value, context={"number": None, "anchor": "conclusie"})
        self.assertNotIn("article-section__number", html)


class QuestionAnswerBlockTests(SimpleTestCase):
    def test_question_without_answer_is_rejected(self):
        block = QuestionAnswerBlock()
        with self.assertRaises(StructBlockValidationError) as error:
            block.clean(block.to_python({"question": "Waarom?", "answer": ""}))
        self.assertEqual(set(error.exception.block_errors), {"answer"})

    def test_empty_paragraph_is_no_answer(self):
        block = QuestionAnswerBlock()
        with self.assertRaises(StructBlockValidationError) as error:
            block.clean(
                block.to_python({"question": "Waarom?", "answer": '<p data-block-key="a"></p>'})
            )
        self.assertEqual(set(error.exception.block_errors), {"answer"})

    def test_answer_without_question_is_rejected(self):
        block = QuestionAnswerBlock()
        with self.assertRaises(StructBlockValidationError) as error:
            block.clean(block.to_python({"question": "", "answer": "<p>Daarom.</p>"}))
        self.assertEqual(set(error.exception.block_errors), {"question"})


class FAQBlockTests(SimpleTestCase):
    def test_renders_details_and_summary_per_question(self):
        block = FAQBlock()
        value = block.to_python(
            {
                "heading": "Veelgestelde vragen",
                "questions": [
                    {"question": "Wat is B12?", "answer": "<p>Een vitamine.</p>"},
                    {"question": "Wie loopt risico?", "answer": "<p>Veganisten.</p>"},
                ],
            }
        )
        html = block.render(value, context={"anchor": "faq"})
        self.assertEqual(html.count("<details"), 2)
        self.assertInHTML('<summary><h3 class="faq__question">Wat is B12?</h3></summary>', html)
        self.assertInHTML('<h2 id="faq">Veelgestelde vragen</h2>', html)

    def test_needs_at_least_one_question(self):
        block = FAQBlock()
        with self.assertRaises(StructBlockValidationError) as error:
            block.clean(block.to_python({"heading": "FAQ", "questions": []}))
        self.assertIsInstance(error.exception.block_errors["questions"], ListBlockValidationError)


class CalloutBlockTests(SimpleTestCase):
    def test_renders_kind_label_and_text(self):
        block = CalloutBlock()
        value = block.to_python({"kind": "disclaimer", "text": "<p>Vraag uw arts.</p>"})
        with override("en"):
            html = block.render(value)
        self.assertIn("callout--disclaimer", html)
        self.assertIn("Medical disclaimer", html)
        with override("nl"):
            self.assertIn("Medische disclaimer", block.render(value))
        self.assertInHTML("<p>Vraag uw arts.</p>", html)

    def test_text_is_required(self):
        block = CalloutBlock()
        with self.assertRaises(StructBlockValidationError):
            block.clean(block.to_python({"kind": "tip", "text": ""}))


@pytest.mark.django_db
def test_keywords_block_links_each_keyword_to_its_page():
    first, second = KeywordFactory(name="Vitamine B12"), KeywordFactory(name="Magnesium")
    block = KeywordsBlock()
    value = block.to_python({"heading": "Zoekwoorden", "keywords": [first.pk, second.pk]})
    html = block.render(
        value, context={"keyword_base_url": "/nl/artikelen/trefwoorden/", "anchor": "kw"}
    )
    assert '<a href="/nl/artikelen/trefwoorden/vitamine-b12/">Vitamine B12</a>' in html
    assert '<a href="/nl/artikelen/trefwoorden/magnesium/">Magnesium</a>' in html


@pytest.mark.django_db
def test_keywords_block_needs_a_keyword():
    block = KeywordsBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"heading": "Zoekwoorden", "keywords": []}))


def test_body_allows_one_faq_and_one_keywords_block():
    block = ArticleBodyBlock()
    qa = {"question": "Q?", "answer": "<p>A</p>"}
    value = block.to_python(
        [
            {"type": "faq", "value": {"heading": "FAQ", "questions": [qa]}},
            {"type": "faq", "value": {"heading": "FAQ 2", "questions": [qa]}},
        ]
    )
    with override("en"), pytest.raises(StreamBlockValidationError) as error:
        block.clean(value)
    [message] = error.value.non_block_errors.as_data()[0].messages
    assert message.startswith("Frequently asked questions:")
    assert message.endswith(" 1")


def test_every_block_has_a_template_and_help_text():
    for name, child in ArticleBodyBlock().child_blocks.items():
        assert child.meta.template, name
        assert child.meta.help_text, name


@pytest.mark.django_db
def test_keyword_slugs_are_unique_per_language():
    from django.core.exceptions import ValidationError

    from modeltranslation.utils import build_localized_fieldname

    first = KeywordFactory(name="B12-tekort")
    second = KeywordFactory(name="B12 tekort")
    assert (first.slug, second.slug) == ("b12-tekort", "b12-tekort-2")
    second.slug = "b12-tekort"
    with pytest.raises(ValidationError) as error:
        second.clean()
    assert build_localized_fieldname("slug", "nl") in error.value.message_dict
