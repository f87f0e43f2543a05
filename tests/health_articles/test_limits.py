"""Input limits: each refusal names the field and the limit; nothing is cut or half written."""

import io
import json

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase

import pytest

from health_articles.models import Author, HealthArticlePage, Keyword
from shop_links.models import ShopCollection
from tests.health_articles import test_admin
from tests.health_articles.test_admin import localized

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


def article_html(title="Magnesium en slaap", *, body="", author="", keywords=(), sections=1):
    parts = [f"<title>{title} - Shop</title>", f"<h1>{title}</h1>"]
    if author:
        parts.append(f'<meta name="author" content="{author}">')
    parts.append("<h2>Inleiding</h2><p>Slaapt u slecht?</p>")
    for number in range(1, sections + 1):
        parts.append(f"<h2>{number}. Deel {number}</h2><p>Tekst {number}. {body}</p>")
    if keywords:
        parts.append("<h2>Zoekwoorden</h2><ul>")
        parts += [f"<li>{name}</li>" for name in keywords]
        parts.append("</ul>")
    return "<html><body>" + "\n".join(parts) + "</body></html>"


def run_import(*args):
    out = io.StringIO()
    try:
        call_command("import_article", *map(str, args), stdout=out, stderr=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue()


def counts():
    return (
        HealthArticlePage.objects.count(),
        Keyword.objects.count(),
        Author.objects.count(),
        ShopCollection.objects.count(),
    )


@pytest.mark.parametrize(
    "nested",
    [
        "<strong>" * 300 + "diep" + "</strong>" * 300,
        "<ul><li>" * 300 + "diep" + "</li></ul>" * 300,
        "<em><b>" * 150 + "diep",  # never closed
    ],
)
def test_deep_html_fails_alone_and_the_batch_goes_on(demo, index_page, tmp_path, nested):
    (tmp_path / "a-deep.nl.html").write_text(article_html("Diep", body=nested), encoding="utf-8")
    (tmp_path / "b-good.nl.html").write_text(article_html("Goed"), encoding="utf-8")
    before = HealthArticlePage.objects.count()
    code, output = run_import(tmp_path)
    assert code == 1
    assert "a-deep.nl.html, line" in output
    assert "nested more than 40 deep" in output
    assert "HEALTH_ARTICLES_IMPORT_MAX_DEPTH" in output
    assert output.strip().splitlines()[-1] == "2 files: 1 created, 0 updated, 0 skipped, 1 failed"
    assert HealthArticlePage.objects.count() == before + 1


def test_ordinary_nesting_and_long_lists_import(demo, index_page, tmp_path):
    # 300 unclosed <li> in one list are 300 siblings, not 300 levels.
    items = "<ul>" + "<li>punt" * 300 + "</ul>"
    nested = "<strong><em><a href='/x'>" * 5 + "ok" + "</a></em></strong>" * 5
    path = tmp_path / "lijst.nl.html"
    path.write_text(article_html("Lijst", body=items + nested), encoding="utf-8")
    code, output = run_import(path)
    assert code == 0, output


@override_settings(HEALTH_ARTICLES_IMPORT_MAX_DEPTH=3)
def test_depth_limit_is_a_setting(demo, index_page, tmp_path):
    path = tmp_path / "vier.nl.html"
    path.write_text(article_html(body="<b><i><em><strong>x"), encoding="utf-8")
    code, output = run_import(path)
    assert code == 1
    assert "nested more than 3 deep (<strong>)" in output


def test_recursion_deep_in_writing_fails_one_file_only(demo, index_page, tmp_path, monkeypatch):
    from health_articles.importer import writer

    real = writer.ArticleWriter.rich_text

    def rich_text(self, html):
        if "Ontplof" in html:
            raise RecursionError("maximum recursion depth exceeded")
        return real(self, html)

    monkeypatch.setattr(writer.ArticleWriter, "rich_text", rich_text)
    (tmp_path / "a.nl.html").write_text(article_html("Een", body="Ontplof"), encoding="utf-8")
    (tmp_path / "b.nl.html").write_text(article_html("Twee"), encoding="utf-8")
    before = counts()
    code, output = run_import(tmp_path)
    assert code == 1
    assert "a.nl.html: the content is nested too deeply to process" in output
    assert counts()[0] == before[0] + 1


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"keywords": ["k" * 5000]}, "the keyword 'kkkk"),
        ({"author": "A" * 600}, "the author 'AAAA"),
        ({"title": "T" * 300}, "the title 'TTTT"),
    ],
)
def test_too_long_fields_are_refused_naming_field_and_limit(
    demo, index_page, tmp_path, kwargs, message
):
    path = tmp_path / "lang.nl.html"
    path.write_text(article_html(**{"title": "Lang", **kwargs}), encoding="utf-8")
    before = counts()
    code, output = run_import(path)
    assert code == 1
    assert message in output
    length = len(next(v[0] if isinstance(v, list) else v for v in kwargs.values()))
    limit = {"keywords": 100, "author": 255, "title": 255}[next(iter(kwargs))]
    assert f"is {length:,} characters long; the limit is {limit}" in output
    assert "database" not in output
    assert counts() == before


def test_too_long_section_heading_names_its_line(demo, index_page, tmp_path):
    path = tmp_path / "kop.nl.txt"
    path.write_text(
        "SEO\n\nTitel\n\nInleiding\n\nTekst.\n\n1. " + "H" * 300 + "\n\nTekst.\n",
        encoding="utf-8",
    )
    code, output = run_import(path)
    assert code == 1
    assert "kop.nl.txt, line 9: the section heading 'HHHH" in output
    assert "is 300 characters long; the limit is 255" in output


def test_block_limit_on_import(demo, index_page, tmp_path):
    path = tmp_path / "veel.nl.html"
    path.write_text(article_html("Veel", sections=6, keywords=["b12"]), encoding="utf-8")
    before = counts()
    with override_settings(HEALTH_ARTICLES_MAX_BLOCKS=5):
        code, output = run_import(path)
    assert code == 1
    assert "the article has 7 blocks" in output
    assert "the limit is 5 (setting HEALTH_ARTICLES_MAX_BLOCKS)" in output
    assert counts() == before
    with override_settings(HEALTH_ARTICLES_MAX_BLOCKS=7):
        assert run_import(path)[0] == 0


def test_import_of_a_keyword_whose_slug_is_taken_and_too_long(demo, index_page, tmp_path):
    Keyword.objects.create(name="Bezet", slug="x" * 100)
    path = tmp_path / "slug.nl.html"
    path.write_text(article_html("Slug", keywords=["x" * 100]), encoding="utf-8")
    before = counts()
    code, output = run_import(path)
    assert code == 1
    # The message is in the file's language (Dutch here): check the name and the numbers.
    assert f"the keyword '{'x' * 100}': " in output
    assert "102" in output and "100" in output
    assert counts() == before


# --- the admin -----------------------------------------------------------------------


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("boss", "b@example.com", "pw")


def keyword_form(name, slug=""):
    data = {"name_nl": name, "slug_nl": slug}
    for language in ("en", "de", "fr"):
        data.update({f"name_{language}": "", f"slug_{language}": ""})
    return data


def test_admin_keyword_whose_slug_is_taken_is_a_form_error(client, admin_user):
    Keyword.objects.create(name="Eerste", slug="k" * 100)
    client.force_login(admin_user)
    url = reverse("wagtailsnippets_health_articles_keyword:add")
    response = client.post(url, keyword_form("k" * 100))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "name_nl" in errors
    assert "102" in str(errors["name_nl"]) and "100" in str(errors["name_nl"])
    assert Keyword.objects.count() == 1
    # With a slug of its own it is saved.
    response = client.post(url, keyword_form("k" * 100, slug="k-ander"))
    assert response.status_code == 302
    assert Keyword.objects.filter(slug="k-ander").exists()


@pytest.mark.parametrize(
    "snippet, data, field",
    [
        ("keyword", keyword_form("k" * 5000), "name_nl"),
        ("author", {"name": "A" * 600, "credentials": "", "bio": "", "photo": ""}, "name"),
    ],
)
def test_admin_refuses_long_fields_before_the_database(client, admin_user, snippet, data, field):
    client.force_login(admin_user)
    response = client.post(reverse(f"wagtailsnippets_health_articles_{snippet}:add"), data)
    assert response.status_code == 200
    limit = "100" if snippet == "keyword" else "255"
    assert limit in str(response.context["form"].errors[field])


class BlockLimitAdminTests(WagtailPageTestCase):
    """The block limit on the real admin form, drafts included."""

    setUpTestData = test_admin.ArticleAdminTests.__dict__["setUpTestData"]
    setUp = test_admin.ArticleAdminTests.setUp
    form_data = test_admin.ArticleAdminTests.form_data
    add_url = test_admin.ArticleAdminTests.add_url

    def test_too_many_blocks_are_refused_even_for_a_draft(self):
        # article_body has 4 blocks and one FAQ question: 5.
        before = HealthArticlePage.objects.count()
        with override_settings(HEALTH_ARTICLES_MAX_BLOCKS=4):
            response = self.client.post(self.add_url(), self.form_data())
        assert response.status_code == 200
        assert HealthArticlePage.objects.count() == before
        errors = response.context["form"].errors
        for language in ("nl", "en"):
            message = str(errors[localized("body", language)])
            assert "5 blocks" in message and "limit is 4" in message
        assert localized("body", "de") not in errors
        with override_settings(HEALTH_ARTICLES_MAX_BLOCKS=5):
            response = self.client.post(self.add_url(), self.form_data())
        assert response.status_code == 302
        assert HealthArticlePage.objects.count() == before + 1


# --- the shop feed ---------------------------------------------------------------------


def test_feed_with_a_too_long_title_is_refused_not_cut(demo, tmp_path):
    feed = {"collections": [{"id": 1, "handle": "lang", "title": "T" * 300}]}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command(
            "sync_collections", "--feed", str(path), "--language", "nl", stdout=io.StringIO()
        )
    assert 'collections[0]: "title" is 300 characters long; the limit is 255' in str(error.value)
    assert not ShopCollection.objects.filter(handle="lang").exists()
