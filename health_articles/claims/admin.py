"""The health-claims snippet listing: filterable by nutrient, language and status."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from ..models import HealthClaim


def nutrient_choices():
    return [
        (nutrient, nutrient)
        for nutrient in HealthClaim.objects.order_by("nutrient")
        .values_list("nutrient", flat=True)
        .distinct()
    ]


def language_choices():
    return list(settings.LANGUAGES)


class HealthClaimFilterSet(WagtailFilterSet):
    nutrient = django_filters.ChoiceFilter(label=_("Nutrient"), choices=nutrient_choices)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=language_choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=HealthClaim.Status.choices)

    class Meta:
        model = HealthClaim
        fields = ["nutrient", "language", "status"]


class ClaimStatusColumn(StatusTagColumn):
    """The status as a tag; everything but a verified, authorised wording stands out."""

    LABELS = {
        HealthClaim.Status.AUTHORISED: _("authorised"),
        HealthClaim.Status.UNVERIFIED: _("unverified"),
        HealthClaim.Status.NON_AUTHORISED: _("not authorised"),
        HealthClaim.Status.PENDING: _("pending"),
    }

    def get_value(self, instance):
        return self.LABELS.get(instance.status, instance.status)


class HealthClaimViewSet(SnippetViewSet):
    model = HealthClaim
    icon = "clipboard-list"
    menu_label = _("Health claims")
    list_display = [
        "wording",
        "nutrient",
        Column("language", label=_("Language")),
        ClaimStatusColumn(
            "status",
            label=_("Status"),
            primary=lambda claim: claim.status == HealthClaim.Status.AUTHORISED,
        ),
        "origin",
    ]
    filterset_class = HealthClaimFilterSet
    search_fields = ["wording", "nutrient", "key"]
    search_backend_name = None
    list_per_page = 50
    panels = [
        FieldPanel("key"),
        FieldPanel("nutrient"),
        FieldPanel("function"),
        FieldPanel("language"),
        FieldPanel("wording"),
        FieldPanel("conditions"),
        FieldPanel("status"),
        FieldPanel("origin"),
        FieldPanel("source"),
        FieldPanel("claim_type"),
        FieldPanel("entry_id"),
    ]
