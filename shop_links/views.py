import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from .i18n import content_languages
from .models import ShopSettings, SyncRun
from .sync import deadline_seconds

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
        from django_tasks.backends.immediate import ImmediateBackend

        from .tasks import sync_collections_task

        feeds = feed_urls(self.shop_settings)
        if not feeds:
            messages.error(request, _("Set the collection feed URL in the shop settings first."))
            return redirect("shop_links_sync")
        runs = [
            SyncRun.objects.create(language=language, feed_url=url, requested_by=request.user)
            for language, url in feeds.items()
        ]
        if not isinstance(sync_collections_task.get_backend(), ImmediateBackend):
            # A real queue: the worker runs them; this request ends at once.
            for run in runs:
                sync_collections_task.enqueue(run.pk)
            messages.success(
                request,
                _("Sync queued for %(languages)s: the runs are listed below.")
                % {"languages": ", ".join(run.language for run in runs)},
            )
            return redirect("shop_links_sync_runs")
        # Django's immediate backend runs each task inside this request, which must end
        # before the web server gives up on it: all languages together get
        # SHOP_LINKS_SYNC_NOW_DEADLINE seconds.
        budget = getattr(settings, "SHOP_LINKS_SYNC_NOW_DEADLINE", DEFAULT_SYNC_NOW_DEADLINE)
        ends = time.monotonic() + budget
        for run in runs:
            remaining = ends - time.monotonic()
            if remaining <= 1:
                run.status = SyncRun.Status.FAILED
                run.message = _("not synced: no time left in this request (%(seconds)s s).") % {
                    "seconds": budget
                }
                run.save(update_fields=["status", "message"])
                messages.error(request, f"[{run.language}] {run.message}")
                continue
            sync_collections_task.enqueue(run.pk, min(remaining, deadline_seconds()))
            run.refresh_from_db()
            if run.status == SyncRun.Status.SUCCEEDED:
                messages.success(request, f"[{run.language}] {run.message}")
            else:
                messages.error(
                    request, f"[{run.language}] {run.message} — " + _("nothing was changed.")
                )
        return redirect("wagtailsnippets_shop_links_shopcollection:list")


class SyncRunsReport(ReportView):
    """Every collection sync run: state, counts, duration and errors (newest first)."""

    page_title = gettext_lazy("Collection sync runs")
    header_icon = "resubmit"
    index_url_name = "shop_links_sync_runs"
    index_results_url_name = "shop_links_sync_runs_results"
    columns = [
        Column("language", label=gettext_lazy("Language")),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        DateColumn("queued_at", label=gettext_lazy("Queued")),
        Column("duration", label=gettext_lazy("Duration (s)")),
        Column("created", label=gettext_lazy("Created")),
        Column("updated", label=gettext_lazy("Updated")),
        Column("deactivated", label=gettext_lazy("Deactivated")),
        Column("message", label=gettext_lazy("Message")),
        Column("requested_by", label=gettext_lazy("Requested by")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return SyncRun.objects.select_related("requested_by")
