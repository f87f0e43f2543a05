"""The plain article structure every parser produces and the writer consumes."""

import datetime
from dataclasses import dataclass, field


class ArticleImportError(Exception):
    """A problem with an input file, with the place it was found."""

    def __init__(self, message, *, source="", line=None):
        self.message = message
        self.source = source
        self.line = line
        super().__init__(str(self))

    def __str__(self):
        place = self.source or "input"
        if self.line is not None:
            place = f"{place}, line {self.line}"
        return f"{place}: {self.message}"


@dataclass
class SectionData:
    heading: str
    paragraphs: list[str] = field(default_factory=list)  # safe HTML, one <p> each
    numbered: bool = True
    line: int | None = None


@dataclass
class QuestionData:
    question: str
    answer: list[str] = field(default_factory=list)  # safe HTML paragraphs
    line: int | None = None


@dataclass
class ReferenceData:
    title: str
    authors: str = ""
    year: int | None = None
    publisher: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""
    line: int | None = None


@dataclass
class LinkData:
    text: str
    url: str


@dataclass
class ArticleData:
    language: str
    title: str
    seo_title: str = ""
    date: datetime.date | None = None
    author: str = ""
    intro: list[str] = field(default_factory=list)
    sections: list[SectionData] = field(default_factory=list)
    faq_heading: str = ""
    faq: list[QuestionData] = field(default_factory=list)
    keywords_heading: str = ""
    keywords: list[str] = field(default_factory=list)
    links: list[LinkData] = field(default_factory=list)
    references_heading: str = ""
    references: list[ReferenceData] = field(default_factory=list)
    # Slug or id of the article this file translates (a `translation-of:` header).
    translation_of: str = ""


@dataclass
class Item:
    """One paragraph, heading or list of an input file, in reading order.

    `text` is plain text (labels, numbers and Q/A prefixes are recognised on
    it); `html` is the content to keep. `heading` is set when the format says
    so (HTML); in the text format every line is a plain item.
    """

    text: str
    html: str
    line: int
    heading: bool = False
    list_items: list[str] = field(default_factory=list)
