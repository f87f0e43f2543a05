"""What the views should never see: odd bytes in URLs, and CORS preflights for the API.

`HttpEdgesMiddleware` answers
- a path or query containing a control character (NUL and friends) with a 400:
  JSON on the API, the host's 400 page elsewhere. PostgreSQL cannot store or
  compare NUL, so such a value would otherwise turn a lookup into a 500.
- `OPTIONS` on the API with a CORS preflight answer: the shop's origin (from
  `ShopSettings`) may GET and HEAD; other origins get no CORS headers.
- a view that reads a form field or query parameter the request does not have
  (`request.POST["x"]`, e.g. Wagtail's editor, copy and revert views given an
  incomplete form) with a 400 naming the field, instead of a 500.

The API's prefix is taken from its URL (`health_articles_api:api-root`), so the
host may mount the API wherever it likes.
"""

import json
import re

from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.utils.datastructures import MultiValueDictKeyError

from shop_links.models import ShopSettings

# C0 controls and DEL. Tab, line feed and carriage return may be typed into a
# search box, so they are allowed in query values (never in the path).
ODD_IN_PATH = re.compile(r"[\x00-\x1f\x7f]")
ODD_IN_QUERY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

PREFLIGHT_METHODS = "GET, HEAD, OPTIONS"
PREFLIGHT_HEADERS = "Accept, Accept-Language, Content-Type, If-None-Match"
PREFLIGHT_MAX_AGE = 86400


def api_prefix(request):
    try:
        return reverse("health_articles_api:api-root", urlconf=getattr(request, "urlconf", None))
    except NoReverseMatch:
        return None


def odd_byte_problem(request):
    """A sentence naming the first control character in the URL and where it is, or None."""
    match = ODD_IN_PATH.search(request.path_info)
    if match:
        return f"The URL path contains the control character U+{ord(match.group()):04X}."
    for key, values in request.GET.lists():
        for text in (key, *values):
            match = ODD_IN_QUERY.search(text)
            if match:
                return (
                    f"The query parameter {key!r} contains the control character "
                    f"U+{ord(match.group()):04X}."
                )
    return None


def missing_parameter(request, exception):
    """The name of the form field or query parameter a view wanted but the request lacks."""
    if not isinstance(exception, MultiValueDictKeyError) or not exception.args:
        return None
    name = exception.args[0]
    if not isinstance(name, str) or name in request.GET or name in request.POST:
        return None  # a lookup in some other dictionary: a real bug, left a 500
    return name


def json_error(status, detail):
    return HttpResponse(
        json.dumps({"detail": detail}), status=status, content_type="application/json"
    )


def preflight(request):
    response = HttpResponse(status=204)
    response["Allow"] = PREFLIGHT_METHODS
    patch_vary_headers(response, ["Origin"])
    origin = request.headers.get("Origin")
    if origin and origin == ShopSettings.for_request(request).shop_origin:
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Methods"] = PREFLIGHT_METHODS
        response["Access-Control-Allow-Headers"] = PREFLIGHT_HEADERS
        response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


class HttpEdgesMiddleware:
    """Put it early in MIDDLEWARE (right after SecurityMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = api_prefix(request)
        on_api = bool(prefix) and request.path_info.startswith(prefix)
        problem = odd_byte_problem(request)
        if problem:
            if on_api:
                return json_error(400, problem)
            # Django turns this into the host's 400 page (handler400), logged as a warning.
            raise BadRequest(problem)
        if on_api and request.method == "OPTIONS":
            return preflight(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        name = missing_parameter(request, exception)
        if name is None:
            return None
        problem = f"The request lacks the field {name!r}."
        prefix = api_prefix(request)
        if prefix and request.path_info.startswith(prefix):
            return json_error(400, problem)
        raise BadRequest(problem) from exception
