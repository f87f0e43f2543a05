from wagtail.images.models import SourceImageIOError


def rendition_url(image, spec):
    """The rendition's URL, or None when the original file is missing or unreadable."""
    if image is None:
        return None
    try:
        return image.get_rendition(spec).full_url
    except SourceImageIOError:
        return None
