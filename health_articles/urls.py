"""Public, language-neutral URLs of the app: the JSON API and the embeddable widget."""

from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe

from .api import api
from .embed import collection_articles_widget
from .sitemaps import ArticleSitemap


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


urlpatterns = [
    path(
        "sitemap.xml",
        cache_page(600)(sitemap),
        {"sitemaps": {"articles": ArticleSitemap}},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("api/v1/", api.urls),
    path(
        "embed/collections/<slug:handle>/articles/",
        collection_articles_widget,
        name="health_articles_embed",
    ),
]
