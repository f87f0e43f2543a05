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
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.translation import override

from wagtail.models import Site

from modeltranslation.utils import build_localized_fieldname

from shop_links.i18n import content_languages, default_language

from .models import ArticleIndexPage, HealthArticlePage
from .models.pages import public_q
from .templatetags.article_tags import is_available_in

SITEMAP_PAGE_SIZE = 1000


class ArticleSitemap(Sitemap):
    """The articles available in one language (pass its code), with their alternates."""

    limit = SITEMAP_PAGE_SIZE
    alternates = False  # written by get_urls below, from the row itself

    def __init__(self, language=None):
        self.language = language or default_language()

    def items(self):
        """Plain rows (dicts) of the columns the URLs need: no page objects to build."""
        languages = content_languages()
        columns = ["url_path", "last_published_at"]
        columns += [
            build_localized_fieldname(name, code)
            for name in ("url_path", "available")
            for code in languages
        ]
        return (
            HealthArticlePage.objects.live()
            .filter(
                public_q(),
                noindex=False,
                **{build_localized_fieldname("available", self.language): True},
            )
            .order_by("path")
            .values(*columns)
        )

    def lastmod(self, item):
        return item["last_published_at"]

    def get_latest_lastmod(self):
        latest = self.items().order_by().aggregate(latest=Max("last_published_at"))["latest"]
        if latest is None:
            # An empty section last changed when any article did (so the index
            # keeps its Last-Modified).
            latest = HealthArticlePage.objects.aggregate(latest=Max("last_published_at"))["latest"]
        return latest

    def get_urls(self, page=1, site=None, protocol=None):
        paths = PathBuilder()
        urls, latest = [], None
        for item in self.paginator.page(page).object_list:
            location = paths.url(item, self.language)
            if location is None:  # outside every site
                continue
            alternates = [
                {"lang_code": code, "location": url}
                for code in content_languages()
                if item[build_localized_fieldname("available", code)]
                and (url := paths.url(item, code))
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
                    "location": location,
                    "lastmod": lastmod,
                    "changefreq": None,
                    "priority": "",
                    "alternates": alternates,
                }
            )
        self.latest_lastmod = latest
        return urls


class PathBuilder:
    """Page URLs per language from the url_path columns, without a reverse() per URL.

    What `Page.get_url_parts` does, with the site root paths and each language's
    URL prefix looked up once per sitemap page instead of once per URL.
    """

    def __init__(self):
        self.languages = {}

    def _for(self, language):
        if language not in self.languages:
            with override(language):
                # Each page on its own Wagtail Site's host, like its canonical link.
                roots = [
                    (root.root_path, root.root_url.rstrip("/"))
                    for root in Site.get_site_root_paths()
                ]
                prefix = reverse("wagtail_serve", args=("",))
            self.languages[language] = (roots, prefix)
        return self.languages[language]

    def url(self, page, language):
        """The URL of `page` (a row of `ArticleSitemap.items()`) in `language`."""
        roots, prefix = self._for(language)
        path = page[build_localized_fieldname("url_path", language)] or page["url_path"]
        for root_path, root_url in roots:
            if path.startswith(root_path):
                return root_url + prefix + path[len(root_path) :]
        return None


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

    def get_urls(self, page=1, site=None, protocol=None):
        # Django builds locations on the host the request came in on; ours come from
        # each page's Wagtail Site, like its canonical and hreflang links.
        protocol = self.get_protocol(protocol)
        request_root = f"{protocol}://{self.get_domain(site)}"
        urls = self._urls(page, protocol, self.get_domain(site))
        for url in urls:
            root_url = url["item"][0].get_url_parts()[1].rstrip("/")
            for entry in [url, *url["alternates"]]:
                entry["location"] = root_url + entry["location"].removeprefix(request_root)
        return urls

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


def render_urlset(urls):
    """The `<urlset>` XML of `urls` (as Django's sitemap.xml template writes it, faster)."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
    ]
    for url in urls:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if url["lastmod"]:
            day = timezone.localtime(url["lastmod"]).date()  # as Django's `date` filter
            parts.append(f"<lastmod>{day.isoformat()}</lastmod>")
        for alternate in url["alternates"]:
            parts.append(
                f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
                f'href="{escape(alternate["location"])}"/>'
            )
        parts.append("</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)
