"""Two gunicorn servers on one PostgreSQL and one Redis: an edit is seen by both at once.

Runs when TEST_REDIS_URL names a Redis database the tests may flush (CI sets it)
and the tests run on PostgreSQL; skipped otherwise.
"""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils.translation import override

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL")
PORTS = [int(os.environ.get("TEST_SERVER_PORT", "8630")) + n for n in range(2)]

pytestmark = [
    # Fixed ports and Redis database 15: one xdist worker runs all such tests, one by one.
    pytest.mark.xdist_group("shared_services"),
    pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set"),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="several servers need PostgreSQL",
    ),
]


def get(port, path):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": "localhost"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
        return response.headers.get("X-Page-Cache"), response.read().decode()


@pytest.fixture
def servers(transactional_db, settings, demo):
    # The demo first: the servers keep what their first requests read (the Site) in Redis.
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    # This process edits; its content versions must reach the servers' Redis.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "two-servers",
        }
    }
    db = settings.DATABASES["default"]
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.servers.settings",
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{connection.settings_dict['NAME']}"
        ),
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX="two-servers",
        WEB_CONCURRENCY="1",
    )
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "gunicorn.conf.py",
                "-b",
                f"127.0.0.1:{port}",
                "config.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in PORTS
    ]
    try:
        for port in PORTS:
            for _attempt in range(100):
                try:
                    get(port, "/robots.txt")
                    break
                except OSError:
                    time.sleep(0.2)
        yield PORTS
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def test_a_publish_is_served_by_the_other_server_at_once(servers, demo):
    from django.core.cache import caches

    assert caches["default"].__class__.__name__ == "RedisCache"
    page = demo
    with override("nl"):
        url = page.url
    first, second = servers
    for _attempt in range(3):  # the first render creates the site's settings rows
        state, html = get(first, url)
    assert state == "hit"
    assert get(second, url)[0] == "hit"  # one shared cache
    with override("nl"):
        page.title = "Gepubliceerd via een andere server"
    page.save_revision().publish()
    state, html = get(second, url)
    assert state == "miss"
    assert "Gepubliceerd via een andere server" in html
    assert get(first, url)[0] == "hit"  # stored again by the second server
