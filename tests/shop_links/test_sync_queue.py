"""'Sync now' on a real task queue: it returns at once, a worker runs each language.

The example site queues tasks in the database (`django_tasks_db`, run by
`manage.py db_worker`); test settings run tasks immediately, so these tests
switch the default backend to the database queue and run real workers.
"""

import os

from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import override

import pytest
from django_tasks_db.models import DBTaskResult

from shop_links.models import ShopCollection, ShopSettings, SyncRun
from shop_links.tasks import sync_collections_task
from tests.concurrency import needs_postgresql, run_together

from .test_sync import FEEDS

QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LANGUAGES = ("nl", "en", "de", "fr")


@pytest.fixture
def any_site(db):
    """The default Site; made again after an earlier transactional test emptied the tables."""
    from django.conf import settings

    from wagtail.models import Locale, Page, Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        site = Site.objects.create(hostname="localhost", root_page=root, is_default_site=True)
    return site


def serve_feeds(feed_server, site, broken=()):
    for language in LANGUAGES:
        source = FEEDS / f"collections.{language if language in ('nl', 'en') else 'en'}.json"
        status = 500 if language in broken else 200
        feed_server.routes[f"/{language}/collections.json"] = (status, source.read_bytes(), 0)
    shop_settings = ShopSettings.for_site(site)
    shop_settings.feed_url = feed_server.url + "/{language}/collections.json"
    shop_settings.save()


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


# Transactional: the worker closes its database connection between tasks.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("english_admin")
def test_sync_now_queues_every_language_and_returns_at_once(
    admin_client, any_site, feed_server, settings
):
    settings.TASKS = QUEUE
    serve_feeds(feed_server, any_site, broken=("fr",))
    response = admin_client.post(reverse("shop_links_sync"))
    assert response.status_code == 302
    assert response.url == reverse("shop_links_sync_runs")
    # Nothing ran in the request: four runs wait in the queue.
    assert set(SyncRun.objects.values_list("status", flat=True)) == {"queued"}
    assert sorted(SyncRun.objects.values_list("language", flat=True)) == sorted(LANGUAGES)
    assert DBTaskResult.objects.count() == 4
    assert ShopCollection.objects.count() == 0
    assert not feed_server.requests
    listing = admin_client.get(response.url)
    assert "Collection sync runs" in listing.content.decode()
    assert [run.status for run in listing.context["object_list"]] == ["queued"] * 4
    assert "Queued" in listing.content.decode()  # in the admin's language

    run_worker()

    runs = {run.language: run for run in SyncRun.objects.all()}
    for language in ("nl", "en", "de"):
        assert runs[language].status == "succeeded", runs[language].message
        assert runs[language].duration is not None
    assert (runs["nl"].created, runs["en"].updated) == (5, 5)
    assert runs["fr"].status == "failed" and "500" in runs["fr"].message
    with override("de"):
        assert ShopCollection.objects.get(external_id="412345678901").title.startswith("Magnesium")
    listing = admin_client.get(reverse("shop_links_sync_runs"))
    statuses = sorted(run.status for run in listing.context["object_list"])
    assert statuses == ["failed", "succeeded", "succeeded", "succeeded"]
    html = listing.content.decode()
    assert "5 created, 0 updated, 0 deactivated, 0 unchanged" in html
    assert "HTTP 500" in html or "500" in html


@pytest.mark.django_db
def test_only_admins_see_the_runs(client, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editor", password="pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    SyncRun.objects.create(language="nl", feed_url="https://shop.example.com/secret-feed.json")
    client.force_login(editor)
    for name in ("shop_links_sync_runs", "shop_links_sync_runs_results"):
        response = client.get(reverse(name))
        assert response.status_code in (302, 403)
        assert "secret-feed" not in response.content.decode()
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("shop_links_sync_runs") not in menu  # no menu item either


@pytest.mark.django_db
def test_a_refused_run_says_why(feed_server, site):
    serve_feeds(feed_server, site)
    feed_server.routes["/nl/empty.json"] = (200, b'{"collections": []}', 0)
    ShopCollection.objects.create(handle="old", title="Old", external_id="1")
    run = SyncRun.objects.create(language="nl", feed_url=feed_server.url + "/nl/empty.json")
    sync_collections_task.enqueue(run.pk)  # the test settings' immediate backend
    run.refresh_from_db()
    assert run.status == "refused"
    assert "the feed has no collections" in run.message
    assert ShopCollection.objects.get(handle="old").is_active_in("nl")


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_workers_run_two_languages_at_once_and_both_succeed(feed_server, any_site):
    serve_feeds(feed_server, any_site)
    runs = [
        SyncRun.objects.create(
            language=language, feed_url=f"{feed_server.url}/{language}/collections.json"
        )
        for language in ("nl", "en")
    ]
    for run in runs:
        sync_collections_task.using(backend="queue").enqueue(run.pk)
    worker = """
import os

from django.core.management import call_command
wait_for_start()
call_command("db_worker", "--backend", "queue", "--batch", "--no-startup-delay", "--no-reload")
"""
    results = run_together(worker, worker)
    assert [code for code, _out, _err in results] == [0, 0], results
    for run in runs:
        run.refresh_from_db()
        assert run.status == "succeeded", run.message
    assert ShopCollection.objects.count() == 5
    magnesium = ShopCollection.objects.get(external_id="412345678901")
    with override("nl"):
        assert magnesium.title == "Magnesium: energie, spieren en botten"
    with override("en"):
        assert magnesium.title == "Magnesium: energy, muscles and bones"


@needs_postgresql
@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL is not set")
@pytest.mark.xdist_group("shared_services")  # flushes Redis database 15, as tests/servers do
@pytest.mark.django_db(transaction=True)
def test_with_redis_an_rq_worker_runs_the_queued_sync(feed_server, any_site):
    import redis

    redis.Redis.from_url(os.environ["TEST_REDIS_URL"]).flushdb()
    serve_feeds(feed_server, any_site)
    run = SyncRun.objects.create(language="nl", feed_url=f"{feed_server.url}/nl/collections.json")
    result = sync_collections_task.using(backend="rq").enqueue(run.pk)
    run.refresh_from_db()
    assert run.status == "queued"  # in Redis, waiting for a worker
    worker = """
import os

from django.core.management import call_command
wait_for_start()
call_command("rqworker", "default", "--burst", "--job-class", "django_tasks_rq.Job")
"""
    [(code, _out, err)] = run_together(worker)
    assert code == 0, err
    run.refresh_from_db()
    assert run.status == "succeeded", run.message
    assert run.created == 5
    assert str(result.backend) == "rq"
