"""The admin speaks the user's language, whoever asked first since the server started."""

from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest

pytestmark = pytest.mark.django_db


def speaking(client, django_user_model, language):
    user = django_user_model.objects.create_superuser(f"admin-{language}", password="pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return client


def test_the_collection_link_tooltip_and_chooser_follow_the_user(client, django_user_model, demo):
    edit = reverse("wagtailadmin_pages:edit", args=[demo.pk])
    chooser = reverse("wagtailsnippetchoosers_shop_links_shopcollection:choose")
    dutch = speaking(client, django_user_model, "nl")
    dutch_edit = dutch.get(edit).content.decode()
    dutch_chooser = dutch.get(chooser).content.decode()
    english = speaking(client, django_user_model, "en")
    english_edit = english.get(edit).content.decode()
    english_chooser = english.get(chooser).content.decode()
    assert "Link naar een winkelcollectie" in dutch_edit
    assert "Link to a shop collection" in english_edit
    assert "Link naar een winkelcollectie" not in english_edit
    assert "Kies <span" in dutch_chooser and "winkelcollectie" in dutch_chooser
    assert "Choose <span" in english_chooser and "Kies" not in english_chooser


@pytest.mark.parametrize("model", ["keyword", "author"])
def test_article_data_choosers_follow_the_user(client, django_user_model, model):
    chooser = reverse(f"wagtailsnippetchoosers_health_articles_{model}:choose")
    dutch = speaking(client, django_user_model, "nl").get(chooser).content.decode()
    english = speaking(client, django_user_model, "en").get(chooser).content.decode()
    assert "Kies <span" in dutch
    assert "Choose <span" in english and "Kies" not in english
