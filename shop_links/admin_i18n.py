"""Choosers that speak the admin user's language and name things in the content's.

Wagtail's `ChooserViewSet` and `AdminSnippetChooser` translate "Choose", "Choose
another" and "Edit" with `gettext` when they are built, i.e. once, in the language
active at that moment (a Dutch site's English-speaking editors saw "Kies shop
collection"). These lazy versions use Wagtail's own message ids, so its catalogues
translate them per request.

A chooser inside a translated field (the Dutch body) shows the chosen keyword or
collection by its name in that field's language, not the admin's: the widget knows
its field's language and passes it to the chooser modal as `?content_language=nl`,
whose listing, search results and chosen item then use it too.
"""

import copy
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlencode

from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy, override

from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)
from wagtail.snippets.widgets import AdminSnippetChooser

from .i18n import content_languages, field_languages

CONTENT_LANGUAGE_PARAM = "content_language"


def request_content_language(request):
    """The content language a chooser modal was opened for (None: the admin's)."""
    language = request.GET.get(CONTENT_LANGUAGE_PARAM)
    return language if language in content_languages() else None


def display_title(instance, language):
    """`str(instance)` with its translated fields read in `language` (when given)."""
    if not language:
        return str(instance)
    with override(language):
        return str(instance)


_editing_language = ContextVar("shop_links_editing_language", default=None)


def editing_language():
    """The language of the field whose widget is rendering (None outside one)."""
    return _editing_language.get()


@contextmanager
def rendering_in(language):
    token = _editing_language.set(language)
    try:
        yield
    finally:
        _editing_language.reset(token)


def render_fields_in_their_language(form):
    """Render each translated field's widget (the Dutch intro, the English body, ...) with
    its language as `editing_language()`, so what it shows of linked items (a rich-text
    collection link's tooltip) is named in the language being edited, not the admin's."""
    languages, _columns = field_languages(form._meta.model)
    for name, field in form.fields.items():
        if language := languages.get(name):
            field.widget.render = _rendering_in(language, field.widget.render)


def _rendering_in(language, render):
    def wrapped(*args, **kwargs):
        with rendering_in(language):
            return render(*args, **kwargs)

    return wrapped


def _lazy_format(message, **values):
    return lazy(lambda: gettext(message) % values, str)()


class ContentLanguageChooser(AdminSnippetChooser):
    """A snippet chooser with texts in the admin's language and names in `content_language`."""

    def __init__(self, model=None, content_language=None, **kwargs):
        self.content_language = content_language
        super().__init__(model, **kwargs)
        name = self.model._meta.verbose_name
        self.choose_one_text = _lazy_format("Choose %(object)s", object=name)
        self.choose_another_text = _lazy_format("Choose another %(object)s", object=name)
        self.link_to_chosen_text = _lazy_format("Edit this %(object)s", object=name)

    def get_chooser_modal_url(self):
        url = super().get_chooser_modal_url()
        if not self.content_language:
            return url
        return f"{url}?{urlencode({CONTENT_LANGUAGE_PARAM: self.content_language})}"

    def get_display_title(self, instance):
        return display_title(instance, self.content_language)


class ContentLanguageMixin:
    """Chooser views that name items in the `?content_language=` they were opened for."""

    def get_display_title(self, instance):
        return display_title(instance, request_content_language(self.request))

    @property
    def title_column(self):
        column = super().title_column
        language = request_content_language(self.request)
        if language:
            column.accessor = lambda instance: display_title(instance, language)
        return column


class LanguageChooseView(ContentLanguageMixin, ChooseView):
    pass


class LanguageChooseResultsView(ContentLanguageMixin, ChooseResultsView):
    pass


class LanguageChosenView(ContentLanguageMixin, SnippetChosenView):
    pass


class LanguageChosenMultipleView(ContentLanguageMixin, SnippetChosenMultipleView):
    pass


class LanguageCreateView(ContentLanguageMixin, SnippetCreateView):
    pass


class LazyTextChooserViewSet(SnippetChooserViewSet):
    choose_one_text = gettext_lazy("Choose")
    page_title = gettext_lazy("Choose")
    choose_another_text = gettext_lazy("Choose another")
    edit_item_text = gettext_lazy("Edit")
    # Kept in the modal's links (choose, search, pages, create) like Wagtail's "multiple".
    preserve_url_parameters = ["multiple", CONTENT_LANGUAGE_PARAM]
    choose_view_class = LanguageChooseView
    choose_results_view_class = LanguageChooseResultsView
    chosen_view_class = LanguageChosenView
    chosen_multiple_view_class = LanguageChosenMultipleView
    create_view_class = LanguageCreateView


def _chooser_blocks(block):
    from .blocks import TranslatedSnippetChooserBlock

    if isinstance(block, TranslatedSnippetChooserBlock):
        yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from _chooser_blocks(child)
    if child := getattr(block, "child_block", None):
        yield from _chooser_blocks(child)


def set_chooser_languages():
    """Tell the choosers in every translated StreamField (one per language) their language.

    Each language's field has its own StreamBlock, but modeltranslation's copies share
    the child blocks; the fields with choosers get their own copy of them first, so the
    Dutch body's keyword chooser can show Dutch names while the English one shows English.
    """
    from wagtail.fields import StreamField

    from modeltranslation.translator import translator

    for model in translator.get_registered_models():
        for fields in translator.get_options_for_model(model).all_fields.values():
            for field in fields:
                if not isinstance(field, StreamField):
                    continue
                stream_block = field.stream_block
                if next(_chooser_blocks(stream_block), None) is None:
                    continue
                stream_block.child_blocks = copy.deepcopy(stream_block.child_blocks)
                for block in _chooser_blocks(stream_block):
                    block.set_content_language(field.language)
