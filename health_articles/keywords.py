"""Merging keywords: every article using the old one uses the survivor; one transaction."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import override

from wagtail.log_actions import log

from .models import HealthArticlePage, Keyword, site_languages

KEYWORD_MERGED = "health_articles.keyword_merged"


def _replace(raw_body, source_id, target_id):
    """Return (new raw body, changed?) with source_id replaced in keywords blocks."""
    changed, body = False, []
    for block in raw_body:
        block = dict(block)
        if block["type"] == "keywords":
            value = dict(block["value"])
            ids = []
            for item in value.get("keywords", []):
                pk = item.get("value") if isinstance(item, dict) else item
                if pk == source_id:
                    pk, changed = target_id, True
                if pk not in ids:
                    ids.append(pk)
            value["keywords"] = ids
            block["value"] = value
        body.append(block)
    return body, changed


def _merge_into(page, source_id, target_id):
    changed = False
    for language in site_languages():
        with override(language):
            body, replaced = _replace(list(page.body.raw_data), source_id, target_id)
            if replaced:
                page.body = body
                changed = True
    return changed


@dataclass
class MergeResult:
    published: int = 0  # articles whose live content now uses the target
    drafts: int = 0  # articles where the change waits in a draft revision
    source_kept: bool = False  # live content still uses the source keyword


@transaction.atomic
def merge_keywords(source: Keyword, target: Keyword, user=None):
    """Replace `source` by `target` in every article, through new revisions.

    Where the user may publish, the live content is republished with the
    target; elsewhere (and for pending drafts) the change is saved as a new
    draft revision. Old revisions are never edited. Each changed article gets
    an audit-log entry. The source keyword is deleted unless live content still
    uses it (a draft waiting for someone who may publish).
    """
    if source.pk == target.pk:
        raise ValueError("A keyword cannot be merged into itself.")
    result = MergeResult()
    for page in HealthArticlePage.objects.all():
        has_draft = page.has_unpublished_changes
        draft = page.get_latest_revision_as_object() if has_draft else None
        live_uses = page.live and _merge_into(page, source.pk, target.pk)
        draft_uses = draft is not None and _merge_into(draft, source.pk, target.pk)
        if not (live_uses or draft_uses):
            continue
        published = False
        if live_uses:
            revision = page.save_revision(user=user, clean=False, log_action=True)
            if user is None or page.permissions_for_user(user).can_publish():
                revision.publish(user=user)  # the publish guard still applies
                page.refresh_from_db(fields=["live_revision"])
                published = page.live_revision_id == revision.pk
        if draft_uses:
            # The pending draft stays the latest revision, now with the target.
            draft.save_revision(user=user, clean=False, log_action=True)
        log(
            instance=page,
            action=KEYWORD_MERGED,
            user=user,
            data={
                "source": str(source),
                "target": str(target),
                "source_id": source.pk,
                "target_id": target.pk,
                "published": published,
            },
        )
        result.published += published
        result.drafts += not published
        result.source_kept |= live_uses and not published
    if not result.source_kept:
        source.delete()
    return result
