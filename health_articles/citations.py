"""In-text citation marks ("[1]", "[2, 3]", "[1-3]") and the references they point to."""

import re

from django.utils.html import format_html
from django.utils.safestring import mark_safe

CITATION = re.compile(r"\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]")
TAG = re.compile(r"(<[^>]+>)")


def reference_count(page):
    """How many references the page's references block lists (0 without one)."""
    for block in page.body:
        if block.block_type == "references":
            return len(block.value["references"])
    return 0


def _mark(match, count):
    numbers = re.split(r"\s*[,–-]\s*", match.group(1))
    if not all(1 <= int(n) <= count for n in numbers):
        return match.group(0)
    joiners = re.findall(r"\s*[,–-]\s*", match.group(1))
    parts = [format_html('<a href="#ref-{}">{}</a>', int(numbers[0]), numbers[0])]
    for joiner, number in zip(joiners, numbers[1:], strict=True):
        parts.append(format_html('{}<a href="#ref-{}">{}</a>', joiner, int(number), number))
    return format_html('<sup class="citation">[{}]</sup>', mark_safe("".join(parts)))  # noqa: S308


def link_citations(html, count):
    """Rendered rich text with each citation mark whose numbers exist linked to the list.

    `html` is rendered rich text (already safe: Wagtail's rich text whitelist); only
    the text between tags is touched, never inside links, and what is added is built
    with format_html from the matched digits.
    """
    if not count or "[" not in str(html):
        return html
    out, in_link = [], 0
    for part in TAG.split(str(html)):
        if TAG.fullmatch(part):
            name = part[1:].split(None, 1)[0].rstrip(">").lower() if len(part) > 2 else ""
            in_link += 1 if name == "a" else -1 if name == "/a" else 0
            out.append(part)
        elif in_link > 0:
            out.append(part)
        else:
            out.append(CITATION.sub(lambda m: _mark(m, count), part))
    # Safe: the input was safe HTML; only format_html-built links were added to its text.
    return mark_safe("".join(out))  # noqa: S308
