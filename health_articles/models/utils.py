from shop_links.i18n import content_languages


def iter_strings(value):
    """Every string inside StreamField raw data (headings, rich text, questions…)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("type", "id"):
                yield from iter_strings(item)
    elif isinstance(value, (list, tuple)) or hasattr(value, "__iter__"):
        for item in value:
            yield from iter_strings(item)


def site_languages():
    """The content languages of the host site (see `shop_links.i18n.content_languages`)."""
    return content_languages()
