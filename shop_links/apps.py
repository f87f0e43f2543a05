from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopLinksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shop_links"
    verbose_name = _("Shop links")

    def ready(self):
        from django.core.signals import request_finished, request_started

        from .admin_i18n import set_chooser_languages
        from .lookup import forget_request_cache

        set_chooser_languages()

        request_started.connect(forget_request_cache, dispatch_uid="shop_links_cache_start")
        request_finished.connect(forget_request_cache, dispatch_uid="shop_links_cache_end")
