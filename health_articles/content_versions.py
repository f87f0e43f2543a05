"""Versions of what public pages and the API show, for exact invalidation.

Everything a page or an API response shows is named by a *tag*: `page:<id>` (a
page's own content), `articles:<language>` (which articles are available in a
language, and their cards), `keyword:<id>`, `author:<id>`, `collection:<id>`,
`settings`, `images`, `claims` (the health claims the FAQ is checked against). When
something changes, `bump()` gives its tags a new version from one shared clock (an
atomic counter in the cache), after the transaction commits. A cached page stores
the clock it was rendered at; it is valid only while none of its tags has a newer
version (see `page_cache.py`); so are fragments (`Fragment`: an article's body and
JSON-LD, which outlive the page's other changes, and the request's Wagtail Site).
API ETags are a hash of their tags' versions, read before the query (see `api.py`).

The versions live in the cache `HEALTH_ARTICLES_CACHE` (an alias of `CACHES`,
default "default"): with Django's RedisCache all app servers share them.
"""

import hashlib
import json

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils.translation import get_language

from .release import release

CLOCK = "health_articles:clock"


def cache():
    return caches[getattr(settings, "HEALTH_ARTICLES_CACHE", "default")]


def tag_key(tag):
    return f"health_articles:tag:{tag}"


def clock():
    """The current value of the shared clock (created at 0)."""
    store = cache()
    value = store.get(CLOCK)
    if value is None:
        store.add(CLOCK, 0, timeout=None)
        value = store.get(CLOCK, 0)
    return value


def _tick():
    store = cache()
    try:
        return store.incr(CLOCK)
    except ValueError:  # the clock was never created, or was evicted
        store.add(CLOCK, 0, timeout=None)
        return store.incr(CLOCK)


def versions(tags):
    """{tag: version}; a tag without a version gets the current clock (never None).

    A tag that was evicted after a bump must not look unchanged, so a missing
    version is always replaced by one at least as new as any earlier bump.
    """
    tags = sorted(set(tags))
    store = cache()
    found = store.get_many([tag_key(tag) for tag in tags])
    missing = [tag for tag in tags if tag_key(tag) not in found]
    if missing:
        now = clock()
        for tag in missing:
            store.add(tag_key(tag), now, timeout=None)
        found.update(store.get_many([tag_key(tag) for tag in missing]))
    return {tag: found.get(tag_key(tag)) for tag in tags}


def cached_by_versions(tags, name, compute, per_language=True):
    """`compute()`, kept in the cache until one of `tags` gets a new version.

    Keyed on the versions of the tags, read before computing (as ETags are), so a
    value is exactly as fresh as a cached page with the same tags. `name` tells the
    values apart, with the active language unless `per_language` is False.
    """
    language = get_language() if per_language else None
    state = json.dumps([release(), name, language, sorted(versions(tags).items())])
    key = "health_articles:value:" + hashlib.sha256(state.encode()).hexdigest()[:32]
    store = cache()
    value = store.get(key)
    if value is None:
        value = compute()
        timeout = getattr(settings, "HEALTH_ARTICLES_PAGE_CACHE_SECONDS", 24 * 3600)
        store.set(key, value, timeout=timeout)
    return value


def is_current(entry, current=None):
    """A stored entry (`clock`, `tags`) is current while none of its tags has a newer
    version than the clock read before it was computed (the page cache's rule).
    `current`: the tags' versions, when already read."""
    current = versions(entry["tags"]) if current is None else current
    return not any(
        current.get(tag) is None or current[tag] > entry["clock"] for tag in entry["tags"]
    )


def fetch(keys):
    """({key: entry} of the stored entries of `keys` that are current, the clock now).

    Two round trips to the cache however many keys: the entries and the clock, then
    the versions of all their tags.
    """
    store = cache()
    found = store.get_many([*keys, CLOCK])
    now = found.pop(CLOCK, None)
    if now is None:
        now = clock()
    tags = set().union(*(entry["tags"] for entry in found.values()))
    current = versions(tags) if tags else {}
    return {key: entry for key, entry in found.items() if is_current(entry, current)}, now


# The clock the page cache read before the view ran (it reads nothing earlier).
REQUEST_CLOCK = "_health_articles_clock"


class Fragment:
    """A piece of a page kept until one of the tags it shows gets a new version.

    Unlike `cached_by_versions`, its tags are known only once it is computed (what a
    rendered body links to). As for a cached page, the entry stores the clock read
    before anything it shows was read from the database: the page cache middleware's,
    taken before the view (`start(request)`). A request without it (not through the
    middleware, or logged in) reads fragments but does not store any. `parts` name
    the fragment (a page, its live revision, the host, a language…).
    """

    def __init__(self, *parts):
        identity = json.dumps([release(), *(str(part) for part in parts)])
        self.key = "health_articles:fragment:" + hashlib.sha256(identity.encode()).hexdigest()
        self.started = None
        self.tags = None
        self.fetched = False
        self.value = None

    def get(self):
        """The stored value while it is current, else None; remembers the stored tags."""
        if not self.fetched:
            Fragment.fetch([self])
        return self.value

    @staticmethod
    def fetch(fragments):
        """Read these fragments in one go (see `fetch`)."""
        entries, _now = fetch([fragment.key for fragment in fragments])
        for fragment in fragments:
            entry = entries.get(fragment.key)
            fragment.fetched = True
            if entry is not None:
                fragment.value, fragment.tags = entry["value"], frozenset(entry["tags"])

    def start(self, request):
        """Take the clock the page cache read before this request's view ran."""
        self.started = getattr(request, REQUEST_CLOCK, None)

    def store(self, value, tags):
        """Keep `value`, showing `tags`, if `start()` found a clock (else do nothing)."""
        self.tags = frozenset(tags)
        if self.started is None:
            return
        versions(self.tags)  # every tag has a version from now on
        timeout = getattr(settings, "HEALTH_ARTICLES_PAGE_CACHE_SECONDS", 24 * 3600)
        cache().set(
            self.key,
            {"clock": self.started, "tags": sorted(self.tags), "value": value},
            timeout=timeout,
        )


def cached_count(queryset, tags, name):
    """`queryset.count()` under `cached_by_versions`.

    A listing's page count (index, keyword page, API list) counts every available
    article: the one query of theirs that grows with the shop. Under the tags of the
    listing's cached page or ETag it runs once per change.
    """
    return cached_by_versions(tags, f"count:{name}", queryset.count)


def _bump_now(tags):
    version = _tick()
    cache().set_many({tag_key(tag): version for tag in tags}, timeout=None)


def bump(*tags):
    """Give `tags` a new version now and again when the current transaction commits.

    The second bump outdates whatever another request rendered from the database
    between the first one and the commit.
    """
    tags = frozenset(tags)
    if not tags:
        return
    _bump_now(tags)
    for callback in _listeners:
        callback(tags)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump_now(tags))


_listeners = []


def on_bump(callback):
    """Call `callback(tags)` on every bump, inside the transaction (see `frontend_cache`)."""
    _listeners.append(callback)
    return callback
