from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def index_new_slug_columns(using, **kwargs):
    """Languages added later get their slug column from wagtail-modeltranslation; index it."""
    from django.db import connections

    from .slug_indexes import TABLE, ensure_slug_indexes

    connection = connections[using]
    if TABLE in connection.introspection.table_names():
        ensure_slug_indexes(connection)


class HealthArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "health_articles"
    verbose_name = _("Health articles")

    def ready(self):
        from shop_links import nutrients

        from . import frontend_cache, indexing, invalidation, renditions, signals  # noqa: F401
        from .claims import guard
        from .claims.service import nutrient_choices, suggest_nutrients
        from .models import ArticleIndexPage

        # wagtail-modeltranslation (whose app comes first in INSTALLED_APPS) assigns
        # its own `route`, a loop over every child, to each translated page class.
        # The index finds an article by its indexed slug column instead.
        ArticleIndexPage.route = ArticleIndexPage.indexed_route
        post_migrate.connect(index_new_slug_columns, sender=self)
        invalidation.connect()
        indexing.connect()
        # An editor's claims override is approved for one request only.
        request_finished.connect(guard.clear_approvals, dispatch_uid="health_articles_claims")
        # Collections' nutrients: editors pick from the claims data, the feed sync suggests.
        nutrients.register(choices=nutrient_choices, suggest=suggest_nutrients)
