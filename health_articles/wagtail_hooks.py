from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Author, Keyword


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    list_display = ["name", "credentials"]
    search_fields = ["name"]


class KeywordViewSet(SnippetViewSet):
    model = Keyword
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ArticleSnippetsGroup(SnippetViewSetGroup):
    items = (AuthorViewSet, KeywordViewSet)
    menu_icon = "doc-full"
    menu_label = _("Article data")
    menu_name = "article-data"


register_snippet(ArticleSnippetsGroup)


@hooks.register("register_admin_urls")
def register_report_urls():
    from .views import BrokenCollectionLinksReport

    return [
        path(
            "reports/broken-collection-links/",
            BrokenCollectionLinksReport.as_view(),
            name="health_articles_broken_links",
        ),
        path(
            "reports/broken-collection-links/results/",
            BrokenCollectionLinksReport.as_view(results_only=True),
            name="health_articles_broken_links_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_broken_links_menu_item():
    return MenuItem(
        _("Broken collection links"),
        reverse("health_articles_broken_links"),
        icon_name="warning",
        order=800,
    )
