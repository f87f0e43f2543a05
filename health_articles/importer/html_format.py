"""Parser for an article body as a shop blog exports it (h1/h2/h3/p/ul/ol/a). Pure code.

`<title>` is the SEO title and `<h1>` the title; `<time datetime>` the display
date; `<meta name="author">` and `<meta name="translation-of">` are optional.
Every `<h2>` starts a part (intro, numbered "1. …" section, conclusion, Q&A,
keywords, or any other heading as an un-numbered section); in the Q&A part an
`<h3>` or a "Q1:" paragraph is a question and what follows is its answer; in
the keywords part a `<ul>` or a comma-separated paragraph lists keywords.
The HTML kept here is rebuilt from the parsed tags and later sanitised by
Wagtail's rich-text converter.
"""

import datetime
from html import escape
from html.parser import HTMLParser

from ..limits import import_max_depth
from .assemble import assemble
from .structure import ArticleData, ArticleImportError, Item, LinkData

BLOCKS = {"p", "ul", "ol", "h2", "h3", "h4", "blockquote"}
HEADINGS = {"h2", "h3", "h4"}
VOID = {"br", "img", "hr", "meta", "link", "input"}
SKIP = {"script", "style", "template", "noscript", "iframe", "object"}
# Tags kept inside a paragraph or list; their nesting is what the sanitiser recurses on.
NESTING = {"a", "strong", "b", "em", "i", "li", "ul", "ol"}


class _BodyParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items = []
        self.title = self.seo_title = self.date = self.author = self.translation_of = ""
        self.links = []
        self._block = None  # [tag, html parts, text parts, line, list items]
        self._in = None  # "title" or "h1"
        self._buffer = []
        self._skip = 0
        self._li = None
        self._href = None
        self._open = []  # NESTING tags open in the current block
        self._max_depth = import_max_depth()

    def _nest(self, tag):
        if tag == "li" and self._open and self._open[-1] == "li":
            # An unclosed <li> ends where the next one starts: close it in the output
            # too, or the sanitiser would nest 300 list items 300 deep.
            self.handle_endtag("li")
        self._open.append(tag)
        if len(self._open) > self._max_depth:
            raise ArticleImportError(
                f"tags nested more than {self._max_depth} deep (<{tag}>); "
                "the limit is the setting HEALTH_ARTICLES_IMPORT_MAX_DEPTH",
                line=self.getpos()[0],
            )

    def _unnest(self, tag):
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in SKIP:
            self._skip += 1
            return
        if self._skip:
            return
        if tag == "meta" and attrs.get("name") in ("author", "translation-of"):
            setattr(self, attrs["name"].replace("-", "_"), (attrs.get("content") or "").strip())
        elif tag == "time" and attrs.get("datetime") and not self.date:
            self.date = attrs["datetime"]
        if tag in ("title", "h1") and self._block is None:
            self._in, self._buffer = tag, []
            return
        if self._block is None and tag in BLOCKS:
            self._block = [tag, [], [], self.getpos()[0], []]
            self._open = [tag] if tag in NESTING else []
            if tag in ("ul", "ol"):
                self._block[1].append(f"<{tag}>")
            elif tag not in HEADINGS:
                self._block[1].append("<p>")
            return
        if self._block is None:
            return
        if tag in NESTING:
            self._nest(tag)
        if tag == "li":
            self._li = []
        if tag == "a":
            self._href = attrs.get("href") or ""
            self._block[1].append(f'<a href="{escape(self._href)}">')
            self.links.append(LinkData(text="", url=self._href))
        elif tag in ("strong", "b", "em", "i", "li", "ul", "ol"):
            self._block[1].append(f"<{tag}>")
        elif tag == "br":
            self._block[1].append("<br>")

    def handle_endtag(self, tag):
        if tag in SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        if tag == self._in:
            text = " ".join("".join(self._buffer).split())
            if tag == "h1":
                self.title = text
            else:
                self.seo_title = text
            self._in = None
            return
        if self._block is None:
            return
        self._unnest(tag)
        if tag == self._block[0]:
            name, html, text, line, list_items = self._block
            if name in ("ul", "ol"):
                html.append(f"</{name}>")
            elif name not in HEADINGS:
                html.append("</p>")
            self.items.append(
                Item(
                    text=" ".join("".join(text).split()),
                    html="".join(html),
                    line=line,
                    heading=name in HEADINGS,
                    list_items=list_items,
                )
            )
            self._block = None
        elif tag == "li" and self._li is not None:
            self._block[4].append(" ".join("".join(self._li).split()))
            self._li = None
            self._block[1].append("</li>")
        elif tag in ("a", "strong", "b", "em", "i", "ul", "ol"):
            self._block[1].append(f"</{tag}>")
            if tag == "a":
                self._href = None

    def handle_data(self, data):
        if self._skip:
            return
        if self._in:
            self._buffer.append(data)
        elif self._block is not None:
            self._block[1].append(escape(data, quote=False))
            self._block[2].append(data)
            if self._li is not None:
                self._li.append(data)
            if self._href is not None and self.links:
                self.links[-1].text += data


def parse_html(text, language, source=""):
    parser = _BodyParser()
    try:
        parser.feed(text)
        parser.close()
    except ArticleImportError as error:
        error.source = source
        raise
    title = parser.title or parser.seo_title
    if not title:
        raise ArticleImportError("no title: expected an <h1> or a <title>", source=source)
    article = ArticleData(
        language=language,
        title=title,
        seo_title=parser.seo_title if parser.title else "",
        author=parser.author,
        translation_of=parser.translation_of,
    )
    if parser.date:
        try:
            article.date = datetime.date.fromisoformat(parser.date[:10])
        except ValueError as error:
            raise ArticleImportError(
                f"cannot read the date {parser.date!r} of <time datetime>", source=source
            ) from error
    article.links = parser.links
    return assemble(article, parser.items, source=source)
