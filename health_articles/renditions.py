"""Renditions are made when an article is published, not while a reader waits.

`page_published` enqueues `warm_article_renditions` (django-tasks, which Wagtail
uses too) after the transaction commits: with the default immediate backend it
runs at once, with a worker backend it runs in the background.
"""

from django.db import transaction
from django.utils.translation import override

from wagtail.signals import page_published

from django_tasks import task

from shop_links.i18n import without_fallbacks
from shop_links.lookup import get_collections

from .images import (
    AUTHOR_PHOTO,
    CARD_PICTURE,
    COLLECTION_PICTURE,
    HERO_PICTURE,
    LOGO,
    SECTION_PICTURE,
    warm,
)


def article_images(page):
    """(image, spec) for every image the article's public pages show, in every language."""
    from .models import SeoSettings

    yield page.hero_image, HERO_PICTURE
    yield page.hero_image, CARD_PICTURE
    if page.author is not None:
        yield page.author.photo, AUTHOR_PHOTO
    site = page.get_site()
    if site is not None:
        yield SeoSettings.for_site(site).organization_logo, LOGO
    collection_ids = set()
    for language in page.site_languages():
        with override(language), without_fallbacks():
            for block in page.body:
                if block.block_type == "section" and block.value.get("image"):
                    yield block.value["image"], SECTION_PICTURE
            collection_ids |= page.collection_links()["block"]
    for collection in get_collections(collection_ids).values():
        yield collection.image, COLLECTION_PICTURE


@task()
def warm_article_renditions(page_id):
    from .models import HealthArticlePage

    page = HealthArticlePage.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    return sum(warm(image, spec) for image, spec in article_images(page))


def on_publish(sender, instance, **kwargs):
    from .models import HealthArticlePage

    if isinstance(instance, HealthArticlePage):
        transaction.on_commit(lambda: warm_article_renditions.enqueue(instance.pk))


page_published.connect(on_publish, dispatch_uid="health_articles_warm_renditions")
