"""A small HTML widget the shop can put on a collection page (in an iframe)."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import override
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from shop_links.i18n import content_languages, default_language, without_fallbacks
from shop_links.lookup import current_shop_settings, shop_link_context
from shop_links.models import ShopCollection

from .api import MAX_LIMIT
from .models import articles_linking_to


@xframe_options_exempt
@require_safe
def collection_articles_widget(request, handle):
    language = request.GET.get("language", default_language())
    if language not in content_languages():
        raise Http404("Unknown language")
    try:
        limit = min(max(int(request.GET.get("limit", 3)), 1), MAX_LIMIT)
    except ValueError as error:
        raise Http404("Bad limit") from error
    collection = ShopCollection.for_handle(handle, language)
    if collection is None:
        raise Http404("Unknown collection")
    with override(language), shop_link_context(request), without_fallbacks():
        articles = list(articles_linking_to(collection, language)[:limit])
        response = TemplateResponse(
            request,
            "health_articles/embed/collection_articles.html",
            {"articles": articles, "collection": collection, "language": language},
        )
        response.render()
        shop_origin = current_shop_settings().shop_origin
    # Only the shop may frame the widget. With django-csp the host's policy is
    # extended (its nonce covers the widget's <style>); without it, this is the policy.
    if hasattr(request, "csp_nonce"):
        response._csp_update = {"frame-ancestors": [shop_origin]}
    else:
        response["Content-Security-Policy"] = f"frame-ancestors 'self' {shop_origin}"
    response["Cache-Control"] = "public, max-age=300"
    return response
