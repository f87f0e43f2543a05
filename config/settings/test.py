"""Test settings: fast hashing, in-memory media, plain static storage."""

import os
import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="health-articles-test-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Most tests count queries of rendered pages: the page cache is switched on by the
# tests that test it (tests/health_articles/test_page_cache.py).
MIDDLEWARE = [m for m in MIDDLEWARE if m != "health_articles.page_cache.PageCacheMiddleware"]  # noqa: F405

# Tasks run inside the test that enqueues them; the queue tests switch to the
# database backend ("queue") and run real `db_worker` processes.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "queue": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# The RQ backend, on the Redis database the tests may flush (CI sets TEST_REDIS_URL).
if os.environ.get("TEST_REDIS_URL"):
    if "django_rq" not in INSTALLED_APPS:  # noqa: F405
        INSTALLED_APPS += ["django_rq", "django_tasks_rq"]  # noqa: F405
    RQ_QUEUES = {"default": {"URL": os.environ["TEST_REDIS_URL"]}}
    TASKS["rq"] = {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
