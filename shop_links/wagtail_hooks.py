from django.urls import path, reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.rich_text.converters.editor_html import LinkTypeRule
from wagtail.admin.rich_text.editors.draftail import features as draftail_features
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .admin_i18n import LazyTextChooserViewSet
from .editor import (
    CollectionLinkElementHandler,
    EditorHTMLCollectionLinkHandler,
    collection_entity_decorator,
)
from .i18n import content_languages
from .models import ShopCollection
from .rich_text import ENTITY_TYPE, FEATURE_NAME, CollectionLinkHandler


class ShopCollectionIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.is_superuser:
            buttons.append(
                HeaderButton(_("Sync now"), url=reverse("shop_links_sync"), icon_name="resubmit")
            )
        return buttons


class ShopCollectionViewSet(SnippetViewSet):
    model = ShopCollection
    chooser_viewset_class = LazyTextChooserViewSet
    index_view_class = ShopCollectionIndexView
    icon = "tag"
    menu_label = _("Shop collections")
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["title", "handle", "external_id", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title", "handle"]


register_snippet(ShopCollectionViewSet)


@hooks.register("register_rich_text_features")
def register_collection_link_feature(features):
    features.register_link_type(CollectionLinkHandler)
    features.register_editor_plugin(
        "draftail",
        FEATURE_NAME,
        draftail_features.EntityFeature(
            {
                "type": ENTITY_TYPE,
                "icon": "tag",
                "description": _("Link to a shop collection"),
                "chooserUrls": {
                    "collectionChooser": reverse_lazy(
                        "wagtailsnippetchoosers_shop_links_shopcollection:choose"
                    )
                },
                "contentLanguages": content_languages(),
            },
            js=["wagtailadmin/js/chooser-modal.js", "shop_links/js/collection-link.js"],
        ),
    )
    features.register_converter_rule(
        "contentstate",
        FEATURE_NAME,
        {
            "from_database_format": {
                'a[linktype="collection"]': CollectionLinkElementHandler(ENTITY_TYPE)
            },
            "to_database_format": {"entity_decorators": {ENTITY_TYPE: collection_entity_decorator}},
        },
    )
    features.register_converter_rule(
        "editorhtml",
        FEATURE_NAME,
        [LinkTypeRule(CollectionLinkHandler.identifier, EditorHTMLCollectionLinkHandler)],
    )


@hooks.register("register_admin_urls")
def register_sync_url():
    from .views import SyncCollectionsView, SyncRunsReport

    return [
        path("shop-links/sync/", SyncCollectionsView.as_view(), name="shop_links_sync"),
        path("shop-links/sync/runs/", SyncRunsReport.as_view(), name="shop_links_sync_runs"),
        path(
            "shop-links/sync/runs/results/",
            SyncRunsReport.as_view(results_only=True),
            name="shop_links_sync_runs_results",
        ),
    ]


class SyncRunsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_reports_menu_item")
def register_sync_runs_menu_item():
    return SyncRunsMenuItem(
        _("Collection sync runs"),
        reverse("shop_links_sync_runs"),
        icon_name="resubmit",
        order=900,
    )
