"""Data derived from what is live, rebuilt when Wagtail publishes or unpublishes."""

from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished


@receiver(page_published)
def rebuild_after_publishing(sender, instance, revision=None, **kwargs):
    from .models import HealthArticlePage

    if isinstance(instance, HealthArticlePage):
        instance.rebuild_live_data()


@receiver(page_unpublished)
def clear_after_unpublishing(sender, instance, **kwargs):
    from .models import HealthArticlePage

    if isinstance(instance, HealthArticlePage):
        instance.clear_live_data()
