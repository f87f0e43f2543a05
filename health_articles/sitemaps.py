"""sitemap.xml: every available article and index page, per language, with alternates."""

from django.contrib.sitemaps import Sitemap

from wagtail.models import Page

from shop_links.i18n import content_languages, default_language

from .models import ArticleIndexPage, HealthArticlePage
from .templatetags.article_tags import is_available_in


class ArticleSitemap(Sitemap):
    i18n = True
    alternates = True

    @property
    def languages(self):
        return content_languages()

    def items(self):
        pages = (
            Page.objects.live()
            .public()
            .type(ArticleIndexPage, HealthArticlePage)
            .order_by("path")
            .specific()
        )
        # Leave out noindex articles and pages outside every site (no URL).
        return [
            page
            for page in pages
            if not getattr(page, "noindex", False) and page.get_url_parts() is not None
        ]

    def get_languages_for_item(self, item):
        return [language for language in self.languages if is_available_in(item, language)]

    def location(self, item):
        return item.get_url_parts()[2]

    def lastmod(self, item):
        return item.last_published_at

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
