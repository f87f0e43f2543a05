"""The host's URLs plus /bench/ceiling/: a plain 36 KB response, the server's ceiling."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as host_urlpatterns

CEILING_BODY = b"<!doctype html><title>ceiling</title>" + b"x" * 36_000


def ceiling(request):
    return HttpResponse(CEILING_BODY)


urlpatterns = [path("bench/ceiling/", ceiling), *host_urlpatterns]
