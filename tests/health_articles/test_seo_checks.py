"""The SEO check functions on their own, with inputs whose results were worked out by hand."""

import pytest

from health_articles.seo.checks import (
    FAIL,
    PASS,
    WARN,
    SeoInput,
    pixel_width,
    run_checks,
    search_preview,
)
from health_articles.seo.readability import count_syllables, readability
from health_articles.seo.report import KeyphraseRow, mark_cannibalisation


def test_flesch_douma_for_a_dutch_text_computed_by_hand():
    # 11 words, 2 sentences, 12 syllables (warme = war-me):
    # 206.835 - 0.93 * 11/2 - 77 * 12/11 = 206.835 - 5.115 - 84.0 = 117.72
    result = readability("De kat zit op de mat. Het is een warme dag.", "nl")
    assert (result.words, result.sentences, result.syllables) == (11, 2, 12)
    assert result.score == pytest.approx(117.7, abs=0.05)
    assert result.formula == "Flesch–Douma"


def test_amstad_for_german():
    # 6 words, 2 sentences, 8 syllables: 180 - 3 - 58.5 * 8/6 = 99.0
    result = readability("Das ist gut. Wir gehen heute.", "de")
    assert (result.words, result.syllables) == (6, 8)
    assert result.score == pytest.approx(99.0, abs=0.05)


def test_kandel_moles_for_french():
    # 6 words, 2 sentences, 6 syllables: 207 - 1.015 * 3 - 73.6 * 1 = 130.355
    result = readability("Le chat dort. Il fait beau.", "fr")
    assert result.syllables == 6
    assert result.score == pytest.approx(130.4, abs=0.06)


def test_flesch_reading_ease_for_english():
    # 6 words, 1 sentence, 6 syllables: 206.835 - 1.015 * 6 - 84.6 = 116.145
    result = readability("The cat sat on the mat.", "en")
    assert result.score == pytest.approx(116.1, abs=0.06)


def test_long_sentences_and_average_length():
    long = " ".join(["woord"] * 21) + "."
    result = readability(f"Kort zinnetje. {long} Nog een korte zin.", "nl")
    assert result.sentences == 3
    assert result.long_sentence_share == pytest.approx(1 / 3)
    assert result.average_sentence_length == pytest.approx((2 + 21 + 4) / 3, abs=0.05)


@pytest.mark.parametrize(
    "word, language, syllables",
    [
        ("cake", "en", 1),
        ("table", "en", 2),
        ("warme", "nl", 2),
        ("heute", "de", 2),
        ("dorment", "fr", 1),
        ("maison", "fr", 2),
    ],
)
def test_syllable_counts(word, language, syllables):
    assert count_syllables(word, language) == syllables


def data(**overrides):
    base = {
        "language": "nl",
        "keyphrase": "vitamine B12-tekort",
        "title": "Vitamine B12-tekort: de neurologische symptomen herkennen",
        "seo_title": "",
        "slug": "vitamine-b12-tekort-symptomen",
        "description": "Een vitamine B12-tekort " + "x" * 110,
        "intro_html": "<p>Een vitamine B12-tekort komt vaak voor.</p><p>Tweede.</p>",
        "headings": ["Wat is een vitamine B12-tekort?", "Symptomen"],
        "body_text": "Een vitamine B12-tekort is ernstig. " + "Dit is tekst. " * 60,
        "collection_links": 2,
        "internal_links": 1,
        "url": "https://example.org/nl/artikelen/x/",
    }
    base.update(overrides)
    return SeoInput(**base)


def statuses(seo_input):
    return {check.id: check.status for check in run_checks(seo_input)}


def test_a_well_optimised_article_passes():
    result = statuses(data())
    assert result["in-title"] == result["in-intro"] == result["in-description"] == PASS
    assert result["in-heading"] == result["in-slug"] == PASS
    assert result["title-length"] == PASS
    assert result["description-length"] == PASS
    assert result["image-alt"] == result["collection-links"] == PASS


def test_missing_keyphrase_fails_and_skips_the_phrase_checks():
    result = statuses(data(keyphrase=""))
    assert result["keyphrase"] == FAIL
    assert "in-title" not in result


def test_keyphrase_only_in_the_second_intro_paragraph_fails():
    intro = "<p>Eerste alinea zonder.</p><p>Een vitamine B12-tekort.</p>"
    assert statuses(data(intro_html=intro))["in-intro"] == FAIL


@pytest.mark.parametrize(
    "length, status", [(0, FAIL), (119, WARN), (120, PASS), (156, PASS), (157, WARN)]
)
def test_meta_description_length_bounds(length, status):
    assert statuses(data(description="a" * length))["description-length"] == status


def test_seo_title_length_by_characters_and_pixels():
    assert statuses(data(seo_title="A" * 61))["title-length"] == WARN
    assert statuses(data(seo_title="Kort"))["title-length"] == WARN
    # 45 capital Ws are under 60 characters but far over 580 px.
    assert pixel_width("W" * 45) > 580
    assert statuses(data(seo_title="W" * 45))["title-length"] == WARN


def test_density_bounds():
    once_in_many = "Een vitamine B12-tekort. " + "Andere woorden hier. " * 200
    checks = {c.id: c for c in run_checks(data(body_text=once_in_many))}
    assert checks["density"].status == WARN
    assert "0.3%" in checks["density"].message or "0.5" in checks["density"].message


def test_images_without_alt_and_missing_links_warn():
    result = statuses(data(images_without_alt=["hero"], collection_links=0, internal_links=0))
    assert result["image-alt"] == result["collection-links"] == result["internal-links"] == WARN


def test_search_preview_cuts_long_title_and_description():
    preview = search_preview(data(seo_title="Woord " * 30, description="woord " * 40))
    assert preview["title"].endswith(" …")
    assert pixel_width(preview["title"][:-2]) <= 580
    assert len(preview["description"]) <= 158
    assert preview["url"] == "https://example.org/nl/artikelen/x/"


def test_cannibalisation_marks_same_and_nearly_same_phrases_per_language():
    def row(phrase, language="nl", title="t"):
        return KeyphraseRow(None, language, phrase, title, 50, 130)

    rows = mark_cannibalisation(
        [
            row("vitamine B12-tekort"),
            row("Vitamine B12 tekort"),  # same words, other punctuation
            row("vitamine B12-tekorten"),  # nearly the same
            row("magnesium"),
            row("vitamine B12-tekort", language="en"),
        ]
    )
    assert [len(r.cannibalises) for r in rows] == [2, 2, 2, 0, 0]
