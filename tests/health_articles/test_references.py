"""References: the block, citation marks, JSON-LD `citation`, importer and exporter, checker."""

from django.utils.translation import override

from wagtail.blocks.struct_block import StructBlockValidationError

import pytest

from health_articles.blocks import ReferenceBlock, ReferencesBlock
from health_articles.citations import link_citations
from health_articles.claims.checker import check_text
from health_articles.importer.assemble import parse_reference
from health_articles.importer.export import export_html, export_text
from health_articles.importer.structure import ArticleImportError
from health_articles.models import ArticleIndexPage, HealthArticlePage
from tests.conftest import url_in
from tests.health_articles.test_importer import run_import
from tests.health_articles.test_seo_pages import json_ld

REFERENCES = [
    {
        "title": "Vitamin B12 deficiency",
        "authors": "Green R, Allen LH, et al.",
        "year": 2017,
        "publisher": "Nature Reviews Disease Primers",
        "doi": "10.1038/nrdp.2017.40",
        "pmid": "",
        "url": "",
    },
    {
        "title": "Cobalamin and the nervous system",
        "authors": "Reynolds E",
        "year": 2006,
        "publisher": "Lancet Neurology",
        "doi": "",
        "pmid": "16914406",
        "url": "",
    },
    {
        "title": "Vitamin B12 fact sheet",
        "authors": "",
        "year": None,
        "publisher": "NIH Office of Dietary Supplements",
        "doi": "",
        "pmid": "",
        "url": "https://ods.od.nih.gov/factsheets/VitaminB12-HealthProfessional/",
    },
]


def test_a_reference_needs_a_doi_pubmed_id_or_url():
    block = ReferenceBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"title": "A study"}))
    assert "doi" in error.value.block_errors
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"title": "A study", "doi": "not-a-doi", "pmid": "12a"}))
    assert set(error.value.block_errors) == {"doi", "pmid"}
    cleaned = block.clean(block.to_python({"title": "A", "doi": "https://doi.org/10.1000/xyz"}))
    assert cleaned["doi"] == "10.1000/xyz"
    assert cleaned.href == "https://doi.org/10.1000/xyz"
    assert block.to_python({"title": "A", "pmid": "123"}).href == (
        "https://pubmed.ncbi.nlm.nih.gov/123/"
    )


def test_references_render_as_a_numbered_list():
    block = ReferencesBlock()
    html = block.render(block.to_python({"heading": "Bronnen", "references": REFERENCES}))
    assert html.count("<li") == 3
    assert 'id="ref-1"' in html and 'id="ref-3"' in html
    assert 'href="https://doi.org/10.1038/nrdp.2017.40"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/16914406/"' in html
    assert "Green R, Allen LH, et al. (2017)." in html


def test_citation_marks_link_to_existing_references_only():
    html = '<p>Studies show it [1] and [2, 3]; not [9]; <a href="/x">[1]</a>.</p>'
    linked = str(link_citations(html, 3))
    assert '<sup class="citation">[<a href="#ref-1">1</a>]</sup>' in linked
    assert '<a href="#ref-2">2</a>, <a href="#ref-3">3</a>' in linked
    assert "not [9]" in linked
    assert '<a href="/x">[1]</a>' in linked  # never inside a link
    assert link_citations(html, 0) == html


def test_text_with_markup_in_it_stays_escaped():
    html = "<p>&lt;script&gt; [1]</p>"
    assert "&lt;script&gt;" in str(link_citations(html, 1))


def test_research_statement_with_a_citation_mark_is_not_research_without_reference():
    sentence = "Studies show that many older adults absorb less vitamin B12 from food"
    assert "research_without_reference" in {
        f.kind for f in check_text(sentence + ".", "en").findings
    }
    for mark in (" [1].", " [2, 3].", " [1-3]."):
        kinds = {f.kind for f in check_text(sentence + mark, "en").findings}
        assert "research_without_reference" not in kinds


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "1. Green R, Allen LH, et al. (2017). Vitamin B12 deficiency. "
            "Nature Reviews Disease Primers. doi:10.1038/nrdp.2017.40",
            ("Green R, Allen LH, et al.", 2017, "Vitamin B12 deficiency", "10.1038/nrdp.2017.40"),
        ),
        (
            "[2] Reynolds E (2006). Cobalamin and the nervous system. Lancet Neurology. "
            "PMID: 16914406",
            ("Reynolds E", 2006, "Cobalamin and the nervous system", ""),
        ),
        (
            "Vitamin B12 fact sheet. NIH. https://ods.od.nih.gov/factsheets/b12/",
            ("", None, "Vitamin B12 fact sheet", ""),
        ),
    ],
)
def test_reference_lines_parse(line, expected):
    reference = parse_reference(line)
    assert (reference.authors, reference.year, reference.title, reference.doi) == expected


def test_a_reference_without_identifier_is_refused_with_its_line():
    with pytest.raises(ArticleImportError, match=r"x.txt, line 7: reference 'Smith J \(2020\)"):
        parse_reference("3. Smith J (2020). A study. A journal.", 7, "x.txt")


@pytest.fixture
def cited(demo):
    """The demo article (nl) with a references block and a citation mark in its first section."""
    with override("nl"):
        raw = list(demo.body.raw_data)
        section = next(b for b in raw if b["type"] == "section")
        section["value"]["text"] = section["value"]["text"].replace("</p>", " [1]</p>", 1)
        raw.append(
            {"type": "references", "value": {"heading": "Bronnen", "references": REFERENCES}}
        )
        demo.body = raw
    demo.save_revision().publish()
    return HealthArticlePage.objects.get(pk=demo.pk)


def test_page_links_citation_marks_and_lists_references(client, cited):
    html = client.get(url_in(cited, "nl")).content.decode()
    assert '<a href="#ref-1">1</a>' in html
    assert 'id="ref-3"' in html
    graph = json_ld(html)["@graph"]
    [article] = [node for node in graph if "Article" in node["@type"]]
    first, second, third = article["citation"]
    assert first["@type"] == "ScholarlyArticle"
    assert first["url"] == "https://doi.org/10.1038/nrdp.2017.40"
    assert first["identifier"] == [
        {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1038/nrdp.2017.40"}
    ]
    assert second["datePublished"] == "2006"
    assert third["@type"] == "CreativeWork"
    assert third["publisher"] == {"@type": "Organization", "name": REFERENCES[2]["publisher"]}
    # The English version has no references block: no citation.
    html_en = client.get(url_in(cited, "en")).content.decode()
    assert '"citation"' not in html_en


def references_of(page, language):
    with override(language):
        for block in page.body:
            if block.block_type == "references":
                return block.value["heading"], [
                    {key: ref.get(key) for key in REFERENCES[0]}
                    for ref in block.value["references"]
                ]
    return None


@pytest.mark.parametrize("exporter, suffix", [(export_text, "txt"), (export_html, "html")])
def test_references_round_trip_through_export_and_import(cited, tmp_path, exporter, suffix):
    index = ArticleIndexPage(title="Archief", slug="archief")
    ArticleIndexPage.objects.get(slug=cited.get_parent().slug).get_parent().add_child(
        instance=index
    )
    text = exporter(cited, "nl")
    assert "doi:10.1038/nrdp.2017.40" in text
    path = tmp_path / f"article.nl.{suffix}"
    path.write_text(text, encoding="utf-8")
    code, output = run_import(path, "--parent", index.pk)
    assert code == 0, output
    copy = HealthArticlePage.objects.child_of(index).get()
    expected = [{**ref, "year": ref["year"]} for ref in REFERENCES]
    assert references_of(copy, "nl") == ("Bronnen", expected)
    with override("nl"):
        assert "[1]" in next(b for b in copy.body if b.block_type == "section").value["text"].source
