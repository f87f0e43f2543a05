from wagtail.images.models import SourceImageIOError

from .site_urls import absolute_url


def get_rendition(image, spec):
    """The rendition, or None when there is no image or its original file is missing."""
    if image is None:
        return None
    try:
        return image.get_rendition(spec)
    except SourceImageIOError:
        return None


def rendition_url(image, spec, request=None):
    """The rendition's absolute URL on the request's Site, or None (see `get_rendition`)."""
    rendition = get_rendition(image, spec)
    if rendition is None:
        return None
    if request is None:
        return rendition.full_url
    return absolute_url(request, rendition.url)
