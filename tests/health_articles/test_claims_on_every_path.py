"""The claims rule is part of the one publish guard: every path that makes an article live.

The editor's form and bulk publish are tested in test_claims_guard.py; here the
paths that end in `HealthArticlePage.publish` (code, workflow approval, scheduled
publishing) and `import_article --publish`, and how an override carries over.
"""

import io
from datetime import timedelta

from django.core.management import CommandError, call_command
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

import pytest

from health_articles.claims import guard
from health_articles.models import HealthArticlePage
from tests.health_articles.test_importer import run_import, second_index  # noqa: F401
from tests.health_articles.test_publish_guard import live_subtitle, refusals

pytestmark = pytest.mark.django_db

CLAIM = "Magnesium geneest slapeloosheid."
OTHER_CLAIM = "Vitamine C geneest verkoudheid."


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("boss", password="pw")


def draft_saying(page, subtitle, user=None, go_live_at=None):
    draft = page.get_latest_revision_as_object()
    with override("nl"):
        draft.subtitle = subtitle
    draft.go_live_at = go_live_at
    return draft.save_revision(user=user)


def test_a_claim_published_in_code_is_refused_and_logged(demo, admin):
    draft_saying(demo, CLAIM).publish(user=admin)
    assert live_subtitle(demo) != CLAIM
    entry = refusals(demo).get()
    assert entry.user == admin
    assert CLAIM in entry.data["reason"] and "disease_claim" in entry.data["reason"]


def test_workflow_approval_of_a_claim_does_not_publish(demo, admin):
    task = GroupApprovalTask.objects.create(name="Check")
    workflow = Workflow.objects.create(name="Review")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=demo.get_parent())
    draft_saying(demo, CLAIM, user=admin)
    state = workflow.start(demo, admin)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, admin, "approve")
    assert live_subtitle(demo) != CLAIM
    assert CLAIM in refusals(demo).get().data["reason"]


def test_a_scheduled_claim_does_not_go_live_and_its_schedule_is_cancelled(demo):
    revision = draft_saying(demo, CLAIM, go_live_at=timezone.now() + timedelta(hours=1))
    # Scheduled before the claim was found (e.g. claims data loaded since).
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - timedelta(minutes=1)
    )
    call_command("publish_scheduled", stdout=io.StringIO())
    assert live_subtitle(demo) != CLAIM
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None
    assert refusals(demo).count() == 1


def test_an_override_covers_its_findings_on_later_paths_and_nothing_else(demo, admin):
    page = draft_saying(demo, CLAIM).as_object()
    guard.log_override(page, admin, "Quoted from a ruling", guard.unresolved_problems(page))
    later = timezone.now() - timedelta(minutes=1)
    revision = draft_saying(demo, CLAIM, go_live_at=later)
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=later)
    call_command("publish_scheduled", stdout=io.StringIO())
    assert live_subtitle(demo) == CLAIM
    assert not refusals(demo).exists()

    draft_saying(demo, OTHER_CLAIM).publish(user=admin)
    assert live_subtitle(demo) == CLAIM
    assert OTHER_CLAIM in refusals(demo).get().data["reason"]


def test_import_publish_saves_a_draft_and_names_the_claims(second_index):  # noqa: F811
    from tests.health_articles.test_importer import SEED

    code, output = run_import(SEED, "--parent", second_index.pk, "--publish")
    assert code == 0, output
    page = HealthArticlePage.objects.child_of(second_index).get()
    assert not page.live
    first = output.splitlines()[0]
    assert "saved as a draft, not published: it makes health claims" in first
    assert "disease_claim" in first and "--claims-override" in first
    assert not PageLogEntry.objects.filter(page=page, action=guard.LOG_ACTION).exists()


def test_import_publish_with_a_reason_publishes_and_logs_it(second_index):  # noqa: F811
    from tests.health_articles.test_importer import SEED

    code, output = run_import(
        SEED, "--parent", second_index.pk, "--publish", "--claims-override", "Legal approved"
    )
    assert code == 0, output
    page = HealthArticlePage.objects.child_of(second_index).get()
    assert page.live
    entry = PageLogEntry.objects.get(page=page, action=guard.LOG_ACTION)
    assert entry.data["reason"] == "Legal approved"
    assert entry.user is None
    assert entry.data["findings"]["nl"]


def test_a_claims_override_needs_publish():
    with pytest.raises(CommandError, match="add --publish"):
        call_command("import_article", "x.txt", "--claims-override", "why", stdout=io.StringIO())
