from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from modeltranslation.utils import build_localized_fieldname

from shop_links.i18n import without_fallbacks

from .utils import site_languages


class Author(index.Indexed, models.Model):
    """The person an article is credited to."""

    name = models.CharField(_("name"), max_length=255)
    credentials = models.CharField(
        _("credentials"), max_length=255, blank=True, help_text=_("e.g. MSc Nutrition, dietitian")
    )
    bio = models.TextField(_("biography"), blank=True)
    url = models.URLField(
        _("profile URL"),
        blank=True,
        help_text=_("A page about this person (e.g. a professional profile), for search engines."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credentials"),
        FieldPanel("url"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name


class Keyword(index.Indexed, models.Model):
    """A keyword shared between articles; its name and slug are translated."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        blank=True,
        help_text=_("Used in the keyword's address. Filled from the name when left empty."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")

    def __str__(self):
        return self.name or ""

    def save(self, *args, **kwargs):
        # Fill missing slugs from the name, unique within each language.
        for language in site_languages():
            with override(language), without_fallbacks():
                if self.name and not self.slug:
                    base = slugify(self.name, allow_unicode=True)
                    slug, number = base, 2
                    while self._slug_taken(slug):
                        slug, number = f"{base}-{number}", number + 1
                    self.slug = slug
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        for language in site_languages():
            with override(language), without_fallbacks():
                if self.slug and self._slug_taken(self.slug):
                    errors[build_localized_fieldname("slug", language)] = _(
                        "Another keyword already uses this slug in this language."
                    )
        if errors:
            raise ValidationError(errors)

    def _slug_taken(self, slug):
        """Another keyword has `slug` in the active language."""
        return Keyword.objects.filter(slug=slug).exclude(pk=self.pk).exists()
