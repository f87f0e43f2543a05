"""The host's production settings: refuse to start half configured, log errors, CSP, throttling."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "test-only-not-secret-but-long-enough-for-the-deploy-check-0123456789abcdef",
    "ALLOWED_HOSTS": "articles.example.com",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
}
SHOW = (
    "import django; from django.conf import settings; django.setup(); "
    "d = settings.DATABASES['default']; print(d['ENGINE'], d['CONN_MAX_AGE'], "
    "d['CONN_HEALTH_CHECKS'], settings.SILENCED_SYSTEM_CHECKS)"
)


def run_python(code, **env_changes):
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests' fixtures, never in production.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update({k: v for k, v in {**PRODUCTION_ENV, **env_changes}.items() if v is not None})
    return subprocess.run(  # noqa: S603
        [sys.executable, *code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("missing", ["DATABASE_URL", "SECRET_KEY"])
def test_production_refuses_to_start_without(missing):
    result = run_python(["-c", SHOW], **{missing: None})
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_production_database_keeps_checked_connections():
    result = run_python(["-c", SHOW])
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "60", "True", "[]"]


def test_deploy_check_is_clean_without_silencing():
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


# --- logs ------------------------------------------------------------------------------


@pytest.fixture
def stderr_log():
    """What the JSON stderr handler of django.request writes, one dict per line."""
    handler = next(
        h for h in logging.getLogger("django.request").handlers if h.get_name() == "stderr"
    )
    buffer = io.StringIO()
    old = handler.setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    handler.setStream(old)


def test_a_500_is_logged_as_json_with_path_and_user(
    client, demo, django_user_model, monkeypatch, stderr_log
):
    from health_articles import api

    def broken():
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(api, "available_articles", broken)
    user = django_user_model.objects.create_user("editor", password="x")
    client.force_login(user)
    client.raise_request_exception = False
    assert client.get("/api/v1/articles/?language=nl").status_code == 500
    [record] = [r for r in stderr_log() if r["level"] == "ERROR"]
    assert record["logger"] == "django.request"
    assert record["path"] == "/api/v1/articles/"
    assert record["method"] == "GET"
    assert record["user_id"] == user.pk
    assert record["status_code"] == 500
    assert "RuntimeError: the disk is on fire" in record["exc_info"]
    assert record["time"]


def test_anonymous_requests_log_no_user(client, demo, stderr_log):
    client.get("/api/v1/articles/?language=xx")
    [record] = stderr_log()
    assert record["level"] == "WARNING"
    assert record["status_code"] == 400
    assert record["user_id"] is None
    assert record["path"] == "/api/v1/articles/"


# --- Content-Security-Policy --------------------------------------------------------------


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_public_article_page_enforces_csp_with_a_nonce_for_the_json_ld(client, demo):
    response = client.get(demo.url)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    [nonce] = [v[7:-1] for v in policy["script-src"] if v.startswith("'nonce-")]
    html = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts, "the article page has its JSON-LD"
    assert all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "Content-Security-Policy-Report-Only" not in response
    # A fresh nonce per response.
    assert nonce not in client.get(demo.url)["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/nl/artikelen/", "/nl/bestaat-niet/", "/robots.txt"])
def test_other_public_responses_enforce_csp(client, demo, url):
    assert "'self'" in client.get(url)["Content-Security-Policy"]


def test_the_admin_only_reports(admin_client, demo):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]


def test_widget_may_be_framed_by_the_shop_only_and_styles_by_nonce(client, demo):
    response = client.get(
        "/embed/collections/vitamin-d-benefits-sources-safety/articles/?language=nl"
    )
    policy = directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'self'", "https://www.topvitamine.com"]
    [nonce] = [v[7:-1] for v in policy["style-src"] if v.startswith("'nonce-")]
    assert f'<style nonce="{nonce}">' in response.content.decode()
    assert "X-Frame-Options" not in response


# --- admin login throttling ------------------------------------------------------------


def test_admin_login_is_locked_at_the_fifth_failure(client, django_user_model):
    django_user_model.objects.create_superuser("boss", "b@example.com", "right-password")
    django_user_model.objects.create_superuser("other", "o@example.com", "other-password")
    url = reverse("wagtailadmin_login")
    for _attempt in range(4):
        response = client.post(url, {"username": "boss", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    # The fifth failure locks the account out from this address; so does the right password.
    assert client.post(url, {"username": "boss", "password": "wrong"}).status_code == 429
    locked = client.post(url, {"username": "boss", "password": "right-password"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked out.
    response = client.post(url, {"username": "other", "password": "other-password"})
    assert response.status_code == 302
