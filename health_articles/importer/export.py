"""Write one language of an article back as a file (text or HTML format)."""

from html import escape
from html.parser import HTMLParser

from django.utils.translation import override

from wagtail.rich_text import expand_db_html

from shop_links.i18n import without_fallbacks
from shop_links.lookup import shop_link_context

from .labels import MORE_ARTICLES, labels_for, normalise


class _Paragraphs(HTMLParser):
    """Rendered rich text -> text-format lines, links as Markdown."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self._current, self._href = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "li", "h2", "h3", "h4"):
            self._current = []
        elif tag == "a" and self._current is not None:
            self._href = dict(attrs).get("href")
            self._current.append("[" if self._href else "")

    def handle_endtag(self, tag):
        if tag == "a" and self._current is not None:
            self._current.append(f"]({self._href})" if self._href else "")
            self._href = None
        elif tag in ("p", "li", "h2", "h3", "h4") and self._current is not None:
            line = " ".join("".join(self._current).split())
            if line:
                self.lines.append(line)
            self._current = None

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data.replace("[", "(").replace("]", ")") if self._href else data)


def text_lines(html):
    parser = _Paragraphs()
    parser.feed(html)
    return parser.lines


def _date(page):
    return f"{page.date:%b} {page.date.day}, {page.date.year}"


def _parts(page, language):
    """The language's content, with rich text rendered (collection links as shop URLs)."""
    labels = labels_for(language)
    sections, faq, keywords, references = [], None, None, None
    for block in page.body:
        if block.block_type == "section":
            sections.append((block.value, expand_db_html(block.value["text"].source)))
        elif block.block_type == "faq":
            faq = (
                block.value["heading"] or labels["faq"][0],
                [
                    (q["question"], expand_db_html(q["answer"].source))
                    for q in block.value["questions"]
                ],
            )
        elif block.block_type == "references":
            references = (
                block.value["heading"] or labels["references"][0],
                [reference_line(ref) for ref in block.value["references"]],
            )
        elif block.block_type == "keywords":
            keywords = (
                block.value["heading"] or labels["keywords"][0],
                [str(keyword) for keyword in block.value["keywords"] if keyword],
            )
    return expand_db_html(page.intro or ""), sections, faq, keywords, references


def reference_line(reference):
    """One reference as the importer reads it: "Authors (Year). Title. Publisher. doi:…"."""
    line = ""
    if reference.get("authors"):
        line += reference["authors"] + " "
    if reference.get("year"):
        line += f"({reference['year']}). "
    line += reference["title"].rstrip(".") + "."
    if reference.get("publisher"):
        line += f" {reference['publisher'].rstrip('.')}."
    if reference.doi:
        line += f" doi:{reference.doi}"
    if reference.get("pmid"):
        line += f" PMID: {reference['pmid']}"
    if reference.get("url") and not reference.doi:
        line += f" {reference['url']}"
    return line.strip()


def export_text(page, language):
    labels = labels_for(language)
    conclusion_labels = {normalise(label) for label in labels["conclusion"]}
    with override(language), without_fallbacks(), shop_link_context():
        intro, sections, faq, keywords, references = _parts(page, language)
        out = [page.seo_title or page.title, page.title]
        out.append(_date(page) + (page.author.name if page.author else ""))
        out.append(labels["intro"][0])
        out += text_lines(intro)
        number = 0
        for value, html in sections:
            if value["numbered"]:
                number += 1
                out.append(f"{number}. {value['heading']}")
            elif normalise(value["heading"]) in conclusion_labels:
                out.append(value["heading"])
            else:
                out.append(f"## {value['heading']}")
            out += text_lines(html)
        if faq:
            out.append(faq[0])
            for index, (question, answer) in enumerate(faq[1], 1):
                out.append(f"{labels['question'][0]}{index}: {question}")
                answer_lines = text_lines(answer)
                out.append(
                    f"{labels['answer'][0]}{index}: {answer_lines[0] if answer_lines else ''}"
                )
                out += answer_lines[1:]
        if references:
            out.append(references[0])
            out += [f"{number}. {line}" for number, line in enumerate(references[1], 1)]
        if keywords:
            out.append(keywords[0])
            out.append(", ".join(keywords[1]) + ".")
        out.append(MORE_ARTICLES[0])
    return "\n\n".join(out) + "\n"


def export_html(page, language):
    labels = labels_for(language)
    with override(language), without_fallbacks(), shop_link_context():
        intro, sections, faq, keywords, references = _parts(page, language)
        out = [
            "<!DOCTYPE html>",
            f'<html lang="{language}">',
            '<head><meta charset="utf-8">',
            f"<title>{escape(page.seo_title or page.title)}</title>",
        ]
        if page.author:
            out.append(f'<meta name="author" content="{escape(page.author.name)}">')
        out += ["</head>", "<body>", "<article>", f"<h1>{escape(page.title)}</h1>"]
        out.append(f'<time datetime="{page.date.isoformat()}">{_date(page)}</time>')
        out += [f"<h2>{escape(labels['intro'][0])}</h2>", intro]
        number = 0
        for value, html in sections:
            heading = escape(value["heading"])
            if value["numbered"]:
                number += 1
                heading = f"{number}. {heading}"
            out += [f"<h2>{heading}</h2>", html]
        if faq:
            out.append(f"<h2>{escape(faq[0])}</h2>")
            for question, answer in faq[1]:
                out += [f"<h3>{escape(question)}</h3>", answer]
        if references:
            out.append(f"<h2>{escape(references[0])}</h2>")
            out.append("<ol>" + "".join(f"<li>{escape(r)}</li>" for r in references[1]) + "</ol>")
        if keywords:
            out.append(f"<h2>{escape(keywords[0])}</h2>")
            out.append("<ul>" + "".join(f"<li>{escape(k)}</li>" for k in keywords[1]) + "</ul>")
        out += ["</article>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


EXPORTERS = {"text": export_text, "html": export_html}
