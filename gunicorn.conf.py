"""gunicorn settings for production: `gunicorn config.wsgi` reads this file.

Each value can be overridden from the environment (`GUNICORN_CMD_ARGS`, or the
variables below).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: 2 per core plus one, unless WEB_CONCURRENCY says otherwise.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Load Django once in the master; workers fork from it (less memory, fast restarts).
preload_app = True
# Recycle workers now and then so that a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for stdout
errorlog = "-"


def post_fork(server, worker):
    # Connections opened in the master (during preload) must not be shared by workers.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()


def when_ready(server):
    # The digest cached pages are kept under (health_articles.release), read once here
    # in the master: the workers fork with it instead of each reading the templates.
    from health_articles.release import release

    release()
