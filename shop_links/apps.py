from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopLinksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shop_links"
    verbose_name = _("Shop links")
