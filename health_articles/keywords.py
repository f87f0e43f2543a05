"""Merging keywords: every article using the old one uses the survivor; one transaction."""

from django.db import transaction
from django.utils.translation import override

from .models import HealthArticlePage, Keyword, site_languages


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


@transaction.atomic
def merge_keywords(source: Keyword, target: Keyword):
    """Replace `source` by `target` in every article (live content and drafts); delete it."""
    if source.pk == target.pk:
        raise ValueError("A keyword cannot be merged into itself.")
    updated = 0
    for page in HealthArticlePage.objects.all():
        changed = _merge_into(page, source.pk, target.pk)
        if changed:
            page.save()
        if page.has_unpublished_changes and page.latest_revision_id:
            revision = page.latest_revision
            draft = revision.as_object()
            if _merge_into(draft, source.pk, target.pk):
                revision.content = draft.serializable_data()
                revision.save(update_fields=["content"])
                changed = True
        updated += changed
    source.delete()
    return updated
