from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.models.signals import post_migrate
from django.utils.autoreload import file_changed
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

        from . import frontend_cache, indexing, invalidation, release, renditions, signals  # noqa: F401
        from .claims import guard
        from .claims.service import nutrient_choices, suggest_nutrients
        from .forms import with_indexed_slug_check
        from .models import ArticleIndexPage, HealthArticlePage
        from .models.pages import clean_with_indexed_slug_check

        # wagtail-modeltranslation (whose app comes first in INSTALLED_APPS) assigns
        # its own `route`, a loop over every child, to each translated page class.
        # The index finds an article by its indexed slug column instead.
        ArticleIndexPage.route = ArticleIndexPage.indexed_route
        # Its `clean` and its admin form's load every sibling to compare slugs; ours ask
        # the slug indexes.
        for model in (ArticleIndexPage, HealthArticlePage):
            model.clean = clean_with_indexed_slug_check
            model.base_form_class = with_indexed_slug_check(model.base_form_class)
            model.get_edit_handler.cache_clear()
        post_migrate.connect(index_new_slug_columns, sender=self)
        invalidation.connect()
        indexing.connect()
        # An editor's claims override is approved for one request only.
        request_finished.connect(guard.clear_approvals, dispatch_uid="health_articles_claims")
        # Collections' nutrients: editors pick from the claims data, the feed sync suggests.
        nutrients.register(choices=nutrient_choices, suggest=suggest_nutrients)
        # runserver picks up an edited template without restarting: so does the page cache.
        file_changed.connect(release.forget_on_change, dispatch_uid="health_articles_release")
