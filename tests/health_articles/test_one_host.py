"""Every absolute URL comes from the request's Wagtail Site, whatever host the request used."""

import io
import json
import re
import subprocess
from pathlib import Path

from django.core.management import call_command
from django.utils.translation import override

import pytest
import wagtail_factories

from health_articles.seo.page_input import seo_input
from tests.conftest import url_in
from tests.health_articles.test_seo_pages import sitemap

pytestmark = pytest.mark.django_db

ROOT = "http://articles.example.org:8443"
ABSOLUTE = re.compile(r"""https?://[^\s"'<>\\]+""")
# Other sites the page legitimately names: the shop, and vocabularies.
FOREIGN = ("https://www.topvitamine.com", "https://schema.org", "http://www.w3.org")


@pytest.fixture
def served_site(site, demo):
    site.hostname, site.port = "articles.example.org", 8443
    site.save()
    demo.hero_image = wagtail_factories.ImageFactory(description="Een illustratie")
    demo.save_revision().publish()
    return site


def own_urls(text):
    return [url for url in ABSOLUTE.findall(text) if not url.startswith(FOREIGN)]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_article_page_names_one_host(client, demo, served_site, language):
    html = client.get(url_in(demo, language), HTTP_HOST="127.0.0.1").content.decode()
    urls = own_urls(html)
    # canonical, og:url, og:image, hreflang (3), JSON-LD ids, breadcrumbs, image
    assert len(urls) > 10
    assert [url for url in urls if not url.startswith(ROOT + "/")] == []
    assert f'<link rel="canonical" href="{ROOT}{url_in(demo, language)}">' in html
    assert re.search(rf'<meta property="og:image" content="{re.escape(ROOT)}/media/', html)


def test_sitemap_and_robots_name_the_sites_host(client, demo, served_site):
    urls = sitemap(client)
    locations = [*urls, *(alt for _, alts in urls.values() for alt in alts.values())]
    assert locations
    assert [url for url in locations if not url.startswith(ROOT + "/")] == []
    robots = client.get("/robots.txt", HTTP_HOST="127.0.0.1").content.decode()
    assert f"Sitemap: {ROOT}/sitemap.xml" in robots


def test_api_widget_and_serp_preview_name_the_sites_host(client, demo, served_site):
    for url in (
        f"/api/v1/articles/{demo.pk}/?language=en",
        "/api/v1/collections/vitamin-d-benefits-sources-safety/articles/?language=en",
        "/embed/collections/vitamin-d-benefits-sources-safety/articles/?language=en",
    ):
        text = client.get(url, HTTP_HOST="localhost").content.decode()
        urls = own_urls(text)
        assert urls, url
        assert [u for u in urls if not u.startswith(ROOT + "/")] == [], url
    data = json.loads(client.get(f"/api/v1/articles/{demo.pk}/?language=en").content)
    assert data["image"].startswith(f"{ROOT}/media/")
    with override("en"):
        assert seo_input(demo, "en").url == f"{ROOT}{demo.url}"


def test_load_demo_serves_on_the_given_host_and_port(site):
    out = io.StringIO()
    call_command("load_demo", "--hostname", "127.0.0.1", "--port", "8651", stdout=out)
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("127.0.0.1", 8651)
    printed = out.getvalue()
    assert "http://127.0.0.1:8651/admin/" in printed
    assert "http://127.0.0.1:8651/nl/artikelen/" in printed
    assert "http://127.0.0.1:8651/en/articles/" in printed
    assert ":8000" not in printed


def test_make_demo_passes_its_port_everywhere():
    makefile_dir = Path(__file__).resolve().parents[2]
    commands = subprocess.run(
        ["make", "-n", "-o", "install", "demo", "PORT=8652"],  # noqa: S607
        cwd=makefile_dir,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "load_demo --hostname 127.0.0.1 --port 8652" in commands
    assert "runserver 127.0.0.1:8652" in commands
    assert "http://127.0.0.1:8652/" in commands
    assert "8000" not in commands
