"""Where the claims checker shows: publish block with a logged override, report, FAQ JSON-LD."""

import csv
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils.translation import override

from wagtail import hooks
from wagtail.models import GroupPagePermission, PageLogEntry

import openpyxl
import pytest

from health_articles.claims import guard
from health_articles.models import ArticleIndexPage, HealthArticlePage
from health_articles.publishing import PUBLISH_REFUSED
from tests.conftest import url_in
from tests.factories import KeywordFactory, ShopCollectionFactory
from tests.health_articles.test_admin import (
    article_body,
    localized,
    nested_form_data,
    rich_text,
    streamfield,
)
from tests.health_articles.test_seo_pages import json_ld

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


CLAIM = "Magnesium cures insomnia."
CLEAN = "Magnesium is found in nuts and seeds."


def form_data(intro, answer="<p>Ja.</p>"):
    from health_articles.models import Keyword
    from shop_links.models import ShopCollection

    collection = ShopCollection.objects.filter(
        handle="magnesium-guard"
    ).first() or ShopCollectionFactory(handle="magnesium-guard")
    keyword = Keyword.objects.filter(name="Magnesium guard").first() or KeywordFactory(
        name="Magnesium guard"
    )
    return {
        localized("title", "nl"): "Magnesium",
        localized("slug", "nl"): "magnesium-guard",
        localized("title", "en"): "Magnesium",
        localized("slug", "en"): "magnesium-guard-en",
        "date": "2025-11-02",
        localized("intro", "nl"): rich_text("<p>Over magnesium.</p>"),
        localized("intro", "en"): rich_text(f"<p>{intro}</p>"),
        localized("body", "nl"): article_body("Magnesium", collection, [keyword], answer),
        localized("body", "en"): article_body("Magnesium", collection, [keyword]),
        localized("body", "de"): streamfield([]),
        localized("body", "fr"): streamfield([]),
    }


def add_url():
    index = ArticleIndexPage.objects.get()
    return reverse(
        "wagtailadmin_pages:add", args=["health_articles", "healtharticlepage", index.pk]
    )


def editor(override_claims=False):
    """A non-superuser editor with page permissions; optionally "may override claims"."""
    group = Group.objects.create(name=f"Editors {override_claims}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    group.permissions.add(Permission.objects.get(codename="change_article_content"))
    if override_claims:
        group.permissions.add(Permission.objects.get(codename="override_claims"))
    root = ArticleIndexPage.objects.get()
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=root, permission=Permission.objects.get(codename=codename)
        )
    user = get_user_model().objects.create_user(f"ed{override_claims}", "e@example.com", "pw")
    user.groups.add(group)
    return user


def publish(client, data, reason=None):
    fields = {**data, "action-publish": "publish"}
    if reason is not None:
        fields["claims_override_reason"] = reason
    return client.post(add_url(), nested_form_data(fields))


def test_publishing_a_high_severity_claim_is_refused_but_a_draft_is_saved(client, demo):
    client.force_login(editor())
    refused = publish(client, form_data(CLAIM))
    assert refused.status_code == 200
    errors = " ".join(refused.context["form"].non_field_errors())
    assert "health claims that may not be published" in errors
    assert CLAIM in errors
    assert not HealthArticlePage.objects.filter(slug="magnesium-guard").exists()
    draft = client.post(add_url(), nested_form_data(form_data(CLAIM)))
    assert draft.status_code == 302
    assert not HealthArticlePage.objects.get(slug="magnesium-guard").live


def test_compliant_text_publishes(client, demo):
    client.force_login(editor())
    assert publish(client, form_data(CLEAN)).status_code == 302
    assert HealthArticlePage.objects.get(slug="magnesium-guard").live


def test_a_reason_without_the_permission_does_not_lift_the_block(client, demo):
    client.force_login(editor())
    refused = publish(client, form_data(CLAIM), reason="Reviewed by legal")
    assert refused.status_code == 200
    assert not HealthArticlePage.objects.filter(slug="magnesium-guard", live=True).exists()


def test_override_needs_a_reason_and_the_reason_is_logged(client, demo):
    user = editor(override_claims=True)
    client.force_login(user)
    refused = publish(client, form_data(CLAIM), reason="  ")
    assert refused.status_code == 200
    assert "give a reason" in " ".join(refused.context["form"].non_field_errors())

    assert publish(client, form_data(CLAIM), reason="Quoted from a court ruling").status_code == 302
    page = HealthArticlePage.objects.get(slug="magnesium-guard")
    assert page.live
    [entry] = PageLogEntry.objects.filter(page=page, action=guard.LOG_ACTION)
    assert entry.user == user
    # The publish that followed the form saw the override: no refusal in the history.
    assert not PageLogEntry.objects.filter(page=page, action=PUBLISH_REFUSED).exists()
    assert entry.data["reason"] == "Quoted from a court ruling"
    assert entry.data["findings"]["en"][0]["sentence"] == CLAIM
    assert "Quoted from a court ruling" in entry.message
    editor_html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert 'name="claims_override_reason"' in editor_html
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert "Quoted from a court ruling" in history.content.decode()


def test_bulk_publish_refuses_articles_with_high_severity_claims(admin_client, demo):
    # The demo was published despite its seed text's claims (logged); a new claim is not.
    draft = demo.get_latest_revision_as_object()
    with override("nl"):
        draft.subtitle = "Magnesium geneest slapeloosheid."
    draft.save_revision()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={demo.pk}"
    response = admin_client.post(url, {"include_descendants": ""})
    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.has_unpublished_changes


def test_the_permission_is_offered_in_the_group_editor():
    offered = set()
    for hook in hooks.get_hooks("register_permissions"):
        offered.update(p.codename for p in hook())
    assert "override_claims" in offered


def test_claim_problems_per_language(demo):
    assert {f.kind for f in guard.claim_problems(demo, "nl")} >= {"disease_claim"}
    assert guard.claim_problems(demo, "de") == []  # not written in German
    assert set(guard.blocking_problems(demo)) == {"nl", "en"}


def report_url(**params):
    url = reverse("health_articles_claims_report")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def export_rows(client, **params):
    """The CSV export as dicts keyed by the export's field names (headings are translated)."""
    from health_articles.views import ClaimsReport

    lines = list(csv.reader(io.StringIO(client.get(report_url(**params)).getvalue().decode())))
    return [dict(zip(ClaimsReport.list_export, line, strict=True)) for line in lines[1:]]


def test_claims_report_lists_articles_per_language_with_counts(admin_client, demo):
    html = admin_client.get(report_url()).content.decode()
    assert "Health claims report" in html
    assert "Disease claims" in html
    rows = export_rows(admin_client, export="csv")
    assert [(row["page.id"], row["language"]) for row in rows] == [
        (str(demo.pk), "nl"),
        (str(demo.pk), "en"),
    ]
    nl = rows[0]
    assert int(nl["count_disease_claim"]) > 0
    assert int(nl["high"]) > 0
    assert int(nl["total"]) == sum(int(v) for k, v in nl.items() if k.startswith("count_"))
    assert [row["language"] for row in export_rows(admin_client, export="csv", language="en")] == [
        "en"
    ]


def test_claims_report_exports_xlsx(admin_client, demo):
    response = admin_client.get(report_url(export="xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.max_row == 3  # header, nl, en
    assert [sheet.cell(row, 3).value for row in (2, 3)] == ["nl", "en"]


def test_faq_answers_with_high_severity_findings_are_left_out_of_the_json_ld(client, demo):
    from health_articles.claims.checker import check_text
    from health_articles.seo.jsonld import plain

    with override("nl"):
        items = list(demo.body.first_block_by_name("faq").value["questions"])
    html = client.get(url_in(demo, "nl")).content.decode()
    graph = json_ld(html)["@graph"]
    [faq] = [node for node in graph if node["@type"] == "FAQPage"]
    kept = {item["name"] for item in faq["mainEntity"]}
    left_out = [item for item in items if item["question"] not in kept]
    assert len(left_out) == 2
    for item in left_out:
        assert check_text(plain(item["answer"].source), "nl").has_high
    for item in items:
        if item["question"] in kept:
            assert not check_text(plain(item["answer"].source), "nl").has_high


def test_the_faq_check_is_kept_and_follows_the_text(client, demo, monkeypatch):
    """The FAQ's claims verdicts are kept under a digest of their inputs: a second render
    runs no check, and an edited answer is checked again."""
    from health_articles.claims import service

    calls = []
    check_units = service.check_units

    def counted(units, *args, **kwargs):
        calls.append(units[0].text)
        return check_units(units, *args, **kwargs)

    monkeypatch.setattr(service, "check_units", counted)
    url = url_in(demo, "nl")
    [node] = [
        n for n in json_ld(client.get(url).content.decode())["@graph"] if n["@type"] == "FAQPage"
    ]
    with override("nl"):
        questions = [
            item["question"] for item in demo.body.first_block_by_name("faq").value["questions"]
        ]
    assert sorted(calls) == sorted(questions)
    assert questions[0] in {item["name"] for item in node["mainEntity"]}
    calls.clear()
    client.get(url)
    assert calls == []

    with override("nl"):
        raw = [dict(block) for block in demo.body.raw_data]
        faq = next(block for block in raw if block["type"] == "faq")
        first = dict(faq["value"]["questions"][0])
        first["value"] = dict(first.get("value", first))
        answer = "<p>Vitamine B12 geneest zenuwschade.</p>"
        if "value" in faq["value"]["questions"][0]:
            first["value"]["answer"] = answer
        else:
            first["answer"] = answer
        faq["value"] = {**faq["value"], "questions": [first, *faq["value"]["questions"][1:]]}
        demo.body = raw
    demo.save_revision().publish()
    calls.clear()
    html = client.get(url).content.decode()
    assert calls == [questions[0]]
    [node] = [n for n in json_ld(html)["@graph"] if n["@type"] == "FAQPage"]
    assert questions[0] not in {item["name"] for item in node["mainEntity"]}

    # A deploy whose checker decides differently does not reuse the old verdicts.
    monkeypatch.setattr(service, "rules_digest", lambda: "other-rules")
    calls.clear()
    client.get(f"{url}?after-deploy")
    assert sorted(calls) == sorted(questions)
