"""Request-scoped lookups for collection links.

A page may hold dozens of collection links spread over many rich-text
paragraphs and blocks. Rendering each paragraph on its own would cost one query
per paragraph; instead the page preloads every collection it references into a
context-local cache once, and the rich-text link handler and link blocks read
from it. Outside such a context (admin previews of a single block, the shell)
lookups fall back to plain queries, so behaviour never depends on the cache.

The admin's editor renders a page's rich text field by field, long after the
view returned (a TemplateResponse): the article form primes a request cache
(`remember_for_request`) with every collection the page links to, which the
editor's link handler and the link blocks read. It lives until the request ends
(cleared on `request_started` and `request_finished`) and is never primed
outside a request, so commands and workers always read the database.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from wagtail.models import Site

from .models import ShopCollection, ShopSettings


@dataclass
class _LinkState:
    shop_settings: ShopSettings
    collections: dict = field(default_factory=dict)


_state: ContextVar[_LinkState | None] = ContextVar("shop_links_state", default=None)
_request_cache: ContextVar[dict | None] = ContextVar("shop_links_request_cache", default=None)


def _default_site_settings():
    site = Site.objects.filter(is_default_site=True).first()
    return ShopSettings.for_site(site) if site else ShopSettings()


@contextmanager
def shop_link_context(request=None):
    """Share the shop settings and a collection cache for the duration of one render."""
    if request is not None:
        shop_settings = ShopSettings.for_request(request)
    else:
        shop_settings = _default_site_settings()
    token = _state.set(_LinkState(shop_settings=shop_settings))
    try:
        yield
    finally:
        _state.reset(token)


def current_shop_settings():
    state = _state.get()
    return state.shop_settings if state else _default_site_settings()


def _clean_ids(ids):
    cleaned = set()
    for value in ids:
        try:
            cleaned.add(int(value))
        except (TypeError, ValueError):
            continue
    return cleaned


def _with_images(queryset, renditions=True):
    # Product cards show the collection's image: load it (and its renditions) with the rows.
    queryset = queryset.select_related("image")
    return queryset.prefetch_related("image__renditions") if renditions else queryset


def preload_collections(ids, *, renditions=True):
    """Fetch, in one query, the collections not cached yet in this render.

    With `renditions=False` their images' renditions are left to the caller (a page
    that loads every image's renditions in one query).
    """
    state = _state.get()
    if state is not None:
        _load_into(state.collections, ids, renditions)


def _load_into(cache, ids, renditions=True):
    """Add the collections `ids` names that `cache` lacks (None for deleted ones): one query."""
    missing = _clean_ids(ids) - cache.keys()
    if missing:
        found = _with_images(ShopCollection.objects, renditions).in_bulk(missing)
        cache.update({pk: found.get(pk) for pk in missing})


def remember_for_request(ids):
    """Load the collections `ids` names in one query and keep them for this request."""
    cache = _request_cache.get()
    if cache is None:
        cache = {}
        _request_cache.set(cache)
    _load_into(cache, ids)


def forget_request_cache(**kwargs):
    _request_cache.set(None)


def cached_collections(ids):
    """{id: ShopCollection or None} when this render or request has every id cached, else None."""
    wanted = _clean_ids(ids)
    state = _state.get()
    for cache in (state.collections if state else None, _request_cache.get()):
        if cache is not None and wanted <= cache.keys():
            return {pk: cache[pk] for pk in wanted}
    return None


def get_collections(ids):
    """Return {id: ShopCollection} for the ids that exist."""
    wanted = _clean_ids(ids)
    state = _state.get()
    if state is None:
        cached = cached_collections(wanted)
        if cached is not None:
            return {pk: collection for pk, collection in cached.items() if collection}
        return _with_images(ShopCollection.objects).in_bulk(wanted)
    preload_collections(wanted)
    return {pk: state.collections[pk] for pk in wanted if state.collections.get(pk)}


def prime_site_settings(request, *setting_models):
    """Load several of Wagtail's site settings for the request's site in one query.

    `BaseSiteSetting.for_request` loads each in a query of its own; this fetches the site
    with each setting joined (`site_with_settings`), and leaves them where `for_request`
    looks first. A setting with no row yet is left to `for_request`, which creates it.
    """
    site = Site.find_for_request(request)
    wanted = [m for m in setting_models if not hasattr(request, m.get_cache_attr_name())]
    if site is None or len(wanted) < 2:
        return
    _site, settings = site_with_settings(site.pk, wanted)
    for instance in settings.values():
        hand_to_request(instance, request)


def site_with_settings(site_pk, setting_models, *related):
    """(the Site, {setting's `for_request` attribute name: instance}) in one query: each
    setting joined with the relations it names in `select_related`, and `related` of
    the Site. A setting with no row yet is left out. (None, {}) without the Site."""
    accessors = {
        m: m._meta.get_field("site").remote_field.get_accessor_name() for m in setting_models
    }
    relations = list(related)
    for model, accessor in accessors.items():
        relations.append(accessor)
        relations += [
            f"{accessor}__{name}" for name in getattr(model, "select_related", None) or []
        ]
    site = Site.objects.select_related(*relations).filter(pk=site_pk).first()
    if site is None:
        return None, {}
    settings = {}
    for model, accessor in accessors.items():
        try:
            settings[model.get_cache_attr_name()] = getattr(site, accessor)
        except model.DoesNotExist:
            continue
    return site, settings


def hand_to_request(setting, request):
    """Put a site setting where `BaseSiteSetting.for_request` looks first."""
    setting._request = request
    setattr(request, setting.get_cache_attr_name(), setting)
