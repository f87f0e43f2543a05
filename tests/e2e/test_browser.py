"""A reader and an editor in a real browser (Debian's Chromium, driven by Playwright)."""

import re
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import override

from wagtail.users.models import UserProfile

import pytest
from modeltranslation.utils import build_localized_fieldname
from playwright.sync_api import expect

from health_articles.models import HealthArticlePage
from shop_links.models import ShopCollection
from shop_links.rich_text import find_collection_ids

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_reader_reads_switches_language_and_uses_the_page(live_demo, page):
    article = HealthArticlePage.objects.get()
    with override("nl"):
        dutch_url = article.url
    page.goto(live_demo.url + dutch_url)
    assert page.locator("h1").inner_text().startswith("Wat zijn de neurologische")
    assert page.locator("html").get_attribute("lang") == "nl"

    # The table of contents jumps to a numbered section.
    page.locator(".toc a").nth(2).click()
    assert page.url.endswith("#" + page.locator(".article-section h2").nth(2).get_attribute("id"))
    assert page.locator(".article-section h2").nth(2).inner_text().startswith("3.")

    # FAQ answers open on click.
    first = page.locator("details.faq__item").first
    assert not first.evaluate("el => el.open")
    first.locator("summary").click()
    assert first.evaluate("el => el.open")

    # The switcher leads to the English article.
    page.locator(".language-switcher a[hreflang=en]").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().startswith("What are the neurological")
    shop_link = page.locator("a.collection-link").first.get_attribute("href")
    assert shop_link.startswith("https://www.topvitamine.com/en/collections/")
    assert page.js_errors == []


def test_article_fits_a_phone_screen(live_demo, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    phone = context.new_page()
    article = HealthArticlePage.objects.get()
    with override("en"):
        phone.goto(live_demo.url + article.url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_editor_links_words_to_a_collection_with_the_toolbar(live_demo, page):
    """An English-speaking editor links a word of the Dutch intro: the chooser names the
    collections in Dutch, the language being edited."""
    editor = get_user_model().objects.create_superuser("editor", "e@example.com", "e2e-password")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    article = HealthArticlePage.objects.get()
    vitamin_k = ShopCollection.objects.get(handle="vitamin-k-benefits-bone-blood-health")
    with override("nl"):
        assert vitamin_k.pk not in find_collection_ids([article.intro])

    page.goto(live_demo.url + "/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "e2e-password")
    page.click("button[type=submit]")
    page.goto(f"{live_demo.url}/admin/pages/{article.pk}/edit/")

    # Select the intro's first word and link it with the collection button.
    intro = page.locator(".public-DraftEditor-content").first
    links_before = intro.locator(".TooltipEntity").count()
    intro.locator("[data-block=true]").first.click(position={"x": 1, "y": 8})
    page.keyboard.press("Control+Shift+ArrowRight")
    page.locator("button[name=COLLECTION]").first.click()
    choices = page.locator(".modal a[data-chooser-modal-choice]")
    with override("nl"):
        dutch_title = vitamin_k.title
    with override("en"):
        english_title = vitamin_k.title
    expect(choices.filter(has_text=dutch_title)).to_have_count(1)
    expect(choices.filter(has_text=english_title)).to_have_count(0)
    expect(page.locator(".modal")).to_contain_text("Choose")  # the admin's own language
    choices.filter(has_text=dutch_title).click()
    expect(intro.locator(".TooltipEntity")).to_have_count(links_before + 1)
    # Draftail writes its state to the form's hidden input on an interval: wait for it.
    field = page.locator(f"input[name={build_localized_fieldname('intro', 'nl')}]")
    expect(field).to_have_value(re.compile(rf'"id":\s*{vitamin_k.pk}\b'))
    with page.expect_navigation():
        page.locator("button.action-save").first.click()  # Save draft
    # Saved (the admin says so), not sent back with an error: then read what is stored.
    messages = page.locator(".messages li")
    expect(messages.first).to_be_visible()
    assert messages.evaluate_all("items => items.map(i => i.className)") == ["success"], (
        messages.all_inner_texts()
    )

    draft = HealthArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    with override("nl"):
        stored_intro = draft.intro
    # The stored link holds the collection's id only, never a URL.
    assert vitamin_k.pk in find_collection_ids([stored_intro])
    assert "href" not in stored_intro
    assert page.js_errors == []


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the preview panel's concurrent requests meet SQLite's table locks in the "
    "in-memory test database of the threaded live server",
)
def test_the_claims_panel_follows_what_the_editor_types(live_demo, page):
    get_user_model().objects.create_superuser("checker", "checker@example.com", "e2e-password")
    article = HealthArticlePage.objects.get()
    claim = "Magnesium geneest slapeloosheid."
    pending = set()
    page.on("request", lambda request: pending.add(request))
    page.on("requestfinished", lambda request: pending.discard(request))
    page.on("requestfailed", lambda request: pending.discard(request))
    page.goto(live_demo.url + "/admin/login/")
    page.fill("input[name=username]", "checker")
    page.fill("input[name=password]", "e2e-password")
    page.click("button[type=submit]")
    page.goto(f"{live_demo.url}/admin/pages/{article.pk}/edit/")
    checks = page.locator("[data-health-claims-checks]")
    expect(checks).not_to_contain_text(claim)
    expect(checks).to_have_attribute("data-source", "draft")

    # Type a disease claim at the end of the Dutch intro's first paragraph, then let the
    # preview panel update: the claims panel (Promote tab) follows, nothing is saved.
    intro = page.locator(".public-DraftEditor-content").first
    intro.locator("[data-block=true]").first.click()
    page.keyboard.press("End")
    page.keyboard.type(" " + claim)
    # Draftail writes its state to the form's hidden input on an interval: wait for it,
    # so the preview's first update already holds the claim.
    field = page.locator(f"input[name={build_localized_fieldname('intro', 'nl')}]")
    expect(field).to_have_value(re.compile("slapeloosheid"))
    page.locator('[data-side-panel-toggle="preview"]').first.click()
    expect(checks).to_contain_text(claim, timeout=20_000)
    expect(checks).to_have_attribute("data-source", "preview")
    with override("nl"):
        assert claim not in HealthArticlePage.objects.get(pk=article.pk).intro
    assert page.js_errors == []
    # Stop the preview's auto-update and let its last requests finish: one still running
    # on the live server when the test database is flushed deadlocks the flush.
    page.locator('[data-side-panel-toggle="preview"]').first.click()
    for _ in range(100):
        if not pending:
            break
        page.wait_for_timeout(100)
    page.goto("about:blank")
    time.sleep(1)  # anything the browser gave up on finishes on the server
