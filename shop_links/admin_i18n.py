"""Chooser texts that follow the admin user's language.

Wagtail's `ChooserViewSet` translates "Choose", "Choose another" and "Edit"
with `gettext` when its module is imported, i.e. once, in the language active
at start-up (a Dutch site's English-speaking editors saw "Kies shop collection").
These lazy versions use Wagtail's own message ids, so its catalogues translate them
per request.
"""

from django.utils.translation import gettext_lazy

from wagtail.snippets.views.chooser import SnippetChooserViewSet


class LazyTextChooserViewSet(SnippetChooserViewSet):
    choose_one_text = gettext_lazy("Choose")
    page_title = gettext_lazy("Choose")
    choose_another_text = gettext_lazy("Choose another")
    edit_item_text = gettext_lazy("Edit")
