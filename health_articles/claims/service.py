"""Running the checker on stored articles and imported files (the parts that need Django)."""

import functools
import hashlib
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

from django.db.utils import DatabaseError
from django.utils.translation import get_language

from .checker import check_units, nutrient_mentions
from .data import claims_from_queryset, shipped_claims, shipped_nutrient_labels
from .sources import article_data_units, page_units
from .vocab import vocabulary, vocabulary_digest


def claims_for(language):
    """`HealthClaim` rows of `language` when any are loaded, else the shipped data file."""
    from ..models import HealthClaim

    try:
        rows = list(HealthClaim.objects.filter(language=language).exclude(function=""))
    except DatabaseError:
        rows = []
    if rows:
        return claims_from_queryset(rows), "database"
    return list(shipped_claims()), "data file"


# The checker is a pure function of the text, the language, the claims and the
# collections' nutrients: the same article checked again (the importer decides between
# publishing and a draft, then the publish guard checks it) reuses the report.
_REPORTS = OrderedDict()
REPORTS_KEPT = 16


def checked(units, language, claims, nutrients):
    """`check_units(...)`, remembered for the last few distinct inputs (a fresh copy each)."""
    key = (
        language,
        tuple((unit.block, unit.text, tuple(unit.links)) for unit in units),
        tuple(claims),
        tuple(sorted(nutrients.items())),
    )
    report = _REPORTS.get(key)
    if report is None:
        report = check_units(units, language, claims, nutrients)
        _REPORTS[key] = report
        while len(_REPORTS) > REPORTS_KEPT:
            _REPORTS.popitem(last=False)
    return replace(report, findings=list(report.findings), notes=list(report.notes))


VERDICTS_SECONDS = 7 * 24 * 3600


@functools.cache
def rules_digest():
    """A digest of the checker's own code (its rules and word lists' handling): verdicts
    kept under it are not reused by a deploy that changes how the checker decides."""
    from . import checker, vocab

    digest = hashlib.sha256()
    for module in (checker, vocab):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def high_severity_verdicts(unit_groups, language):
    """For each list of units, whether the check finds a high-severity claim in it.

    The verdicts are kept in the shared cache under a digest of everything the check
    reads (the units, the language and its vocabulary file, the claims, the linked
    collections' nutrients) and of the checker's code, so asking again for the same
    text runs no check.
    """
    from ..content_versions import cache

    claims, _source = claims_for(language)
    inputs = repr((rules_digest(), language, vocabulary_digest(language), claims))
    inputs = hashlib.sha256(inputs.encode()).hexdigest()  # short, for each group's key
    checks = []
    for units in unit_groups:
        nutrients = collection_nutrients(units)
        state = repr((inputs, units, sorted(nutrients.items())))
        key = "health_articles:claims-verdict:" + hashlib.sha256(state.encode()).hexdigest()[:32]
        checks.append((units, nutrients, key))
    store = cache()
    verdicts = store.get_many([key for *_rest, key in checks])
    for units, nutrients, key in checks:
        if key not in verdicts:
            verdicts[key] = check_units(units, language, claims, nutrients).has_high
            store.set(key, verdicts[key], timeout=VERDICTS_SECONDS)
    return [verdicts[key] for *_rest, key in checks]


def check_page(page, language):
    claims, _source = claims_for(language)
    units = page_units(page, language)
    return checked(units, language, claims, collection_nutrients(units))


def check_article_data(data):
    claims, _source = claims_for(data.language)
    units = _with_collections(article_data_units(data), data.language)
    return checked(units, data.language, claims, collection_nutrients(units))


def collection_nutrients(units):
    """{collection id: nutrients it sells} for the collections `units` link to.

    One query, and none when no unit links to a collection.
    """
    from shop_links.lookup import cached_collections
    from shop_links.models import ShopCollection

    ids = {
        link.collection for unit in units for link in unit.links if isinstance(link.collection, int)
    }
    if not ids:
        return {}
    cached = cached_collections(ids)  # the editor's request cache, if primed
    if cached is not None:
        rows = [(pk, c.nutrients) for pk, c in cached.items() if c is not None]
    else:
        rows = ShopCollection.objects.filter(pk__in=ids).values_list("pk", "nutrients")
    return {pk: frozenset(nutrients) for pk, nutrients in rows if nutrients}


def _with_collections(units, language):
    """File units whose links point at shop collection URLs, linked to those collections."""
    from shop_links.lookup import current_shop_settings
    from shop_links.models import ShopCollection

    from ..importer.writer import CollectionURLs

    urls = CollectionURLs(current_shop_settings())
    found = {}

    def collection_id(href):
        handle = urls.handle(href)
        if handle is None:
            return None
        if handle not in found:
            collection = ShopCollection.for_handle(handle, language)
            found[handle] = collection.pk if collection else None
        return found[handle]

    return [
        replace(
            unit,
            links=[
                link
                if link.collection or not link.href
                else replace(link, collection=collection_id(link.href))
                for link in unit.links
            ],
        )
        for unit in units
    ]


def nutrient_choices():
    """(key, label) of every nutrient with claims, labelled in the active language."""
    from ..models import HealthClaim

    labels = shipped_nutrient_labels()
    keys = set(labels)
    keys.update(HealthClaim.objects.values_list("nutrient", flat=True).distinct())
    language = (get_language() or "en").split("-")[0]
    return [
        (key, labels.get(key, {}).get(language) or labels.get(key, {}).get("en") or key)
        for key in sorted(keys)
    ]


def suggest_nutrients(text, language):
    """The nutrient keys `text` names in `language` (none when the checker lacks the language)."""
    vocab = vocabulary(language)
    if vocab is None:
        return set()
    return set().union(*(mention.nutrients for mention in nutrient_mentions(vocab, text)))
