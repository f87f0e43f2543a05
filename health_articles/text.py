"""Plain text from rich text, for JSON, meta tags and excerpts."""

import re
from html import unescape

from django.utils.html import strip_tags

# The end of a block element (or a line break) separates words: "<p>a</p><p>b</p>" is "a b".
BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|li|h[1-6]|div|blockquote|dd|dt|td|th)\s*>", re.I)


def plain_text(html):
    """`html` as one line of text: tags removed, entities decoded ("&amp;" is "&"), paragraphs
    joined with a space. It is text, not HTML: templates and JSON escape it as they must."""
    return " ".join(unescape(strip_tags(BLOCK_END.sub(" ", html or ""))).split())
