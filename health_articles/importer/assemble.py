"""Turns the items of any input format into an ArticleData. Pure code."""

import re

from .labels import MORE_ARTICLES, labels_for, normalise
from .structure import ArticleData, ArticleImportError, QuestionData, ReferenceData, SectionData

NUMBERED = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
# In the text format "## Heading" marks an un-numbered section that is not the conclusion.
MARKED_HEADING = re.compile(r"^##\s+(\S.*)$")
LEADING_TAGS = r"^((?:\s*<[^>]+>)*\s*)"
EMPTY_INLINE = re.compile(r"<(strong|b|em|i)>\s*</\1>")
# Parts after the sections, whose lines are never section headings.
END_PARTS = ("faq", "keywords", "references")
REFERENCE_NUMBER = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}\.)\s+")
REFERENCE_DOI = re.compile(
    r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/\S+?)[.,;]?(?=\s|$)", re.I
)
REFERENCE_PMID = re.compile(r"\bPMID:?\s*(\d{1,9})\b\.?", re.I)
REFERENCE_URL = re.compile(r"(https?://\S+?)[.,;]?(?=\s|$)")
AUTHORS_YEAR = re.compile(r"^(?P<authors>.*?)\s*\((?P<year>\d{4})\)\.?\s*(?P<rest>.*)$")


def parse_reference(text, line=None, source=""):
    """ "1. Smith J, Jones K (2020). Title. Journal. doi:10.1/x" -> ReferenceData."""
    text = REFERENCE_NUMBER.sub("", " ".join(text.split()))
    reference = ReferenceData(title="", line=line)
    if match := REFERENCE_DOI.search(text):
        reference.doi = match.group(1)
        text = text[: match.start()] + text[match.end() :]
    if match := REFERENCE_PMID.search(text):
        reference.pmid = match.group(1)
        text = text[: match.start()] + text[match.end() :]
    if not reference.doi and (match := REFERENCE_URL.search(text)):
        reference.url = match.group(1)
        text = text[: match.start()] + text[match.end() :]
    if not (reference.doi or reference.pmid or reference.url):
        raise ArticleImportError(
            f"reference {text[:60]!r} has no DOI, PubMed id (PMID) or URL", source=source, line=line
        )
    text = text.strip(" .")
    if match := AUTHORS_YEAR.match(text):
        reference.authors, reference.year = match["authors"].strip(" ,"), int(match["year"])
        text = match["rest"]
    parts = [part.strip() for part in re.split(r"\.\s+", text.strip(" .")) if part.strip()]
    if not parts:
        raise ArticleImportError("a reference has no title", source=source, line=line)
    reference.title = parts[0]
    reference.publisher = ". ".join(parts[1:])
    return reference


def _prefix_pattern(prefixes):
    return re.compile(rf"^({'|'.join(map(re.escape, prefixes))})(\d+)\s*:\s*(.*)$", re.S)


def _strip_prefix(html, prefixes):
    """Remove "A1:" from the start of an answer's HTML, even inside <strong>."""
    alternatives = "|".join(map(re.escape, prefixes))
    html = re.sub(
        LEADING_TAGS + rf"(?:{alternatives})\d+\s*:\s*(</(?:strong|b|em|i)>)?\s*",
        r"\1\2",
        html,
        count=1,
    )
    return EMPTY_INLINE.sub("", html)


def assemble(article: ArticleData, items, source=""):
    language_labels = labels_for(article.language)
    labels = {key: {normalise(v) for v in values} for key, values in language_labels.items()}
    more = {normalise(v) for v in MORE_ARTICLES}
    question_prefixes = language_labels["question"]
    answer_prefixes = language_labels["answer"]
    question_re = _prefix_pattern(question_prefixes)
    answer_re = _prefix_pattern(answer_prefixes)

    mode, current = "intro", None
    for item in items:
        key = normalise(item.text)
        if key in more:
            break
        if key in labels["intro"]:
            mode, current = "intro", None
        elif key in labels["conclusion"]:
            current = SectionData(heading=item.text, numbered=False, line=item.line)
            article.sections.append(current)
            mode = "section"
        elif key in labels["faq"]:
            mode, current, article.faq_heading = "faq", None, item.text
        elif key in labels["keywords"]:
            mode, article.keywords_heading = "keywords", item.text
        elif key in labels["references"]:
            mode, article.references_heading = "references", item.text
        elif mode == "references" and not item.heading:
            for text in item.list_items or [item.text]:
                article.references.append(parse_reference(text, item.line, source))
        elif mode == "faq" and (match := question_re.match(item.text)):
            current = QuestionData(question=match.group(3).strip(), line=item.line)
            article.faq.append(current)
        elif mode == "faq" and item.heading:
            current = QuestionData(question=item.text, line=item.line)
            article.faq.append(current)
        elif mode == "faq" and (match := answer_re.match(item.text)):
            if current is None or current.answer:
                raise ArticleImportError(
                    f"answer {match.group(1)}{match.group(2)} has no question before it",
                    source=source,
                    line=item.line,
                )
            current.answer.append(_strip_prefix(item.html, answer_prefixes))
        elif mode not in END_PARTS and (match := NUMBERED.match(item.text)):
            current = SectionData(heading=match.group(2).strip(), numbered=True, line=item.line)
            article.sections.append(current)
            mode = "section"
        elif (
            not item.heading
            and mode not in END_PARTS
            and (match := MARKED_HEADING.match(item.text))
        ):
            current = SectionData(heading=match.group(1).strip(), numbered=False, line=item.line)
            article.sections.append(current)
            mode = "section"
        elif item.heading:
            if mode in END_PARTS:
                raise ArticleImportError(
                    f"unexpected heading {item.text!r} after the {mode} part",
                    source=source,
                    line=item.line,
                )
            current = SectionData(heading=item.text, numbered=False, line=item.line)
            article.sections.append(current)
            mode = "section"
        elif mode == "keywords":
            words = item.list_items or item.text.split(",")
            article.keywords.extend(w.strip().rstrip(".").strip() for w in words if w.strip(" ."))
        elif mode == "faq":
            if current is None:
                raise ArticleImportError(
                    "text in the Q&A part that is neither a question nor an answer",
                    source=source,
                    line=item.line,
                )
            current.answer.append(item.html)
        elif mode == "intro":
            article.intro.append(item.html)
        else:
            current.paragraphs.append(item.html)

    if not article.title.strip():
        raise ArticleImportError("no title", source=source)
    for section in article.sections:
        if not section.paragraphs:
            raise ArticleImportError(
                f"section {section.heading!r} has no text", source=source, line=section.line
            )
    for question in article.faq:
        if not question.answer:
            raise ArticleImportError(
                f"question {question.question!r} has no answer",
                source=source,
                line=question.line,
            )
    return article
