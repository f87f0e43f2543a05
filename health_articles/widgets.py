"""Widgets for the article editor."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wagtail.blocks import StreamValue
from wagtail.rich_text import RichText


class ReadOnlyContent(forms.Widget):
    """A rich text or StreamField shown as readers see it, for users who may not change it.

    Draftail and the StreamField editor cannot be disabled: they would accept
    typing and say "updated" while the server ignores what they send (the form
    field is disabled). This shows the text instead, with no input at all.
    """

    def render(self, name, value, attrs=None, renderer=None):
        element_id = (attrs or {}).get("id", "")
        return format_html(
            '<div class="w-field__read-only health-articles-read-only" id="{}" '
            'aria-readonly="true">{}</div>',
            element_id,
            self.display(value),
        )

    def display(self, value):
        if isinstance(value, StreamValue):
            return value.render_as_block() if len(value) else _("(empty)")
        if isinstance(value, str) and value.strip():
            # Stored rich text, rendered as Wagtail's `richtext` filter does.
            return RichText(value)
        return _("(empty)")

    def value_from_datadict(self, data, files, name):
        return None  # the field is disabled: Django keeps the stored value
