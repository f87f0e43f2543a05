from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import ShopCollection


@register(ShopCollection)
class ShopCollectionTranslationOptions(TranslationOptions):
    fields = ("title", "description", "url_handle", "image_url", "is_active")
    # A language's availability never falls back to another language's: False in
    # Dutch must not show through an English True (True is the field's default,
    # which modeltranslation would otherwise treat as "not filled in").
    fallback_undefined = {"is_active": None}
