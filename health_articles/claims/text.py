"""Plain text for the checker: sentences, and the text and links of rich-text HTML."""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(\[]?[^\s\da-zà-öø-ÿ]|\d+[.)]?\s)")
PLACEHOLDER = "\u2024"  # one-dot leader: stands in for an abbreviation's dot while splitting


@dataclass(frozen=True)
class Link:
    """A link a reader sees: its text and, for a shop collection, the collection's id."""

    text: str
    collection: object = None
    href: str = ""


@dataclass
class Unit:
    """One piece of text a reader sees (intro paragraph, section, FAQ answer, callout…)."""

    block: str
    text: str
    links: list = field(default_factory=list)


def split_sentences(text, abbreviations=()):
    """Sentences of `text`; line breaks always end a sentence."""
    sentences = []
    for paragraph in re.split(r"\n\s*", text or ""):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        protected, lowered = paragraph, paragraph.lower()
        for abbreviation, pattern in _abbreviation_patterns(tuple(abbreviations)):
            if abbreviation in lowered:  # most paragraphs have none of them
                protected = pattern.sub(_protect_dots, protected)
        for sentence in SENTENCE_END.split(protected):
            sentence = sentence.replace(PLACEHOLDER, ".").strip()
            if sentence:
                sentences.append(sentence)
    return sentences


@lru_cache(maxsize=16)
def _abbreviation_patterns(abbreviations):
    return tuple(
        (abbreviation.lower(), re.compile(r"(?<!\w)" + re.escape(abbreviation), re.IGNORECASE))
        for abbreviation in abbreviations
    )


def _protect_dots(match):
    return match.group(0).replace(".", PLACEHOLDER)


class _TextAndLinks(HTMLParser):
    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "div", "blockquote", "tr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links, self._link = [], [], None

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "a":
            attrs = dict(attrs)
            collection = attrs.get("id") if attrs.get("linktype") == "collection" else None
            if collection is not None and collection.isdigit():
                collection = int(collection)
            self._link = {"collection": collection, "href": attrs.get("href") or "", "text": []}

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            text = "".join(self._link["text"]).strip()
            self.links.append(Link(text, self._link["collection"], self._link["href"]))
            self._link = None
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)
        if self._link is not None:
            self._link["text"].append(data)


def html_unit(block, html):
    """A Unit from rich-text HTML: its plain text (paragraphs on their own lines) and links."""
    parser = _TextAndLinks()
    parser.feed(html or "")
    parser.close()
    text = re.sub(r"[ \t\r\f\v]+", " ", "".join(parser.parts))
    text = re.sub(r"\s*\n\s*", "\n", text).strip()
    return Unit(block, text, parser.links)
