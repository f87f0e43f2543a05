"""Parser for the shop's exported text format (see demo/*.txt).

Layout, one paragraph per line, blank lines between:
SEO title / H1 title / date glued to author / intro label + paragraphs /
"1. Heading" numbered sections / conclusion label + paragraphs / Q&A label with
"V1:"/"A1:" pairs / keywords label + one comma-separated line / "More articles".
Links are Markdown ``[text](url)``. Pure code: no database.
"""

import re
from datetime import datetime
from html import escape

from .labels import LABELS, MORE_ARTICLES, normalise
from .structure import ArticleData, ArticleImportError, LinkData, QuestionData, SectionData

NUMBERED = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
DATE_AUTHOR = re.compile(r"^([A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})\s*(.*)$")
MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")


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


def _parse_date(text, source, line):
    for fmt in ("%b %d, %Y", "%B %d, %Y", "%b. %d, %Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ArticleImportError(f"cannot read the date {text!r}", source=source, line=line)


def parse_text(text, language, source=""):
    if language not in LABELS:
        raise ArticleImportError(
            f"unknown language {language!r}; expected one of {', '.join(LABELS)}", source=source
        )
    labels = {key: {normalise(v) for v in values} for key, values in LABELS[language].items()}
    more = {normalise(v) for v in MORE_ARTICLES}
    qa_pattern = re.compile(
        rf"^({'|'.join(map(re.escape, LABELS[language]['question']))})(\d+)\s*:\s*(.*)$"
    )
    an_pattern = re.compile(
        rf"^({'|'.join(map(re.escape, LABELS[language]['answer']))})(\d+)\s*:\s*(.*)$"
    )

    lines = [(number, raw.strip()) for number, raw in enumerate(text.splitlines(), 1)]
    lines = [(number, line) for number, line in lines if line]
    if len(lines) < 2:
        raise ArticleImportError(
            "no title: expected an SEO title line and a title line", source=source
        )

    article = ArticleData(language=language, seo_title=lines[0][1], title=lines[1][1])
    position = 2
    if position < len(lines) and (match := DATE_AUTHOR.match(lines[position][1])):
        article.date = _parse_date(match.group(1), source, lines[position][0])
        article.author = match.group(2).strip()
        position += 1

    mode, current = "intro", None
    for number, line in lines[position:]:
        key = normalise(line)
        if key in more:
            break
        if key in labels["intro"]:
            mode, current = "intro", None
        elif key in labels["conclusion"]:
            current = SectionData(heading=line, numbered=False, line=number)
            article.sections.append(current)
            mode = "section"
        elif key in labels["faq"]:
            mode, current, article.faq_heading = "faq", None, line
        elif key in labels["keywords"]:
            mode, article.keywords_heading = "keywords", line
        elif mode == "faq" and (match := qa_pattern.match(line)):
            current = QuestionData(question=match.group(3).strip(), line=number)
            article.faq.append(current)
        elif mode == "faq" and (match := an_pattern.match(line)):
            if current is None or current.answer:
                raise ArticleImportError(
                    f"answer {match.group(1)}{match.group(2)} has no question before it",
                    source=source,
                    line=number,
                )
            current.answer.append(paragraph_html(match.group(3).strip(), article.links))
        elif mode != "faq" and mode != "keywords" and (match := NUMBERED.match(line)):
            current = SectionData(heading=match.group(2).strip(), numbered=True, line=number)
            article.sections.append(current)
            mode = "section"
        elif mode == "keywords":
            words = [word.strip().rstrip(".").strip() for word in line.split(",")]
            article.keywords.extend(word for word in words if word)
        elif mode == "faq":
            if current is None or not current.answer:
                raise ArticleImportError(
                    "text in the Q&A part that is neither a question nor an answer",
                    source=source,
                    line=number,
                )
            current.answer.append(paragraph_html(line, article.links))
        elif mode == "intro":
            article.intro.append(paragraph_html(line, article.links))
        else:
            current.paragraphs.append(paragraph_html(line, article.links))

    for section in article.sections:
        if not section.paragraphs:
            raise ArticleImportError(
                f"section {section.heading!r} has no text",
                source=source,
                line=section.line,
            )
    for question in article.faq:
        if not question.answer:
            raise ArticleImportError(
                f"question {question.question!r} has no answer",
                source=source,
                line=question.line,
            )
    return article
