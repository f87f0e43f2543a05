from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import ShopCollection


@register(ShopCollection)
class ShopCollectionTranslationOptions(TranslationOptions):
    fields = ("title", "description")
