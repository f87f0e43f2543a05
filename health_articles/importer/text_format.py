"""Parser for the shop's exported text format (see demo/*.txt). Pure code: no database.

Layout, one paragraph per line, blank lines between: an optional
`translation-of: <slug or id>` line, the SEO title, the title, the date glued
to the author (`Oct 22, 2025ShopName`), an intro label and paragraphs,
numbered sections (`1. Heading`), a conclusion label and paragraphs, a Q&A
label with `V1:`/`A1:` pairs, a keywords label and one comma-separated line,
and a trailing `More articles`. Links are Markdown `[text](url)`.
"""

import re
from datetime import datetime
from html import escape

from .assemble import assemble
from .structure import ArticleData, ArticleImportError, Item, LinkData

DATE_AUTHOR = re.compile(r"^([A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})\s*(.*)$")
MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]+)\]\(([^()\s]+)\)")
TRANSLATION_OF = re.compile(r"^translation-of:\s*(\S+)\s*$", re.I)


def paragraph_html(text, links):
    """Escape a paragraph and turn its Markdown links into <a href> tags."""
    out, last = [], 0
    for match in MARKDOWN_LINK.finditer(text):
        out.append(escape(text[last : match.start()], quote=False))
        label, url = match.group(1), match.group(2)
        links.append(LinkData(text=label, url=url))
        out.append(f'<a href="{escape(url)}">{escape(label, quote=False)}</a>')
        last = match.end()
    out.append(escape(text[last:], quote=False))
    return f"<p>{''.join(out).strip()}</p>"


def plain_text(text):
    return MARKDOWN_LINK.sub(r"\1", text)


def parse_date(text, source="", line=None):
    for fmt in ("%b %d, %Y", "%B %d, %Y", "%b. %d, %Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ArticleImportError(f"cannot read the date {text!r}", source=source, line=line)


def parse_text(text, language, source=""):
    lines = [(number, raw.strip()) for number, raw in enumerate(text.splitlines(), 1)]
    lines = [(number, line) for number, line in lines if line]
    translation_of = ""
    if lines and (match := TRANSLATION_OF.match(lines[0][1])):
        translation_of = match.group(1)
        lines = lines[1:]
    if len(lines) < 2:
        raise ArticleImportError(
            "no title: expected an SEO title line and then the article's title", source=source
        )
    article = ArticleData(
        language=language,
        seo_title=lines[0][1],
        title=plain_text(lines[1][1]),
        translation_of=translation_of,
    )
    position = 2
    if position < len(lines) and (match := DATE_AUTHOR.match(lines[position][1])):
        article.date = parse_date(match.group(1), source, lines[position][0])
        article.author = match.group(2).strip()
        position += 1
    items = [
        Item(text=plain_text(line), html=paragraph_html(line, article.links), line=number)
        for number, line in lines[position:]
    ]
    return assemble(article, items, source=source)
