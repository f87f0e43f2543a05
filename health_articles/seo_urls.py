"""Optional: `/sitemap.xml` and `/robots.txt` for hosts that have none of their own.

Mount with `path("", include("health_articles.seo_urls"))`. `/sitemap.xml` is a
sitemap index of `/sitemap-<section>.xml` (paged with `?p=N`); a host with its
own sitemap adds the sections of `health_articles.sitemaps.article_sitemaps()`
to it instead.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from .sitemaps import article_sitemaps
from .views import robots_txt


def sitemap_index(request):
    return sitemap_views.index(
        request, article_sitemaps(), sitemap_url_name="health_articles_sitemap_section"
    )


def sitemap_section(request, section):
    return sitemap_views.sitemap(request, article_sitemaps(), section=section)


urlpatterns = [
    path("sitemap.xml", sitemap_index, name="health_articles_sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="health_articles_sitemap_section"),
    path("robots.txt", robots_txt, name="health_articles_robots_txt"),
]
