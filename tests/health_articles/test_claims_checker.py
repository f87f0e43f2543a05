"""The claims checker as pure functions: no database, claims from the shipped data file."""

import json
from pathlib import Path

import pytest

from health_articles.claims import checker, vocab
from health_articles.claims.checker import (
    check_text,
    check_units,
    link_nutrient_problems,
    unmatched_collection_claims,
)
from health_articles.claims.data import Claim
from health_articles.claims.text import Link, Unit, html_unit, split_sentences


def kinds(text, language):
    return {f.kind for f in check_text(text, language).findings}


# Per kind, per language: sentences that must be flagged with that kind.
FLAGGED = [
    # disease claims, with inflections and compounds
    ("en", "Vitamin B12 supplements reverse nerve damage.", "disease_claim"),
    ("en", "Our omega-3 capsules prevent heart disease.", "disease_claim"),
    ("en", "Supplementation can halt the symptoms.", "disease_claim"),
    ("nl", "B12-suppletie kan zenuwbeschadiging omkeren.", "disease_claim"),
    (
        "nl",
        "Voedingssupplementen helpen om klachten aan te pakken en te voorkomen.",
        "disease_claim",
    ),
    ("nl", "Vitamine K2 beschermt tegen botontkalking.", "disease_claim"),
    ("de", "Unsere Omega-3-Kapseln beugen Herzkrankheiten vor.", "disease_claim"),
    ("de", "Vitamin-B12-Präparate machen Nervenschäden rückgängig.", "disease_claim"),
    ("de", "Magnesium lindert Muskelkrämpfe.", "disease_claim"),
    ("fr", "Nos gélules d'oméga-3 préviennent les maladies cardiaques.", "disease_claim"),
    ("fr", "La vitamine D prise chaque jour guérit la dépression.", "disease_claim"),
    ("fr", "Le magnésium soulage les crampes musculaires.", "disease_claim"),
    # function claims not authorised for the nutrient
    ("en", "Vitamin D supports the nervous system.", "unauthorised_function"),
    ("en", "Omega-3 is good for your nerve membranes.", "unauthorised_function"),
    ("nl", "Vitamine D voor immuun- en neurologische functie.", "unauthorised_function"),
    ("nl", "Omega-3 is goed voor de zenuwmembranen.", "unauthorised_function"),
    ("de", "Vitamin D unterstützt das Nervensystem.", "unauthorised_function"),
    ("de", "Magnesium verbessert Gedächtnis und Konzentration.", "unauthorised_function"),
    ("fr", "La vitamine D soutient le système nerveux.", "unauthorised_function"),
    ("fr", "La vitamine K soutient un système immunitaire sain.", "unauthorised_function"),
    # paraphrases that change the meaning of an authorised claim
    ("en", "Vitamin B12 boosts your energy levels.", "paraphrase"),
    ("en", "Vitamin B12 supports neurological function.", "paraphrase"),
    ("nl", "Magnesium voor energie- en spierondersteuning.", "paraphrase"),
    ("nl", "Vitamine B12 ondersteunt de neurologische functie.", "paraphrase"),
    ("de", "Vitamin D stärkt Ihre Muskeln.", "paraphrase"),
    ("fr", "La vitamine B12 booste votre énergie.", "paraphrase"),
    ("de", "Vitamin B12 unterstützt die neurologische Funktion.", "paraphrase"),
    ("fr", "La vitamine D renforce vos muscles.", "paraphrase"),
    ("de", "Vitamin K unterstützt ein gesundes Immunsystem.", "unauthorised_function"),
    ("nl", "Magnesium verbetert je geheugen en concentratie.", "unauthorised_function"),
    ("en", "Omega-3 supports brain health and vitality.", "general_benefit"),
    ("nl", "Onze magnesiumsupplementen geven je meer vitaliteit.", "general_benefit"),
    ("de", "Vitamin B12 ist unverzichtbar für die neurologische Gesundheit.", "general_benefit"),
    ("fr", "La vitamine B12 est indispensable à la santé neurologique.", "general_benefit"),
    (
        "en",
        "Research has shown that omega-3 is important for the brain.",
        "research_without_reference",
    ),
    ("nl", "Uit onderzoek blijkt dat omega-3 belangrijk is.", "research_without_reference"),
    ("de", "Wissenschaftlich belegt: Omega-3 ist wichtig.", "research_without_reference"),
    (
        "fr",
        "Il est scientifiquement prouvé que les oméga-3 agissent.",
        "research_without_reference",
    ),
    (
        "nl",
        "Mensen met pernicieuze anemie hebben levenslang B12-injecties nodig.",
        "clinical_advice",
    ),
    ("de", "Menschen mit perniziöser Anämie brauchen lebenslang B12-Spritzen.", "clinical_advice"),
    (
        "fr",
        "Les personnes atteintes d'anémie pernicieuse ont besoin d'injections de B12.",
        "clinical_advice",
    ),
    # general benefits without a specific claim next to them
    ("en", "Vitamin B12 is essential for neurological health.", "general_benefit"),
    ("nl", "Vitamine B12 speelt een onmisbare rol in neurologische gezondheid.", "general_benefit"),
    ("de", "Unsere Magnesiumpräparate schenken Ihnen mehr Vitalität.", "general_benefit"),
    ("fr", "La vitamine C favorise votre bien-être et votre résilience.", "general_benefit"),
    # research without a reference
    ("en", "Studies show that vitamin D users live longer.", "research_without_reference"),
    ("nl", "Klinische studies tonen aan dat B12 helpt.", "research_without_reference"),
    ("de", "Studien zeigen, dass Magnesium wirkt.", "research_without_reference"),
    ("fr", "Des études montrent que le magnésium agit.", "research_without_reference"),
    # clinical advice
    ("en", "Take 1000 µg of vitamin B12 daily if your feet tingle.", "clinical_advice"),
    ("en", "High-dose B12 injections are the standard of care.", "clinical_advice"),
    ("nl", "Neem dagelijks 1000 µg vitamine B12.", "clinical_advice"),
    (
        "nl",
        "Empirische behandeling wordt aangemoedigd, zelfs zonder laboratoriumbevestiging.",
        "clinical_advice",
    ),
    ("de", "Nehmen Sie täglich 1000 IE Vitamin D ein.", "clinical_advice"),
    ("fr", "Prenez 1000 UI de vitamine D par jour.", "clinical_advice"),
]

COMPLIANT = [
    ("en", "Vitamin B12 contributes to normal functioning of the nervous system."),
    ("en", "Untreated, a severe deficiency can cause permanent nerve damage."),
    ("en", "If left untreated, low vitamin D can lead to weaker bones."),
    ("nl", "Zonder vitamine B12 kan de schade onomkeerbaar zijn."),
    ("de", "Ohne Vitamin B12 können die Schäden irreversibel sein."),
    ("fr", "Sans vitamine B12, les lésions peuvent devenir irréversibles."),
    ("en", "The reference intake for vitamin B12 is 2.5 µg per day."),
    ("en", "If you notice these signs, talk to your doctor about a blood test."),
    ("en", "Vitamin C contributes to the regeneration of the reduced form of vitamin E."),
    ("nl", "Vitamine D draagt bij tot de normale werking van het immuunsysteem."),
    ("nl", "Bij ouderen komt een B12-tekort vaker voor."),
    ("nl", "Onbehandeld kan een ernstig tekort blijvende zenuwschade veroorzaken."),
    (
        "nl",
        "EPA en DHA dragen bij tot de normale werking van het hart; het gunstige effect "
        "wordt verkregen bij een dagelijkse inname van 250 mg EPA en DHA.",
    ),
    ("de", "Vitamin K trägt zu einer normalen Blutgerinnung bei."),
    ("de", "Unbehandelt kann ein schwerer Mangel bleibende Nervenschäden verursachen."),
    ("fr", "Le magnésium contribue à réduire la fatigue."),
    ("fr", "Non traitée, une carence sévère peut causer des lésions nerveuses permanentes."),
]


@pytest.mark.parametrize(("language", "sentence", "kind"), FLAGGED)
def test_flags_the_sentence_with_its_kind(language, sentence, kind):
    assert kind in kinds(sentence, language)


@pytest.mark.parametrize(("language", "sentence"), COMPLIANT)
def test_compliant_sentences_stay_quiet(language, sentence):
    assert check_text(sentence, language).findings == []


def test_finding_carries_block_sentence_severity_nutrients_and_suggestion():
    report = check_units(
        [Unit("section 2", "Magnesium is found in nuts. Vitamin D supports the nervous system.")],
        "en",
    )
    [finding] = report.findings
    assert finding.block == "section 2"
    assert finding.sentence == "Vitamin D supports the nervous system."
    assert finding.sentence_index == 2
    assert (finding.kind, finding.severity) == ("unauthorised_function", "high")
    assert finding.nutrients == ("vitamin_d",)
    assert report.has_high


def test_paraphrase_suggests_the_authorised_wording_in_the_language():
    [finding] = check_text("Vitamine B12 ondersteunt de neurologische functie.", "nl").findings
    assert finding.severity == "medium"
    assert finding.suggestion == (
        "Vitamine B12 draagt bij tot de normale werking van het zenuwstelsel"
    )


def test_coordinated_vitamins_are_each_checked():
    # "D or C": C has a nervous-system claim, D has none.
    findings = check_text(
        "Vitamin D or C supplements support the immune and nervous systems.", "en"
    ).findings
    assert [f.nutrients for f in findings if f.kind == "unauthorised_function"] == [("vitamin_d",)]


def test_general_benefit_is_fine_next_to_a_specific_authorised_claim():
    text = (
        "Vitamin B12 contributes to normal functioning of the nervous system. "
        "That is why it matters for neurological health."
    )
    assert kinds(text, "en") == set()
    assert "general_benefit" in kinds("It matters for B12 and neurological health.", "en")


def test_research_with_a_reference_is_fine():
    assert kinds("Studies show that vitamin D is made in the skin [1].", "en") == set()
    assert kinds("Studies show that vitamin D is made in the skin.", "en") == {
        "research_without_reference"
    }


def test_diagnosis_is_low_and_a_referral_to_a_doctor_is_fine():
    [finding] = check_text("Blood tests confirm the diagnosis.", "en").findings
    assert (finding.kind, finding.severity) == ("clinical_advice", "low")
    assert check_text("Ask your doctor for a blood test.", "en").findings == []


def test_nutrient_named_only_as_a_deficiency_is_not_the_subject_of_a_claim():
    assert kinds("Doctors treat B12 deficiency.", "en") == set()
    assert "disease_claim" in kinds("B12 treats anaemia.", "en")


def test_a_language_without_data_degrades_gracefully():
    report = check_text("La vitamina D previene la depressione.", "it")
    assert (report.available, report.findings) == (False, [])
    assert "not available for this language" in report.notes[0]
    assert check_text("anything", "").available is False
    assert check_text("anything", "../en").available is False


def test_claims_can_be_passed_in_instead_of_the_data_file():
    claims = [
        Claim("d.nerves", "vitamin_d", "nervous_system", "en", "Vitamin D supports nervous systems")
    ]
    assert (
        check_units([Unit("t", "Vitamin D supports the nervous system.")], "en", claims).findings
        == []
    )
    # With the shipped claims (no nervous-system claim for vitamin D) it is a finding.
    assert check_units([Unit("t", "Vitamin D supports the nervous system.")], "en").findings
    report = check_units([Unit("t", "Hello.")], "en", claims=[])
    assert "No health claims are loaded" in report.notes[0]


def test_sentences_split_on_punctuation_but_not_on_abbreviations():
    assert split_sentences("Eet bijv. vis. Neem B12.\nKop", ("bijv.",)) == [
        "Eet bijv. vis.",
        "Neem B12.",
        "Kop",
    ]


def test_html_unit_keeps_text_and_collection_links():
    unit = html_unit(
        "intro",
        '<p>Zie <a linktype="collection" id="7">vitamine D</a>.</p><p>Meer &amp; meer.</p>',
    )
    assert unit.text == "Zie vitamine D.\nMeer & meer."
    assert unit.links == [Link("vitamine D", 7, "")]


def test_link_text_naming_a_nutrient_the_collection_does_not_sell():
    assert link_nutrient_problems("vitamine D- of C-supplementen", {"vitamin_d"}, "nl") == {
        "vitamin_c"
    }
    assert link_nutrient_problems("vitamine D", {"vitamin_d"}, "nl") == set()


def test_claim_beside_a_collection_without_a_matching_authorised_claim():
    sentence = "Deze supplementen ondersteunen het zenuwstelsel."
    assert unmatched_collection_claims(sentence, {"vitamin_d"}, "nl") == ["zenuwstelsel"]
    assert unmatched_collection_claims(sentence, {"magnesium"}, "nl") == []


def test_collection_kinds_come_from_units_with_collection_nutrients():
    unit = Unit(
        "section 6",
        "Producten zoals vitamine D- of C-supplementen ondersteunen het zenuwstelsel.",
        [Link("vitamine D- of C-supplementen", 3)],
    )
    report = checker.check_units([unit], "nl", collection_nutrients={3: {"vitamin_d"}})
    found = {f.kind: f for f in report.findings}
    assert found["link_nutrient_mismatch"].nutrients == ("vitamin_c",)
    assert found["collection_claim_mismatch"].severity == "high"
    without = checker.check_units([unit], "nl")
    assert not {"link_nutrient_mismatch", "collection_claim_mismatch"} & {
        f.kind for f in without.findings
    }


def test_every_language_file_loads_and_names_the_same_function_keys():
    languages = vocab.available_languages()
    assert {"nl", "en", "de", "fr"} <= set(languages)
    keys = {language: set(vocab.vocabulary(language).functions) for language in languages}
    assert all(k == keys["en"] for k in keys.values())


def test_a_bad_pattern_in_a_language_file_names_file_and_entry(tmp_path):
    data = json.loads((vocab.LANGUAGE_DIR / "en.json").read_text(encoding="utf-8"))
    data["cure_strong"].append("cure(")
    with pytest.raises(vocab.VocabularyError, match=r"xx.json, cure_strong: bad pattern 'cure\('"):
        vocab.parse_vocabulary(data, "xx.json")


# The structural check: sentences in no corpus, one effect construction each.
STRUCTURAL_FLAGGED = [
    ("en", "Zinc-free magnesium tablets loosen up a stiff neck.", "disease_claim"),
    ("en", "Thanks to vitamin D, your knees feel young again.", "unauthorised_function"),
    ("en", "Vitamin C tablets rejuvenate tired-looking skin.", "paraphrase"),
    ("nl", "Magnesiumtabletten maken een stijve nek weer los.", "disease_claim"),
    ("nl", "Dankzij vitamine D voelen je knieën weer jong.", "unauthorised_function"),
    ("nl", "Vitamine D verlaagt de kans op valpartijen.", "disease_claim"),
    ("de", "Magnesiumtabletten lockern einen steifen Nacken.", "disease_claim"),
    ("de", "Dank Vitamin D fühlen sich Ihre Knie wieder jung an.", "unauthorised_function"),
    ("de", "Vitamin B12 vertreibt Nervenschmerzen.", "disease_claim"),
    ("fr", "Les comprimés de magnésium dénouent une nuque raide.", "disease_claim"),
    ("fr", "Grâce à la vitamine D, vos genoux se sentent jeunes.", "unauthorised_function"),
    ("fr", "La vitamine B12 chasse les douleurs nerveuses.", "disease_claim"),
]
STRUCTURAL_QUIET = [
    ("en", "Vitamin D is made in the skin when UVB light reaches it."),
    ("en", "Cooking lowers the vitamin C in broccoli."),
    ("nl", "Vitamine C in broccoli neemt af als je hem lang kookt."),
    ("de", "Vitamin D ist in fettem Fisch und Eigelb enthalten."),
    ("fr", "Une gélule apporte 1000 UI de vitamine D3."),
]


@pytest.mark.parametrize(("language", "sentence", "kind"), STRUCTURAL_FLAGGED)
def test_structural_check_flags_effects_on_the_body(language, sentence, kind):
    assert kind in kinds(sentence, language)


@pytest.mark.parametrize(("language", "sentence"), STRUCTURAL_QUIET)
def test_structural_check_stays_quiet_on_facts(language, sentence):
    assert kinds(sentence, language) == set()


def test_structural_check_accepts_an_authorised_wording_but_not_an_effect_verb_on_it():
    assert kinds("Magnesium contributes to normal muscle function.", "en") == set()
    assert "paraphrase" in kinds("Magnesium relaxes your muscle function.", "en")


def test_structural_vocabulary_is_optional():
    data = json.loads((vocab.LANGUAGE_DIR / "en.json").read_text(encoding="utf-8"))
    del data["structure"]
    parsed = vocab.parse_vocabulary(data, "xx.json")
    assert all(pattern is None for pattern in parsed.structure.values())


# Claims made through a pronoun, and disease claims with no agent named (holdout3's shapes).
PRONOUN_CLAIMS = [
    ("en", "Vitamin D is made in the skin. It also strengthens the nervous system."),
    ("nl", "Vitamine D wordt in de huid aangemaakt. Bovendien versterkt het de zenuwen."),
    ("de", "Vitamin D wird in der Haut gebildet. Außerdem stärkt es das Nervensystem."),
    ("fr", "La vitamine D est fabriquée par la peau. Elle renforce aussi le système nerveux."),
]


@pytest.mark.parametrize(("language", "text"), PRONOUN_CLAIMS)
def test_a_pronoun_carries_the_nutrient_of_the_sentence_before(language, text):
    [finding] = check_text(text, language).findings
    assert (finding.kind, finding.severity, finding.nutrients) == (
        "unauthorised_function",
        "high",
        ("vitamin_d",),
    )
    assert finding.sentence_index == 2


def test_a_pronoun_refers_only_to_a_nutrient_and_not_in_it_is_wise_to():
    assert kinds("The skin makes it. It also strengthens the nervous system.", "en") == set()
    expletive = "Vitamin D is made in the skin. It is wise to strengthen the nervous system."
    assert kinds(expletive, "en") == set()


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Nerve damage can often be reversed."),
        ("nl", "Zenuwschade is vaak te voorkomen."),
        ("de", "Nervenschäden lassen sich oft rückgängig machen."),
        ("fr", "Les lésions nerveuses peuvent souvent être inversées."),
    ],
)
def test_a_disease_prevented_or_reversed_by_no_named_agent_is_a_medium_claim(language, text):
    [finding] = check_text(text, language).findings
    assert (finding.kind, finding.severity, finding.nutrients) == ("disease_claim", "medium", ())


def test_no_implied_claim_for_treatment_talk_or_a_referral_to_a_doctor():
    assert kinds("Complications and the need for treatment.", "en") == set()
    assert kinds("Ask your doctor how to prevent nerve damage.", "en") == set()


def test_a_general_benefit_something_is_said_to_give_needs_no_named_agent():
    given = "Make sure your body gets the support it needs for lifelong vitality."
    assert kinds(given, "en") == {"general_benefit"}
    assert kinds("Lifelong vitality is what many people want.", "en") == set()


def test_remembered_reports_follow_the_text_and_are_copies():
    from health_articles.claims.service import checked

    def units(text):
        return [Unit(block="intro", text=text)]

    claims = []
    bad = "Vitamin D supplements cure depression."
    first = checked(units(bad), "en", claims, {})
    assert {f.kind for f in first.findings} == {"disease_claim"}
    first.findings.clear()  # a caller changing its copy changes nothing remembered
    assert checked(units(bad), "en", claims, {}).findings
    assert checked(units("Vitamin D is found in fish."), "en", claims, {}).findings == []


CORPUS = Path(__file__).resolve().parent / "claims_corpus"


def corpus_sentences(language):
    """Every sentence of the labelled corpus and its held-out sets in `language`."""
    paths = [CORPUS / f"{language}.json", *sorted(CORPUS.glob(f"holdout*/{language}.json"))]
    return [
        row["text"]
        for path in paths
        for row in json.loads(path.read_text(encoding="utf-8"))["sentences"]
    ]


@pytest.mark.parametrize("language", vocab.available_languages())
def test_patterns_tried_only_where_some_term_starts_find_what_a_full_scan_finds(language):
    """The checker tries each function, nutrient and benefit pattern only at the positions
    its `*_starts` pattern gives; every match a full scan finds must start at one of them."""
    words = vocab.vocabulary(language)
    groups = [
        (words.function_starts, [p for pair in words.functions.values() for p in pair]),
        (words.nutrient_starts, list(words.nutrients.values())),
        (words.benefit_starts, [pattern for pattern, _related in words.general_benefits]),
    ]
    matched = 0
    for text in corpus_sentences(language):
        for starts_pattern, patterns in groups:
            starts = [m.start() for m in starts_pattern.finditer(text)]
            for pattern in filter(None, patterns):
                full_scan = [m.span() for m in pattern.finditer(text)]
                assert [m.span() for m in checker.matches_at(pattern, text, starts)] == full_scan
                matched += len(full_scan)
    assert matched > 50  # the corpus does mention functions, nutrients and benefits
