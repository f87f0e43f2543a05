"""What each kind of edit changes: the tags (see `content_versions`) it bumps.

Connected in `HealthArticlesConfig.ready()`. Pages: a full save (creation,
publishing, a keyword merge), unpublishing, moving and deleting. Snippets and
settings, medical reviews and health claims: every save and delete. Each rule has
a test in tests/health_articles/test_page_cache.py.
"""

from django.db.models.signals import post_delete, post_save

from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_unpublished, post_page_move

from shop_links.i18n import content_languages
from shop_links.models import ShopCollection, ShopSettings

from .content_versions import bump
from .models import (
    ArticleIndexPage,
    Author,
    HealthArticlePage,
    HealthClaim,
    Keyword,
    MedicalReview,
    SeoSettings,
)


def page_tags(page):
    tags = {f"page:{page.pk}"}
    if isinstance(page, (HealthArticlePage, ArticleIndexPage)) or page.specific_class in (
        HealthArticlePage,
        ArticleIndexPage,
    ):
        tags.update(f"articles:{language}" for language in content_languages())
    return tags


def page_changed(sender, instance, **kwargs):
    if not isinstance(instance, Page):
        return
    # Draft revisions save the row with update_fields: what is live did not change.
    update_fields = kwargs.get("update_fields")
    if (
        kwargs.get("signal") is post_save
        and update_fields is not None
        and "live" not in update_fields
    ):
        return
    bump(*page_tags(instance))


def snippet_changed(sender, instance, **kwargs):
    name = {Keyword: "keyword", Author: "author", ShopCollection: "collection"}[sender]
    bump(f"{name}:{instance.pk}", f"{name}s")


def restriction_changed(sender, instance, **kwargs):
    # Pages below carry their ancestors' tags (breadcrumbs).
    bump(f"page:{instance.page_id}", *(f"articles:{code}" for code in content_languages()))


def review_changed(sender, instance, **kwargs):
    # The article shows its latest medical review (and JSON-LD its reviewer).
    bump(f"page:{instance.page_id}")


def claims_changed(sender, instance, **kwargs):
    # The FAQ's JSON-LD leaves out answers that make a high-severity claim.
    bump("claims")


def settings_changed(sender, instance, **kwargs):
    bump("settings")


def image_changed(sender, instance, **kwargs):
    bump("images")


def connect():
    for signal in (post_save, post_delete):
        signal.connect(page_changed, dispatch_uid=f"health_articles_page_{signal}")
        for model in (Keyword, Author, ShopCollection):
            signal.connect(snippet_changed, sender=model, dispatch_uid=f"ha_{model.__name__}")
        for model in (ShopSettings, SeoSettings, Site):
            signal.connect(settings_changed, sender=model, dispatch_uid=f"ha_{model.__name__}")
        signal.connect(image_changed, sender=get_image_model(), dispatch_uid="ha_image")
        signal.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="ha_pvr")
        signal.connect(review_changed, sender=MedicalReview, dispatch_uid="ha_review")
        signal.connect(claims_changed, sender=HealthClaim, dispatch_uid="ha_claims")
    page_unpublished.connect(page_changed, dispatch_uid="health_articles_page_unpublished")
    post_page_move.connect(page_changed, dispatch_uid="health_articles_page_moved")
