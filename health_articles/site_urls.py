"""Absolute URLs from one place: the Wagtail `Site` that serves the request.

Canonical, hreflang, sitemap, JSON-LD, social tags, the API and the widget all
build absolute URLs here (or through Wagtail's `Page.get_full_url`, which uses
the same Site), so they agree whatever host name the request arrived on.
"""

from urllib.parse import urljoin

from django.core.cache import cache
from django.utils.translation import override

from wagtail.models import Site

from shop_links.i18n import content_languages

# wagtail-modeltranslation keeps each language's site root paths (Site root pages'
# translated url_path) under a key of its own and computes a missing one in a query:
# one query per language for a page with hreflang links when the cache is cold.
ROOT_PATHS_KEY = "wagtail_site_root_paths_{}"
ROOT_PATHS_TIMEOUT = 3600  # as wagtail-modeltranslation sets it


def prime_site_root_paths():
    """Compute every content language's missing site root paths in one query."""
    keys = {ROOT_PATHS_KEY.format(language): language for language in content_languages()}
    found = cache.get_many(keys)
    missing = [language for key, language in keys.items() if key not in found]
    if not missing:
        return
    sites = list(Site.objects.select_related("root_page", "root_page__locale"))
    values = {}
    for language in missing:
        with override(language):
            # Fields as wagtail-modeltranslation stores them, longest root path first.
            ordered = sorted(sites, key=lambda site: site.root_page.url_path, reverse=True)
            values[ROOT_PATHS_KEY.format(language)] = [_root_path(site) for site in ordered]
    cache.set_many(values, ROOT_PATHS_TIMEOUT)


def _root_path(site):
    root = site.root_page
    return (site.id, root.url_path, site.root_url, root.locale.language_code)


def site_for(request):
    """The request's Wagtail Site (cached on the request), else the default site."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return site


def site_root_url(request):
    """`http://host[:port]` of the request's Site, without a trailing slash."""
    site = site_for(request)
    if site is not None:
        return site.root_url.rstrip("/")
    # No Wagtail Site at all: the request is the only thing we know.
    return request.build_absolute_uri("/").rstrip("/")


def absolute_url(request, url):
    """`url` made absolute on the request's Site (absolute URLs are returned as they are)."""
    if url is None:
        return None
    if url.startswith(("http://", "https://", "//")):
        return url
    return urljoin(site_root_url(request) + "/", url)
