"""Limits on article size, read from settings at call time (a host overrides them there).

- `HEALTH_ARTICLES_MAX_BLOCKS` (default 200): blocks in one language of an
  article's body, each FAQ question counting as a block. A page renders every
  block, so an article of 10,000 sections would take seconds and megabytes.
- `HEALTH_ARTICLES_IMPORT_MAX_DEPTH` (default 40): how deeply tags may nest
  inside one paragraph or list of an imported HTML file. The HTML sanitiser is
  recursive; far deeper nesting would exhaust Python's stack.
- `HEALTH_ARTICLES_IMPORT_MAX_BYTES` (default 1 MB): the size of an imported file.
"""

from django.conf import settings

DEFAULT_MAX_BLOCKS = 200
DEFAULT_IMPORT_MAX_DEPTH = 40
DEFAULT_IMPORT_MAX_BYTES = 1024 * 1024


def max_blocks():
    return getattr(settings, "HEALTH_ARTICLES_MAX_BLOCKS", DEFAULT_MAX_BLOCKS)


def import_max_depth():
    return getattr(settings, "HEALTH_ARTICLES_IMPORT_MAX_DEPTH", DEFAULT_IMPORT_MAX_DEPTH)


def import_max_bytes():
    return getattr(settings, "HEALTH_ARTICLES_IMPORT_MAX_BYTES", DEFAULT_IMPORT_MAX_BYTES)


def count_blocks(stream):
    """Blocks in a body (a StreamValue or its raw list), each FAQ question counted too."""
    total = 0
    for block in stream:
        total += 1
        block_type = block["type"] if isinstance(block, dict) else block.block_type
        if block_type == "faq":
            value = block["value"] if isinstance(block, dict) else block.value
            total += len(value.get("questions") or [])
    return total


def model_max_length(model, name):
    return model._meta.get_field(name).max_length


def block_max_length(*names):
    """max_length of a CharBlock in the article body, e.g. ("section", "heading")."""
    from .models import HealthArticlePage

    block = HealthArticlePage._meta.get_field("body").stream_block
    for name in names:
        block = getattr(block, "child_block", block)  # a ListBlock's items
        block = block.child_blocks[name]
    return block.field.max_length


def too_long(label, value, limit):
    """A message naming the field and the limit when `value` is longer than `limit`, else None."""
    if limit is None or len(value) <= limit:
        return None
    shown = value if len(value) <= 40 else value[:40] + "…"
    return f"{label} {shown!r} is {len(value):,} characters long; the limit is {limit:,}"
