"""Optional: `/sitemap.xml` and `/robots.txt` for hosts that have none of their own.

Mount with `path("", include("health_articles.seo_urls"))`. `/sitemap.xml` is a
sitemap index of `/sitemap-<section>.xml` (paged with `?p=N`); a host with its
own sitemap adds the sections of `health_articles.sitemaps.article_sitemaps()`
to it instead.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.http import http_date

from .sitemaps import ArticleSitemap, article_sitemaps, render_urlset
from .views import robots_txt


def sitemap_index(request):
    return sitemap_views.index(
        request, article_sitemaps(), sitemap_url_name="health_articles_sitemap_section"
    )


@x_robots_tag
def sitemap_section(request, section):
    sitemap = article_sitemaps().get(section)
    if sitemap is None:
        raise Http404(f"No sitemap section {section!r}")
    try:
        urls = sitemap.get_urls(
            page=request.GET.get("p", 1), site=get_current_site(request), protocol=request.scheme
        )
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404(str(error)) from error
    if not isinstance(sitemap, ArticleSitemap):  # the few index pages: Django's template
        return sitemap_views.sitemap(request, {section: sitemap}, section=section)
    response = HttpResponse(render_urlset(urls), content_type="application/xml")
    if sitemap.latest_lastmod:
        response["Last-Modified"] = http_date(sitemap.latest_lastmod.timestamp())
    return response


urlpatterns = [
    path("sitemap.xml", sitemap_index, name="health_articles_sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="health_articles_sitemap_section"),
    path("robots.txt", robots_txt, name="health_articles_robots_txt"),
]
