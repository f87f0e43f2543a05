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
