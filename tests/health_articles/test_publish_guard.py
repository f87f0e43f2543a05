"""One publish guard on every path that makes an article live; derived data follows publishing."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from wagtail.models import (
    GroupApprovalTask,
    PageLogEntry,
    Revision,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.test.utils.form_data import rich_text, streamfield

import pytest

from health_articles.keywords import KEYWORD_MERGED, merge_keywords
from health_articles.models import ArticleCollectionLink, ArticleKeyword, Keyword
from health_articles.publishing import PUBLISH_REFUSED

pytestmark = pytest.mark.django_db

VITAMIN_C = "vitamin-c-benefits-immunity-antioxidant-energy"


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("boss", password="pw")


def new_draft(page, subtitle="Nieuw", user=None):
    draft = page.get_latest_revision_as_object()
    with override("nl"):
        draft.subtitle = subtitle
    return draft.save_revision(user=user)


def deactivate(collections):
    collections[VITAMIN_C].set_active(False)
    collections[VITAMIN_C].save()


def live_subtitle(page):
    page.refresh_from_db()
    with override("nl"):
        return page.subtitle


def refusals(page):
    return PageLogEntry.objects.filter(page=page, action=PUBLISH_REFUSED)


def test_publishing_a_revision_in_code_is_refused_and_logged(demo, collections, admin):
    revision = new_draft(demo)
    deactivate(collections)
    revision.publish(user=admin)
    assert live_subtitle(demo) != "Nieuw"
    entry = refusals(demo).get()
    assert entry.user == admin
    assert VITAMIN_C in entry.data["reason"]
    assert VITAMIN_C in entry.message  # the page history shows why


def test_workflow_approval_does_not_publish_and_tells_the_approver(demo, collections, admin):
    task = GroupApprovalTask.objects.create(name="Check")
    workflow = Workflow.objects.create(name="Review")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=demo.get_parent())
    new_draft(demo, user=admin)
    state = workflow.start(demo, admin)
    deactivate(collections)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, admin, "approve")
    assert live_subtitle(demo) != "Nieuw"
    assert refusals(demo).get().user == admin


def test_scheduled_publishing_is_refused_and_the_schedule_cancelled(demo, collections):
    draft = demo.get_latest_revision_as_object()
    with override("nl"):
        draft.subtitle = "Later"
    draft.go_live_at = timezone.now() + timedelta(hours=1)
    revision = draft.save_revision()
    revision.publish()  # schedules: nothing is wrong yet
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None
    deactivate(collections)
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - timedelta(minutes=1)
    )
    call_command("publish_scheduled", stdout=io.StringIO())
    assert live_subtitle(demo) != "Later"
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None  # not retried (and logged) every run
    assert refusals(demo).count() == 1
    call_command("publish_scheduled", stdout=io.StringIO())
    assert refusals(demo).count() == 1


def test_revert_then_publish_is_refused_on_the_form(admin_client, demo, collections):
    from .test_admin import localized
    from .test_seo_pages import edit_post

    old = demo.live_revision
    new_draft(demo).publish()
    deactivate(collections)
    revert_url = reverse("wagtailadmin_pages:revisions_revert", args=[demo.pk, old.pk])
    assert admin_client.get(revert_url).status_code == 200
    # The old revision's content, as the revert screen posts it back: it links to VITAMIN_C.
    linked = streamfield(
        [
            (
                "section",
                {
                    "heading": "Oud",
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
    response = edit_post(
        admin_client,
        demo,
        **{localized("body", "nl"): linked, "action-publish": "publish", "revision": old.pk},
    )
    assert response.status_code == 200
    assert VITAMIN_C in str(response.context["form"].non_field_errors())
    assert live_subtitle(demo) == "Nieuw"


# --- derived data --------------------------------------------------------------------------


def keyword_ids(page, language="nl"):
    return set(
        ArticleKeyword.objects.filter(page=page, language=language).values_list(
            "keyword", flat=True
        )
    )


def without_keywords(page):
    draft = page.get_latest_revision_as_object()
    with override("nl"):
        draft.body = [b for b in draft.body.raw_data if b["type"] != "keywords"]
    return draft.save_revision()


def test_derived_data_follows_the_published_revision(demo):
    before, english = keyword_ids(demo), keyword_ids(demo, "en")
    assert before and english
    revision = without_keywords(demo)
    assert keyword_ids(demo) == before  # a draft changes nothing live
    revision.publish()
    assert keyword_ids(demo) == set()
    assert keyword_ids(demo, "en") == english  # the English body kept its keywords
    demo.refresh_from_db()
    demo.unpublish()
    assert not ArticleKeyword.objects.filter(page=demo).exists()
    assert not ArticleCollectionLink.objects.filter(page=demo).exists()


# --- keyword merge --------------------------------------------------------------------------


def keyword_pair():
    with override("nl"):
        return (
            Keyword.objects.get(name="magnesium voor zenuwen"),
            Keyword.objects.get(name="Vitamine B12-tekort"),
        )


def keywords_in(page, language="nl"):
    with override(language):
        return [k.pk for k in page.body[-1].value["keywords"] if k]


def test_merge_by_a_publisher_publishes_a_new_revision_and_keeps_history(demo, admin):
    source, target = keyword_pair()
    old_revisions = {r.pk: r.content for r in Revision.objects.filter(object_id=str(demo.pk))}
    result = merge_keywords(source, target, user=admin)
    assert (result.published, result.drafts, result.source_kept) == (1, 0, False)
    assert not Keyword.objects.filter(pk=source.pk).exists()
    demo.refresh_from_db()
    assert demo.live_revision_id not in old_revisions
    assert target.pk in keywords_in(demo) and source.pk not in keywords_in(demo)
    for pk, content in old_revisions.items():  # never edited
        assert Revision.objects.get(pk=pk).content == content
    entry = PageLogEntry.objects.get(page=demo, action=KEYWORD_MERGED)
    assert entry.user == admin
    assert entry.data["published"] is True
    assert target.pk in keyword_ids(demo)


def test_merge_keeps_a_pending_draft_as_the_latest_revision(demo, admin):
    source, target = keyword_pair()
    new_draft(demo, "Nog niet live")
    merge_keywords(source, target, user=admin)
    demo.refresh_from_db()
    assert demo.has_unpublished_changes
    assert source.pk not in keywords_in(demo)  # live content was republished
    draft = demo.get_latest_revision_as_object()
    with override("nl"):
        assert draft.subtitle == "Nog niet live"
    assert source.pk not in keywords_in(draft) and target.pk in keywords_in(draft)
    assert live_subtitle(demo) != "Nog niet live"
