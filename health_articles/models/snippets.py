from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from modeltranslation.settings import AVAILABLE_LANGUAGES
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
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text=_(
            "For medical reviewers: approvals in the medical review task credit this person."
        ),
    )
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
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    # Indexed by health_articles.indexing (deferred to the end of an import), not modelsearch.
    search_auto_update, deferrable_search_index = False, True

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
    # Indexed by health_articles.indexing (deferred to the end of an import), not modelsearch.
    search_auto_update, deferrable_search_index = False, True

    class Meta:
        ordering = ["name"]
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")
        # A slug is unique within each language (empty ones aside): keyword pages
        # and the API find a keyword by its slug in the request's language.
        constraints = [
            models.UniqueConstraint(
                fields=[build_localized_fieldname("slug", language)],
                condition=~models.Q(**{build_localized_fieldname("slug", language): ""}),
                name=f"unique_keyword_slug_{language}",
            )
            for language in AVAILABLE_LANGUAGES
        ]

    def __str__(self):
        return self.name or ""

    def save(self, *args, **kwargs):
        # Fill missing slugs from the name, unique within each language.
        for language in site_languages():
            with override(language), without_fallbacks():
                if self.name and not self.slug:
                    slug = self._free_slug()
                    if len(slug) > self.slug_max_length:
                        # clean() tells a form; code that skips it gets the same message.
                        raise ValidationError(
                            {build_localized_fieldname("name", language): self._slug_too_long(slug)}
                        )
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
                elif self.name and not self.slug:
                    slug = self._free_slug()
                    if len(slug) > self.slug_max_length:
                        errors[build_localized_fieldname("name", language)] = self._slug_too_long(
                            slug
                        )
        if errors:
            raise ValidationError(errors)

    @property
    def slug_max_length(self):
        return self._meta.get_field("slug").max_length

    def _free_slug(self):
        """The slug save() gives the name in the active language: -2, -3… when taken."""
        base = slugify(self.name, allow_unicode=True)
        slug, number = base, 2
        while self._slug_taken(slug):
            slug, number = f"{base}-{number}", number + 1
        return slug

    def _slug_too_long(self, slug):
        return _(
            "The address made from this name, “%(slug)s”, is %(length)s characters long "
            "(the limit is %(limit)s) because a shorter one is taken: shorten the name or "
            "type a slug."
        ) % {"slug": slug, "length": len(slug), "limit": self.slug_max_length}

    def _slug_taken(self, slug):
        """Another keyword has `slug` in the active language."""
        return Keyword.objects.filter(slug=slug).exclude(pk=self.pk).exists()

    @classmethod
    def get_or_create_named(cls, name, attempts=3, looked_up=False):
        """(keyword, created) for `name` in the active language, shared between processes.

        Two imports may create the same new keyword at once. The slug's unique
        constraint makes the later insert fail; it then finds the keyword the
        other one made, instead of making a second keyword with the same slug.
        `looked_up`: the caller has just found no keyword with this name in this
        transaction, so the first attempt goes straight to the insert.
        """
        for attempt in range(attempts):
            if attempt or not looked_up:
                with without_fallbacks():
                    keyword = cls.objects.filter(name__iexact=name).order_by("pk").first()
                if keyword is not None:
                    return keyword, False
            keyword = cls()
            with without_fallbacks():
                keyword.name = name
            try:
                with transaction.atomic():  # a savepoint: the caller's transaction survives
                    keyword.save()
            except IntegrityError:
                if attempt == attempts - 1:
                    raise
                continue
            return keyword, True
        raise AssertionError("unreachable")
