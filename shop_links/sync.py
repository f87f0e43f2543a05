"""Sync ShopCollection rows from a Shopify-style collections.json feed.

Reading (fetching, paginating, validating) happens completely before anything
is written, and the writing happens in one transaction: a bad feed changes
nothing. Collections are matched on the shop's id, because handles change when
a collection is renamed.

A run has an overall deadline (``SHOP_LINKS_SYNC_DEADLINE`` seconds), not only
a per-read timeout: a shop that sends one byte every few seconds must not keep
a run (or a web request) alive forever. A run that would deactivate more than
``SHOP_LINKS_MAX_DEACTIVATION_SHARE`` of the active collections, or whose feed
is empty, is refused unless ``allow_mass_deactivation`` is given.
"""

import contextlib
import http.client
import json
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import override

from modeltranslation.settings import DEFAULT_LANGUAGE

from . import nutrients
from .i18n import without_fallbacks
from .models import ShopCollection

TIMEOUT_SECONDS = 10  # per connect / read
MAX_FEED_BYTES = 5 * 1024 * 1024
PAGE_LIMIT = 250
MAX_PAGES = 200
MAX_REDIRECTS = 5
MAX_ID = 2**63 - 1  # the shop's ids are 64-bit integers
DEFAULT_DEADLINE_SECONDS = 120
DEFAULT_MAX_DEACTIVATION_SHARE = 0.2
SHOWN_IN_REFUSAL = 20


def deadline_seconds():
    return getattr(settings, "SHOP_LINKS_SYNC_DEADLINE", DEFAULT_DEADLINE_SECONDS)


def max_deactivation_share():
    return getattr(settings, "SHOP_LINKS_MAX_DEACTIVATION_SHARE", DEFAULT_MAX_DEACTIVATION_SHARE)


class FeedError(Exception):
    """A feed that cannot be used, with where the problem is (always one line)."""

    def __init__(self, message):
        super().__init__(" ".join(str(message).split()))


class MassDeactivationError(FeedError):
    """The run would deactivate too much; `collections` are the ones it would deactivate."""

    def __init__(self, message, collections):
        super().__init__(message)
        self.collections = collections


@dataclass
class FeedCollection:
    external_id: str
    handle: str
    title: str
    description: str
    image_url: str


@dataclass
class SyncReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    deactivated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)

    def summary(self):
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.deactivated)} deactivated, {len(self.unchanged)} unchanged"
        )


# --- reading ---------------------------------------------------------------------------


def _with_page(url, page):
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update({"page": str(page), "limit": str(PAGE_LIMIT)})
    return urlunsplit(parts._replace(query=urlencode(query)))


class _Deadline:
    """Closes the connection's socket when the run's deadline passes.

    A socket timeout bounds each read, not their sum; shutting the socket down
    from a timer also ends a read that keeps receiving a byte now and then.
    """

    def __init__(self, connection, seconds):
        self.connection = connection
        self.expired = threading.Event()
        self.timer = threading.Timer(max(seconds, 0), self._expire)
        self.timer.daemon = True

    def _expire(self):
        self.expired.set()
        sock = self.connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()
        self.connection.close()


def _get(url, deadline):
    """(status, headers, body) of one GET, within the per-read timeout and the deadline."""
    parts = urlsplit(url)
    remaining = deadline.at - time.monotonic()
    if remaining <= 0:
        raise FeedError(f"{url}: the run took longer than {deadline.seconds} seconds")
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(
        parts.hostname, parts.port, timeout=min(TIMEOUT_SECONDS, remaining)
    )
    path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    guard = _Deadline(connection, remaining)
    try:
        with guard:
            connection.connect()
            connection.request("GET", path, headers={"Accept": "application/json"})
            response = connection.getresponse()
            body = response.read(MAX_FEED_BYTES + 1)
            if guard.expired.is_set():  # the socket was shut mid-reply
                raise TimeoutError
            expected = response.getheader("Content-Length", "")
            if expected.isdigit() and len(body) < min(int(expected), MAX_FEED_BYTES + 1):
                raise http.client.IncompleteRead(body, int(expected) - len(body))
            return response.status, response.reason, response.getheader("Location"), body
    except (TimeoutError, http.client.HTTPException, OSError) as error:
        if guard.expired.is_set():
            raise FeedError(
                f"{url}: the run took longer than {deadline.seconds} seconds"
            ) from error
        if isinstance(error, TimeoutError):
            raise FeedError(f"{url}: no answer within {TIMEOUT_SECONDS} seconds") from error
        if isinstance(error, http.client.HTTPException):
            raise FeedError(
                f"{url}: the reply is not valid HTTP ({type(error).__name__})"
            ) from error
        raise FeedError(f"{url}: cannot connect ({error})") from error


def _fetch(url, deadline):
    for _hop in range(MAX_REDIRECTS + 1):
        status, reason, location, body = _get(url, deadline)
        if status in (301, 302, 303, 307, 308) and location:
            target = urljoin(url, location)
            if urlsplit(target).scheme not in ("http", "https"):
                raise FeedError(f"{url}: redirected to a non-HTTP address")
            url = target
            continue
        if status != 200:
            raise FeedError(f"{url}: the shop answered HTTP {status} {reason}")
        if len(body) > MAX_FEED_BYTES:
            raise FeedError(f"{url}: the feed is larger than {MAX_FEED_BYTES // (1024 * 1024)} MB")
        return body
    raise FeedError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _decode(body, source):
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        where = f" at line {error.lineno}, column {error.colno}" if hasattr(error, "lineno") else ""
        raise FeedError(f"{source}: invalid JSON{where}") from error
    except RecursionError as error:
        raise FeedError(f"{source}: the JSON is nested too deeply") from error
    except ValueError as error:  # e.g. an integer with thousands of digits
        raise FeedError(f"{source}: invalid JSON ({error})") from error
    if not isinstance(data, dict) or not isinstance(data.get("collections"), list):
        raise FeedError(f'{source}: expected an object with a "collections" list')
    return data["collections"]


@dataclass
class _RunDeadline:
    seconds: float
    at: float


def read_feed(feed, progress=None, seconds=None):
    """All collections of a feed (a URL, paginated, or a local file), validated.

    Reading a URL ends after `seconds` (default: SHOP_LINKS_SYNC_DEADLINE).
    """
    if urlsplit(str(feed)).scheme in ("http", "https"):
        seconds = deadline_seconds() if seconds is None else seconds
        deadline = _RunDeadline(seconds, time.monotonic() + seconds)
        items, page = [], 1
        while True:
            url = _with_page(feed, page)
            batch = _decode(_fetch(url, deadline), url)
            if progress:
                progress(f"page {page}: {len(batch)} collections")
            items += [(item, f"{url}, collections[{i}]") for i, item in enumerate(batch)]
            if len(batch) < PAGE_LIMIT:
                break
            if page == MAX_PAGES:
                raise FeedError(
                    f"{url}: the feed has more than {MAX_PAGES} pages of {PAGE_LIMIT}"
                    " collections; a cut-off feed would deactivate the rest"
                )
            page += 1
    else:
        path = Path(feed)
        if not path.is_file():
            raise FeedError(f"{feed}: no such file")
        if path.stat().st_size > MAX_FEED_BYTES:
            raise FeedError(f"{feed}: the feed is larger than {MAX_FEED_BYTES // (1024 * 1024)} MB")
        batch = _decode(path.read_bytes(), str(feed))
        items = [(item, f"{feed}, collections[{i}]") for i, item in enumerate(batch)]
    return validate(items)


# --- validating ------------------------------------------------------------------------

_FIELD_LIMITS = {
    "handle": ShopCollection._meta.get_field("handle").max_length,
    "title": ShopCollection._meta.get_field("title").max_length,
    "image_url": ShopCollection._meta.get_field("image_url").max_length,
}


def _text(item, key, where, *, required=False):
    """item[key] as a string ('' when absent or null); anything else is an error."""
    value = item.get(key)
    if value is None or (value == "" and not required):
        if required:
            raise FeedError(f'{where}: missing "{key}"')
        return ""
    if not isinstance(value, str):
        raise FeedError(f'{where}: "{key}" must be a string, not {type(value).__name__}')
    if "\x00" in value:
        raise FeedError(f'{where}: "{key}" contains a NUL character')
    limit = _FIELD_LIMITS.get(key)
    if limit and len(value) > limit:
        # Never cut silently: the shop should fix its feed.
        raise FeedError(
            f'{where}: "{key}" is {len(value):,} characters long; the limit is {limit:,}'
        )
    return value


def _external_id(item, where):
    value = item.get("id")
    if value is None or value == "":
        raise FeedError(f'{where}: missing "id"')
    if isinstance(value, bool) or not isinstance(value, int):
        raise FeedError(f'{where}: "id" must be an integer, not {type(value).__name__}')
    if not 0 < value <= MAX_ID:
        raise FeedError(f'{where}: "id" must be a positive 64-bit integer')
    return str(value)


def _image_url(item, where):
    image = item.get("image")
    if image is None:
        return ""
    if not isinstance(image, dict):
        raise FeedError(f'{where}: "image" must be an object, not {type(image).__name__}')
    src = _text(image, "src", f"{where}.image")
    if src and urlsplit(src).scheme not in ("http", "https"):
        raise FeedError(f'{where}.image: "src" is not an http(s) URL')
    if len(src) > _FIELD_LIMITS["image_url"]:
        raise FeedError(f'{where}.image: "src" is longer than {_FIELD_LIMITS["image_url"]}')
    return src


def validate(items):
    """Check every item's types and ranges; FeedCollections, or a FeedError naming the item."""
    collections, handles, ids = [], {}, {}
    for item, where in items:
        if not isinstance(item, dict):
            raise FeedError(f"{where}: expected an object")
        external_id = _external_id(item, where)
        handle = _text(item, "handle", where, required=True)
        if slugify(handle) != handle:
            raise FeedError(f"{where}: the handle {handle!r} is not a valid handle")
        title = _text(item, "title", where)
        body_html = _text(item, "body_html", where) or _text(item, "description", where)
        if handle in handles:
            raise FeedError(f"{where}: the handle {handle!r} is also used by {handles[handle]}")
        if external_id in ids:
            raise FeedError(f"{where}: the id {external_id} is also used by {ids[external_id]}")
        handles[handle], ids[external_id] = where, where
        collections.append(
            FeedCollection(
                external_id=external_id,
                handle=handle,
                title=title or handle,
                description=strip_tags(body_html).strip(),
                image_url=_image_url(item, where),
            )
        )
    return collections


# --- writing ---------------------------------------------------------------------------


SYNC_LOCK_KEY = zlib.crc32(b"shop_links.sync")
ATTEMPTS = 3


def _wait_for_other_syncs():
    """Hold the sync lock until this transaction ends (PostgreSQL advisory lock).

    One lock for every language: languages share rows (a collection is created
    by whichever language's feed reports it first), so an nl and an en run at
    the same time must take turns too. A second run waits; it does not fail.
    Other databases serialise writers themselves (SQLite) or are not supported
    for concurrent syncs.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SYNC_LOCK_KEY])


def apply(collections, language, *, dry_run=False, allow_mass_deactivation=False):
    """Write the feed's collections for one language; deactivate what disappeared there.

    Only `language`'s columns change (title, description, handle in the shop,
    image, availability). The language-neutral `handle`, which identifies a
    collection in the API and the importer, follows the default language's feed.

    Runs are serialised by a database lock. An import may still create a
    collection with the same handle meanwhile; the run then starts again and
    adopts it.
    """
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic(), override(language), without_fallbacks():
                _wait_for_other_syncs()
                return _apply(collections, language, dry_run, allow_mass_deactivation)
        except IntegrityError as error:
            if attempt == ATTEMPTS - 1:
                raise FeedError(
                    f"[{language}] the database refused the run {ATTEMPTS} times, as other"
                    f" processes changed the same collections ({error})"
                ) from error
    raise AssertionError("unreachable")


def _free_handles(collections, by_id, by_handle):
    """Move aside neutral handles that the feed gives to another collection.

    Renames can swap, and the shop may give an old handle to a new collection.
    """
    for item in collections:
        existing = by_id.get(item.external_id)
        holder = by_handle.get(item.handle)
        adoptable = holder is not None and holder.external_id in (None, item.external_id)
        if holder is not None and holder is not existing and not (existing is None and adoptable):
            holder.handle = f"{holder.handle}--moved-{holder.pk}"
            holder.save(update_fields=["handle"])
            by_handle.pop(item.handle)


def _apply(collections, language, dry_run, allow_mass_deactivation):
    report = SyncReport()
    active = ShopCollection.objects.exclude(external_id=None).filter(is_active=True)
    active_before = active.count()
    now = timezone.now()
    seen = set()
    everything = list(ShopCollection.objects.all())  # one object per row, shared below
    by_id = {c.external_id: c for c in everything if c.external_id is not None}
    by_handle = {c.handle: c for c in everything}
    leads_handle = language == DEFAULT_LANGUAGE
    if leads_handle:
        _free_handles(collections, by_id, by_handle)
    for item in collections:
        collection = by_id.get(item.external_id)
        if collection is None:
            # Hand-made or importer-made collections are adopted by handle.
            collection = by_handle.get(item.handle)
            if collection is not None and collection.external_id not in (None, item.external_id):
                collection = None
        is_new = collection is None
        if is_new:
            handle = item.handle
            if handle in by_handle:  # another language's feed calls another collection so
                handle = f"{item.handle}--{item.external_id}"
            collection = ShopCollection(external_id=item.external_id, handle=handle)
            # Not offered in the languages whose feeds have not reported it.
            collection.set_active(False)
            by_handle[handle] = collection
        fields = (
            "external_id",
            "title",
            "description",
            "url_handle",
            "image_url",
            "is_active",
            "nutrients",
        )
        if leads_handle:
            fields += ("handle",)
        before = tuple(getattr(collection, name) for name in fields)
        collection.external_id = item.external_id
        collection.title = item.title
        collection.description = item.description
        collection.url_handle = item.handle
        collection.image_url = item.image_url
        collection.is_active = True
        if leads_handle:
            collection.handle = item.handle
        if not collection.nutrients:  # a suggestion; editors' choices are never replaced
            collection.nutrients = nutrients.suggest_for(item.title, item.handle, language)
        changed = before != tuple(getattr(collection, name) for name in fields)
        if is_new or changed:
            collection.synced_at = now
            collection.save()
        seen.add(collection.pk)
        bucket = report.created if is_new else report.updated if changed else report.unchanged
        bucket.append(collection)
    gone = list(active.exclude(pk__in=seen).order_by("handle"))
    if not allow_mass_deactivation:
        check_deactivation_share(collections, gone, active_before, language)
    ShopCollection.objects.filter(pk__in=[c.pk for c in gone]).update(is_active=False)
    report.deactivated = gone
    if dry_run:
        transaction.set_rollback(True)
    return report


def check_deactivation_share(collections, gone, active_before, language):
    """Refuse an empty feed, or one that deactivates too large a share of the active ones."""
    share = max_deactivation_share()
    handles = sorted(collection.handle for collection in gone)
    shown = ", ".join(handles[:SHOWN_IN_REFUSAL])
    if len(handles) > SHOWN_IN_REFUSAL:
        shown += f" and {len(handles) - SHOWN_IN_REFUSAL} more"
    hint = "use --allow-mass-deactivation if this is right"
    if not collections:
        raise MassDeactivationError(
            f"[{language}] the feed has no collections; it would deactivate all"
            f" {len(handles)} active collections{': ' + shown if shown else ''} ({hint})",
            gone,
        )
    if active_before and len(gone) > share * active_before:
        raise MassDeactivationError(
            f"[{language}] the feed would deactivate {len(gone)} of {active_before} active"
            f" collections ({len(gone) / active_before:.0%}, more than {share:.0%}): {shown}"
            f" ({hint})",
            gone,
        )


def sync(
    feed, language, *, dry_run=False, progress=None, allow_mass_deactivation=False, seconds=None
):
    return apply(
        read_feed(feed, progress=progress, seconds=seconds),
        language,
        dry_run=dry_run,
        allow_mass_deactivation=allow_mass_deactivation,
    )
