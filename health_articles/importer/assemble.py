"""Turns the items of any input format into an ArticleData. Pure code."""

import re

from .labels import MORE_ARTICLES, labels_for, normalise
from .structure import ArticleData, ArticleImportError, QuestionData, SectionData

NUMBERED = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
# In the text format "## Heading" marks an un-numbered section that is not the conclusion.
MARKED_HEADING = re.compile(r"^##\s+(\S.*)$")
LEADING_TAGS = r"^((?:\s*<[^>]+>)*\s*)"
EMPTY_INLINE = re.compile(r"<(strong|b|em|i)>\s*</\1>")


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
        elif mode not in ("faq", "keywords") and (match := NUMBERED.match(item.text)):
            current = SectionData(heading=match.group(2).strip(), numbered=True, line=item.line)
            article.sections.append(current)
            mode = "section"
        elif (
            not item.heading
            and mode not in ("faq", "keywords")
            and (match := MARKED_HEADING.match(item.text))
        ):
            current = SectionData(heading=match.group(1).strip(), numbered=False, line=item.line)
            article.sections.append(current)
            mode = "section"
        elif item.heading:
            if mode in ("faq", "keywords"):
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
