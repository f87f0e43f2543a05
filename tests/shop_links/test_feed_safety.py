"""A feed run validates everything, has an overall deadline, and refuses mass deactivation."""

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.core.management import CommandError
from django.test import override_settings

import pytest

from shop_links import sync as sync_module
from shop_links.models import ShopCollection
from shop_links.sync import FeedError, MassDeactivationError, sync

from .test_sync import FEEDS, feed, run, snapshot, write_feed

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def changed(index, **fields):
    data = feed("nl")
    data["collections"][index].update(fields)
    return json.dumps(data)


BAD_ITEMS = [
    (changed(1, id={"x": 1}), 'collections[1]: "id" must be an integer, not dict'),
    (changed(1, id=[1]), 'collections[1]: "id" must be an integer, not list'),
    (changed(1, id="412345678902"), 'collections[1]: "id" must be an integer, not str'),
    (changed(1, id=True), 'collections[1]: "id" must be an integer, not bool'),
    (changed(1, id=1.5), 'collections[1]: "id" must be an integer, not float'),
    (changed(1, id=0), 'collections[1]: "id" must be a positive 64-bit integer'),
    (changed(1, id=-4), 'collections[1]: "id" must be a positive 64-bit integer'),
    (changed(1, id=2**63), 'collections[1]: "id" must be a positive 64-bit integer'),
    (changed(2, title=["a", "b"]), 'collections[2]: "title" must be a string, not list'),
    (
        changed(2, title="x" * 256),
        'collections[2]: "title" is 256 characters long; the limit is 255',
    ),
    (changed(2, title="Vit\x00amine"), 'collections[2]: "title" contains a NUL character'),
    (changed(2, description={"a": 1}), 'collections[2]: "description" must be a string'),
    (changed(3, handle=7), 'collections[3]: "handle" must be a string, not int'),
    (changed(3, image="x.jpg"), 'collections[3]: "image" must be an object, not str'),
    (changed(3, image={"src": 5}), 'collections[3].image: "src" must be a string'),
    (changed(3, image={"src": "javascript:x"}), '"src" is not an http(s) URL'),
    (changed(3, image={"src": "https://x/" + "a" * 1000}), '"src" is longer than 1000'),
    # Raw JSON text, which json.dumps cannot produce:
    ('{"collections": [{"id": ' + "9" * 5000 + ', "handle": "a"}]}', "invalid JSON"),
    ('{"collections": [{"id": ' + "9" * 4000 + ', "handle": "a"}]}', "positive 64-bit"),
    ('{"collections": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
]


@pytest.mark.parametrize("text, message", BAD_ITEMS)
def test_a_bad_item_is_one_line_naming_it_and_nothing_is_written(demo, tmp_path, text, message):
    before = snapshot()
    path = write_feed(tmp_path, text)
    with pytest.raises(CommandError) as error:
        run("--feed", str(path), "--language", "nl")
    assert message in str(error.value)
    assert str(path) in str(error.value)
    assert "\n" not in str(error.value)
    assert snapshot() == before


def test_a_bad_feed_exits_with_1_and_one_line(tmp_path):
    path = write_feed(tmp_path, changed(1, id={"x": 1}))
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", "sync_collections", "--feed", str(path), "--language", "nl"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert 'collections[1]: "id" must be an integer, not dict' in result.stderr
    assert "Traceback" not in result.stderr


def test_a_reply_that_is_not_http_is_one_line(demo, raw_server):
    before = snapshot()
    server = raw_server(lambda connection, stopped: connection.sendall(b"SSH-2.0-OpenSSH\r\n"))
    with pytest.raises(FeedError, match=r"the reply is not valid HTTP \(BadStatusLine\)") as error:
        sync(f"{server.url}/collections.json", "nl")
    assert "page=1" in str(error.value)
    assert snapshot() == before


def test_a_cut_off_reply_is_an_error(demo, raw_server):
    def half(connection, stopped):
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + b'{"coll')

    server = raw_server(half)
    with pytest.raises(FeedError, match=r"not valid HTTP \(IncompleteRead\)"):
        sync(f"{server.url}/collections.json", "nl")


def test_a_truncated_pagination_is_refused(demo, feed_server, monkeypatch):
    monkeypatch.setattr(sync_module, "PAGE_LIMIT", 2)
    monkeypatch.setattr(sync_module, "MAX_PAGES", 2)
    before = snapshot()
    items = feed("nl")["collections"]

    def page(query):
        number = int(dict(part.split("=") for part in query.split("&"))["page"])
        return json.dumps({"collections": items[2 * (number - 1) : 2 * number]}).encode()

    feed_server.routes["/collections.json"] = (200, page, 0)
    with pytest.raises(FeedError, match="the feed has more than 2 pages of 2 collections") as error:
        sync(f"{feed_server.url}/collections.json", "nl")
    assert "page=2" in str(error.value)
    assert snapshot() == before


def dribble(head):
    """A server that sends `head`, then one byte every 0.2 s until the test ends."""

    def handler(connection, stopped):
        connection.sendall(head)
        while not stopped.wait(0.2):
            connection.sendall(b" ")

    return handler


@pytest.mark.parametrize(
    "head",
    [b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n", b"HTTP/1.1 200 OK\r\nX-Slow: "],
    ids=["slow body", "slow headers"],
)
@override_settings(SHOP_LINKS_SYNC_DEADLINE=1)
def test_a_server_sending_a_byte_now_and_then_hits_the_deadline(demo, raw_server, head):
    before = snapshot()
    server = raw_server(dribble(head))
    outcome = {}

    def target():
        try:
            sync(f"{server.url}/collections.json", "nl")
        except FeedError as error:
            outcome["error"] = str(error)

    started = time.monotonic()
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout=15)
    assert not thread.is_alive(), "the sync is still running"
    assert time.monotonic() - started < 10
    assert "the run took longer than 1 seconds" in outcome["error"]
    assert snapshot() == before


# --- mass deactivation -----------------------------------------------------------------


def active_handles():
    return set(ShopCollection.objects.filter(is_active=True).values_list("handle", flat=True))


def test_deactivating_more_than_a_fifth_is_refused_and_says_how_many_and_which(demo, tmp_path):
    before = snapshot()
    data = feed("nl")
    removed = [item["handle"] for item in data["collections"][3:]]
    del data["collections"][3:]
    path = write_feed(tmp_path, data)
    with pytest.raises(CommandError) as error:
        run("--feed", str(path), "--language", "nl")
    message = str(error.value)
    assert "would deactivate 2 of 5 active collections (40%, more than 20%)" in message
    assert all(handle in message for handle in removed)
    assert "--allow-mass-deactivation" in message
    assert snapshot() == before

    output = run("--feed", str(path), "--language", "nl", "--allow-mass-deactivation")
    assert output.strip().endswith("0 created, 3 updated, 2 deactivated, 0 unchanged")
    assert not active_handles() & set(removed)


def test_one_fifth_is_allowed_and_the_share_is_a_setting(demo, tmp_path):
    data = feed("nl")
    del data["collections"][4]
    assert len(sync(write_feed(tmp_path, data), "nl").deactivated) == 1
    del data["collections"][2:]
    with pytest.raises(MassDeactivationError, match="2 of 4"):
        sync(write_feed(tmp_path, data), "nl")
    with override_settings(SHOP_LINKS_MAX_DEACTIVATION_SHARE=0.5):
        assert len(sync(write_feed(tmp_path, data), "nl").deactivated) == 2


def test_an_empty_feed_is_refused(demo, tmp_path):
    before = snapshot()
    path = write_feed(tmp_path, {"collections": []})
    with pytest.raises(MassDeactivationError, match="the feed has no collections") as error:
        sync(path, "nl")
    assert "it would deactivate all 5 active collections" in str(error.value)
    assert snapshot() == before
    assert len(sync(path, "nl", allow_mass_deactivation=True).deactivated) == 5


def test_the_refusal_lists_every_collection_on_stderr(demo, tmp_path):
    import io

    from django.core.management import call_command

    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "sync_collections",
            "--feed",
            str(write_feed(tmp_path, {"collections": []})),
            "--language",
            "nl",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert err.getvalue().count("would deactivate:") == 5


def test_a_good_feed_still_syncs():
    assert len(sync(FEEDS / "collections.nl.json", "nl").created) == 5


@override_settings(SHOP_LINKS_SYNC_NOW_DEADLINE=2)
@pytest.mark.usefixtures("english_admin")  # reads the admin's messages
def test_sync_now_ends_within_its_budget_for_all_languages(admin_client, site, raw_server):
    from shop_links.models import ShopSettings

    server = raw_server(dribble(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"))
    settings = ShopSettings.for_site(site)
    settings.feed_url = server.url + "/{language}/collections.json"
    settings.save()
    started = time.monotonic()
    response = admin_client.post("/admin/shop-links/sync/", follow=True)
    assert time.monotonic() - started < 6
    messages = [str(m) for m in response.context["messages"]]
    assert "the run took longer than" in messages[0]
    assert any("not synced: no time left in this request" in m for m in messages[1:])
    assert ShopCollection.objects.count() == 0
