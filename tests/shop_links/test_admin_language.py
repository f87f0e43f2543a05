"""The admin speaks the user's language, whoever asked first since the server started."""

from django.db.models import F as models_F
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


def chosen_names(html, field):
    """The names the editor's StreamField for `field` (e.g. body_nl) shows for its choosers."""
    import html as html_lib
    import json
    import re

    arguments = re.search(rf'id="{field}"[^>]*data-w-block-arguments-value="([^"]*)"', html)
    state = json.loads(html_lib.unescape(arguments.group(1)))
    return re.findall(r'"string": "([^"]+)"', json.dumps(state, ensure_ascii=False))


def test_choosers_in_a_language_field_name_items_in_that_language(client, django_user_model, demo):
    from django.utils.translation import override

    from health_articles.models import Keyword

    keyword = Keyword.objects.filter(name_nl__isnull=False, name_en__isnull=False).exclude(
        name_nl=models_F("name_en")
    )[0]
    with override("nl"):
        dutch_name = keyword.name
    with override("en"):
        english_name = keyword.name
    english = speaking(client, django_user_model, "en")
    html = english.get(reverse("wagtailadmin_pages:edit", args=[demo.pk])).content.decode()
    dutch_body, english_body = chosen_names(html, "body_nl"), chosen_names(html, "body_en")
    assert dutch_name in dutch_body and english_name not in dutch_body
    assert english_name in english_body and dutch_name not in english_body


@pytest.mark.parametrize("language", ["nl", "en"])
def test_chooser_modal_opened_for_a_language_lists_and_returns_its_names(
    client, django_user_model, demo, language
):
    import json

    from django.utils.translation import override

    from health_articles.models import Keyword

    keyword = Keyword.objects.exclude(name_nl=models_F("name_en")).order_by("pk")[0]
    with override(language):
        name = keyword.name
    admin_language = {"nl": "en", "en": "nl"}[language]  # the UI speaks the other one
    with override(admin_language):
        other_name = keyword.name
    admin = speaking(client, django_user_model, admin_language)
    choose = reverse("wagtailsnippetchoosers_health_articles_keyword:choose")
    listing = json.loads(admin.get(choose, {"content_language": language}).content)["html"]
    assert name in listing and other_name not in listing
    assert {"en": "Choose", "nl": "Kies"}[admin_language] in listing  # the UI's language
    chosen = reverse("wagtailsnippetchoosers_health_articles_keyword:chosen", args=[keyword.pk])
    assert f'href="{chosen}?content_language={language}"' in listing  # choosing keeps it
    results = reverse("wagtailsnippetchoosers_health_articles_keyword:choose_results")
    found = admin.get(results, {"content_language": language, "q": name}).content.decode()
    assert name in found and other_name not in found
    result = json.loads(admin.get(chosen, {"content_language": language}).content)["result"]
    assert result["string"] == name


def test_chooser_modal_ignores_a_language_the_site_does_not_have(client, django_user_model, demo):
    import json

    from django.utils.translation import override

    from health_articles.models import Keyword

    keyword = Keyword.objects.exclude(name_nl=models_F("name_en")).order_by("pk")[0]
    with override("en"):
        english_name = keyword.name
    admin = speaking(client, django_user_model, "en")
    choose = reverse("wagtailsnippetchoosers_health_articles_keyword:choose")
    response = admin.get(choose, {"content_language": "xx"})
    assert response.status_code == 200
    assert english_name in json.loads(response.content)["html"]  # the admin's language


def test_stream_field_chooser_buttons_follow_the_user(client, django_user_model, demo):
    edit = reverse("wagtailadmin_pages:edit", args=[demo.pk])
    dutch = speaking(client, django_user_model, "nl").get(edit).content.decode()
    english = speaking(client, django_user_model, "en").get(edit).content.decode()
    assert "Kies winkelcollectie" in dutch
    assert "Choose shop collection" in english and "Kies winkelcollectie" not in english


def test_rich_text_collection_links_are_named_in_the_fields_language(
    client, django_user_model, demo
):
    import html as html_lib
    import re

    from shop_links.models import ShopCollection

    english = speaking(client, django_user_model, "en")
    page = english.get(reverse("wagtailadmin_pages:edit", args=[demo.pk])).content.decode()

    def link_titles(field):
        arguments = re.search(rf'id="{field}"[^>]*data-w-block-arguments-value="([^"]*)"', page)
        # Draftail's content state is JSON inside the block state's JSON: quotes are \\"
        state = html_lib.unescape(arguments.group(1))
        return set(re.findall(r'\\"title\\": \\"([^"\\]+)\\"', state))

    dutch_titles = {c.title_nl for c in ShopCollection.objects.all()}
    english_titles = {c.title_en for c in ShopCollection.objects.all()} - dutch_titles
    dutch_links, english_links = link_titles("body_nl"), link_titles("body_en")
    assert dutch_links and dutch_links <= dutch_titles
    assert english_links and english_links <= english_titles | dutch_titles
    assert english_links & english_titles
