"""The sitemap: an index of sections, one per language, each paged.

`/sitemap.xml` is a sitemap index (Django's `index` view) pointing at
`/sitemap-articles-<language>.xml?p=N`: every available, indexable article in
that language, `SITEMAP_PAGE_SIZE` per page, with its language alternates and
`lastmod`; `/sitemap-article-indexes.xml` lists the article indexes. Each page
is one count and one sliced query of the columns it shows (no bodies), so time
and memory per page are the same at 10 or 10,000 articles. Django's views add
`Last-Modified`.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils.functional import cached_property
from django.utils.translation import override

from modeltranslation.utils import build_localized_fieldname

from shop_links.i18n import content_languages, default_language

from .models import ArticleIndexPage, HealthArticlePage
from .templatetags.article_tags import is_available_in

SITEMAP_PAGE_SIZE = 2000


def url_in(page, language):
    with override(language):
        parts = page.get_url_parts()
    return parts[2] if parts else None


class ArticleSitemap(Sitemap):
    """The articles available in one language (pass its code), with their alternates."""

    limit = SITEMAP_PAGE_SIZE
    alternates = False  # written by get_urls below, from the row itself

    def __init__(self, language=None):
        self.language = language or default_language()

    def items(self):
        languages = content_languages()
        columns = ["path", "depth", "url_path", "last_published_at", "content_type"]
        columns += [
            build_localized_fieldname(name, code)
            for name in ("url_path", "available")
            for code in languages
        ]
        return (
            HealthArticlePage.objects.live()
            .public()
            .filter(noindex=False, **{build_localized_fieldname("available", self.language): True})
            .order_by("path")
            .only(*columns)
        )

    def lastmod(self, item):
        return item.last_published_at

    def get_latest_lastmod(self):
        latest = self.items().order_by().aggregate(latest=Max("last_published_at"))["latest"]
        if latest is None:
            # An empty section last changed when any article did (so the index
            # keeps its Last-Modified).
            latest = HealthArticlePage.objects.aggregate(latest=Max("last_published_at"))["latest"]
        return latest

    def get_urls(self, page=1, site=None, protocol=None):
        protocol = self.get_protocol(protocol)
        domain = self.get_domain(site)
        base = f"{protocol}://{domain}"
        urls, latest = [], None
        for item in self.paginator.page(page).object_list:
            location = url_in(item, self.language)
            if location is None:  # outside every site
                continue
            alternates = [
                {"lang_code": code, "location": base + url}
                for code in content_languages()
                if is_available_in(item, code) and (url := url_in(item, code))
            ]
            default = [a for a in alternates if a["lang_code"] == default_language()]
            if default:
                alternates.append({"lang_code": "x-default", "location": default[0]["location"]})
            lastmod = self.lastmod(item)
            if lastmod and (latest is None or lastmod > latest):
                latest = lastmod
            urls.append(
                {
                    "item": item,
                    "location": base + location,
                    "lastmod": lastmod,
                    "changefreq": None,
                    "priority": "",
                    "alternates": alternates,
                }
            )
        self.latest_lastmod = latest
        return urls


class ArticleIndexSitemap(Sitemap):
    """The article indexes, in each language."""

    i18n = True
    alternates = True

    @property
    def languages(self):
        return content_languages()

    def items(self):
        return ArticleIndexPage.objects.live().public().order_by("path")

    def get_languages_for_item(self, item):
        return [language for language in self.languages if is_available_in(item, language)]

    def location(self, item):
        return item.get_url_parts()[2]

    @cached_property
    def latest_article(self):
        return HealthArticlePage.objects.live().aggregate(latest=Max("last_published_at"))["latest"]

    def lastmod(self, item):
        # An index changes when it is published and when its articles are.
        dates = [d for d in (item.last_published_at, self.latest_article) if d]
        return max(dates) if dates else None

    def get_latest_lastmod(self):
        return max((self.lastmod(item) for item in self.items()), default=None) or None

    def _urls(self, page, protocol, domain):
        # Django's x-default drops the language prefix; ours points at the default
        # language's URL, which exists (a prefix-less URL would only redirect).
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            default = [a for a in url["alternates"] if a["lang_code"] == default_language()]
            if default:
                url["alternates"].append(
                    {"location": default[0]["location"], "lang_code": "x-default"}
                )
        return urls


def article_sitemaps():
    """The sections of `/sitemap.xml`, for `django.contrib.sitemaps.views.index`."""
    sections = {"article-indexes": ArticleIndexSitemap()}
    sections.update(
        {f"articles-{language}": ArticleSitemap(language) for language in content_languages()}
    )
    return sections
