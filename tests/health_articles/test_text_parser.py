from pathlib import Path

import pytest

from health_articles.importer.structure import ArticleImportError
from health_articles.importer.text_format import parse_text

DEMO = Path(__file__).resolve().parents[2] / "demo"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_demo_file_parses_to_the_article_structure(language):
    path = DEMO / f"b12-neurologische-symptomen.{language}.txt"
    article = parse_text(path.read_text(encoding="utf-8"), language, source=path.name)
    numbered = [s for s in article.sections if s.numbered]
    unnumbered = [s for s in article.sections if not s.numbered]
    assert len(numbered) == 6
    assert len(unnumbered) == 1  # the conclusion
    assert len(article.faq) == 5
    assert all(item.answer for item in article.faq)
    assert len(article.keywords) == 15
    assert len(article.links) == 11
    assert len({link.url for link in article.links}) == 5
    assert len(article.intro) == 3
    assert article.date.isoformat() == "2025-10-22"
    assert article.author == "Topvitamine"
    assert article.seo_title.startswith("What are the neurological symptoms")
    assert not numbered[0].heading.startswith("1.")


def test_dutch_headings_and_questions():
    text = (DEMO / "b12-neurologische-symptomen.nl.txt").read_text(encoding="utf-8")
    article = parse_text(text, "nl")
    assert article.title == "Wat zijn de neurologische symptomen van een vitamine B12-tekort?"
    assert article.sections[-1].heading == "Conclusie"
    assert article.faq_heading == "Q&A Sectie"
    assert article.faq[0].question.startswith("Wat zijn de eerste neurologische symptomen")
    assert article.keywords[0] == "Vitamine B12-tekort"
    assert article.keywords[-1] == "vroege tekenen van B12-tekort"


def test_text_is_escaped_and_links_become_anchors():
    text = "SEO\n\nTitel\n\nInleiding\n\n<script>x</script> zie [dit](https://a.test/x?a=1&b=2)\n"
    article = parse_text(text, "nl")
    assert article.intro == [
        '<p>&lt;script&gt;x&lt;/script&gt; zie <a href="https://a.test/x?a=1&amp;b=2">dit</a></p>'
    ]


def test_section_without_text_names_its_line():
    text = "SEO\n\nTitel\n\n1. Lege sectie\n\n2. Volle sectie\n\nTekst.\n"
    with pytest.raises(ArticleImportError) as error:
        parse_text(text, "nl", source="a.nl.txt")
    assert str(error.value) == "a.nl.txt, line 5: section 'Lege sectie' has no text"


def test_question_without_answer_names_its_line():
    text = "SEO\n\nTitel\n\nQ&A Sectie\n\nV1: Waarom?\n\nV2: Hoe?\n\nA2: Zo.\n"
    with pytest.raises(ArticleImportError) as error:
        parse_text(text, "nl", source="b.nl.txt")
    assert "line 7" in str(error.value)
    assert "has no answer" in str(error.value)


def test_missing_title():
    with pytest.raises(ArticleImportError, match="no title"):
        parse_text("\n\n", "nl")


SPANISH = "SEO\n\nTítulo\n\n{intro}\n\nTexto.\n\n{faq}\n\n{q}1: ¿Qué?\n\n{a}1: Esto.\n"


def test_a_language_without_labels_reads_the_built_in_ones():
    """A host's fifth language imports: the built-in labels (English first) still apply."""
    article = parse_text(SPANISH.format(intro="Introduction", faq="FAQ", q="Q", a="A"), "es")
    assert article.intro == ["<p>Texto.</p>"]
    assert [(item.question, item.answer) for item in article.faq] == [("¿Qué?", ["<p>Esto.</p>"])]


def test_host_labels_for_its_own_language(settings):
    text = SPANISH.format(intro="Introducción", faq="Preguntas frecuentes", q="P", a="R")
    without = parse_text(text, "es")
    assert without.faq == []  # "Introducción" and "P1:" mean nothing yet
    settings.HEALTH_ARTICLES_IMPORT_LABELS = {
        "es": {"intro": ["Introducción"], "faq": ["Preguntas frecuentes"], "question": ["P"]}
    }
    article = parse_text(text, "es")
    assert article.intro == ["<p>Texto.</p>"]
    assert article.faq_heading == "Preguntas frecuentes"
    assert [(item.question, item.answer) for item in article.faq] == [("¿Qué?", ["<p>Esto.</p>"])]


def test_demo_seed_is_the_shared_seed_file():
    """demo/ keeps a copy of ../shared/content's seed so that a clone works on its own."""
    shared = DEMO.parents[1] / "shared" / "content" / "b12-neurologische-symptomen.nl.txt"
    if not shared.exists():
        pytest.skip("../shared is not beside this checkout")
    assert (DEMO / "b12-neurologische-symptomen.nl.txt").read_bytes() == shared.read_bytes()
