"""Public, language-neutral URLs of the app: the shop's JSON API and the embeddable widget.

Mount with `path("", include("health_articles.urls"))`. `sitemap.xml` and
`robots.txt` are offered separately (`health_articles.seo_urls`), for hosts that
want ours.
"""

from django.urls import path

from .api import api
from .embed import collection_articles_widget

urlpatterns = [
    path("api/v1/", api.urls),
    path(
        "embed/collections/<slug:handle>/articles/",
        collection_articles_widget,
        name="health_articles_embed",
    ),
]
