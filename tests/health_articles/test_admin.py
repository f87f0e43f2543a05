"""The real Wagtail admin forms, driven as an editor would (all languages on one form)."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_init
from django.urls import reverse
from django.utils.translation import override

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest
from modeltranslation.utils import build_localized_fieldname

from health_articles.blocks import ARTICLE_RICH_TEXT_FEATURES
from health_articles.models import ArticleIndexPage, HealthArticlePage, Keyword
from shop_links.models import ShopCollection
from tests.factories import KeywordFactory, ShopCollectionFactory, inline_link

pytestmark = pytest.mark.django_db


def localized(field, language):
    """The admin form's name for `field` in `language` (modeltranslation's naming)."""
    return build_localized_fieldname(field, language)


def list_block(items):
    return {
        "count": len(items),
        **{
            str(i): {"value": item, "deleted": "", "order": i, "id": ""}
            for i, item in enumerate(items)
        },
    }


def article_body(heading, collection, keywords, answer="<p>Ja.</p>"):
    return streamfield(
        [
            (
                "section",
                {
                    "heading": heading,
                    "text": rich_text(
                        f"<p>Zie {inline_link(collection.pk, 'magnesium')}.</p>",
                        features=ARTICLE_RICH_TEXT_FEATURES,
                    ),
                    "image": "",
                    "caption": "",
                    "numbered": "on",
                },
            ),
            (
                "faq",
                {
                    "heading": "FAQ",
                    "questions": list_block(
                        [{"question": "Werkt het?", "answer": rich_text(answer)}]
                    ),
                },
            ),
            ("keywords", {"heading": "Keywords", "keywords": list_block([k.pk for k in keywords])}),
            ("collection_link", {"collection": collection.pk, "link_text": "", "style": "card"}),
        ]
    )


class ArticleAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        from django.core.management import call_command

        call_command("load_demo", "--no-admin", stdout=open("/dev/null", "w"))  # noqa: SIM115
        cls.index = ArticleIndexPage.objects.get()
        cls.collection = ShopCollectionFactory(handle="magnesium-extra")
        cls.keyword = KeywordFactory(name="Magnesium")
        cls.user = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")

    def setUp(self):
        self.client.force_login(self.user)

    def form_data(self, **overrides):
        data = {
            localized("title", "nl"): "Magnesium en slaap",
            localized("slug", "nl"): "magnesium-en-slaap",
            localized("title", "en"): "Magnesium and sleep",
            localized("slug", "en"): "magnesium-and-sleep",
            "date": "2025-11-02",
            localized("intro", "nl"): rich_text("<p>Slaapt u slecht?</p>"),
            localized("intro", "en"): rich_text("<p>Sleeping badly?</p>"),
            localized("body", "nl"): article_body(
                "Waarom magnesium", self.collection, [self.keyword]
            ),
            localized("body", "en"): article_body("Why magnesium", self.collection, [self.keyword]),
            # German and French are left empty, as an editor leaves them until translated.
            localized("body", "de"): streamfield([]),
            localized("body", "fr"): streamfield([]),
        }
        data.update(overrides)
        return nested_form_data(data)

    def add_url(self):
        return reverse(
            "wagtailadmin_pages:add",
            args=["health_articles", "healtharticlepage", self.index.pk],
        )

    def test_parent_and_child_types(self):
        self.assertAllowedParentPageTypes(HealthArticlePage, {ArticleIndexPage})
        self.assertAllowedSubpageTypes(HealthArticlePage, {})

    def test_editor_creates_an_article_in_dutch_and_english(self):
        self.assertCanCreate(self.index, HealthArticlePage, self.form_data())
        page = HealthArticlePage.objects.get(slug="magnesium-en-slaap")
        assert page.available_languages() == ["nl", "en"]
        for language, heading in [("nl", "Waarom magnesium"), ("en", "Why magnesium")]:
            with override(language):
                assert page.body[0].value["heading"] == heading
                assert page.body[3].value.url == (
                    f"https://www.topvitamine.com/{language}/collections/magnesium-extra"
                )
                html = page.body[0].value["text"].source
                assert f'id="{self.collection.pk}"' in html
                assert 'linktype="collection"' in html

    def test_published_article_is_served_in_both_languages(self):
        self.client.post(self.add_url(), {**self.form_data(), "action-publish": "publish"})
        page = HealthArticlePage.objects.get(slug="magnesium-en-slaap")
        assert page.live
        for language in ("nl", "en"):
            with override(language):
                url = page.url
            response = self.client.get(url)
            assert response.status_code == 200
            assert "https://www.topvitamine.com/" + language in response.content.decode()
        with override("de"):
            assert self.client.get("/de/artikel/magnesium-en-slaap/").status_code == 404

    def assert_rejected(self, data, field):
        # Wagtail lets drafts be saved incomplete; publishing validates everything.
        before = HealthArticlePage.objects.count()
        response = self.client.post(self.add_url(), {**data, "action-publish": "publish"})
        assert response.status_code == 200
        assert HealthArticlePage.objects.count() == before
        form = response.context["form"]
        assert field in form.errors, form.errors
        return form.errors[field]

    def test_a_slug_a_sibling_uses_in_that_language_is_refused_without_loading_siblings(self):
        """wagtail-modeltranslation's check (each language's slug against the siblings'
        in that language, with fallbacks), asked of the slug indexes (`slug_clashes`)."""
        demo = HealthArticlePage.objects.get()
        with override("en"):
            taken = demo.slug
        with override("nl"):
            for number in range(30):
                self.index.add_child(
                    instance=HealthArticlePage(title=f"Filler {number}", slug=f"filler-{number}")
                )
        loaded = []

        def count(sender, instance, **kwargs):
            if isinstance(instance, Page) and instance.title.startswith("Filler"):
                loaded.append(instance)

        post_init.connect(count)
        try:
            errors = self.assert_rejected(
                self.form_data(**{localized("slug", "en"): taken}), localized("slug", "en")
            )
        finally:
            post_init.disconnect(count)
        assert "Deze slug is al in gebruik" in errors  # the admin speaks the site's Dutch
        assert loaded == []

    def test_collection_link_without_collection_is_rejected_on_the_field(self):
        body = streamfield(
            [("collection_link", {"collection": "", "link_text": "", "style": "card"})]
        )
        errors = self.assert_rejected(
            self.form_data(**{localized("body", "nl"): body}), localized("body", "nl")
        )
        block_error = errors.as_data()[0].block_errors[0]
        assert "collection" in block_error.block_errors

    def test_question_without_answer_is_rejected_on_the_field(self):
        body = article_body("Kop", self.collection, [self.keyword], answer="")
        errors = self.assert_rejected(
            self.form_data(**{localized("body", "en"): body}), localized("body", "en")
        )
        faq_error = errors.as_data()[0].block_errors[1]
        answer_error = faq_error.block_errors["questions"].block_errors[0]
        assert "answer" in answer_error.block_errors

    def test_duplicate_slug_within_a_language_is_rejected(self):
        with override("nl"):
            dutch_slug = HealthArticlePage.objects.get(slug__startswith="wat-zijn").slug
        data = self.form_data(**{localized("slug", "nl"): dutch_slug})
        errors = self.assert_rejected(data, localized("slug", "nl"))
        assert "in use" in str(errors) or "gebruik" in str(errors)

    def test_same_slug_in_two_languages_is_allowed(self):
        data = self.form_data(**{localized("slug", "en"): "magnesium-en-slaap"})
        self.assertCanCreate(self.index, HealthArticlePage, data)

    def test_editing_one_language_leaves_the_other_untouched(self):
        self.client.post(self.add_url(), {**self.form_data(), "action-publish": "publish"})
        page = HealthArticlePage.objects.get(slug="magnesium-en-slaap")
        edited = self.form_data(**{localized("title", "en"): "Magnesium: where to find it"})
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            {**edited, "action-publish": "publish"},
        )
        assert response.status_code == 302
        page.refresh_from_db()
        with override("en"):
            assert page.title == "Magnesium: where to find it"
        with override("nl"):
            assert page.title == "Magnesium en slaap"


def test_keyword_and_collection_snippets_are_listed_in_the_admin(admin_client, demo):
    for url in (
        reverse("wagtailsnippets_health_articles_keyword:list"),
        reverse("wagtailsnippets_shop_links_shopcollection:list"),
        reverse("wagtailsnippets_health_articles_author:list"),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200
    assert Keyword.objects.count() == 15
    assert ShopCollection.objects.count() == 5


def test_rich_text_editor_offers_the_collection_link_button(admin_client, demo):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[demo.pk]))
    html = response.content.decode()
    assert "shop_links/js/collection-link.js" in html
    assert '"COLLECTION"' in html or "COLLECTION" in html
