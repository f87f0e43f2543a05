"""Medical review: a workflow task for a reviewer group, and the reviews it records."""

import datetime

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import GroupApprovalTask

from ..conf import review_interval_months


def add_months(day, months):
    """`day` plus `months` calendar months (31 January + 1 month = 28/29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


class MedicalReviewTask(GroupApprovalTask):
    """ "Medical review": members of the task's groups approve an article's medical content.

    Approving records a `MedicalReview` (the reviewer as an `Author` with
    credentials, the date, the revision). When this is the workflow's last
    task, approving publishes — Wagtail then needs the reviewer to have publish
    permission; `setup_article_roles` puts "Moderators approval" after it instead.
    """

    def on_action(self, task_state, user, action_name, **kwargs):
        with transaction.atomic():
            # Recorded only when the approval itself goes through (it may be refused).
            response = super().on_action(task_state, user, action_name, **kwargs)
            if action_name == "approve":
                page = task_state.workflow_state.content_object.specific
                MedicalReview.record(page, user, task_state.revision)
        return response

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups review the article's medical content")

    class Meta:
        verbose_name = _("medical review task")
        verbose_name_plural = _("medical review tasks")


class MedicalReview(models.Model):
    """One approval of an article in the medical review task."""

    page = models.ForeignKey(
        "health_articles.HealthArticlePage",
        on_delete=models.CASCADE,
        related_name="medical_reviews",
        verbose_name=_("article"),
    )
    reviewer = models.ForeignKey(
        "health_articles.Author",
        on_delete=models.PROTECT,
        related_name="medical_reviews",
        verbose_name=_("reviewer"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_on = models.DateField(_("reviewed on"))
    next_review = models.DateField(_("next review"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("medical review")
        verbose_name_plural = _("medical reviews")

    def __str__(self):
        return f"{self.page_id}: {self.reviewer} ({self.reviewed_on})"

    @classmethod
    def record(cls, page, user, revision=None, day=None):
        from .snippets import Author

        day = day or timezone.localdate()
        reviewer = Author.objects.filter(user=user).first()
        if reviewer is None:
            # The reviewer's public name; credentials are added on the Author snippet.
            reviewer = Author.objects.create(
                user=user, name=user.get_full_name() or user.get_username()
            )
        return cls.objects.create(
            page=page,
            reviewer=reviewer,
            user=user,
            revision=revision,
            reviewed_on=day,
            next_review=add_months(day, review_interval_months()),
        )

    def changed_since(self):
        """The article has a newer revision than the one reviewed."""
        latest = self.page.latest_revision_id
        return bool(latest and self.revision_id and latest > self.revision_id)

    @property
    def overdue(self):
        return self.next_review < datetime.date.today()
