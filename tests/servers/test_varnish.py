"""A real Varnish in front of gunicorn: after a publish, the next request through it is new.

Skipped when Debian's varnish package (`varnishd`) is not installed.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.db import connection
from django.utils.translation import override

import pytest

ROOT = Path(__file__).resolve().parents[2]
BACKEND_PORT = int(os.environ.get("TEST_SERVER_PORT", "8630")) + 2
VARNISH_PORT = BACKEND_PORT + 1
VARNISHD = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")

pytestmark = [
    # Fixed ports and Redis database 15: one xdist worker runs all such tests, one by one.
    pytest.mark.xdist_group("shared_services"),
    pytest.mark.skipif(not VARNISHD, reason="varnishd is not installed"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

VCL = """vcl 4.1;
backend default { .host = "127.0.0.1"; .port = "%(port)s"; }
acl purgers { "127.0.0.1"; }
sub vcl_recv {
    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) { return (synth(405)); }
        return (purge);
    }
}
sub vcl_backend_response { set beresp.ttl = 1h; }
"""


def get(path):
    request = urllib.request.Request(
        f"http://127.0.0.1:{VARNISH_PORT}{path}", headers={"Host": "localhost"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
        # X-Varnish carries two ids on a cache hit, one on a miss.
        hit = len(response.headers.get("X-Varnish", "").split()) == 2
        return hit, response.read().decode()


def wait_for(port):
    for _attempt in range(150):
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/robots.txt", headers={"Host": "localhost"}
            )
            urllib.request.urlopen(request, timeout=2)  # noqa: S310 - loopback
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


@pytest.fixture
def varnish(transactional_db, settings, demo):
    # The demo first: the servers keep what their first requests read (the Site) in Redis.
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{VARNISH_PORT}",
        }
    }
    db = connection.settings_dict
    env = dict(
        os.environ,
        # Without the app's page cache: Varnish alone is under test here.
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        WEB_CONCURRENCY="1",
    )
    workdir = Path(tempfile.mkdtemp(prefix="varnish-"))
    workdir.chmod(0o755)  # varnishd compiles the VCL as its own user
    (workdir / "default.vcl").write_text(VCL % {"port": BACKEND_PORT})
    (workdir / "default.vcl").chmod(0o644)
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
         "-b", f"127.0.0.1:{BACKEND_PORT}", "config.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    varnishd = subprocess.Popen(
        [VARNISHD, "-F", "-a", f"127.0.0.1:{VARNISH_PORT}", "-f", str(workdir / "default.vcl"),
         "-n", str(workdir / "state"), "-s", "malloc,32m"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(BACKEND_PORT)
        wait_for(VARNISH_PORT)
        yield
    finally:
        for process in (varnishd, gunicorn):
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


def test_after_a_publish_varnish_serves_the_new_text(varnish, demo):
    page = demo
    urls = {}
    for language in ("nl", "en"):
        with override(language):
            urls[language] = page.url
    for url in urls.values():
        get(url)
        hit, html = get(url)
        assert hit, url
    with override("en"):
        page.title = "Published behind Varnish"
    page.save_revision().publish()
    hit, html = get(urls["en"])
    assert not hit
    assert "Published behind Varnish" in html
