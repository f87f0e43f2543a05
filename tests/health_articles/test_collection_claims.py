"""What a collection sells, checked against the text that links to it.

Collections carry nutrient keys (`ShopCollection.nutrients`); the claims checker
flags a claim beside a link when none of the collection's nutrients has an
authorised claim for it (high: blocks publishing), and link text that names a
nutrient the collection does not sell (medium). Pages, files, the report, the
publish guard and the FAQ JSON-LD all read the collections' nutrients.
"""

import json
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from health_articles.blocks import ARTICLE_RICH_TEXT_FEATURES
from health_articles.claims.checker import COLLECTION_CLAIM, LINK_NUTRIENT
from health_articles.claims.report import claims_rows
from health_articles.claims.service import check_page, collection_nutrients
from health_articles.claims.sources import page_units
from health_articles.models import HealthArticlePage
from shop_links.models import ShopCollection
from tests.factories import ShopCollectionFactory, inline_link
from tests.health_articles.test_admin import localized
from tests.health_articles.test_claims_guard import add_url, editor, form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

BESIDE_LINK = "For a healthy heart, try {link}."


def kinds(report):
    return {f.kind for f in report.findings}


def test_the_demo_link_that_says_d_or_c_to_a_vitamin_d_collection_is_flagged(demo):
    report = check_page(demo, "en")
    [mismatch] = [f for f in report.findings if f.kind == LINK_NUTRIENT]
    assert mismatch.nutrients == ("vitamin_c",)
    assert "vitamin D or C" in mismatch.sentence
    assert "sells vitamin_d" in mismatch.message
    assert COLLECTION_CLAIM in kinds(report)
    assert {f.severity for f in report.findings if f.kind == COLLECTION_CLAIM} == {"high"}


def test_without_nutrients_on_the_collections_the_collection_kinds_are_silent(demo):
    ShopCollection.objects.update(nutrients=[])
    for language in ("nl", "en"):
        assert not kinds(check_page(demo, language)) & {COLLECTION_CLAIM, LINK_NUTRIENT}


def test_the_claim_is_judged_by_what_the_linked_collection_sells(demo):
    collection = ShopCollectionFactory(handle="heart-range", nutrients=["magnesium"])
    page = demo.get_latest_revision_as_object()
    with override("en"):
        page.intro = f"<p>{BESIDE_LINK.format(link=inline_link(collection.pk, 'our range'))}</p>"
    heart = [f for f in check_page(page, "en").findings if f.block == "intro"]
    assert [(f.kind, f.severity, f.nutrients) for f in heart] == [
        (COLLECTION_CLAIM, "high", ("magnesium",))
    ]
    assert "normal function of the heart" not in heart[0].suggestion  # magnesium has none
    collection.nutrients = ["dha_epa"]  # EPA and DHA: the authorised heart claim
    collection.save()
    assert [f for f in check_page(page, "en").findings if f.block == "intro"] == []


def test_collection_nutrients_take_one_query_and_none_without_links(demo):
    units = page_units(demo, "nl")
    with CaptureQueriesContext(connection) as queries:
        sold = collection_nutrients(units)
    assert len(queries) == 1
    assert set(sold.values()) >= {frozenset({"vitamin_d"}), frozenset({"dha_epa"})}
    with CaptureQueriesContext(connection) as queries:
        assert collection_nutrients([u for u in units if not u.links]) == {}
    assert len(queries) == 0


def publish_en_body(client, html):
    data = form_data("Magnesium is found in nuts and seeds.")
    data[localized("body", "en")] = streamfield(
        [
            (
                "section",
                {
                    "heading": "Magnesium",
                    "text": rich_text(html, features=ARTICLE_RICH_TEXT_FEATURES),
                    "image": "",
                    "caption": "",
                    "numbered": "on",
                },
            )
        ]
    )
    return client.post(add_url(), nested_form_data({**data, "action-publish": "publish"}))


def test_publishing_a_claim_the_linked_collection_cannot_make_is_refused(client, demo):
    collection = ShopCollectionFactory(handle="magnesium-only", nutrients=["magnesium"])
    client.force_login(editor())
    html = f"<p>{BESIDE_LINK.format(link=inline_link(collection.pk, 'our range'))}</p>"
    refused = publish_en_body(client, html)
    assert refused.status_code == 200
    assert "For a healthy heart" in " ".join(refused.context["form"].non_field_errors())
    assert not HealthArticlePage.objects.filter(slug="magnesium-guard", live=True).exists()

    collection.nutrients = ["dha_epa"]
    collection.save()
    assert publish_en_body(client, html).status_code == 302
    assert HealthArticlePage.objects.get(slug="magnesium-guard").live


def test_the_claims_report_counts_collection_kinds(demo):
    rows = {row.language: row for row in claims_rows()}
    assert rows["en"].count_collection_claim_mismatch > 0
    assert rows["en"].count_link_nutrient_mismatch == 1
    ShopCollection.objects.update(nutrients=[])
    rows = {row.language: row for row in claims_rows()}
    assert rows["en"].count_collection_claim_mismatch == 0


def test_check_claims_reads_shop_links_in_a_file(demo, tmp_path):
    from shop_links.lookup import current_shop_settings

    collection = ShopCollectionFactory(handle="magnesium-only", nutrients=["magnesium"])
    url = current_shop_settings().collection_url(collection.handle, "en")
    path = tmp_path / "heart.en.html"
    path.write_text(
        "<html lang='en'><head><title>Heart</title></head><body><h1>Heart</h1>"
        f"<p>{BESIDE_LINK.format(link=f'<a href={url!r}>our range</a>')}</p></body></html>",
        encoding="utf-8",
    )
    out = StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command("check_claims", str(path), "--format", "json", stdout=out)
    assert exit_code.value.code == 1
    findings = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(f["kind"], f["nutrients"]) for f in findings] == [(COLLECTION_CLAIM, ["magnesium"])]
