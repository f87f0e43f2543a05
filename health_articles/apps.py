from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "health_articles"
    verbose_name = _("Health articles")

    def ready(self):
        from . import renditions  # noqa: F401  (connects page_published)
