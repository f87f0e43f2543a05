"""Real validators on every public template: the Nu HTML Checker (vnu.jar, on Java) and
axe-core in Debian's Chromium at 360 and 1440 px. Both come from npm into
tools/validators/ (`npm ci --ignore-scripts --prefix tools/validators`, done by .ci/run)."""

import json
import shutil
import subprocess
from pathlib import Path

from django.utils.translation import override

import pytest

from health_articles.models import ArticleIndexPage, ArticleSearchPage, HealthArticlePage, Keyword

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TOOLS = Path(__file__).resolve().parents[2] / "tools" / "validators" / "node_modules"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = TOOLS / "axe-core" / "axe.min.js"


def public_urls():
    """Every public template: indexes, both article languages, keyword page, search
    results, 404 and the widget."""
    article = HealthArticlePage.objects.get()
    index = ArticleIndexPage.objects.get()
    search = ArticleSearchPage.objects.get()
    keyword = Keyword.objects.get(name_nl__iexact="perifere neuropathie")  # noqa
    urls = []
    for language, segment, query in (
        ("nl", "trefwoorden", "tintelingen"),
        ("en", "keywords", "tingling"),
    ):
        with override(language):
            urls += [
                index.url,
                article.url,
                f"{index.url}{segment}/{keyword.slug}/",
                f"{search.url}?q={query}",
            ]
    return [
        *urls,
        "/nl/bestaat-niet/",
        "/embed/collections/vitamin-d-benefits-sources-safety/articles/?language=nl",
    ]


def test_public_templates_pass_the_nu_html_checker_and_axe(live_demo, browser, tmp_path):
    """One test, one demo load: the live server's database is loaded once."""
    check_html(live_demo, tmp_path)
    check_axe(live_demo, browser)


def check_html(live_demo, tmp_path):
    if not VNU.exists() or shutil.which("java") is None:
        pytest.skip("vnu.jar or Java missing: npm ci --ignore-scripts --prefix tools/validators")
    import urllib.request

    files = []
    for number, url in enumerate(public_urls()):
        try:
            html = urllib.request.urlopen(live_demo.url + url).read()  # noqa: S310 (loopback)
        except urllib.error.HTTPError as error:  # the 404 page
            html = error.read()
        path = tmp_path / f"page-{number}.html"
        path.write_bytes(html)
        files.append(str(path))
    result = subprocess.run(  # noqa: S603
        ["java", "-jar", str(VNU), "--format", "json", *files],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    urls = public_urls()
    problems = [
        f"{urls[int(Path(m['url']).stem.split('-')[1])]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert problems == []
    assert len(files) == 10


def check_axe(live_demo, browser):
    """axe-core at 360 and 1440 px: no violations."""
    if not AXE.exists():
        pytest.skip("axe-core missing: npm ci --ignore-scripts --prefix tools/validators")
    violations = {}
    for width in (360, 1440):
        # The site's Content-Security-Policy rightly refuses inline scripts; axe-core is
        # the test's own script, injected past it (the page's own scripts keep the CSP).
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        page = context.new_page()
        for url in public_urls():
            page.goto(live_demo.url + url)
            page.add_script_tag(path=str(AXE))
            found = page.evaluate("async () => (await axe.run()).violations")
            if found:
                violations[(width, url)] = [
                    (v["id"], [n["target"] for n in v["nodes"]]) for v in found
                ]
        context.close()
    assert violations == {}
