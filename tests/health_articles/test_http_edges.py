"""HTTP edges: odd bytes in URLs, HEAD, CORS preflight, spreadsheet exports."""

import csv
import io
import json

from django.urls import reverse
from django.utils.datastructures import MultiValueDict, MultiValueDictKeyError

import pytest
from openpyxl import load_workbook

from health_articles.edges import missing_parameter
from health_articles.models import HealthArticlePage
from shop_links.models import ShopCollection, ShopSettings

pytestmark = pytest.mark.django_db

SHOP = "https://www.topvitamine.com"
HANDLE = "vitamin-d-benefits-sources-safety"
ODD = ["%00", "%01", "%1F", "%7F", "a%00b"]


@pytest.mark.parametrize("odd", ODD)
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/collections/{odd}/articles/",
        "/api/v1/collections/" + HANDLE + "/articles/?language=en&limit={odd}",
        "/api/v1/articles/?keyword={odd}",
        "/api/v1/articles/?language=nl&keyword=b12{odd}&page=1",
        "/api/v1/articles/{odd}/",
        "/api/v1/articles/?unknown={odd}",
    ],
)
def test_odd_bytes_on_the_api_are_a_json_400(client, demo, url, odd):
    response = client.get(url.format(odd=odd))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in json.loads(response.content)


@pytest.mark.parametrize("odd", ODD)
@pytest.mark.parametrize(
    "url",
    [
        "/nl/artikelen/{odd}/",
        "/nl/artikelen/?q={odd}",
        "/en/articles/vitamin-b12{odd}/",
        "/embed/collections/" + HANDLE + "/articles/?language={odd}",
        "/embed/collections/{odd}/articles/",
        "/sitemap.xml?p={odd}",
        "/robots.txt?{odd}",
        "/{odd}",
        "/nl/{odd}/",
    ],
)
def test_odd_bytes_elsewhere_are_a_400_page(client, demo, url, odd):
    response = client.get(url.format(odd=odd))
    assert response.status_code in (400, 404)
    assert response["Content-Type"].startswith("text/html")


def test_odd_bytes_in_a_keyword_page_slug(client, demo):
    for prefix in ("/nl/artikelen/keywords/", "/en/articles/keywords/"):
        assert client.get(prefix + "b12%00/").status_code in (400, 404)


def test_ordinary_unicode_still_reaches_the_views(client, demo):
    response = client.get("/api/v1/articles/?keyword=vitamine-b12-%C3%A9%E2%80%94")
    assert response.status_code == 404  # no such keyword: answered by the view
    assert "vitamine-b12-é—" in json.loads(response.content)["detail"]
    # Tabs and newlines may be typed into a search box; they are not odd bytes.
    assert client.get("/nl/artikelen/?q=a%0Ab%09c").status_code == 200


@pytest.mark.parametrize("view", ["edit", "copy"])
def test_an_incomplete_admin_form_is_a_400_naming_the_field(admin_client, demo, view):
    """Wagtail's editor reads `body_nl-count` and wagtail-modeltranslation's copy hook
    `new_parent_page` straight from request.POST: without them, a 400, not a 500."""
    response = admin_client.post(reverse(f"wagtailadmin_pages:{view}", args=[demo.pk]), {})
    assert response.status_code == 400
    assert HealthArticlePage.objects.get(pk=demo.pk).title == demo.title


def test_a_missing_key_of_another_dictionary_stays_a_server_error(rf):
    request = rf.post("/", {"present": "1"})
    try:
        MultiValueDict()["present"]
    except MultiValueDictKeyError as error:
        assert missing_parameter(request, error) is None  # the request has it: a real bug
    try:
        MultiValueDict()["absent"]
    except MultiValueDictKeyError as error:
        assert missing_parameter(request, error) == "absent"
    assert missing_parameter(request, KeyError("absent")) is None


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/collections/" + HANDLE + "/articles/?language=en",
        "/api/v1/articles/?language=nl",
        "/api/v1/articles/{pk}/?language=nl",
        "/api/v1/openapi.json",
        "/embed/collections/" + HANDLE + "/articles/?language=nl",
        "/robots.txt",
        "/sitemap.xml",
        "/nl/artikelen/",
    ],
)
def test_head_works_wherever_get_does(client, demo, url):
    url = url.format(pk=demo.pk)
    get = client.get(url)
    head = client.head(url)
    assert get.status_code == 200
    assert head.status_code == 200, head.content
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""


def test_head_of_a_missing_api_resource_is_a_404(client, demo):
    assert client.head("/api/v1/collections/nope/articles/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/collections/" + HANDLE + "/articles/?language=en",
        "/api/v1/articles/",
        "/api/v1/articles/1/",
        "/api/v1/openapi.json",
    ],
)
def test_cors_preflight_for_the_shop(client, demo, url):
    response = client.options(
        url,
        headers={
            "Origin": SHOP,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == SHOP
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in response["Access-Control-Allow-Headers"].lower()
    assert int(response["Access-Control-Max-Age"]) > 0
    assert "Origin" in response["Vary"]


def test_cors_preflight_follows_the_shop_setting(client, demo, site):
    settings = ShopSettings.for_site(site)
    settings.shop_base_url = "https://shop.example.org"
    settings.save()
    headers = {"Access-Control-Request-Method": "GET"}
    other = client.options("/api/v1/articles/", headers={"Origin": SHOP, **headers})
    assert other.status_code == 204
    assert "Access-Control-Allow-Origin" not in other
    shop = client.options(
        "/api/v1/articles/", headers={"Origin": "https://shop.example.org", **headers}
    )
    assert shop["Access-Control-Allow-Origin"] == "https://shop.example.org"


def test_cors_preflight_refuses_writes(client, demo):
    response = client.options(
        "/api/v1/articles/",
        headers={"Origin": SHOP, "Access-Control-Request-Method": "DELETE"},
    )
    assert "DELETE" not in response.get("Access-Control-Allow-Methods", "")
    assert client.delete("/api/v1/articles/").status_code == 405


# --- spreadsheet exports -------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.fixture
def formula_article(demo, index_page):
    """A live article whose title and keyphrase start with spreadsheet formula characters."""
    collection = ShopCollection.objects.get(handle=HANDLE)
    page = HealthArticlePage(
        title=FORMULAS[0],
        slug="formula",
        focus_keyphrase=FORMULAS[1],
        body=[
            (
                "section",
                {
                    "heading": "x",
                    "text": f'<p><a linktype="collection" id="{collection.pk}">x</a></p>',
                },
            )
        ],
    )
    index_page.add_child(instance=page)
    page.save_revision().publish()
    collection.is_active = False
    collection.save()
    return page


def csv_cells(response):
    text = b"".join(response.streaming_content).decode()
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def xlsx_cells(response):
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [cell.value for row in book.active.iter_rows() for cell in row]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "view",
    [
        "health_articles_keyword_report",
        "health_articles_broken_links",
        "health_articles_claims_report",
        "health_articles_review_report",
    ],
)
def test_report_exports_neutralise_formulas(admin_client, formula_article, view, fmt):
    response = admin_client.get(reverse(view) + f"?export={fmt}")
    assert response.status_code == 200
    cells = csv_cells(response) if fmt == "csv" else xlsx_cells(response)
    strings = [cell for cell in cells if isinstance(cell, str)]
    assert "'" + FORMULAS[0] in strings
    for cell in strings:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    if view == "health_articles_keyword_report":
        assert "'" + FORMULAS[1] in strings
    # Numbers stay numbers.
    assert formula_article.pk in cells or str(formula_article.pk) in cells


def test_exports_leave_ordinary_text_alone(admin_client, demo):
    cells = csv_cells(admin_client.get(reverse("health_articles_keyword_report") + "?export=csv"))
    assert demo.title in cells


def test_neutralise_cell():
    from health_articles.views import neutralise_cell

    for formula in FORMULAS:
        assert neutralise_cell(formula) == "'" + formula
    assert neutralise_cell("Vitamine B12") == "Vitamine B12"
    assert neutralise_cell(-3) == -3
    assert neutralise_cell("") == ""
