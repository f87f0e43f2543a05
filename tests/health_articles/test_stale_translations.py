"""Stale translations through the admin: a block changed in one language marks the others."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

import pytest

from health_articles.models import BlockEdit, HealthArticlePage
from health_articles.staleness import block_texts, record_block_edits, stale_blocks
from health_articles.views import stale_rows
from tests.concurrency import needs_postgresql, run_together
from tests.health_articles.test_admin import article_body, localized
from tests.health_articles.test_claims_guard import CLEAN, add_url, form_data, nested_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


@pytest.fixture
def editor_client(client, demo):
    client.force_login(get_user_model().objects.create_superuser("ed", "e@example.com", "pw"))
    return client


def create(client):
    data = form_data(CLEAN)
    response = client.post(add_url(), nested_form_data({**data, "action-publish": "1"}))
    assert response.status_code == 302
    return HealthArticlePage.objects.get(slug="magnesium-guard"), data


def edit(client, page, data, language, heading):
    from health_articles.models import Keyword
    from shop_links.models import ShopCollection

    body = article_body(
        heading,
        ShopCollection.objects.get(handle="magnesium-guard"),
        [Keyword.objects.get(name="Magnesium guard")],
    )
    data = {**data, localized("body", language): body}
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(url, nested_form_data({**data, "action-publish": "1"}))
    assert response.status_code == 302
    return data


def test_a_block_changed_in_one_language_is_marked_in_the_other(editor_client):
    page, data = create(editor_client)
    assert stale_blocks(page) == []
    data = edit(editor_client, page, data, "nl", "Magnesium in voeding")
    [stale] = stale_blocks(page)
    assert (stale.language, stale.key, stale.source_language) == ("en", "section:1", "nl")

    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Translations possibly out of date" in html
    assert 'data-language="en" data-key="section:1"' in html

    report = editor_client.get(reverse("health_articles_stale_report")).content.decode()
    assert "Stale translations" in report and "section 1" in report
    assert [(row.page.pk, row.language, row.count) for row in stale_rows()] == [(page.pk, "en", 1)]
    csv_text = editor_client.get(reverse("health_articles_stale_report") + "?export=csv")
    assert "section 1 (Magnesium)" in csv_text.getvalue().decode()

    # The translator catches up: the mark goes, and the Dutch source is not marked in turn.
    edit(editor_client, page, data, "en", "Magnesium in food")
    assert stale_blocks(page) == []
    assert stale_rows() == []
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Translations possibly out of date" not in html


def test_saving_without_changes_marks_nothing(editor_client):
    page, data = create(editor_client)
    edit(editor_client, page, data, "nl", "Magnesium")  # the heading it already had
    assert stale_blocks(page) == []


def test_a_new_translation_does_not_mark_the_source(demo):
    """Writing a language for the first time is not a change of the others."""
    assert stale_blocks(demo) == []
    assert {edit.language for edit in BlockEdit.objects.filter(page=demo)} == {"nl", "en"}


def test_blocks_are_matched_by_kind_and_position(demo):
    nl, en = block_texts(demo, "nl"), block_texts(demo, "en")
    assert set(nl) == set(en)
    assert "section:1" in nl and "faq:1" in nl
    assert not any(key.startswith("keywords") for key in nl)
    assert block_texts(demo, "de") == {}


def test_a_later_change_in_the_other_language_is_a_new_source(demo):
    later = timezone.now() + datetime.timedelta(minutes=1)
    draft = demo.get_latest_revision_as_object()
    from django.utils.translation import override

    with override("en"):
        draft.title = "B12 and the nerves"
    record_block_edits(draft, later)
    [stale] = stale_blocks(demo)
    assert (stale.language, stale.key, stale.source_language) == ("nl", "title", "en")


def twice_at_once(page, action):
    """Run `action` (lines of code with `page` loaded) in two processes at once, on a page
    with no recorded blocks yet (as before migration 0008: both create them); each
    block must then be recorded once."""
    BlockEdit.objects.all().delete()
    script = (
        "from health_articles.models import HealthArticlePage\n"
        f"page = HealthArticlePage.objects.get(pk={page.pk})\n"
        "wait_for_start()\n" + action
    )
    results = run_together(script, script)
    assert [code for code, _out, _err in results] == [0, 0], results
    keys = set(block_texts(page, "nl")) | {f"en {k}" for k in block_texts(page, "en")}
    assert BlockEdit.objects.filter(page=page).count() == len(keys)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_both_record_on_postgresql(demo):
    twice_at_once(demo, "page.save_revision()\n")
    assert stale_blocks(demo) == []


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_recordings_at_once_take_turns(demo):
    """`record_block_edits` on its own (save_revision's page update already serialises
    two saves): the second waits for the first's rows instead of inserting them too."""
    twice_at_once(
        demo,
        "from django.db import transaction\n"
        "from health_articles.staleness import record_block_edits\n"
        "with transaction.atomic():\n"
        "    record_block_edits(page)\n"
        "    time.sleep(1)  # holds what it wrote: the other one meets it\n",
    )
