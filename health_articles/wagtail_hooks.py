from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from shop_links.admin_i18n import LazyTextChooserViewSet

from . import permissions
from .claims.admin import HealthClaimViewSet
from .models import Author, HealthArticlePage, Keyword, site_languages


class AuthorViewSet(SnippetViewSet):
    chooser_viewset_class = LazyTextChooserViewSet
    model = Author
    icon = "user"
    list_display = ["name", "credentials"]
    search_fields = ["name"]


class UsageColumn(Column):
    """How many live articles use the keyword, per language."""

    def get_value(self, instance):
        counts = {}
        for link in instance.article_links.all():
            counts[link.language] = counts.get(link.language, 0) + 1
        return " · ".join(f"{code} {counts.get(code, 0)}" for code in site_languages())


class KeywordIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm("health_articles.delete_keyword"):
            buttons.append(
                HeaderButton(
                    _("Merge keywords"),
                    url=reverse("health_articles_merge_keywords"),
                    icon_name="resubmit",
                )
            )
        return buttons


class KeywordViewSet(SnippetViewSet):
    chooser_viewset_class = LazyTextChooserViewSet
    model = Keyword
    icon = "tag"
    index_view_class = KeywordIndexView
    list_display = ["name", "slug", UsageColumn("usage", label=_("Articles per language"))]
    list_filter = ["article_links__language"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return Keyword.objects.prefetch_related("article_links").distinct()


class ArticleSnippetsGroup(SnippetViewSetGroup):
    items = (AuthorViewSet, KeywordViewSet, HealthClaimViewSet)
    menu_icon = "doc-full"
    menu_label = _("Article data")
    menu_name = "article-data"


register_snippet(ArticleSnippetsGroup)


@hooks.register("register_admin_urls")
def register_claims_checks_url():
    from .preview_checks import ClaimsChecksPreviewView

    return [
        path(
            "health-articles/claims-checks/<int:page_id>/",
            ClaimsChecksPreviewView.as_view(),
            name="health_articles_claims_checks",
        )
    ]


@hooks.register("insert_editor_js")
def claims_checks_js():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<script src="{}"></script>', static("health_articles/js/claims-checks.js"))


@hooks.register("register_admin_urls")
def register_report_urls():
    from .views import (
        BrokenCollectionLinksReport,
        ClaimsReport,
        KeywordReport,
        MedicalReviewReport,
        MergeKeywordsView,
        StaleTranslationsReport,
    )

    return [
        *StaleTranslationsReport.urls("reports/stale-translations/"),
        *MedicalReviewReport.urls("reports/medical-review/"),
        *ClaimsReport.urls("reports/claims/"),
        *KeywordReport.urls("reports/keywords/"),
        *BrokenCollectionLinksReport.urls("reports/broken-collection-links/"),
        path("keywords/merge/", MergeKeywordsView.as_view(), name="health_articles_merge_keywords"),
    ]


@hooks.register("register_permissions")
def register_permissions():
    """Offer the article text and "may override claims" permissions in the group editor."""
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="health_articles",
        codename__in=["change_article_content", "override_claims"],
    )


@hooks.register("register_reports_menu_item")
def register_broken_links_menu_item():
    return MenuItem(
        _("Broken collection links"),
        reverse("health_articles_broken_links"),
        icon_name="warning",
        order=800,
    )


@hooks.register("register_reports_menu_item")
def register_keyword_report_menu_item():
    return MenuItem(
        _("Keyword report"),
        reverse("health_articles_keyword_report"),
        icon_name="search",
        order=810,
    )


@hooks.register("register_reports_menu_item")
def register_claims_report_menu_item():
    return MenuItem(
        _("Health claims report"),
        reverse("health_articles_claims_report"),
        icon_name="warning",
        order=820,
    )


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return MenuItem(
        _("Medical review report"),
        reverse("health_articles_review_report"),
        icon_name="clipboard-list",
        order=830,
    )


@hooks.register("register_reports_menu_item")
def register_stale_report_menu_item():
    return MenuItem(
        _("Stale translations"),
        reverse("health_articles_stale_report"),
        icon_name="globe",
        order=840,
    )


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_broken_links(request, action_type, objects, action_class_instance):
    """Bulk "Publish" obeys the same rule as the editor: no links to unavailable collections."""
    if action_type != "publish":
        return None
    from django.contrib import messages
    from django.shortcuts import redirect

    from .claims.guard import unresolved_problems
    from .publishing import publish_problems

    blocked, claims_blocked = [], []
    for page in objects:
        specific = getattr(page, "specific", page)
        if isinstance(specific, HealthArticlePage):
            draft = specific.get_latest_revision_as_object()
            if publish_problems(draft):
                blocked.append(str(draft.title))
            # No override in bulk: the reason is given one article at a time, in the editor.
            if unresolved_problems(draft):
                claims_blocked.append(str(draft.title))
    if not blocked and not claims_blocked:
        return None
    if blocked:
        messages.error(
            request,
            _("Not published: %(articles)s link to inactive or deleted shop collections.")
            % {"articles": ", ".join(blocked)},
        )
    if claims_blocked:
        messages.error(
            request,
            _(
                "Not published: %(articles)s make health claims that may not be published "
                "(publish them one by one from the editor)."
            )
            % {"articles": ", ".join(claims_blocked)},
        )
    return redirect(request.GET.get("next") or reverse("wagtailadmin_explore_root"))


@hooks.register("register_log_actions")
def register_publish_refused_action(actions):
    from .keywords import KEYWORD_MERGED
    from .publishing import PUBLISH_REFUSED

    @actions.register_action(PUBLISH_REFUSED)
    class PublishRefused(LogFormatter):
        label = _("Publishing refused")

        def format_message(self, log_entry):
            return _("Not published: %(reason)s") % {"reason": log_entry.data.get("reason", "")}

    @actions.register_action(KEYWORD_MERGED)
    class KeywordMerged(LogFormatter):
        label = _("Keyword merged")

        def format_message(self, log_entry):
            return _("Keyword “%(source)s” replaced by “%(target)s”") % log_entry.data


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def log_claims_override(request, page):
    """Log the reason a user gave for publishing despite high-severity claims findings."""
    override = getattr(page, "_claims_override", None)
    if override:
        from .claims.guard import log_override

        reason, problems = override
        log_override(page, request.user, reason, problems)
        del page._claims_override
    from .claims.guard import clear_approvals

    clear_approvals()


@hooks.register("register_log_actions")
def register_claims_log_actions(actions):
    from wagtail.log_actions import LogFormatter

    from .claims.guard import LOG_ACTION

    @actions.register_action(LOG_ACTION)
    class ClaimsOverride(LogFormatter):
        label = _("Published despite health-claim findings")

        def format_message(self, log_entry):
            return _("Published despite health-claim findings: %(reason)s") % {
                "reason": log_entry.data.get("reason", "")
            }


hooks.register("before_edit_page", permissions.refuse_revert)
hooks.register("before_move_page", permissions.refuse_move_confirmation)
