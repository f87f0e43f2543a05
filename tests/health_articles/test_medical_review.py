"""Medical review through Wagtail's admin: the workflow task, the recorded review, page, report."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import override

from wagtail.models import Workflow, WorkflowPage

import pytest

from health_articles.models import (
    ArticleIndexPage,
    Author,
    HealthArticlePage,
    MedicalReview,
    MedicalReviewTask,
)
from health_articles.models.review import add_months
from health_articles.views import review_rows
from tests.conftest import url_in
from tests.health_articles.test_claims_guard import CLEAN, add_url, form_data, nested_form_data
from tests.health_articles.test_seo_pages import json_ld

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


def setup_roles():
    call_command("setup_article_roles", stdout=io.StringIO())
    workflow = Workflow.objects.get(name="Medical review")
    WorkflowPage.objects.create(workflow=workflow, page=ArticleIndexPage.objects.get())
    return workflow


def reviewer_user(name="reviewer"):
    user = get_user_model().objects.create_user(
        name, f"{name}@example.com", "pw", first_name="Anna", last_name="Jansen"
    )
    user.groups.add(Group.objects.get(name="Medical reviewers"))
    return user


def submit_article(client):
    """An editor (superuser) creates an article and submits it for moderation."""
    editor = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")
    client.force_login(editor)
    response = client.post(add_url(), nested_form_data({**form_data(CLEAN), "action-submit": "1"}))
    assert response.status_code == 302
    page = HealthArticlePage.objects.get(slug="magnesium-guard")
    assert page.workflow_in_progress
    return page


def approve(client, page, user):
    client.force_login(user)
    state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    return client.post(url, {"comment": "Medically sound"})


def test_setup_article_roles_creates_the_reviewer_group_task_and_workflow(demo):
    out = io.StringIO()
    call_command("setup_article_roles", stdout=out)
    group = Group.objects.get(name="Medical reviewers")
    task = MedicalReviewTask.objects.get(name="Medical review")
    assert list(task.groups.all()) == [group]
    tasks = [t.specific for t in Workflow.objects.get(name="Medical review").tasks]
    assert tasks[0] == task
    assert [t.name for t in tasks] == ["Medical review", "Moderators approval"]
    assert group.permissions.filter(codename="access_admin").exists()
    again = io.StringIO()
    call_command("setup_article_roles", stdout=again)
    assert again.getvalue().strip().endswith("0 changes.")


def test_approving_records_reviewer_and_date_then_moderators_publish(client, demo):
    setup_roles()
    page = submit_article(client)
    reviewer = reviewer_user()
    with override("en"):  # credentials are translated; the test reads the English page
        Author.objects.create(name="Dr. Anna Jansen", credentials="MD, internist", user=reviewer)
    response = approve(client, page, reviewer)
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live  # the moderators' task comes next
    assert page.current_workflow_task.name == "Moderators approval"
    approve(client, page, get_user_model().objects.get(username="editor"))
    page.refresh_from_db()
    assert page.live
    [review] = MedicalReview.objects.filter(page=page)
    assert review.reviewer.name == "Dr. Anna Jansen"
    assert review.user == reviewer
    assert review.reviewed_on == datetime.date.today()
    assert review.next_review == add_months(datetime.date.today(), 12)
    assert review.revision_id == page.latest_revision_id

    client.logout()
    html = client.get(url_in(page, "en")).content.decode()
    assert "Medically reviewed by Dr. Anna Jansen on" in html
    assert "MD, internist" in html
    graph = json_ld(html)["@graph"]
    [article] = [node for node in graph if "Article" in node["@type"]]
    assert article["reviewedBy"]["name"] == "Dr. Anna Jansen"
    assert article["reviewedBy"]["hasCredential"]["name"] == "MD, internist"
    assert article["lastReviewed"] == datetime.date.today().isoformat()


def test_a_reviewer_without_author_gets_one_from_the_user_name(client, demo):
    setup_roles()
    page = submit_article(client)
    approve(client, page, reviewer_user())
    assert MedicalReview.objects.get(page=page).reviewer.name == "Anna Jansen"


def test_only_the_reviewer_group_may_approve(client, demo):
    setup_roles()
    page = submit_article(client)
    outsider = get_user_model().objects.create_user("outsider", "o@example.com", "pw")
    outsider.groups.add(Group.objects.get(name="Editors"))
    response = approve(client, page, outsider)
    assert response.status_code in (302, 403)
    assert not MedicalReview.objects.exists()
    page.refresh_from_db()
    assert not page.live


def test_rejecting_records_no_review(client, demo):
    setup_roles()
    page = submit_article(client)
    client.force_login(reviewer_user())
    state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", state.pk])
    client.post(url, {"comment": "Sources missing"})
    assert not MedicalReview.objects.exists()


def test_review_interval_is_a_setting(client, demo, settings):
    settings.HEALTH_ARTICLES_REVIEW_MONTHS = 6
    setup_roles()
    page = submit_article(client)
    approve(client, page, reviewer_user())
    review = MedicalReview.objects.get(page=page)
    assert review.next_review == add_months(review.reviewed_on, 6)


def test_add_months_keeps_to_the_end_of_short_months():
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2025, 11, 15), 12) == datetime.date(2026, 11, 15)


def test_report_lists_never_reviewed_overdue_and_changed_articles(admin_client, demo):
    reviewer = get_user_model().objects.create_user("rev", "r@example.com", "pw")
    assert [row.statuses for row in review_rows()] == [["never"]]

    review = MedicalReview.record(demo, reviewer, demo.latest_revision, day=datetime.date.today())
    assert review_rows() == []

    review.next_review = datetime.date.today() - datetime.timedelta(days=1)
    review.save()
    assert [row.statuses for row in review_rows()] == [["overdue"]]

    draft = demo.get_latest_revision_as_object()
    with override("nl"):
        draft.subtitle = "Bijgewerkt"
    draft.save_revision()
    [row] = review_rows()
    assert row.statuses == ["overdue", "changed"]

    html = admin_client.get(reverse("health_articles_review_report")).content.decode()
    assert "Changed since review" in html and "Review overdue" in html
    csv_text = admin_client.get(reverse("health_articles_review_report") + "?export=csv")
    assert "Changed since review" in csv_text.getvalue().decode()
