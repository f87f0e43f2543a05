"""Absolute URLs from one place: the Wagtail `Site` that serves the request.

Canonical, hreflang, sitemap, JSON-LD, social tags, the API and the widget all
build absolute URLs here (or through Wagtail's `Page.get_full_url`, which uses
the same Site), so they agree whatever host name the request arrived on.
"""

from urllib.parse import urljoin

from wagtail.models import Site


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
