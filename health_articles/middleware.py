from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, minus the redirect of 404s from views outside i18n_patterns.

    Wagtail's catch-all pattern makes every /<lang>/… path "valid", so Django would
    answer a 404 from the JSON API (/api/v1/…) with a redirect to /nl/api/v1/….
    A 404 from a view that resolved outside the language prefixes is a real answer.
    Use it in place of `django.middleware.locale.LocaleMiddleware`.
    """

    def process_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        prefixes = tuple(f"{code}/" for code, _name in settings.LANGUAGES)
        if response.status_code == 404 and match and not match.route.startswith(prefixes):
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)
