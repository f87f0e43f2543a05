"""Optional: `/sitemap.xml` and `/robots.txt` for hosts that have none of their own.

Mount with `path("", include("health_articles.seo_urls"))`. A host with its own
sitemap can add `ArticleSitemap` (`health_articles.sitemaps`) to it instead.
"""

from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.cache import cache_page

from .sitemaps import ArticleSitemap
from .views import robots_txt

urlpatterns = [
    path(
        "sitemap.xml",
        cache_page(600)(sitemap),
        {"sitemaps": {"articles": ArticleSitemap}},
        name="health_articles_sitemap",
    ),
    path("robots.txt", robots_txt, name="health_articles_robots_txt"),
]
