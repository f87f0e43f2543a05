"""Stale translations: blocks changed in one language after another language last edited them.

Blocks are matched across languages by kind and position (the 2nd section in
Dutch is the 2nd section in English), as the importer matches translations.
Every saved revision records, per language and block, a digest of its text;
a change while the block was not itself out of date counts as a change of the
source (`BlockEdit.changed_at`). A language's block is **possibly out of date**
when another language changed it as a source after this language last edited it.
"""

import hashlib
import json
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from shop_links.i18n import without_fallbacks

BLOCK_KEY = re.compile(r'\s+data-block-key="[^"]*"')


@dataclass(frozen=True)
class StaleBlock:
    language: str  # the language that may be out of date
    key: str
    label: str
    source_language: str  # where it changed
    changed_at: object


def _digest(value):
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def block_texts(page, language):
    """{key: (label, digest)} of what a reader reads in `language` (empty when not written)."""
    with override(language), without_fallbacks():
        if not (page.title and page.body):
            return {}
        blocks = {
            "title": (page.title, _digest(page.title)),
            "subtitle": (page.subtitle or "", _digest(page.subtitle or "")),
            "intro": ("intro", _digest(_strip_ids(page.intro or ""))),
        }
        counters = {}
        for block in page.body.raw_data:
            kind = block["type"]
            if kind == "keywords":
                continue  # shared snippets, not translated text
            counters[kind] = counters.get(kind, 0) + 1
            value = block.get("value") or {}
            label = f"{kind} {counters[kind]}"
            if isinstance(value, dict) and value.get("heading"):
                label += f" ({value['heading'][:60]})"
            if kind == "collection_link":
                value = {"link_text": value.get("link_text", "")}
            blocks[f"{kind}:{counters[kind]}"] = (label, _digest(_strip_ids(value)))
        return {key: item for key, item in blocks.items() if item[0] or key == "intro"}


def _strip_ids(value):
    """List-block item ids and wrappers differ between languages and saves; they are not text."""
    if isinstance(value, dict):
        if value.get("type") == "item" and "value" in value:
            return _strip_ids(value["value"])
        return {k: _strip_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    if isinstance(value, str):
        # Draftail gives paragraphs new random keys on every save.
        return BLOCK_KEY.sub("", value)
    return value


@transaction.atomic
def record_block_edits(page, when=None):
    """Compare each language's blocks with the stored digests; record what changed."""
    from .models.staleness import BlockEdit

    when = when or timezone.now()
    # Two saves of one article at once take turns here (the second sees the first's rows).
    list(type(page).objects.select_for_update().filter(pk=page.pk).values_list("pk", flat=True))
    stored = {
        (edit.language, edit.key): edit
        for edit in BlockEdit.objects.select_for_update().filter(page=page)
    }
    new = []  # written in one query below (an imported article has a dozen blocks)
    for language in page.site_languages():
        for key, (label, digest) in block_texts(page, language).items():
            edit = stored.get((language, key))
            if edit is None:
                new.append(
                    BlockEdit(
                        page=page,
                        language=language,
                        key=key,
                        label=label[:255],
                        digest=digest,
                        edited_at=when,
                    )
                )
                continue
            if edit.digest == digest:
                continue
            catching_up = any(
                other.key == key
                and other.language != language
                and other.changed_at
                and other.changed_at > edit.edited_at
                for other in stored.values()
            )
            edit.digest, edit.label, edit.edited_at = digest, label[:255], when
            if not catching_up:
                edit.changed_at = when
            edit.save()
    BlockEdit.objects.bulk_create(new)


def stale_blocks(page, edits=None):
    """The `StaleBlock`s of `page`: per language, blocks another language changed since."""
    if edits is None:
        edits = list(page.block_edits.all())
    by_key = {}
    for edit in edits:
        by_key.setdefault(edit.key, []).append(edit)
    stale = []
    for key, versions in by_key.items():
        for edit in versions:
            newer = [
                other
                for other in versions
                if other.language != edit.language
                and other.changed_at
                and other.changed_at > edit.edited_at
            ]
            if newer:
                source = max(newer, key=lambda other: other.changed_at)
                stale.append(
                    StaleBlock(edit.language, key, edit.label, source.language, source.changed_at)
                )
    return sorted(stale, key=lambda s: (s.language, _order(s.key)))


def _order(key):
    kind, _sep, number = key.partition(":")
    first = {"title": 0, "subtitle": 1, "intro": 2}
    return (first.get(kind, 3), int(number or 0), kind)
