import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils.translation import override

import pytest

from shop_links import sync as sync_module
from shop_links.i18n import without_fallbacks
from shop_links.models import ShopCollection, ShopSettings
from shop_links.sync import FeedError, sync

pytestmark = pytest.mark.django_db

FEEDS = Path(__file__).resolve().parents[2] / "demo" / "shop-feed"


def feed(language="nl"):
    return json.loads((FEEDS / f"collections.{language}.json").read_text(encoding="utf-8"))


def write_feed(tmp_path, data, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def snapshot():
    """Every language's columns of every collection."""
    rows = []
    for language, _name in settings.LANGUAGES:
        with override(language), without_fallbacks():
            rows += [
                (language, *row)
                for row in ShopCollection.objects.values_list(
                    "external_id", "handle", "url_handle", "title", "is_active", "image_url"
                )
            ]
    return sorted(rows, key=repr)


def run(*args):
    out = io.StringIO()
    call_command("sync_collections", *args, stdout=out)
    return out.getvalue()


def test_syncing_both_languages_fills_both_titles_without_duplicates():
    first = run("--feed", str(FEEDS / "collections.nl.json"), "--language", "nl")
    assert first.strip().splitlines()[-1] == "[nl] 5 created, 0 updated, 0 deactivated, 0 unchanged"
    second = run("--feed", str(FEEDS / "collections.en.json"), "--language", "en")
    assert (
        second.strip().splitlines()[-1] == "[en] 0 created, 5 updated, 0 deactivated, 0 unchanged"
    )
    assert ShopCollection.objects.count() == 5
    magnesium = ShopCollection.objects.get(external_id="412345678901")
    with override("nl"):
        assert magnesium.title == "Magnesium: energie, spieren en botten"
        assert magnesium.description == "Magnesium draagt bij tot een normale spierfunctie."
    with override("en"):
        assert magnesium.title == "Magnesium: energy, muscles and bones"
    assert magnesium.image_url.startswith("https://cdn.shopify.com/")
    again = run("--feed", str(FEEDS / "collections.en.json"), "--language", "en")
    assert again.strip().endswith("0 created, 0 updated, 0 deactivated, 5 unchanged")


def test_handle_change_keeps_the_collection_and_its_links(client, demo, tmp_path):
    data = feed("en")
    data["collections"][3]["handle"] = "vitamin-k2-bones"
    collection = ShopCollection.objects.get(external_id="412345678904")
    sync(write_feed(tmp_path, data), "en")
    collection.refresh_from_db()
    assert collection.handle_in("en") == "vitamin-k2-bones"
    assert collection.handle_in("nl") == "vitamin-k-benefits-bone-blood-health"  # not renamed
    assert ShopCollection.objects.count() == 5
    with override("en"):
        html = client.get(demo.url).content.decode()
    assert 'href="https://www.topvitamine.com/en/collections/vitamin-k2-bones"' in html
    # The default language's feed also renames the neutral handle (API, importer).
    data = feed("nl")
    data["collections"][3]["handle"] = "vitamine-k2-botten"
    sync(write_feed(tmp_path, data), "nl")
    collection.refresh_from_db()
    assert collection.handle == collection.handle_in("nl") == "vitamine-k2-botten"
    assert collection.handle_in("en") == "vitamin-k2-bones"


def test_collection_gone_from_the_feed_is_deactivated_never_deleted(client, demo, tmp_path):
    data = feed("nl")
    removed = data["collections"].pop(4)
    report = sync(write_feed(tmp_path, data), "nl")
    assert [c.handle for c in report.deactivated] == [removed["handle"]]
    collection = ShopCollection.objects.get(handle=removed["handle"])
    assert not collection.is_active
    with override("nl"):
        html = client.get(demo.url).content.decode()
    assert removed["handle"] not in html  # the link degraded to text


def test_importer_made_collection_is_adopted_by_handle(tmp_path):
    made = ShopCollection.objects.create(
        handle="dha-epa-omega-3-supplements", title="x", is_active=False
    )
    sync(FEEDS / "collections.nl.json", "nl")
    made.refresh_from_db()
    assert made.external_id == "412345678902"
    assert made.is_active
    assert ShopCollection.objects.count() == 5


def test_dry_run_changes_nothing():
    output = run("--feed", str(FEEDS / "collections.nl.json"), "--language", "nl", "--dry-run")
    assert "Dry run, nothing written: [nl] 5 created" in output
    assert ShopCollection.objects.count() == 0


def bad(data_change):
    data = feed("nl")
    data_change(data["collections"])
    return data


BAD_FEEDS = [
    ("{not json", "invalid JSON at line 1"),
    ({"products": []}, 'expected an object with a "collections" list'),
    (bad(lambda items: items[1].pop("id")), 'collections[1]: missing "id"'),
    (bad(lambda items: items[2].pop("handle")), 'collections[2]: missing "handle"'),
    (
        bad(lambda items: items[3].update(handle=items[0]["handle"])),
        "collections[3]: the handle 'magnesium-benefits-energy-muscle-bone-support'"
        " is also used by",
    ),
    (bad(lambda items: items[0].update(handle="Not A Handle!")), "is not a valid handle"),
]


@pytest.mark.parametrize("data, message", BAD_FEEDS)
def test_bad_feed_file_names_the_problem_and_changes_nothing(demo, tmp_path, data, message):
    before = snapshot()
    path = write_feed(tmp_path, data)
    with pytest.raises(CommandError) as error:
        run("--feed", str(path), "--language", "nl")
    assert message in str(error.value)
    assert "nothing was changed" in str(error.value)
    assert snapshot() == before


def test_url_feed_is_read_page_by_page(feed_server, monkeypatch):
    monkeypatch.setattr(sync_module, "PAGE_LIMIT", 2)
    items = feed("nl")["collections"]
    pages = {1: items[:2], 2: items[2:4], 3: items[4:]}

    def page(query):
        number = int(dict(part.split("=") for part in query.split("&"))["page"])
        return json.dumps({"collections": pages.get(number, [])}).encode()

    feed_server.routes["/collections.json"] = (200, page, 0)
    output = run("--feed", f"{feed_server.url}/collections.json", "--language", "nl")
    assert ShopCollection.objects.count() == 5
    assert [r.split("?")[1] for r in feed_server.requests] == [
        "page=1&limit=2",
        "page=2&limit=2",
        "page=3&limit=2",
    ]
    assert "page 3: 1 collections" in output


def test_http_error_timeout_and_oversized_feed_change_nothing(demo, feed_server, monkeypatch):
    before = snapshot()
    feed_server.routes["/broken.json"] = (500, b"oops", 0)
    with pytest.raises(FeedError, match="HTTP 500"):
        sync(f"{feed_server.url}/broken.json", "nl")

    monkeypatch.setattr(sync_module, "TIMEOUT_SECONDS", 0.3)
    feed_server.routes["/slow.json"] = (200, json.dumps(feed()).encode(), 1.0)
    with pytest.raises(FeedError, match="no answer within"):
        sync(f"{feed_server.url}/slow.json", "nl")

    monkeypatch.setattr(sync_module, "MAX_FEED_BYTES", 1000)
    feed_server.routes["/big.json"] = (200, json.dumps(feed()).encode(), 0)
    with pytest.raises(FeedError, match="larger than"):
        sync(f"{feed_server.url}/big.json", "nl")
    assert snapshot() == before


def test_admin_sync_now_button_syncs_every_language(admin_client, site, feed_server):
    for language in ("nl", "en", "de", "fr"):
        source = FEEDS / f"collections.{language if language in ('nl', 'en') else 'en'}.json"
        feed_server.routes[f"/{language}/collections.json"] = (200, source.read_bytes(), 0)
    settings = ShopSettings.for_site(site)
    settings.feed_url = feed_server.url + "/{language}/collections.json"
    settings.save()

    listing = admin_client.get("/admin/snippets/shop_links/shopcollection/")
    assert "/admin/shop-links/sync/" in listing.content.decode()
    confirm = admin_client.get("/admin/shop-links/sync/")
    assert f"{feed_server.url}/fr/collections.json" in confirm.content.decode()
    response = admin_client.post("/admin/shop-links/sync/", follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages[0] == "[nl] 5 created, 0 updated, 0 deactivated, 0 unchanged"
    assert len(messages) == 4
    with override("de"):
        assert ShopCollection.objects.get(external_id="412345678901").title.startswith("Magnesium")


def test_only_admins_may_sync(client, django_user_model, site):
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.post("/admin/shop-links/sync/").status_code in (302, 403)
    assert ShopCollection.objects.count() == 0


def test_shop_gives_an_old_handle_to_a_new_collection(tmp_path):
    sync(FEEDS / "collections.nl.json", "nl")
    data = feed("nl")
    # Collection 901 is renamed, and a new collection 999 takes its old handle.
    old_handle = data["collections"][0]["handle"]
    data["collections"][0]["handle"] = "magnesium-new-name"
    data["collections"].append({**data["collections"][1], "id": 999, "handle": old_handle})
    report = sync(write_feed(tmp_path, data), "nl")
    assert [c.handle for c in report.created] == [old_handle]
    assert ShopCollection.objects.get(external_id="412345678901").handle == "magnesium-new-name"
    assert ShopCollection.objects.get(external_id="999").handle == old_handle


def test_a_hand_made_collection_holding_a_feed_handle_steps_aside(tmp_path):
    ShopCollection.objects.create(handle="dha-epa-omega-3-supplements", external_id="1", title="x")
    sync(FEEDS / "collections.nl.json", "nl", allow_mass_deactivation=True)  # 1 of 1 goes
    moved = ShopCollection.objects.get(external_id="1")
    assert moved.handle.startswith("dha-epa-omega-3-supplements--moved-")
    assert not moved.is_active  # gone from the feed
    assert ShopCollection.objects.get(external_id="412345678902").handle == (
        "dha-epa-omega-3-supplements"
    )
