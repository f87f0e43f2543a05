"""What a collection sells, as nutrient keys ("vitamin_d", "magnesium").

`shop_links` only stores the keys. The app that knows nutrients (in this
distribution `health_articles`, from its claims data) registers, once at start-up:
- `choices()`: `(key, label)` pairs editors pick from, labels in the active language;
- `suggest(text, language)`: the keys a collection's title and handle name, which
  the feed sync fills in for a collection whose nutrients are still empty.
Without a registration editors see no choices and the sync suggests nothing.
"""

_registry = {"choices": None, "suggest": None}


def register(*, choices, suggest):
    _registry["choices"] = choices
    _registry["suggest"] = suggest


def choices():
    source = _registry["choices"]
    return list(source()) if source else []


def suggest(text, language):
    """Sorted nutrient keys named in `text` (a collection's title and handle)."""
    source = _registry["suggest"]
    if source is None or not text:
        return []
    return sorted(set(source(text, language)))


def suggest_for(title, handle, language):
    """Keys named in a collection's title or handle ("vitamin-d3-1000" reads "vitamin d3 1000")."""
    handle_words = (handle or "").replace("-", " ").replace("_", " ")
    return suggest(f"{title or ''}\n{handle_words}", language)
