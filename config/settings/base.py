"""Production-safe base settings: DEBUG off, secrets and database from the environment."""

import os
from email.utils import getaddresses
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    # wagtail_modeltranslation registers Page's fields: it must come before our apps.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "health_articles",
    "shop_links",
    "demo",  # the example host's demo content (`manage.py load_demo`)
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",  # the search terms report and promoted results
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",  # the task queue in the database (`manage.py db_worker` runs it)
]

# Background work (feed syncs from "Sync now", and Wagtail's own tasks) goes to a queue
# in the database, run by `manage.py db_worker` (`make demo` starts one). Test settings
# run tasks immediately.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # 400 for control characters in URLs; CORS preflight for the API.
    "health_articles.edges.HttpEdgesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "health_articles.middleware.LocaleMiddleware",
    # Anonymous article, index and keyword pages from the cache (never stale).
    "health_articles.page_cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.csp.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

# Admin login throttling (django-axes): 5 failed logins for one username from one
# address lock that pair out for an hour; a success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy set AXES_IPWARE_PROXY_COUNT (e.g. 1) so the client's
# address is read from X-Forwarded-For instead of the proxy's.
if os.environ.get("AXES_IPWARE_PROXY_COUNT"):
    AXES_IPWARE_PROXY_COUNT = int(os.environ["AXES_IPWARE_PROXY_COUNT"])
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Content-Security-Policy (django-csp): enforced on public pages, report-only in
# the admin (config/csp.py). No 'unsafe-inline': the JSON-LD and the widget's
# <style> carry the request's nonce. Images may come from the shop (https:).
_CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    "style-src": [SELF, NONCE],
    "img-src": [SELF, "data:", "https:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {
    # Browsers ignore frame-ancestors in a report-only policy.
    "DIRECTIVES": {k: v for k, v in _CSP_DIRECTIVES.items() if k != "frame-ancestors"}
}

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # A persistent connection is checked before reuse, so a restarted
        # PostgreSQL costs one reconnect instead of a 500.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The page cache and content versions (health_articles.page_cache) live in the
# default cache: Redis when REDIS_URL is set (shared by every app server), else
# this process's memory (fine for one process, e.g. `make demo`).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# With Redis, tasks go to an RQ queue there instead of the database; run
# `manage.py rqworker default --job-class django_tasks_rq.Job`.
if os.environ.get("REDIS_URL"):
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": os.environ["REDIS_URL"]}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}

# A CDN or Varnish in front of the site: FRONTEND_CACHE_URL is where Wagtail sends
# its PURGE requests (health_articles.frontend_cache adds every language's URLs).
if os.environ.get("FRONTEND_CACHE_URL"):
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_URL"],
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Dutch is the default (the seed content's language).
LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("de", _("German")),
    ("fr", _("French")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Amsterdam"

# django-modeltranslation: one row, a column per language. The admin falls back to
# Dutch (so an untranslated page still has a name in listings); public pages, the
# API and the widget render inside `without_fallbacks()` and never show Dutch text
# under another language.
MODELTRANSLATION_DEFAULT_LANGUAGE = "nl"
MODELTRANSLATION_LANGUAGES = ("nl", "en", "de", "fr")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nl",)
WAGTAILMODELTRANSLATION_LOCALE_PICKER = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

WAGTAIL_SITE_NAME = "Topvitamine"
SHOP_LINKS_DEFAULT_BASE_URL = "https://www.topvitamine.com"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Wagtail's database backend; on PostgreSQL each language is stemmed with its own
# text-search configuration (dutch, english, german, french).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "health_articles.search_backend"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
FORMAT_MODULE_PATH = ["config.formats"]
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no calls home: this machine may have no internet

# Errors as one JSON object per line on stderr (gunicorn's error log), with the
# request's method, path and user id (config/logging.py). Set ADMINS
# ("Name <mail@example.com>, …") to have 500s mailed too.
ADMINS = getaddresses([os.environ["ADMINS"]]) if os.environ.get("ADMINS") else []
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", "root@localhost")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "config.logging.RequestContextFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {"json": {"()": "config.logging.json_formatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "json",
            "filters": ["request_context"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {
            "handlers": ["stderr", "mail_admins"],
            "level": "WARNING",
            "propagate": False,
        },
        "django.security": {
            "handlers": ["stderr", "mail_admins"],
            "level": "WARNING",
            "propagate": False,
        },
        "axes": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}
