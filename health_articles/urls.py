"""Public, language-neutral URLs of the app: the JSON API and the embeddable widget."""

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
