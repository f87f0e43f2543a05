"""Production: everything from the environment, HTTPS enforced."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

# Refuse to start rather than run on a guessable key or a local SQLite file.
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable.")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "Set the DATABASE_URL environment variable (postgres://user:password@host:5432/name);"
        " production never falls back to SQLite."
    )

# Persistent connections (reused for a minute), checked before each reuse.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# X_FRAME_OPTIONS stays Django's "DENY": Wagtail's preview views allow their own
# admin to frame them (xframe_options_sameorigin_override), and the widget is
# exempt (only the shop may frame it, by its CSP frame-ancestors).
