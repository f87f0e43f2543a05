"""Purge a CDN or Varnish in front of the site (wagtail.contrib.frontend_cache).

With `WAGTAILFRONTENDCACHE` in the host's settings, every bump of content
versions (see `content_versions`) also purges the public URLs it can name: a
changed page in every language, the article indexes (first page) of the
languages concerned, and a changed keyword's pages. Wagtail's own purge of a
published page covers only the active language's URL; this covers the rest.

Pages a CDN keeps that cannot be named from a tag (an index's later pages,
other articles' "More articles") are the CDN's to expire: give them a short
`s-maxage` (the app's own page cache is exact for them).
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import override

from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page

from shop_links.i18n import content_languages

from .conf import keyword_segment
from .content_versions import on_bump


def full_url(page, language):
    with override(language):
        return page.get_full_url()


def urls_for(tags):
    page_ids, languages, keyword_ids = set(), set(), set()
    for tag in tags:
        kind, _, value = tag.partition(":")
        if kind == "page" and value.isdigit():
            page_ids.add(int(value))
        elif kind == "articles":
            languages.add(value)
        elif kind == "keyword" and value.isdigit():
            keyword_ids.add(int(value))
    from .models import ArticleIndexPage, Keyword

    urls = set()
    for page in Page.objects.filter(pk__in=page_ids).specific():
        urls.update(full_url(page, language) for language in content_languages())
    indexes = list(ArticleIndexPage.objects.live()) if languages or keyword_ids else []
    for index in indexes:
        urls.update(full_url(index, language) for language in languages)
    for keyword in Keyword.objects.filter(pk__in=keyword_ids):
        for language in content_languages():
            with override(language):
                slug = keyword.slug
            for index in indexes:
                base = full_url(index, language)
                if base and slug:
                    urls.add(f"{base}{keyword_segment(language)}/{slug}/")
    return sorted(url for url in urls if url)


@on_bump
def purge_frontend_cache(tags):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    urls = urls_for(tags)  # now, while a deleted page still exists
    transaction.on_commit(lambda: purge_urls_from_cache(urls))
