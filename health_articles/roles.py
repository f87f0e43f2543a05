"""Article roles, set up on request (`manage.py setup_article_roles`), never by a migration.

Groups are the host's business: this only offers a sensible starting point, scoped
to the article indexes, which a host may rename or change in Wagtail's group editor.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import GroupPagePermission

from .models import ArticleIndexPage, MedicalReviewTask

CONTENT_PERMISSION = ("health_articles", "change_article_content")
KEYWORD_PERMISSIONS = ["add_keyword", "change_keyword", "delete_keyword", "view_keyword"]
# Wagtail's own editor groups (made by Wagtail's migrations): they keep editing article text.
EDITOR_GROUPS = ["Editors", "Moderators"]
REVIEWER_GROUP = "Medical reviewers"
REVIEW_TASK = "Medical review"
# Made by Wagtail's own migrations (a group approval task for the Moderators group).
MODERATOR_TASK = "Moderators approval"


@dataclass
class RolesReport:
    changes: list = field(default_factory=list)

    def add(self, message):
        self.changes.append(message)


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def setup_article_roles(
    seo_group="SEO", editor_groups=EDITOR_GROUPS, reviewer_group=REVIEWER_GROUP
):
    """Create or complete the SEO group and give editor groups the article text permission.

    SEO staff: the admin, keywords, and "change page" on each article index (so they
    can edit articles' SEO fields; the article form keeps text read-only for anyone
    without `change_article_content`, and they cannot publish). Safe to run again,
    e.g. after adding an article index.
    """
    report = RolesReport()
    group, created = Group.objects.get_or_create(name=seo_group)
    if created:
        report.add(f"created group {seo_group!r}")
    wanted = [
        permission("wagtailadmin", "access_admin"),
        *Permission.objects.filter(
            content_type__app_label="health_articles", codename__in=KEYWORD_PERMISSIONS
        ),
    ]
    have = set(group.permissions.values_list("pk", flat=True))
    for perm in wanted:
        if perm.pk not in have:
            group.permissions.add(perm)
            report.add(f"{seo_group}: + {perm.content_type.app_label}.{perm.codename}")
    change_page = permission("wagtailcore", "change_page")
    for index in ArticleIndexPage.objects.order_by("path"):
        _perm, created = GroupPagePermission.objects.get_or_create(
            group=group, page=index, permission=change_page
        )
        if created:
            report.add(f"{seo_group}: may change pages under {index.title!r} (id {index.pk})")

    # Older installs gave SEO `change_page` on the tree's root: only the indexes are theirs.
    stray = GroupPagePermission.objects.filter(group=group).exclude(
        page__in=ArticleIndexPage.objects.all()
    )
    for stray_permission in stray.select_related("page", "permission"):
        report.add(
            f"{seo_group}: - {stray_permission.permission.codename} on "
            f"{stray_permission.page.title!r} (id {stray_permission.page_id})"
        )
    stray.delete()

    content = permission(*CONTENT_PERMISSION)
    for editors in Group.objects.filter(name__in=editor_groups).order_by("name"):
        if not editors.permissions.filter(pk=content.pk).exists():
            editors.permissions.add(content)
            report.add(f"{editors.name}: + health_articles.change_article_content")
    if reviewer_group:
        setup_medical_review(reviewer_group, report)
    return report


def setup_medical_review(reviewer_group, report):
    """A reviewer group, a "Medical review" task for it and a workflow holding that task.

    Reviewers get the admin and "change page" on the article indexes (to read and
    comment on drafts; they cannot publish). The workflow is the medical review
    followed by Wagtail's "Moderators approval" (which publishes) when that task
    exists. It is not assigned to any page: the host assigns it (Settings →
    Workflows) where medical review applies.
    """
    from wagtail.models import Task, Workflow, WorkflowTask

    group, created = Group.objects.get_or_create(name=reviewer_group)
    if created:
        report.add(f"created group {reviewer_group!r}")
    access = permission("wagtailadmin", "access_admin")
    if not group.permissions.filter(pk=access.pk).exists():
        group.permissions.add(access)
        report.add(f"{reviewer_group}: + wagtailadmin.access_admin")
    change_page = permission("wagtailcore", "change_page")
    for index in ArticleIndexPage.objects.order_by("path"):
        _perm, created = GroupPagePermission.objects.get_or_create(
            group=group, page=index, permission=change_page
        )
        if created:
            report.add(f"{reviewer_group}: may change pages under {index.title!r} (id {index.pk})")
    task = MedicalReviewTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = MedicalReviewTask.objects.create(name=REVIEW_TASK)
        report.add(f"created task {REVIEW_TASK!r}")
    if not task.groups.filter(pk=group.pk).exists():
        task.groups.add(group)
        report.add(f"task {REVIEW_TASK!r}: reviewed by {reviewer_group!r}")
    workflow, created = Workflow.objects.get_or_create(name=REVIEW_TASK)
    if created:
        report.add(f"created workflow {REVIEW_TASK!r} (assign it to article indexes)")
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        report.add(f"workflow {REVIEW_TASK!r}: + task {REVIEW_TASK!r}")
        # Reviewers cannot publish: Wagtail's own moderators approve (and publish) after them.
        moderators = Task.objects.filter(name=MODERATOR_TASK, active=True).first()
        if moderators is not None:
            WorkflowTask.objects.create(workflow=workflow, task=moderators, sort_order=1)
            report.add(f"workflow {REVIEW_TASK!r}: + task {MODERATOR_TASK!r}")
