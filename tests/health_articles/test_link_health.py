from django.urls import reverse
from django.utils.translation import override

from wagtail.models import ReferenceIndex
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from health_articles.link_health import broken_collection_links, link_problems
from health_articles.models import ArticleCollectionLink, HealthArticlePage
from tests.health_articles.test_admin import localized

pytestmark = pytest.mark.django_db

VITAMIN_C = "vitamin-c-benefits-immunity-antioxidant-energy"


def dutch_article_form(title, slug, dutch_body):
    """Add-form data for an article written only in Dutch."""
    return nested_form_data(
        {
            localized("title", "nl"): title,
            localized("slug", "nl"): slug,
            "date": "2025-11-01",
            localized("body", "nl"): dutch_body,
            localized("body", "en"): streamfield([]),
            localized("body", "de"): streamfield([]),
            localized("body", "fr"): streamfield([]),
        }
    )


def add_article_url(demo):
    parent = demo.get_parent().pk
    return reverse("wagtailadmin_pages:add", args=["health_articles", "healtharticlepage", parent])


def test_article_links_are_indexed_per_language_and_kind(demo, collections):
    links = ArticleCollectionLink.objects.filter(page=demo)
    for language in ("nl", "en"):
        ids = set(
            links.filter(language=language, kind="inline").values_list("collection", flat=True)
        )
        assert ids == {c.pk for c in collections.values()}
    assert not links.filter(language="de").exists()


def test_wagtail_reference_index_finds_articles_from_a_collection(demo, collections):
    references = ReferenceIndex.get_references_to(collections[VITAMIN_C])
    assert demo.pk in {int(r.object_id) for r in references}


def test_report_lists_inactive_and_deleted_collection_links(admin_client, demo, collections):
    assert not broken_collection_links().exists()
    collections[VITAMIN_C].set_active(False)
    collections[VITAMIN_C].save()
    deleted_pk = collections["vitamin-k-benefits-bone-blood-health"].pk
    collections["vitamin-k-benefits-bone-blood-health"].delete()
    rows = {(r.language, r.collection_id, r.problem) for r in broken_collection_links()}
    assert rows == {
        ("nl", collections[VITAMIN_C].pk, "inactive"),
        ("en", collections[VITAMIN_C].pk, "inactive"),
        ("nl", deleted_pk, "deleted"),
        ("en", deleted_pk, "deleted"),
    }
    response = admin_client.get(reverse("health_articles_broken_links"))
    assert response.status_code == 200
    html = response.content.decode()
    assert VITAMIN_C in html
    assert reverse("wagtailadmin_pages:edit", args=[demo.pk]) in html
    csv = admin_client.get(reverse("health_articles_broken_links") + "?export=csv")
    lines = b"".join(csv.streaming_content).decode().strip().splitlines()
    assert len(lines) == 5  # header + 4 rows


def test_editor_sees_a_warning_and_cannot_publish(admin_client, demo, collections):
    collections[VITAMIN_C].set_active(False)
    collections[VITAMIN_C].save()
    assert link_problems(demo) == [
        ("nl", collections[VITAMIN_C].pk, VITAMIN_C, "inactive"),
        ("en", collections[VITAMIN_C].pk, VITAMIN_C, "inactive"),
    ]
    edit_url = reverse("wagtailadmin_pages:edit", args=[demo.pk])
    page = admin_client.get(edit_url).content.decode()
    assert "help-warning" in page
    assert VITAMIN_C in page

    body = streamfield(
        [
            (
                "section",
                {
                    "heading": "Kop",
                    "text": rich_text(
                        f'<p><a linktype="collection" id="{collections[VITAMIN_C].pk}">C</a></p>',
                        features=["collection-link"],
                    ),
                    "image": "",
                    "caption": "",
                    "numbered": "on",
                },
            )
        ]
    )
    data = dutch_article_form("Vitamine C", "vitamine-c", body)
    add_url = add_article_url(demo)
    refused = admin_client.post(add_url, {**data, "action-publish": "publish"})
    assert refused.status_code == 200
    assert VITAMIN_C in str(refused.context["form"].non_field_errors())
    assert not HealthArticlePage.objects.filter(slug_nl="vitamine-c").exists()  # noqa
    saved = admin_client.post(add_url, data)
    assert saved.status_code == 302
    with override("nl"):
        draft = HealthArticlePage.objects.get(slug="vitamine-c")
    assert not draft.live


def test_bulk_publish_refuses_articles_with_broken_links(admin_client, demo, collections):
    collections[VITAMIN_C].set_active(False)
    collections[VITAMIN_C].save()
    draft = demo.get_latest_revision_as_object()
    with override("nl"):
        draft.subtitle = "Nieuw"
    draft.save_revision()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={demo.pk}"
    response = admin_client.post(url, {"include_descendants": ""})
    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.has_unpublished_changes
    with override("nl"):
        assert demo.subtitle != "Nieuw"


def test_a_draft_may_hold_an_unfinished_collection_link(admin_client, demo):
    body = streamfield([("collection_link", {"collection": "", "link_text": "", "style": "card"})])
    data = dutch_article_form("Onaf", "onaf", body)
    add_url = add_article_url(demo)
    assert admin_client.post(add_url, data).status_code == 302  # draft saved
    refused = admin_client.post(
        add_url, {**data, localized("slug", "nl"): "onaf-2", "action-publish": "publish"}
    )
    assert refused.status_code == 200
    assert localized("body", "nl") in refused.context["form"].errors
