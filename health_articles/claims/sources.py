"""What a reader sees of an article, as checker `Unit`s: from a page or from an imported file."""

from django.utils.translation import override

from shop_links.i18n import without_fallbacks

from .text import Link, Unit, html_unit


def _label(kind, number, detail=""):
    return f"{kind} {number}" + (f" ({detail})" if detail else "")


def article_data_units(data):
    """Units of an importer `ArticleData` (a parsed .txt or .html file)."""
    units = [Unit("title", data.title)]
    for number, html in enumerate(data.intro, 1):
        units.append(html_unit(_label("intro", number), html))
    for number, section in enumerate(data.sections, 1):
        units.append(Unit(_label("section", number, "heading"), section.heading))
        units.append(
            html_unit(_label("section", number, section.heading[:40]), "".join(section.paragraphs))
        )
    for number, question in enumerate(data.faq, 1):
        units.append(Unit(_label("faq question", number), question.question))
        units.append(html_unit(_label("faq answer", number), "".join(question.answer)))
    if data.keywords:
        units.append(Unit("keywords", ", ".join(data.keywords)))
    return [unit for unit in units if unit.text]


def page_units(page, language):
    """Units of one language of a `HealthArticlePage`: everything a reader sees in the body."""
    with override(language), without_fallbacks():
        units = [Unit("title", page.title or ""), Unit("subtitle", page.subtitle or "")]
        units.append(html_unit("intro", page.intro or ""))
        for number, block in enumerate(page.body.raw_data, 1):
            kind, value = block["type"], block.get("value") or {}
            if kind == "section":
                units.append(Unit(_label("section", number, "heading"), value.get("heading") or ""))
                units.append(
                    html_unit(
                        _label("section", number, value.get("heading", "")[:40]),
                        value.get("text") or "",
                    )
                )
            elif kind == "faq":
                for q_number, item in enumerate(value.get("questions") or [], 1):
                    item = item.get("value", item) if isinstance(item, dict) else {}
                    units.append(
                        Unit(
                            _label("faq question", f"{number}.{q_number}"),
                            item.get("question") or "",
                        )
                    )
                    units.append(
                        html_unit(
                            _label("faq answer", f"{number}.{q_number}"), item.get("answer") or ""
                        )
                    )
            elif kind == "callout":
                units.append(html_unit(_label("callout", number), value.get("text") or ""))
            elif kind == "collection_link":
                text = value.get("link_text") or ""
                if text:
                    units.append(
                        Unit(
                            _label("collection link", number),
                            text,
                            [Link(text, value.get("collection"))],
                        )
                    )
        return [unit for unit in units if unit.text]
