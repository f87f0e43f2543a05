"""Logging helpers for the host site: one JSON object per line on stderr.

`RequestContextFilter` adds the request's method, path and user id to records
that carry a request (Django's `django.request` and `django.security` loggers
do, for every 4xx/5xx they log), so an error in gunicorn's log says where and
for whom it happened.
"""

import contextlib
import logging

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

# The request object is not JSON: its useful parts are added by the filter below.
NOT_LOGGED = [*RESERVED_ATTRS, "request"]


def json_formatter():
    """One JSON object per record: time, level, logger, message, request context, traceback."""
    return JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        reserved_attrs=NOT_LOGGED,
    )


class RequestContextFilter(logging.Filter):
    def filter(self, record):
        request = getattr(record, "request", None)
        record.path = getattr(request, "path", None)
        record.method = getattr(request, "method", None)
        record.user_id = None
        user = getattr(request, "user", None) if request is not None else None
        if user is not None:
            # Loading the user may need the database, which may be what failed.
            with contextlib.suppress(Exception):
                record.user_id = user.pk if user.is_authenticated else None
        return True
