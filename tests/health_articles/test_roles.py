"""What the SEO role may not do to articles, and that editors and admins still may.

Each refusal is checked on a crafted request (not only a hidden button): the view
refuses, and the page is unchanged.
"""

import re

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import override

from wagtail.models import GroupPagePermission, Page
from wagtail.test.utils.form_data import nested_form_data, rich_text

import pytest

from health_articles.models import ArticleIndexPage, HealthArticlePage
from tests.health_articles.test_admin import localized
from tests.health_articles.test_seo_pages import edit_post

ROLES = {
    "editor": ["Editors"],
    "moderator": ["Moderators"],
    "seo": ["SEO"],
}


@pytest.fixture
def users(django_user_model, demo):
    made = {
        "admin": django_user_model.objects.create_superuser("role-admin", "a@example.com", "pw")
    }
    for role, groups in ROLES.items():
        user = django_user_model.objects.create_user(f"role-{role}", password="pw", is_staff=True)
        user.groups.set(Group.objects.filter(name__in=groups))
        made[role] = user
    return made


@pytest.fixture
def draft(demo):
    """The article as an unpublished draft: what SEO could once delete outright."""
    demo.unpublish()
    return HealthArticlePage.objects.get(pk=demo.pk)


def grant_seo(codename, page):
    """Page rights a host might give the SEO group; the role still holds."""
    GroupPagePermission.objects.create(
        group=Group.objects.get(name="SEO"),
        page=page,
        permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
    )


def refused(response):
    """Wagtail refuses with a 403, or a redirect to the dashboard with an error message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def as_user(client, user):
    client.force_login(user)
    return client


# --- delete ---------------------------------------------------------------------------


def test_seo_cannot_delete_a_draft_article(client, users, draft):
    as_user(client, users["seo"])
    assert refused(client.post(reverse("wagtailadmin_pages:delete", args=[draft.pk])))
    assert HealthArticlePage.objects.filter(pk=draft.pk).exists()


def test_seo_cannot_bulk_delete_a_draft_article(client, users, draft):
    as_user(client, users["seo"])
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    client.post(f"{url}?id={draft.pk}")
    assert HealthArticlePage.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_and_admins_delete_a_draft_article(client, users, draft, role):
    as_user(client, users[role])
    client.post(reverse("wagtailadmin_pages:delete", args=[draft.pk]))
    assert not HealthArticlePage.objects.filter(pk=draft.pk).exists()


# --- unpublish, publish ---------------------------------------------------------------


def test_seo_cannot_unpublish_even_with_publish_rights(client, users, demo, index_page):
    grant_seo("publish_page", index_page)
    as_user(client, users["seo"])
    assert refused(client.post(reverse("wagtailadmin_pages:unpublish", args=[demo.pk])))
    assert HealthArticlePage.objects.get(pk=demo.pk).live


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_moderators_and_admins_unpublish(client, users, demo, role):
    as_user(client, users[role])
    client.post(reverse("wagtailadmin_pages:unpublish", args=[demo.pk]))
    assert not HealthArticlePage.objects.get(pk=demo.pk).live


def test_seo_cannot_publish_even_with_publish_rights(client, users, demo, index_page):
    grant_seo("publish_page", index_page)
    as_user(client, users["seo"])
    edit_post(client, demo, **{"action-publish": "publish", localized("seo_title", "nl"): "Nieuw"})
    with override("nl"):
        assert HealthArticlePage.objects.get(pk=demo.pk).seo_title != "Nieuw"


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_moderators_and_admins_publish(client, users, demo, role, monkeypatch):
    # The demo article makes claims that block publishing (test_claims_guard.py); this
    # test is about who may publish, so the claims guard stands aside.
    monkeypatch.setattr("health_articles.claims.guard.blocking_problems", lambda page: [])
    as_user(client, users[role])
    edit_post(client, demo, **{"action-publish": "publish", localized("seo_title", "nl"): "Nieuw"})
    with override("nl"):
        assert HealthArticlePage.objects.get(pk=demo.pk).seo_title == "Nieuw"


# --- move, copy -----------------------------------------------------------------------


@pytest.mark.parametrize("view", ["move", "copy"])
def test_seo_cannot_move_or_copy(client, users, draft, index_page, view):
    as_user(client, users["seo"])
    assert refused(client.get(reverse(f"wagtailadmin_pages:{view}", args=[draft.pk])))
    pages = HealthArticlePage.objects.count()
    if view == "move":
        confirm = reverse(
            "wagtailadmin_pages:move_confirm", args=[draft.pk, index_page.get_parent().pk]
        )
        assert refused(client.get(confirm))  # Wagtail itself checks only the POST
        client.post(confirm)
    else:
        client.post(
            reverse("wagtailadmin_pages:copy", args=[draft.pk]),
            {"new_title": "Kopie", "new_slug": "kopie", "new_parent_page": index_page.pk},
        )
    assert HealthArticlePage.objects.count() == pages
    assert HealthArticlePage.objects.get(pk=draft.pk).get_parent().pk == index_page.pk


@pytest.mark.parametrize("role", ["editor", "admin"])
@pytest.mark.parametrize("view", ["move", "copy"])
def test_editors_and_admins_may_move_and_copy(client, users, draft, role, view):
    as_user(client, users[role])
    assert client.get(reverse(f"wagtailadmin_pages:{view}", args=[draft.pk])).status_code == 200


# --- revert ---------------------------------------------------------------------------


def body_heading(page_pk):
    draft = HealthArticlePage.objects.get(pk=page_pk).get_latest_revision_as_object()
    with override("nl"):
        return draft.body[0].value["heading"]


def revert(client, page, revision):
    """POST the revert form: the edit form, sent to the revision's revert URL."""
    url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, revision.pk])
    data = {"date": "2025-10-22"}
    for language in ("nl", "en"):
        with override(language):
            for name in ("title", "slug", "seo_title", "search_description", "focus_keyphrase"):
                data[localized(name, language)] = getattr(page, name)
            data[localized("intro", language)] = rich_text(page.intro)
    return client.post(url, nested_form_data(data))


def test_seo_cannot_revert_an_editors_draft_to_old_text(client, users, demo):
    old = demo.latest_revision
    as_user(client, users["editor"])
    assert edit_post(client, demo).status_code == 302  # the editor's draft
    assert body_heading(demo.pk) == "Vervangen"
    as_user(client, users["seo"])
    assert refused(revert(client, demo, old))
    assert body_heading(demo.pk) == "Vervangen"


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_and_admins_revert(client, users, demo, role):
    old = demo.latest_revision
    as_user(client, users["editor"])
    edit_post(client, demo)
    as_user(client, users[role])
    url = reverse("wagtailadmin_pages:revisions_revert", args=[demo.pk, old.pk])
    assert client.get(url).status_code == 200


# --- other page types -----------------------------------------------------------------


def edit_index(client, index):
    data = {}
    for language in ("nl", "en"):
        with override(language):
            data[localized("title", language)] = "Gewijzigd"
            data[localized("slug", language)] = index.slug
    return client.post(reverse("wagtailadmin_pages:edit", args=[index.pk]), nested_form_data(data))


def test_seo_cannot_edit_the_article_index(client, users, index_page):
    as_user(client, users["seo"])
    assert refused(edit_index(client, index_page))
    assert ArticleIndexPage.objects.get().get_latest_revision_as_object().title != "Gewijzigd"


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_and_admins_edit_the_article_index(client, users, index_page, role):
    as_user(client, users[role])
    assert edit_index(client, index_page).status_code == 302
    assert ArticleIndexPage.objects.get().get_latest_revision_as_object().title == "Gewijzigd"


def test_seo_rights_on_the_root_are_taken_back(client, users, index_page):
    """Older installs gave SEO `change_page` on the root (so the home page too)."""
    grant_seo("change_page", Page.get_first_root_node())
    call_command("setup_article_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    home = index_page.get_parent()
    as_user(client, users["seo"])
    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])))
    as_user(client, users["editor"])
    assert client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).status_code == 200


def test_seo_still_edits_an_articles_seo_fields(client, users, demo):
    as_user(client, users["seo"])
    assert edit_post(client, demo, **{localized("seo_title", "nl"): "Nieuw"}).status_code == 302
    with override("nl"):
        assert (
            HealthArticlePage.objects.get(pk=demo.pk).get_latest_revision_as_object().seo_title
            == "Nieuw"
        )


def editor_widget(html, name):
    """The telepath type of a field's widget on the edit page (Draftail, StreamField…)."""
    found = re.search(rf'"fieldName": "{name}", "widget": \{{"_type": "([^"]+)"', html)
    return found.group(1) if found else None


def test_seo_sees_the_article_text_read_only_and_editors_get_the_editors(client, users, demo):
    edit = reverse("wagtailadmin_pages:edit", args=[demo.pk])
    seo_html = as_user(client, users["seo"]).get(edit).content.decode()
    editor_html = as_user(client, users["editor"]).get(edit).content.decode()
    for language in ("nl", "en"):
        intro, body = localized("intro", language), localized("body", language)
        assert editor_widget(editor_html, intro) == "wagtail.widgets.DraftailRichTextArea"
        assert editor_widget(editor_html, body) == "wagtail.widgets.BlockWidget"
        # Draftail and the StreamField editor cannot be disabled: SEO gets the text only.
        for name in (intro, body):
            assert editor_widget(seo_html, name) == "wagtail.widgets.Widget"
    assert seo_html.count('aria-readonly=\\"true\\"') == 2 * len(settings.LANGUAGES)
    assert 'aria-readonly=\\"true\\"' not in editor_html
    heading = "Symptomen van vitamine B12-tekort relevant voor voedingssupplementen"
    assert heading in seo_html


def test_an_empty_post_by_seo_keeps_the_article_text(client, users, demo):
    """SEO's form reads no text field: an empty POST saves a draft (Wagtail saves drafts
    incomplete) whose text is the stored one."""
    from health_articles.claims.sources import page_units

    def text(page):  # what a reader sees, block by block (list storage formats may differ)
        return [(unit.block, unit.text) for unit in page_units(page, "nl")]

    before = text(demo)
    as_user(client, users["seo"])
    response = client.post(reverse("wagtailadmin_pages:edit", args=[demo.pk]), {})
    assert response.status_code == 302
    draft = HealthArticlePage.objects.get(pk=demo.pk).get_latest_revision_as_object()
    assert text(draft) == before


def test_the_read_only_intro_is_the_rendered_rich_text(demo):
    from health_articles.widgets import ReadOnlyContent

    with override("nl"):
        html = ReadOnlyContent().render("intro_nl", demo.intro, {"id": "id_intro_nl"})
    assert "<p>Vitamine B12, ook wel cobalamine genoemd" in html
    assert "&lt;p&gt;" not in html
