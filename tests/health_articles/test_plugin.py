"""The apps as a plugin: host-neutral code, opt-in roles, a replaceable layout."""

import re
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import override

from wagtail.models import GroupPagePermission, Page

import pytest

from health_articles.models import ArticleIndexPage, HealthArticlePage

ROOT = Path(__file__).resolve().parents[2]
APPS = [ROOT / "health_articles", ROOT / "shop_links"]
DEMO = ROOT / "demo"
LANGUAGE_CODE = r"[\"'](?:nl|en|de|fr|es|it)[\"']"


def app_sources(*suffixes, with_migrations=False):
    for app in APPS:
        for path in sorted(app.rglob("*")):
            parts = set(path.relative_to(app).parts)
            if path.suffix not in suffixes or "locale" in parts:
                continue
            if "migrations" in parts and not with_migrations:
                continue
            yield path


def offending_lines(pattern, *suffixes):
    regex = re.compile(pattern, re.IGNORECASE)
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in app_sources(*suffixes)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if regex.search(line)
    ]


def test_no_list_of_languages_in_app_code():
    """Languages come from the host's settings: no ("nl", "en", …) anywhere in the apps."""
    pattern = rf"{LANGUAGE_CODE}\s*,\s*{LANGUAGE_CODE}"
    assert offending_lines(pattern, ".py", ".html", ".js") == []


def test_the_apps_know_no_host():
    assert offending_lines(r"^\s*(from|import)\s+(config|demo)\b", ".py") == []
    assert offending_lines(r"topvitamine", ".py", ".html", ".js", ".css") == []
    # Pages link home through the site, not through a hard-coded /<language>/ path.
    assert offending_lines(r"href=\"/\{\{", ".html") == []


# --- roles ------------------------------------------------------------------------


def test_migrations_create_no_groups_or_permissions(db):
    assert not Group.objects.filter(name="SEO").exists()
    editors = Group.objects.get(name="Editors")  # made by Wagtail's own migrations
    assert not editors.permissions.filter(codename="change_article_content").exists()


@pytest.fixture
def bare_site(db):
    """A host site with an article index and no roles set up."""
    call_command("create_article_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return ArticleIndexPage.objects.get()


def test_setup_article_roles_scopes_the_seo_group_to_the_article_indexes(bare_site):
    call_command("setup_article_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    seo = Group.objects.get(name="SEO")
    page_permissions = {
        (permission.page_id, permission.permission.codename)
        for permission in GroupPagePermission.objects.filter(group=seo)
    }
    assert page_permissions == {(bare_site.pk, "change_page")}
    assert set(seo.permissions.values_list("codename", flat=True)) == {
        "access_admin",
        "add_keyword",
        "change_keyword",
        "delete_keyword",
        "view_keyword",
    }
    for name in ("Editors", "Moderators"):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="change_article_content").exists()


def test_setup_article_roles_runs_again_without_changes(bare_site, capsys):
    call_command("setup_article_roles")
    call_command("setup_article_roles")
    assert capsys.readouterr().out.splitlines()[-1] == "Article roles: 0 changes."


def test_the_text_permission_is_offered_in_wagtails_group_editor(admin_client, db):
    editors = Group.objects.get(name="Editors")
    html = admin_client.get(reverse("wagtailusers_groups:edit", args=[editors.pk])).content
    permission = Permission.objects.get(codename="change_article_content")
    assert f'name="permissions" value="{permission.pk}"'.encode() in html


# --- a new site, the command line ------------------------------------------------------


def test_import_article_makes_the_index_on_a_new_site(db, capsys):
    for language in ("nl", "en"):
        feed = DEMO / "shop-feed" / f"collections.{language}.json"
        call_command("sync_collections", "--feed", str(feed), "--language", language)
    call_command(
        "import_article",
        "--publish",
        "--claims-override",
        "The seed article as written",
        str(DEMO / "b12-neurologische-symptomen.nl.txt"),
    )
    out = capsys.readouterr().out
    index = ArticleIndexPage.objects.get()
    assert f"No article index yet: created 'Artikelen' (id {index.pk})." in out
    home = Page.objects.get(depth=2)
    assert index.get_parent().pk == home.pk
    slugs = {}
    for language in ("nl", "en", "de"):
        with override(language):
            slugs[language] = ArticleIndexPage.objects.get().slug
    assert slugs == {"nl": "artikelen", "en": "articles", "de": "artikel"}
    article = HealthArticlePage.objects.get()
    assert article.live and article.get_parent().pk == index.pk


def test_create_article_index_does_nothing_when_one_exists(bare_site, capsys):
    call_command("create_article_index")
    assert "Article index exists" in capsys.readouterr().out
    assert ArticleIndexPage.objects.count() == 1


# --- the layout a host replaces -------------------------------------------------------


def test_public_pages_extend_the_hosts_base_template(client, demo, settings, tmp_path):
    (tmp_path / "host").mkdir()
    (tmp_path / "host" / "layout.html").write_text(
        '<!DOCTYPE html><html lang="nl"><head><title>{% block title %}{% endblock %}</title>'
        '</head><body class="host-layout">{% block content %}{% endblock %}</body></html>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    settings.HEALTH_ARTICLES_BASE_TEMPLATE = "host/layout.html"
    for url in (demo.url, demo.get_parent().url):
        html = client.get(url).content.decode()
        assert 'class="host-layout"' in html
        assert "site-header" not in html  # the app's own layout is not used
    assert "<h1" in client.get(demo.url).content.decode()


def test_the_default_layout_links_home_through_the_site(client, demo):
    html = client.get(demo.url).content.decode()
    assert 'class="site-header__name" href="/nl/"' in html
    with override("en"):
        english = client.get(demo.url).content.decode()
    assert 'class="site-header__name" href="/en/"' in english
