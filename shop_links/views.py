import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from .i18n import content_languages
from .models import ShopSettings
from .sync import FeedError, deadline_seconds, sync

# Below gunicorn's default 30 s worker timeout.
DEFAULT_SYNC_NOW_DEADLINE = 25


def feed_urls(shop_settings):
    """{language: feed URL} for the site languages, from ShopSettings.feed_url."""
    if not shop_settings.feed_url:
        return {}
    return {
        code: shop_settings.feed_url.replace("{language}", code) for code in content_languages()
    }


class SyncCollectionsView(View):
    """Admins confirm (GET) and run (POST) a sync of every site language from the feed."""

    template_name = "shop_links/sync_collections.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        self.shop_settings = ShopSettings.for_request(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return TemplateResponse(
            request,
            self.template_name,
            {
                "feeds": feed_urls(self.shop_settings),
                "settings_url": reverse(
                    "wagtailsettings:edit", args=["shop_links", "shopsettings"]
                ),
            },
        )

    def post(self, request):
        feeds = feed_urls(self.shop_settings)
        if not feeds:
            messages.error(request, _("Set the collection feed URL in the shop settings first."))
            return redirect("shop_links_sync")
        # The request must end before the web server gives up on it: all
        # languages together get SHOP_LINKS_SYNC_NOW_DEADLINE seconds.
        budget = getattr(settings, "SHOP_LINKS_SYNC_NOW_DEADLINE", DEFAULT_SYNC_NOW_DEADLINE)
        ends = time.monotonic() + budget
        for language, url in feeds.items():
            remaining = ends - time.monotonic()
            if remaining <= 1:
                messages.error(
                    request,
                    f"[{language}] "
                    + _("not synced: no time left in this request (%(seconds)s s).")
                    % {"seconds": budget},
                )
                continue
            try:
                report = sync(url, language, seconds=min(remaining, deadline_seconds()))
            except FeedError as error:
                messages.error(request, f"[{language}] {error} — " + _("nothing was changed."))
            else:
                messages.success(request, f"[{language}] {report.summary()}")
        return redirect("wagtailsnippets_shop_links_shopcollection:list")
