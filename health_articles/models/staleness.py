"""When each block of each language of an article last changed: for stale-translation marks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BlockEdit(models.Model):
    """One block ("section 2", "intro"…) of one language of an article, and when it changed.

    `edited_at`: the last time this language's block changed (or first appeared).
    `changed_at`: the last time it changed *as a source*, i.e. while it was not
    itself catching up with another language; other languages whose `edited_at`
    is older are possibly out of date for this block.
    """

    page = models.ForeignKey(
        "health_articles.HealthArticlePage", on_delete=models.CASCADE, related_name="block_edits"
    )
    language = models.CharField(max_length=12)
    key = models.CharField(max_length=40)  # "title", "intro", "section:2", "faq:1"…
    label = models.CharField(max_length=255, blank=True)  # what editors see ("2. Oorzaken")
    digest = models.CharField(max_length=64)
    edited_at = models.DateTimeField()
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("block edit")
        constraints = [
            models.UniqueConstraint(fields=["page", "language", "key"], name="unique_block_edit")
        ]

    def __str__(self):
        return f"{self.page_id} {self.language} {self.key}"
