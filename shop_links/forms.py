from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from . import nutrients


class ShopCollectionForm(WagtailAdminModelForm):
    """The collection form: nutrients as checkboxes of the registered choices."""

    nutrients = forms.MultipleChoiceField(
        label=_("nutrients"),
        required=False,
        choices=nutrients.choices,  # a callable: read when the form is built
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "What the collection sells. The claims checker compares it with the text beside"
            " links to the collection. Filled in from the title and handle on sync while empty."
        ),
    )

    def clean_nutrients(self):
        return sorted(self.cleaned_data["nutrients"])
