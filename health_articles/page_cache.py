"""A full-page cache for anonymous readers that is never stale.

`PageCacheMiddleware` (after `health_articles.middleware.LocaleMiddleware`)
serves anonymous GET and HEAD requests for article, index and keyword pages
from the cache `HEALTH_ARTICLES_CACHE` (default "default": Django's RedisCache
when the host configures one, so every app server shares it), keyed by host,
path with query string (less campaign parameters such as `utm_source` and
`gclid`, see `cache_path`) and language: no query, no template.

Only responses the pages mark with `cacheable(response, tags)` are stored, with
the tags of everything they show (see `content_versions`) and the clock read
*before* the view ran. A stored page is served only while none of its tags has
a newer version than that clock: an edit bumps its tags when it is saved and
again when it commits, so the next request renders afresh — exact and
immediate, on every server at once. `HEALTH_ARTICLES_PAGE_CACHE_SECONDS`
(default a day) bounds how long an unchanged page is kept.

On a miss the middleware also hands the view what it keeps for it: the clock it
read (for the pages' fragments, see `content_versions.Fragment`) and the
request's Wagtail Site and site settings (`site_fragment`), which Wagtail would
look up with queries. Wagtail's preview requests (`is_dummy`) neither read nor
fill the cache.

A Content-Security-Policy nonce (django-csp's `request.csp_nonce`, used by the
JSON-LD `<script>`) is never stored: the page and its CSP header are cached
with a placeholder, and each hit gets a fresh nonce of its own.
"""

import base64
import hashlib
import os
from urllib.parse import unquote_plus

from django.conf import settings
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.translation import get_language

from shop_links.lookup import hand_to_request, site_with_settings

from .content_versions import REQUEST_CLOCK, Fragment, cache, fetch, versions
from .release import release

HEADER = "X-Page-Cache"
SKIPPED_HEADERS = {"set-cookie", "content-length"}
NONCE_PLACEHOLDER = "__health_articles_csp_nonce__"


def timeout():
    return getattr(settings, "HEALTH_ARTICLES_PAGE_CACHE_SECONDS", 24 * 3600)


def cacheable(response, tags):
    """Mark a page response as cacheable for anonymous readers, showing `tags`."""
    response.page_cache_tags = frozenset(tags)
    return response


def is_anonymous(request):
    return (
        request.method in ("GET", "HEAD")
        # Wagtail's preview (and other dummy requests) shows what is not live.
        and not getattr(request, "is_dummy", False)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "Authorization" not in request.headers
    )


# Parameters that ads, social networks and newsletters add to the links they send
# readers with (a new value for each click); no page reads them.
TRACKING_PARAMETERS = frozenset(
    {
        "_ga",
        "_gl",
        "dclid",
        "fbclid",
        "gbraid",
        "gclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "msclkid",
        "ttclid",
        "twclid",
        "wbraid",
        "yclid",
    }
)


def is_tracking(name):
    """A campaign parameter (`utm_*`, or one of TRACKING_PARAMETERS, or the host's
    `HEALTH_ARTICLES_PAGE_CACHE_TRACKING_PARAMETERS`, which replaces that list)."""
    name = name.lower()
    names = getattr(settings, "HEALTH_ARTICLES_PAGE_CACHE_TRACKING_PARAMETERS", TRACKING_PARAMETERS)
    return name.startswith("utm_") or name in names


def cache_path(request):
    """The path with its query string, less tracking parameters: a reader who comes from
    an ad (`?gclid=…`, new for each click) gets the page cached for everyone else."""
    query = request.META.get("QUERY_STRING", "")
    pairs = query.split("&") if query else []
    kept = [pair for pair in pairs if pair and not is_tracking(unquote_plus(pair.split("=")[0]))]
    if len(kept) == len(pairs):
        return request.get_full_path()
    return escape_uri_path(request.path) + ("?" + iri_to_uri("&".join(kept)) if kept else "")


def cache_key(request):
    identity = "|".join([release(), request.get_host(), cache_path(request), get_language() or ""])
    return "health_articles:page:" + hashlib.sha256(identity.encode()).hexdigest()


def used_nonce(request):
    """The CSP nonce this request's response carries, if one was made (django-csp)."""
    nonce = getattr(request, "_csp_nonce", None)
    return nonce if isinstance(nonce, str) and nonce else None


def swap(content, headers, old, new):
    if old is None:
        return content, headers
    return (
        content.replace(old.encode(), new.encode()),
        [(name, value.replace(old, new)) for name, value in headers],
    )


def site_fragment(request):
    """Where the request's Wagtail Site is kept: Wagtail finds it with a query on every
    request (`Site.find_for_request`), from the host name and port."""
    hostname, _port = split_domain_port(request.get_host())
    return Fragment("site", hostname, request.get_port())


def kept_settings():
    """The site settings kept with the Site: those whose edits bump `settings`."""
    from shop_links.models import ShopSettings

    from .models import SeoSettings

    return (ShopSettings, SeoSettings)


def keep_site(fragment, request):
    """Keep the Site the view found (if it looked one up), with its root page as its
    own class and its settings (`kept_settings`), until a site, a setting, an image
    (the settings' logo) or the root page changes."""
    found = getattr(request, "_wagtail_site", None)
    if found is None:
        return
    # A copy of its own, in one query: the request's may carry what the view attached.
    site, settings = site_with_settings(found.pk, kept_settings(), "root_page")
    if site is None:
        return
    site.root_page = site.root_page.specific  # routing starts from it
    fragment.store(
        {"site": site, "settings": settings}, {"settings", "images", f"page:{site.root_page_id}"}
    )


def hand_over_site(kept, request):
    """Where Wagtail looks first: its Site (`request._wagtail_site`) and settings
    (`BaseSiteSetting.for_request`'s attribute) for this request."""
    request._wagtail_site = kept["site"]
    for setting in kept["settings"].values():
        hand_to_request(setting, request)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous(request):
            return self.get_response(request)
        key = cache_key(request)
        site = site_fragment(request)
        # The page, the request's Wagtail Site and the clock (before the view reads the
        # database) in one read.
        entries, started = fetch([key, site.key])
        entry = entries.get(key)
        if entry is not None:
            content, headers = entry["content"], entry["headers"]
            if entry.get("nonce"):
                fresh_nonce = base64.b64encode(os.urandom(16)).decode("ascii")
                content, headers = swap(content, headers, NONCE_PLACEHOLDER, fresh_nonce)
            response = HttpResponse(content, status=entry["status"])
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        setattr(request, REQUEST_CLOCK, started)  # for the pages' fragments
        kept_site = entries.get(site.key)
        if kept_site is not None:
            hand_over_site(kept_site["value"], request)  # no site or settings query
        response = self.get_response(request)
        if kept_site is None and response.status_code < 500:
            site.start(request)
            keep_site(site, request)
        tags = getattr(response, "page_cache_tags", None)
        if (
            tags is not None
            and response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in SKIPPED_HEADERS
            ]
            nonce = used_nonce(request)
            content, headers = swap(response.content, headers, nonce, NONCE_PLACEHOLDER)
            entry = {
                "clock": started,
                "tags": sorted(tags),
                "status": response.status_code,
                "content": content,
                "headers": headers,
                "nonce": nonce is not None,
            }
            versions(tags)  # every tag has a version from now on
            cache().set(key, entry, timeout())
            response[HEADER] = "miss"
        return response
