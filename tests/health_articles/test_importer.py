"""The file importer and exporter, end to end through the management commands."""

import io
import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils.translation import override

from wagtail.models import Revision

import pytest

from health_articles.importer.export import export_html, export_text
from health_articles.models import ArticleIndexPage, HealthArticlePage, Keyword
from shop_links.models import ShopCollection
from shop_links.rich_text import find_collection_ids

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "demo" / "b12-neurologische-symptomen.nl.txt"
ENGLISH = ROOT / "demo" / "b12-neurologische-symptomen.en.txt"
FILES = Path(__file__).resolve().parent / "files"


def run_import(*args):
    """Run import_article; return (exit code, output)."""
    out = io.StringIO()
    try:
        call_command("import_article", *map(str, args), stdout=out, stderr=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue()


@pytest.fixture
def second_index(demo, index_page):
    """An empty article index beside the demo's, to import copies into."""
    index = ArticleIndexPage(title="Archief", slug="archief")
    index_page.get_parent().add_child(instance=index)
    return index


def structure(page, language):
    """What an article is made of, ignoring block ids and storage details."""
    with override(language):
        blocks = []
        for block in page.body:
            value = block.value
            if block.block_type == "section":
                text = value["text"].source
                blocks.append(
                    (
                        "section",
                        value["heading"],
                        value["numbered"],
                        text,
                        find_collection_ids([text]),
                    )
                )
            elif block.block_type == "faq":
                blocks.append(
                    (
                        "faq",
                        value["heading"],
                        [(q["question"], q["answer"].source) for q in value["questions"]],
                    )
                )
            elif block.block_type == "keywords":
                blocks.append(("keywords", value["heading"], [k.pk for k in value["keywords"]]))
        return {"title": page.title, "intro": page.intro, "blocks": blocks}


def counts():
    return (
        HealthArticlePage.objects.count(),
        Keyword.objects.count(),
        ShopCollection.objects.count(),
        Revision.objects.count(),
    )


def test_seed_file_imports_like_the_demo(second_index):
    before = counts()
    code, output = run_import(SEED, "--parent", second_index.pk, "--publish")
    assert code == 0, output
    assert output.strip().splitlines()[-1] == "1 files: 1 created, 0 updated, 0 skipped, 0 failed"
    page = HealthArticlePage.objects.child_of(second_index).get()
    blocks = structure(page, "nl")["blocks"]
    sections = [b for b in blocks if b[0] == "section"]
    assert [b[2] for b in sections] == [True] * 6 + [False]
    assert len(blocks[-2][2]) == 5  # faq
    assert len(blocks[-1][2]) == 15  # keywords
    with override("nl"):
        html = [page.intro] + [b[3] for b in sections]
        assert page.seo_title.startswith("What are the neurological symptoms")
    assert sum(text.count('linktype="collection"') for text in html) == 11
    assert len(find_collection_ids(html)) == 5
    # Keywords and collections were matched, not duplicated.
    assert counts()[1:3] == before[1:3]


def test_an_unseen_german_article_imports(demo, index_page):
    code, output = run_import(FILES / "article.de.txt", "--publish")
    assert code == 0, output
    assert "new inactive collections: neue-omega-kollektion" in output
    page = HealthArticlePage.objects.get(slug_de="brauche-ich-im-winter-vitamin-d")  # noqa
    assert not page.live
    page = page.get_latest_revision_as_object()
    blocks = structure(page, "de")["blocks"]
    assert [(b[1], b[2]) for b in blocks if b[0] == "section"] == [
        ("Warum die Sonne fehlt", True),
        ("Wer besonders betroffen ist", True),
        ("Fazit", False),
    ]
    assert [q for q, _a in blocks[-2][2]] == [
        "Wie viel Vitamin D brauche ich?",
        "Kann man zu viel nehmen?",
    ]
    with override("de"):
        assert [str(k) for k in page.body[-1].value["keywords"]] == [
            "Vitamin D",
            "Winter",
            "Sonnenlicht",
        ]
    unknown = ShopCollection.objects.get(handle="neue-omega-kollektion")
    assert not any(unknown.is_active_in(code) for code, _name in settings.LANGUAGES)
    # Like the editor, the importer does not publish links to inactive collections.
    assert "saved as a draft, not published" in output
    assert "neue-omega-kollektion" in output.splitlines()[0]


def test_html_import_is_sanitised_and_structured(demo, index_page):
    code, output = run_import(FILES / "article.fr.html", "--publish")
    assert code == 0, output
    page = HealthArticlePage.objects.get(slug_fr="le-magnesium-aide-t-il-a-dormir")  # noqa
    data = structure(page, "fr")
    stored = data["intro"] + "".join(str(b) for b in data["blocks"])
    for danger in ("<script", "onclick", "javascript:", "steal()"):
        assert danger not in stored
    assert "<strong>système nerveux</strong>" in stored
    assert "<ul><li>muscles</li><li>nerfs</li></ul>" in stored
    sections = [(b[1], b[2]) for b in data["blocks"] if b[0] == "section"]
    assert sections == [
        ("Le rôle du magnésium", True),
        ("Quelle forme choisir ?", True),
        ("Conclusion", False),
    ]
    faq = data["blocks"][-2]
    assert [q for q, _a in faq[2]] == [
        "Quand prendre du magnésium ?",
        "Y a-t-il des effets secondaires ?",
    ]
    assert faq[2][1][1] == "<p>À forte dose, des troubles digestifs.</p>"
    assert data["blocks"][1][4] == {
        ShopCollection.objects.get(handle="magnesium-benefits-energy-muscle-bone-support").pk
    }
    with override("fr"):
        assert page.seo_title == "Le magnésium et le sommeil - Topvitamine"
        assert page.date.isoformat() == "2025-09-14"


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("fmt, exporter", [("txt", export_text), ("html", export_html)])
def test_demo_article_round_trips(demo, second_index, tmp_path, language, fmt, exporter):
    path = tmp_path / f"article.{language}.{fmt}"
    path.write_text(exporter(demo, language), encoding="utf-8")
    code, output = run_import(path, "--parent", second_index.pk)
    assert code == 0, output
    copy = HealthArticlePage.objects.child_of(second_index).get()
    original, again = structure(demo, language), structure(copy, language)
    assert again == original


def test_translation_fills_one_language_and_leaves_the_other(second_index):
    reason = ("--claims-override", "The seed as written")
    code, output = run_import(SEED, "--parent", second_index.pk, "--publish", *reason)
    page = HealthArticlePage.objects.child_of(second_index).get()
    dutch = structure(page, "nl")
    code, output = run_import(
        ENGLISH, "--parent", second_index.pk, "--update", "--page", page.pk, "--publish", *reason
    )
    assert code == 0, output
    assert "1 updated" in output
    page.refresh_from_db()
    assert page.available_languages() == ["nl", "en"]
    assert structure(page, "nl") == dutch
    english = structure(page, "en")
    assert english["title"] == "What are the neurological symptoms of vitamin B12 deficiency?"
    # Both languages use the same 15 shared keywords.
    assert english["blocks"][-1][2] == dutch["blocks"][-1][2]


def test_translation_of_header_finds_the_article(demo, second_index, tmp_path):
    with override("nl"):
        dutch_slug = demo.slug
    german = (FILES / "article.de.txt").read_text(encoding="utf-8")
    german = german.replace("neue-omega-kollektion", "dha-epa-omega-3-supplements")
    path = tmp_path / "vertaling.de.txt"
    path.write_text(f"translation-of: {dutch_slug}\n\n{german}", encoding="utf-8")
    code, output = run_import(path, "--update", "--publish", "--parent", demo.get_parent().pk)
    assert code == 0, output
    demo.refresh_from_db()
    assert demo.available_languages() == ["nl", "en", "de"]


def test_dry_run_writes_nothing(second_index):
    before = counts()
    code, output = run_import(
        SEED, FILES / "article.de.txt", "--parent", second_index.pk, "--dry-run"
    )
    assert code == 0, output
    assert output.count("would create:") == 2
    assert (
        output.strip().splitlines()[-1].startswith("Dry run, nothing written: 2 files: 2 created")
    )
    assert counts() == before


BAD_FILES = {
    "no-title.nl.txt": ("\n\n   \n", "no-title.nl.txt: no title"),
    "empty-section.nl.txt": (
        "SEO\n\nTitel\n\n1. Lege sectie\n\n2. Volle sectie\n\nTekst.\n",
        "empty-section.nl.txt, line 5: section 'Lege sectie' has no text",
    ),
    "no-answer.nl.txt": (
        "SEO\n\nTitel\n\nInleiding\n\nTekst.\n\nQ&A Sectie\n\nV1: Waarom?\n\nV2: Hoe?\n\nA2: Zo.\n",
        "no-answer.nl.txt, line 11: question 'Waarom?' has no answer",
    ),
    "language.es.txt": ("SEO\n\nTítulo\n", "language.es.txt: unknown language 'es'"),
    "binary.nl.txt": (b"SEO\x00\x01\x02", "binary.nl.txt: binary content"),
    "latin1.nl.txt": (
        "SEO\n\nTitel\n\nCaf\xe9\n".encode("latin-1"),
        "latin1.nl.txt, line 5: not UTF-8",
    ),
    "huge.nl.txt": ("x" * (1024 * 1024 + 1), "huge.nl.txt: the file is 1,048,577 bytes"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_gives_a_clear_error_and_writes_nothing(second_index, tmp_path, name):
    content, message = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = counts()
    code, output = run_import(path, "--parent", second_index.pk)
    assert code == 1
    assert f"[1/1] failed: {tmp_path}/{message}" in output
    assert output.strip().splitlines()[-1] == "1 files: 0 created, 0 updated, 0 skipped, 1 failed"
    assert counts() == before


def test_existing_slug_without_update_is_refused(demo, index_page):
    before = counts()
    code, output = run_import(SEED)
    assert code == 1
    assert re.search(r"failed: .*nl\.txt: article \d+ already has the slug", output)
    assert "pass --update" in output
    assert counts() == before


def test_one_bad_file_does_not_stop_or_spoil_the_others(second_index, tmp_path):
    (tmp_path / "a-good.nl.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b-bad.nl.txt").write_text("SEO\n\nTitel\n\n1. Leeg\n", encoding="utf-8")
    (tmp_path / "c-notes.md").write_text("not an article", encoding="utf-8")
    code, output = run_import(tmp_path, "--parent", second_index.pk)
    assert code == 1
    assert output.strip().splitlines()[-1] == "3 files: 1 created, 0 updated, 1 skipped, 1 failed"
    assert HealthArticlePage.objects.child_of(second_index).count() == 1


def test_failure_midway_leaves_no_half_written_page(second_index, tmp_path, monkeypatch):
    from health_articles.importer import writer

    def broken_keywords(self, names, page):
        raise RuntimeError("database went away")

    monkeypatch.setattr(writer.ArticleWriter, "_keywords", broken_keywords)
    before = counts()
    with pytest.raises(RuntimeError):
        run_import(SEED, "--parent", second_index.pk)
    assert counts() == before


def test_export_command_writes_a_file_translators_can_use(demo, tmp_path):
    target = tmp_path / "b12.en.txt"
    call_command(
        "export_article", str(demo.pk), "--language", "en", "-o", str(target), stderr=io.StringIO()
    )
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[2] == "What are the neurological symptoms of vitamin B12 deficiency?"
    assert (
        "[magnesium for energy and muscle support](https://www.topvitamine.com/en/collections/"
        in text
    )
    with pytest.raises(Exception, match="no de text"):
        call_command("export_article", str(demo.pk), "--language", "de")


def test_over_long_title_fails_cleanly_and_the_next_file_still_imports(second_index, tmp_path):
    (tmp_path / "a-long.nl.txt").write_text(
        "SEO\n\n" + "Lang " * 70 + "\n\nInleiding\n\nTekst.\n", encoding="utf-8"
    )
    (tmp_path / "b-good.nl.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    code, output = run_import(tmp_path, "--parent", second_index.pk)
    assert code == 1
    assert "a-long.nl.txt: the title 'Lang Lang" in output
    assert "is 349 characters long; the limit is 255" in output
    assert output.strip().splitlines()[-1] == "2 files: 1 created, 0 updated, 0 skipped, 1 failed"


def test_importing_a_translation_keeps_other_languages_drafts(second_index):
    run_import(SEED, "--parent", second_index.pk, "--publish")
    page = HealthArticlePage.objects.child_of(second_index).get()
    draft = page.get_latest_revision_as_object()
    with override("nl"):
        draft.subtitle = "Nog niet gepubliceerde ondertitel"
    draft.save_revision()
    code, output = run_import(ENGLISH, "--parent", second_index.pk, "--update", "--page", page.pk)
    assert code == 0, output
    latest = HealthArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    with override("nl"):
        assert latest.subtitle == "Nog niet gepubliceerde ondertitel"
    with override("en"):
        assert latest.title == "What are the neurological symptoms of vitamin B12 deficiency?"


def _article_with_links(folder, name, links, keywords):
    link = (
        "[vitamine D](https://www.topvitamine.com/nl/collections/vitamin-d-benefits-sources-safety)"
    )
    paragraph = "Vitamine D komt uit de zon. " + " en ".join([link] * links) + "."
    text = "\n\n".join(
        [
            f"{name} - Topvitamine",
            name,
            "Oct 22, 2025Topvitamine",
            "Inleiding",
            paragraph,
            "Belangrijke zoekwoorden",
            ", ".join(f"zonlicht {n}" for n in range(keywords)) + ".",
        ]
    )
    path = folder / f"{name.lower().replace(' ', '-')}.nl.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_import_queries_do_not_grow_with_links_or_known_keywords(
    second_index, tmp_path, django_assert_max_num_queries
):
    """A link's collection is looked up once per article and known keywords in one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The keywords exist before the measured imports: only finding them is measured.
    run_import(_article_with_links(tmp_path, "Eerste", 1, 12), "--parent", second_index.pk)
    few = _article_with_links(tmp_path, "Weinig", 1, 1)
    many = _article_with_links(tmp_path, "Veel", 20, 12)
    with CaptureQueriesContext(connection) as baseline:
        assert run_import(few, "--parent", second_index.pk)[0] == 0
    with django_assert_max_num_queries(len(baseline)):
        assert run_import(many, "--parent", second_index.pk)[0] == 0
    page = HealthArticlePage.objects.child_of(second_index).get(title="Veel")
    with override("nl"):
        assert page.intro.count('linktype="collection"') == 20
        keywords = next(b for b in page.body if b.block_type == "keywords").value["keywords"]
        assert [k.name for k in keywords] == [f"zonlicht {n}" for n in range(12)]


def _article_with_collections(folder, name, handles):
    links = " en ".join(
        f"[{handle}](https://www.topvitamine.com/nl/collections/{handle})" for handle in handles
    )
    text = "\n\n".join(
        [f"{name} - Topvitamine", name, "Oct 22, 2025Topvitamine", "Inleiding", f"Zie {links}."]
    )
    path = folder / f"{name.lower()}.nl.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_the_collections_an_article_links_to_are_found_in_one_query(
    second_index, tmp_path, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    handles = [f"bundel-{n}" for n in range(6)]
    ShopCollection.objects.bulk_create(ShopCollection(handle=h, title=h) for h in handles)
    # Not the index's first child: that one is added without looking for a last child.
    run_import(
        _article_with_collections(tmp_path, "Eerste", handles[:1]), "--parent", second_index.pk
    )
    one = _article_with_collections(tmp_path, "Een", handles[:1])
    six = _article_with_collections(tmp_path, "Zes", handles)
    with CaptureQueriesContext(connection) as baseline:
        assert run_import(one, "--parent", second_index.pk)[0] == 0
    with django_assert_max_num_queries(len(baseline)):
        assert run_import(six, "--parent", second_index.pk)[0] == 0
    page = HealthArticlePage.objects.child_of(second_index).get(title="Zes")
    linked = ShopCollection.objects.filter(handle__in=handles).values_list("pk", flat=True)
    with override("nl"):
        assert all(f'linktype="collection" id="{pk}"' in page.intro for pk in linked)
    assert ShopCollection.objects.filter(handle__in=handles).count() == 6  # none made again


def test_a_new_keyword_costs_its_slug_check_and_insert_only(
    second_index, tmp_path, django_assert_max_num_queries
):
    """New keywords were looked up by name once together; each is then only inserted
    (savepoint, slug check, insert, release), not looked up again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run_import(_article_with_links(tmp_path, "Eerste", 1, 1), "--parent", second_index.pk)
    one = _article_with_links(tmp_path, "Een", 1, 1)
    one.write_text(one.read_text(encoding="utf-8").replace("zonlicht", "sterlicht"), "utf-8")
    eleven = _article_with_links(tmp_path, "Elf", 1, 11)
    eleven.write_text(eleven.read_text(encoding="utf-8").replace("zonlicht", "maanlicht"), "utf-8")
    with CaptureQueriesContext(connection) as baseline:
        assert run_import(one, "--parent", second_index.pk)[0] == 0
    with django_assert_max_num_queries(len(baseline) + 10 * 4):
        assert run_import(eleven, "--parent", second_index.pk)[0] == 0
    assert Keyword.objects.filter(name__startswith="maanlicht").count() == 11


def test_importing_and_publishing_a_new_article_stays_within_its_query_budget(
    second_index, tmp_path, django_assert_max_num_queries
):
    """Creating the page, its revision and publishing it: a new page is validated once
    (by add_child's save), not again for its first revision."""
    run_import(_article_with_links(tmp_path, "Eerste", 1, 1), "--parent", second_index.pk)
    with django_assert_max_num_queries(135):
        assert (
            run_import(
                _article_with_links(tmp_path, "Tweede", 2, 3),
                "--parent",
                second_index.pk,
                "--publish",
            )[0]
            == 0
        )
    assert HealthArticlePage.objects.child_of(second_index).get(title="Tweede").live


def test_keywords_in_another_case_are_found_in_the_same_one_query(
    second_index, tmp_path, django_assert_max_num_queries
):
    """Known keywords spelled in another case are reused, found with the exact ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run_import(_article_with_links(tmp_path, "Eerste", 1, 12), "--parent", second_index.pk)
    exact = _article_with_links(tmp_path, "Precies", 1, 12)
    shouted = _article_with_links(tmp_path, "Luid", 1, 12)
    shouted.write_text(
        shouted.read_text(encoding="utf-8").replace("zonlicht", "ZONLICHT"), encoding="utf-8"
    )
    count = Keyword.objects.count()
    with CaptureQueriesContext(connection) as baseline:
        assert run_import(exact, "--parent", second_index.pk)[0] == 0
    with django_assert_max_num_queries(len(baseline)):
        assert run_import(shouted, "--parent", second_index.pk)[0] == 0
    assert Keyword.objects.count() == count
    page = HealthArticlePage.objects.child_of(second_index).get(title="Luid")
    with override("nl"):
        keywords = next(b for b in page.body if b.block_type == "keywords").value["keywords"]
        assert [k.name for k in keywords] == [f"zonlicht {n}" for n in range(12)]
