"""Sync ShopCollection rows from a Shopify-style collections.json feed.

Reading (fetching, paginating, validating) happens completely before anything
is written, and the writing happens in one transaction: a bad feed changes
nothing. Collections are matched on the shop's id, because handles change when
a collection is renamed.
"""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import override

from .i18n import without_fallbacks
from .models import ShopCollection

TIMEOUT_SECONDS = 10
MAX_FEED_BYTES = 5 * 1024 * 1024
PAGE_LIMIT = 250
MAX_PAGES = 200


class FeedError(Exception):
    """A feed that cannot be used, with where the problem is."""


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


def _with_page(url, page):
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update({"page": str(page), "limit": str(PAGE_LIMIT)})
    return urlunsplit(parts._replace(query=urlencode(query)))


def _fetch(url):
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(MAX_FEED_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise FeedError(f"{url}: the shop answered HTTP {error.code} {error.reason}") from error
    except TimeoutError as error:
        raise FeedError(f"{url}: no answer within {TIMEOUT_SECONDS} seconds") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FeedError(f"{url}: no answer within {TIMEOUT_SECONDS} seconds") from error
        raise FeedError(f"{url}: cannot connect ({error.reason})") from error
    if len(body) > MAX_FEED_BYTES:
        raise FeedError(f"{url}: the feed is larger than {MAX_FEED_BYTES // (1024 * 1024)} MB")
    return body


def _decode(body, source):
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        where = f" at line {error.lineno}, column {error.colno}" if hasattr(error, "lineno") else ""
        raise FeedError(f"{source}: invalid JSON{where}") from error
    if not isinstance(data, dict) or not isinstance(data.get("collections"), list):
        raise FeedError(f'{source}: expected an object with a "collections" list')
    return data["collections"]


def read_feed(feed, progress=None):
    """All collections of a feed (a URL, paginated, or a local file), validated."""
    if urlsplit(str(feed)).scheme in ("http", "https"):
        items, page = [], 1
        while page <= MAX_PAGES:
            url = _with_page(feed, page)
            batch = _decode(_fetch(url), url)
            if progress:
                progress(f"page {page}: {len(batch)} collections")
            items += [(item, f"{url}, collections[{i}]") for i, item in enumerate(batch)]
            if len(batch) < PAGE_LIMIT:
                break
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


def validate(items):
    collections, handles, ids = [], {}, {}
    for item, where in items:
        if not isinstance(item, dict):
            raise FeedError(f"{where}: expected an object")
        external_id, handle = item.get("id"), item.get("handle")
        if external_id in (None, ""):
            raise FeedError(f'{where}: missing "id"')
        if not handle or not isinstance(handle, str):
            raise FeedError(f'{where}: missing "handle"')
        if slugify(handle) != handle:
            raise FeedError(f"{where}: the handle {handle!r} is not a valid handle")
        if len(handle) > 255 or len(str(external_id)) > 64:
            raise FeedError(f"{where}: the handle or id is too long (at most 255 and 64)")
        if handle in handles:
            raise FeedError(f"{where}: the handle {handle!r} is also used by {handles[handle]}")
        if str(external_id) in ids:
            raise FeedError(
                f"{where}: the id {external_id} is also used by {ids[str(external_id)]}"
            )
        handles[handle], ids[str(external_id)] = where, where
        image = item.get("image") or {}
        collection = FeedCollection(
            external_id=str(external_id),
            handle=handle,
            title=str(item.get("title") or handle),
            description=strip_tags(item.get("body_html") or item.get("description") or "").strip(),
            image_url=str(image.get("src") or "") if isinstance(image, dict) else "",
        )
        for name, label in (("title", "title"), ("image_url", "image.src")):
            limit = ShopCollection._meta.get_field(name).max_length
            length = len(getattr(collection, name))
            if length > limit:
                # Never cut silently: the shop should fix its feed.
                raise FeedError(
                    f'{where}: "{label}" is {length:,} characters long; the limit is {limit:,}'
                )
        collections.append(collection)
    return collections


@transaction.atomic
def apply(collections, language, *, dry_run=False):
    """Write the feed's collections for one language; deactivate what disappeared."""
    report = SyncReport()
    now = timezone.now()
    seen = set()
    everything = list(ShopCollection.objects.all())  # one object per row, shared below
    by_id = {c.external_id: c for c in everything if c.external_id is not None}
    by_handle = {c.handle: c for c in everything}
    # Free the handles that move to another collection first (renames can swap,
    # and the shop may give an old handle to a new collection).
    for item in collections:
        existing = by_id.get(item.external_id)
        holder = by_handle.get(item.handle)
        adoptable = holder is not None and holder.external_id in (None, item.external_id)
        if holder is not None and holder is not existing and not (existing is None and adoptable):
            holder.handle = f"{holder.handle}--moved-{holder.pk}"
            holder.save(update_fields=["handle"])
            by_handle.pop(item.handle)
    for item in collections:
        collection = by_id.get(item.external_id)
        if collection is None:
            # Hand-made or importer-made collections are adopted by handle.
            collection = by_handle.get(item.handle)
            if collection is not None and collection.external_id not in (None, item.external_id):
                collection = None
        is_new = collection is None
        collection = collection or ShopCollection(external_id=item.external_id)
        with override(language), without_fallbacks():
            before = (
                collection.external_id,
                collection.handle,
                collection.title,
                collection.description,
                collection.image_url,
                collection.is_active,
            )
            collection.external_id = item.external_id
            collection.handle = item.handle
            collection.title = item.title
            collection.description = item.description
            collection.image_url = item.image_url
            collection.is_active = True
            after = (
                item.external_id,
                item.handle,
                item.title,
                item.description,
                item.image_url,
                True,
            )
            changed = before != after
            if is_new or changed:
                collection.synced_at = now
                collection.save()
        seen.add(collection.pk)
        bucket = report.created if is_new else report.updated if changed else report.unchanged
        bucket.append(collection)
    gone = (
        ShopCollection.objects.exclude(external_id=None).exclude(pk__in=seen).filter(is_active=True)
    )
    for collection in gone:
        collection.is_active = False
        collection.save(update_fields=["is_active"])
        report.deactivated.append(collection)
    if dry_run:
        transaction.set_rollback(True)
    return report


def sync(feed, language, *, dry_run=False, progress=None):
    return apply(read_feed(feed, progress=progress), language, dry_run=dry_run)
