"""`manage.py check_claims`: a page id or an importable file; text or JSON lines; exit codes."""

import json
from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from health_articles.models import HealthArticlePage, HealthClaim
from tests.factories import HealthArticlePageFactory, faq, section

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


COMPLIANT_EN = """Vitamin D in winter - Shop

Vitamin D in winter

Nov 3, 2025Shop

Introduction

In winter the skin makes little vitamin D.
Vitamin D contributes to the normal function of the immune system.

1. Why the sun is missing

Between October and March the sun is too low.

Conclusion

A varied, balanced diet and a healthy lifestyle are important.
"""


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("check_claims", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def test_demo_file_has_high_findings_and_exits_1():
    code, out, _err = run("demo/b12-neurologische-symptomen.nl.txt")
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[-1].startswith(f"{len(lines) - 1} findings (")
    assert any(
        line.startswith("[high] disease_claim (nl, intro 3")
        and "aan te pakken en te voorkomen" in line
        for line in lines
    )


def test_json_lines_carry_sentence_kind_severity_nutrients_suggestion():
    code, out, err = run("demo/b12-neurologische-symptomen.en.txt", "--format", "json")
    assert code == 1
    findings = [json.loads(line) for line in out.strip().splitlines()]
    assert "findings" in err  # the summary stays out of the JSON stream
    for finding in findings:
        assert {"sentence", "kind", "severity", "nutrients", "suggestion"} <= set(finding)
        assert finding["severity"] in {"high", "medium", "low"}
    vitamin_d = next(
        f for f in findings if "vitamin D for immune and neurological function" in f["sentence"]
    )
    assert vitamin_d["kind"] == "unauthorised_function"
    assert vitamin_d["nutrients"] == ["vitamin_d"]


def test_compliant_file_exits_0(tmp_path):
    path = tmp_path / "winter.en.txt"
    path.write_text(COMPLIANT_EN, encoding="utf-8")
    code, out, _err = run(str(path))
    assert code == 0
    assert out.strip() == "0 findings (0 high) in 1 language(s): en; claims from the data file"


def test_medium_findings_alone_exit_0(tmp_path):
    path = tmp_path / "winter.en.txt"
    path.write_text(COMPLIANT_EN + "\nStudies show that many people lack sunlight.\n", "utf-8")
    code, out, _err = run(str(path), "--format", "json")
    assert code == 0
    [finding] = [json.loads(line) for line in out.strip().splitlines()]
    assert (finding["kind"], finding["severity"]) == ("research_without_reference", "medium")


def test_unreadable_file_is_an_error_with_code_2(tmp_path):
    path = tmp_path / "article.nl.pdf"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(CommandError, match="unknown file type") as error:
        call_command("check_claims", str(path))
    assert error.value.returncode == 2


@pytest.fixture
def article(db, index_page):
    page = HealthArticlePageFactory.build(
        title="Vitamine D",
        slug="vitamine-d",
        intro="<p>Vitamine D draagt bij tot de normale werking van het immuunsysteem.</p>",
        body=[
            section("Winter", "<p>In de winter maakt de huid weinig vitamine D aan.</p>"),
            faq("Vragen", [("Helpt het?", "<p>Vitamine D voorkomt depressie.</p>")]),
        ],
    )
    index_page.add_child(instance=page)
    page.save_revision().publish()
    return HealthArticlePage.objects.get(pk=page.pk)


def test_page_id_checks_the_latest_draft(article):
    code, out, _err = run(str(article.pk), "--format", "json")
    assert code == 1
    [finding] = [json.loads(line) for line in out.strip().splitlines()]
    assert finding["sentence"] == "Vitamine D voorkomt depressie."
    assert finding["kind"] == "disease_claim"
    assert finding["language"] == "nl"
    assert finding["block"] == "faq answer 2.1"
    # A draft that removes the claim is what gets checked.
    draft = article.get_latest_revision_as_object()
    draft.body = [section("Winter", "<p>In de winter maakt de huid weinig vitamine D aan.</p>")]
    draft.save_revision()
    assert run(str(article.pk))[0] == 0


def test_page_checks_claims_loaded_in_the_database(article):
    call_command("load_health_claims", stdout=StringIO())
    HealthClaim.objects.filter(language="nl").update(status=HealthClaim.Status.NON_AUTHORISED)
    code, out, _err = run(str(article.pk), "--language", "nl")
    # With every Dutch claim refused, the intro's claim is no longer authorised.
    assert "claims from the database" in out
    assert "[high] unauthorised_function (nl, intro; vitamin_d)" in out
    assert code == 1


def test_unknown_page_and_unwritten_language_are_errors(article):
    with pytest.raises(CommandError, match="no article with id 999999"):
        call_command("check_claims", "999999")
    with pytest.raises(CommandError, match="has no de text"):
        call_command("check_claims", str(article.pk), "--language", "de")
    with pytest.raises(CommandError, match="unknown language 'xx'"):
        call_command("check_claims", str(article.pk), "--language", "xx")


# The editor panel ----------------------------------------------------------------------------


def test_editor_panel_lists_findings_per_language(admin_client, article):
    from django.urls import reverse

    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert "Health claims checks" in html
    assert 'id="claims-checks-nl"' in html
    assert 'data-kind="disease_claim" data-severity="high"' in html
    assert "Vitamine D voorkomt depressie." in html
    # Not written in English: no English section.
    assert 'id="claims-checks-en"' not in html


def test_editor_panel_escapes_the_article_text(admin_client, article):
    from django.urls import reverse

    draft = article.get_latest_revision_as_object()
    draft.intro = "<p>Vitamine D voorkomt &lt;script&gt;alert(1)&lt;/script&gt; depressie.</p>"
    draft.save_revision()
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
