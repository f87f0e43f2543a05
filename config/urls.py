from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The shop's JSON API (/api/v1/, schema at /api/v1/openapi.json) and widget (/embed/…).
    path("", include("health_articles.urls")),
    # /sitemap.xml and /robots.txt
    path("", include("health_articles.seo_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page lives under a language prefix: /nl/…, /en/…, /de/…, /fr/…
urlpatterns += i18n_patterns(path("", include(wagtail_urls)))
