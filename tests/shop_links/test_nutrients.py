"""What a collection sells: nutrient keys, suggested on sync and chosen by editors."""

import io
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest

from shop_links import nutrients
from shop_links.models import ShopCollection

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

FEEDS = Path(__file__).resolve().parents[2] / "demo" / "shop-feed"
MAGNESIUM = "412345678901"  # the demo feed's magnesium collection


def sync(language):
    feed = FEEDS / f"collections.{language}.json"
    call_command(
        "sync_collections", "--feed", str(feed), "--language", language, stdout=io.StringIO()
    )


def sold():
    return dict(ShopCollection.objects.values_list("handle", "nutrients"))


def test_the_sync_suggests_nutrients_from_title_and_handle():
    sync("nl")
    assert sold() == {
        "dha-epa-omega-3-supplements": ["dha_epa"],
        "magnesium-benefits-energy-muscle-bone-support": ["magnesium"],
        "vitamin-c-benefits-immunity-antioxidant-energy": ["vitamin_c"],
        "vitamin-d-benefits-sources-safety": ["vitamin_d"],
        "vitamin-k-benefits-bone-blood-health": ["vitamin_k"],
    }


def test_the_handle_alone_is_enough():
    assert nutrients.suggest_for("Winteraanbieding", "vitamine-d3-en-k2", "nl") == [
        "vitamin_d",
        "vitamin_k",
    ]
    assert nutrients.suggest_for("Winter sale", "winter-sale", "en") == []


def test_the_sync_never_replaces_what_an_editor_chose():
    sync("nl")
    ShopCollection.objects.filter(external_id=MAGNESIUM).update(
        nutrients=["magnesium", "vitamin_b12"]
    )
    sync("en")
    assert ShopCollection.objects.get(external_id=MAGNESIUM).nutrients == [
        "magnesium",
        "vitamin_b12",
    ]


def test_without_a_registered_nutrient_app_nothing_is_suggested_or_offered(monkeypatch):
    monkeypatch.setitem(nutrients._registry, "choices", None)
    monkeypatch.setitem(nutrients._registry, "suggest", None)
    sync("nl")
    assert set(map(tuple, sold().values())) == {()}
    assert nutrients.choices() == []


def edit_url(collection):
    return reverse("wagtailsnippets_shop_links_shopcollection:edit", args=[collection.pk])


def posted_form(response, **changes):
    """The edit form's current values as a POST, with `changes`."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    data.update(changes)
    return data


def test_editors_pick_nutrients_by_name_in_the_admin_language(admin_client):
    sync("nl")
    collection = ShopCollection.objects.get(external_id=MAGNESIUM)
    page = admin_client.get(edit_url(collection))
    html = page.content.decode()
    assert 'type="checkbox" name="nutrients" value="vitamin_d"' in html
    assert "Vitamin D" in html and "Vitamine D" not in html  # an English admin
    profile = UserProfile.get_for_user(page.wsgi_request.user)
    profile.preferred_language = "nl"
    profile.save()
    assert "Vitamine D" in admin_client.get(edit_url(collection)).content.decode()
    response = admin_client.post(
        edit_url(collection), posted_form(page, nutrients=["vitamin_d", "magnesium"])
    )
    assert response.status_code == 302
    collection.refresh_from_db()
    assert collection.nutrients == ["magnesium", "vitamin_d"]


def test_an_unknown_nutrient_is_refused_by_name(admin_client):
    sync("nl")
    collection = ShopCollection.objects.get(external_id=MAGNESIUM)
    page = admin_client.get(edit_url(collection))
    response = admin_client.post(edit_url(collection), posted_form(page, nutrients=["unicorn"]))
    assert response.status_code == 200
    assert "unicorn" in str(response.context["form"].errors["nutrients"])
    collection.refresh_from_db()
    assert collection.nutrients == ["magnesium"]
