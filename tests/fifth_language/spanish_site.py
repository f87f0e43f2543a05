"""A Spanish article end to end, run by test_fifth_language.py under ./settings.py.

Not collected on its own (its name does not start with test_): it needs the
Spanish columns that the outer test makes with `makemigrations` first.
"""

from pathlib import Path

from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import override

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest
from modeltranslation.utils import build_localized_fieldname

from health_articles.models import ArticleIndexPage, HealthArticlePage

HERE = Path(__file__).resolve().parent


@pytest.fixture
def spanish(db):
    call_command("load_demo", "--no-admin", stdout=open("/dev/null", "w"))  # noqa: SIM115
    index = ArticleIndexPage.objects.get()
    with override("es"):
        index.title, index.slug = "Artículos", "articulos"
    index.save_revision().publish()
    page = HealthArticlePage.objects.get()
    call_command(
        "import_article",
        str(HERE / "articulo.es.txt"),
        "--update",
        "--page",
        str(page.pk),
        "--publish",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    return HealthArticlePage.objects.get(pk=page.pk)


def spanish_url(page):
    with override("es"):
        return page.url


def test_the_spanish_page(client, spanish):
    assert spanish.is_available_in("es")
    url = spanish_url(spanish)
    assert url.startswith("/es/articulos/")
    html = client.get(url).content.decode()
    assert '<html lang="es">' in html
    assert "Vitamina B12 y el sistema nervioso" in html
    assert "Preguntas frecuentes" in html
    # The Dutch page offers the Spanish version.
    with override("nl"):
        dutch = client.get(spanish.url).content.decode()
    assert f'hreflang="es" href="http://localhost{url}"' in dutch


def test_the_sitemap_lists_the_spanish_page(client, spanish):
    assert "sitemap-articles-es.xml" in client.get("/sitemap.xml").content.decode()
    xml = client.get("/sitemap-articles-es.xml").content.decode()
    assert spanish_url(spanish) in xml
    assert 'hreflang="es"' in xml


def test_the_api_answers_in_spanish(client, spanish):
    detail = client.get(f"/api/v1/articles/{spanish.pk}/", {"language": "es"})
    assert detail.status_code == 200
    assert detail.json()["title"] == "Vitamina B12 y el sistema nervioso"
    listing = client.get("/api/v1/articles/", {"language": "es"}).json()
    assert [article["id"] for article in listing["results"]] == [spanish.pk]
    handle = "vitamin-d-benefits-sources-safety"
    linked = client.get(f"/api/v1/collections/{handle}/articles/", {"language": "es"}).json()
    assert [article["id"] for article in linked["results"]] == [spanish.pk]


def test_the_editor_edits_spanish(admin_client, spanish):
    edit_url = reverse("wagtailadmin_pages:edit", args=[spanish.pk])
    html = admin_client.get(edit_url).content.decode()
    assert f'name="{build_localized_fieldname("title", "es")}"' in html
    # The SEO checks run in Spanish; readability has no formula for it and says so.
    assert 'id="seo-checks-es"' in html
    data = {"date": "2025-10-22"}
    for language in ("nl", "en", "de", "fr", "es"):
        with override(language):
            data[build_localized_fieldname("title", language)] = spanish.title or ""
            data[build_localized_fieldname("slug", language)] = spanish.slug or ""
            data[build_localized_fieldname("intro", language)] = rich_text(spanish.intro or "")
        blocks = []
        if language == "es":
            section = {"heading": "Nueva sección", "text": rich_text("<p>Texto nuevo</p>")}
            blocks = [("section", {**section, "image": "", "caption": "", "numbered": "on"})]
        data[build_localized_fieldname("body", language)] = streamfield(blocks)
    data = {key: value for key, value in data.items() if value != ""}
    response = admin_client.post(edit_url, nested_form_data(data))
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = HealthArticlePage.objects.get(pk=spanish.pk).get_latest_revision_as_object()
    with override("es"):
        assert draft.body[0].value["heading"] == "Nueva sección"
