from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="search")
class SeoSettings(BaseSiteSetting):
    """Who publishes the articles, for structured data (JSON-LD) and social cards."""

    organization_name = models.CharField(
        _("organisation name"),
        max_length=255,
        blank=True,
        help_text=_("Defaults to the site's name."),
    )
    organization_url = models.URLField(
        _("organisation URL"), blank=True, help_text=_("Defaults to the shop's base URL.")
    )
    organization_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    same_as = models.TextField(
        _("profiles"),
        blank=True,
        help_text=_("The organisation's social profiles, one URL per line."),
    )
    faq_structured_data = models.BooleanField(
        _("FAQ structured data"),
        default=True,
        help_text=_(
            "Describe the FAQ block as FAQPage in JSON-LD. Google no longer shows FAQ rich "
            "results, but other search and answer engines read it."
        ),
    )

    # The logo goes into every article's JSON-LD: load it with the settings.
    select_related = ["organization_logo"]

    panels = [
        FieldPanel("organization_name"),
        FieldPanel("organization_url"),
        FieldPanel("organization_logo"),
        FieldPanel("same_as"),
        FieldPanel("faq_structured_data"),
    ]

    class Meta:
        verbose_name = _("SEO settings")
