"""Property tests: the parsers never crash, and export -> import gives the article back."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from health_articles.importer.export import export_html, export_text
from health_articles.importer.html_format import parse_html
from health_articles.importer.labels import LABELS
from health_articles.importer.structure import (
    ArticleData,
    ArticleImportError,
    QuestionData,
    SectionData,
)
from health_articles.importer.text_format import parse_text
from health_articles.importer.writer import ArticleWriter
from health_articles.models import ArticleIndexPage
from tests.health_articles.test_importer import structure

LANGUAGES = sorted(LABELS)
FUZZ = settings(max_examples=300, deadline=500, suppress_health_check=[HealthCheck.too_slow])

# Lines that look like the format's own markers, to reach the parser's deeper states.
marker = st.sampled_from(
    [label for labels in LABELS.values() for values in labels.values() for label in values]
    + [
        "1. Kop",
        "12. Heading",
        "## Kop",
        "V1: vraag?",
        "A1: antwoord",
        "Q3:",
        "R2: x",
        "More articles",
    ]
    + [
        "Oct 22, 2025Topvitamine",
        "Feb 30, 2025X",
        "translation-of: 7",
        "[a](b)",
        "[x](https://a/b)",
    ]
)
line = st.one_of(marker, st.text(max_size=60))
document = st.lists(line, max_size=30).map("\n\n".join)


@FUZZ
@given(text=st.one_of(st.text(), document), language=st.sampled_from(LANGUAGES + ["xx"]))
def test_text_parser_returns_an_article_or_our_error(text, language):
    try:
        article = parse_text(text, language)
    except ArticleImportError as error:
        assert error.message
    else:
        assert isinstance(article, ArticleData)
        assert article.title


html_piece = st.one_of(
    st.sampled_from(
        [
            "<h1>",
            "</h1>",
            "<h2>",
            "</h2>",
            "<h3>",
            "</h3>",
            "<p>",
            "</p>",
            "<ul>",
            "<li>",
            "</ul>",
            "<a href='x'>",
            "</a>",
            "<script>",
            "</script>",
            "<time datetime='2025-13-45'>",
            "<title>",
            "</title>",
            "<strong>",
        ]
    ),
    marker,
    st.text(max_size=30),
)


@FUZZ
@given(
    text=st.one_of(st.text(), st.lists(html_piece, max_size=40).map("".join)),
    language=st.sampled_from(LANGUAGES),
)
def test_html_parser_returns_an_article_or_our_error(text, language):
    try:
        article = parse_html(text, language)
    except ArticleImportError as error:
        assert error.message
    else:
        assert article.title


# --- round trip -------------------------------------------------------------------

word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéëü&<>'\"", min_size=2, max_size=9)
phrase = st.lists(word, min_size=3, max_size=8).map(" ".join)
HANDLES = ["magnesium-benefits-energy-muscle-bone-support", "vitamin-d-benefits-sources-safety"]


@st.composite
def paragraph(draw, language):
    text = draw(phrase)
    if draw(st.booleans()):
        target = draw(
            st.one_of(
                st.sampled_from(HANDLES).map(
                    lambda h: f"https://www.topvitamine.com/{language}/collections/{h}"
                ),
                st.just("https://example.org/page?a=1&b=2"),
            )
        )
        text = f"{text} [{draw(phrase)}]({target}) {draw(phrase)}"
    return text


@st.composite
def articles(draw, language):
    from health_articles.importer.text_format import paragraph_html

    def paragraphs(minimum=1):
        return [
            paragraph_html(p, [])
            for p in draw(st.lists(paragraph(language), min_size=minimum, max_size=3))
        ]

    labels = LABELS[language]
    sections = [
        SectionData(heading=draw(phrase), paragraphs=paragraphs())
        for _ in range(draw(st.integers(1, 4)))
    ]
    if draw(st.booleans()):
        sections.append(
            SectionData(heading=labels["conclusion"][0], paragraphs=paragraphs(), numbered=False)
        )
    faq = [
        QuestionData(question=draw(phrase) + "?", answer=paragraphs())
        for _ in range(draw(st.integers(0, 3)))
    ]
    keywords = draw(
        st.lists(st.text(alphabet="abcdefghij", min_size=3, max_size=8), max_size=5, unique=True)
    )
    return ArticleData(
        language=language,
        title=draw(phrase),
        seo_title=draw(phrase),
        intro=paragraphs(),
        sections=sections,
        faq_heading=labels["faq"][0] if faq else "",
        faq=faq,
        keywords_heading=labels["keywords"][0] if keywords else "",
        keywords=keywords,
    )


counter = itertools.count()


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data(), language=st.sampled_from(LANGUAGES), fmt=st.sampled_from(["text", "html"]))
def test_export_then_import_gives_the_same_article(demo, data, language, fmt):
    index = ArticleIndexPage.objects.get(slug_nl="artikelen")  # noqa
    article = data.draw(articles(language))
    article.title = f"{article.title} {next(counter)}"
    original = ArticleWriter(index).write(article, publish=True)

    exported = (export_text if fmt == "text" else export_html)(original, language)
    parse = parse_text if fmt == "text" else parse_html
    again = parse(exported, language)
    again.title = again.title + " copy"
    copy = ArticleWriter(index).write(again, publish=True)

    first, second = structure(original, language), structure(copy, language)
    assert second["title"] == first["title"] + " copy"
    assert second["intro"] == first["intro"]
    assert second["blocks"] == first["blocks"]
