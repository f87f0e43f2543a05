from django.utils.translation import gettext_lazy as _

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
