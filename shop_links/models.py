from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.search import index

from modeltranslation.settings import AVAILABLE_LANGUAGES

from .forms import ShopCollectionForm
from .i18n import without_fallbacks

PATH_PLACEHOLDERS = ("{language}", "{handle}")


def default_shop_base_url():
    """A new site's shop address: the host's `SHOP_LINKS_DEFAULT_BASE_URL` setting."""
    return getattr(settings, "SHOP_LINKS_DEFAULT_BASE_URL", "https://shop.example.com")


@register_setting(icon="site")
class ShopSettings(BaseSiteSetting):
    """Where the shop lives. Every collection URL is built from these two values."""

    shop_base_url = models.URLField(
        _("shop base URL"),
        default=default_shop_base_url,
        help_text=_("The shop's address without a trailing slash, e.g. https://shop.example.com"),
    )
    collection_path_pattern = models.CharField(
        _("collection path pattern"),
        max_length=200,
        default="/{language}/collections/{handle}",
        help_text=_("Path of a collection page in the shop. Use {language} and {handle}."),
    )

    feed_url = models.URLField(
        _("collection feed URL"),
        blank=True,
        max_length=500,
        help_text=_(
            "The shop's collections.json, e.g. https://shop.example.com/{language}/collections.json."
            " {language} is replaced for each site language when syncing."
        ),
    )

    panels = [
        FieldPanel("shop_base_url"),
        FieldPanel("collection_path_pattern"),
        FieldPanel("feed_url"),
    ]

    class Meta:
        verbose_name = _("shop settings")

    def clean(self):
        super().clean()
        pattern = self.collection_path_pattern or ""
        if "{handle}" not in pattern:
            raise ValidationError(
                {"collection_path_pattern": _("The pattern must contain {handle}.")}
            )
        if not pattern.startswith("/"):
            raise ValidationError(
                {"collection_path_pattern": _("The pattern must start with a slash.")}
            )
        leftover = pattern
        for placeholder in PATH_PLACEHOLDERS:
            leftover = leftover.replace(placeholder, "")
        if "{" in leftover or "}" in leftover:
            raise ValidationError(
                {
                    "collection_path_pattern": _(
                        "Only the placeholders {language} and {handle} are allowed."
                    )
                }
            )

    def collection_url(self, handle, language=None):
        path = self.collection_path_pattern.replace("{language}", language or get_language())
        return self.shop_base_url.rstrip("/") + path.replace("{handle}", handle)

    @property
    def shop_origin(self):
        """scheme://host[:port] of the shop, for CORS and frame-ancestors."""
        from urllib.parse import urlsplit

        parts = urlsplit(self.shop_base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def language_home_url(self, language=None):
        return f"{self.shop_base_url.rstrip('/')}/{language or get_language()}"


class ShopCollection(index.Indexed, models.Model):
    """A product collection in the shop that articles link to."""

    external_id = models.CharField(
        _("shop id"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The collection's id in the shop. Empty for collections made by hand."),
    )
    handle = models.SlugField(
        _("handle"),
        max_length=255,
        unique=True,
        help_text=_("The last part of the collection's address in the shop."),
    )
    # Per language (translation.py), as that language's feed reports them: the
    # shop may translate a handle, drop a collection in one market only, or
    # give it another image there.
    url_handle = models.SlugField(
        _("handle in this language"),
        max_length=255,
        blank=True,
        help_text=_(
            "The handle in this language when the shop translates it. Empty: the handle above."
        ),
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_url = models.URLField(
        _("image URL"),
        blank=True,
        max_length=1000,
        help_text=_("The collection's image in the shop (kept from the feed)."),
    )
    synced_at = models.DateTimeField(_("last synced"), null=True, blank=True, editable=False)
    # Language-neutral: nutrient keys (`nutrients.py`), checked by the claims checker.
    nutrients = models.JSONField(_("nutrients"), default=list, blank=True)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Whether the shop offers the collection in this language. Links to an inactive"
            " collection are shown as plain text in that language."
        ),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("handle"),
        FieldPanel("url_handle"),
        FieldPanel("external_id"),
        FieldPanel("description"),
        FieldPanel("image"),
        FieldPanel("image_url"),
        FieldPanel("nutrients"),
        FieldPanel("is_active"),
    ]
    base_form_class = ShopCollectionForm

    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("handle"),
        index.FilterField("is_active"),
    ]

    class Meta:
        ordering = ["handle"]
        verbose_name = _("shop collection")
        verbose_name_plural = _("shop collections")

    def __str__(self):
        return self.title or self.handle

    def in_language(self, attribute, language=None):
        """A per-language attribute exactly as stored for `language` (no fallback)."""
        with override(language or get_language()), without_fallbacks():
            return getattr(self, attribute)

    def set_active(self, value, languages=None):
        """Set availability in `languages` (default: every language); does not save."""
        for language in languages or AVAILABLE_LANGUAGES:
            with override(language), without_fallbacks():
                self.is_active = value

    def is_active_in(self, language=None):
        """Whether the shop offers the collection in `language` (default: the active one)."""
        return bool(self.in_language("is_active", language))

    def handle_in(self, language=None):
        """The collection's handle in the shop for `language`."""
        return self.in_language("url_handle", language) or self.handle

    @classmethod
    def for_handle(cls, handle, language=None):
        """The collection with this handle (or this language's handle), or None."""
        with override(language or get_language()):
            return (
                cls.objects.filter(handle=handle).first()
                or cls.objects.filter(url_handle=handle).order_by("pk").first()
            )

    @classmethod
    def for_handles(cls, handles, language=None):
        """{handle: collection} for those of `handles` that name one, as `for_handle`
        finds it (the handle first, else the oldest with this language's handle): one
        query for all of them."""
        handles = set(handles)
        if not handles:
            return {}
        found, by_url_handle = {}, {}
        with override(language or get_language()), without_fallbacks():
            matches = cls.objects.filter(
                models.Q(handle__in=handles) | models.Q(url_handle__in=handles)
            ).order_by("pk")
            for collection in matches:
                if collection.handle in handles:
                    found[collection.handle] = collection
                if collection.url_handle in handles:
                    by_url_handle.setdefault(collection.url_handle, collection)
        for handle, collection in by_url_handle.items():
            found.setdefault(handle, collection)
        return found

    def get_url(self, shop_settings=None, language=None):
        """The collection's shop URL in the given (default: active) language, or None."""
        language = language or get_language()
        if not self.is_active_in(language):
            return None
        if shop_settings is None:
            from .lookup import current_shop_settings

            shop_settings = current_shop_settings()
        return shop_settings.collection_url(self.handle_in(language), language)


class SyncRun(models.Model):
    """One language's feed sync: queued by "Sync now", run by the task worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        REFUSED = "refused", _("Refused (would deactivate too many)")
        FAILED = "failed", _("Failed")

    language = models.CharField(_("language"), max_length=10)
    feed_url = models.URLField(_("feed URL"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    deactivated = models.PositiveIntegerField(_("deactivated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["-queued_at", "-pk"]
        verbose_name = _("collection sync run")
        verbose_name_plural = _("collection sync runs")

    def __str__(self):
        return f"[{self.language}] {self.get_status_display()}"

    @property
    def duration(self):
        """Seconds from start to finish (None while queued or running)."""
        if self.started_at and self.finished_at:
            return round((self.finished_at - self.started_at).total_seconds(), 1)
        return None

    @property
    def is_done(self):
        return self.status not in (self.Status.QUEUED, self.Status.RUNNING)
