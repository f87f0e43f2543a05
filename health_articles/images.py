from copy import copy

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


def prefetch_renditions(images):
    """Load the renditions of every image in `images` in one query.

    Each instance gets them as `prefetched_renditions`, which Wagtail's `get_rendition`
    and `get_renditions` (and so `{% picture %}`) read before the rendition cache or
    the database; a rendition not made yet is still made on first use. Images that
    already have their renditions prefetched, and None, are skipped.
    """
    by_id = {}
    for image in images:
        if image is not None and image._get_prefetched_renditions() is None:
            by_id.setdefault(image.pk, []).append(image)
    if not by_id:
        return
    model = next(iter(by_id.values()))[0].get_rendition_model()
    found = {pk: [] for pk in by_id}
    for rendition in model.objects.filter(image_id__in=by_id):
        found[rendition.image_id].append(rendition)
    for pk, instances in by_id.items():
        for number, image in enumerate(instances):
            # Each instance its own copies, as Wagtail's prefetch does: a rendition's
            # alt text and URL read its own image. The first instance takes the loaded
            # ones (most images are shown once: no copy at all).
            renditions = found[pk] if number == 0 else [copy(r) for r in found[pk]]
            image.prefetched_renditions = renditions
            for rendition in renditions:
                rendition.image = image


def rendition_url(image, spec, request=None):
    """The rendition's absolute URL on the request's Site, or None (see `get_rendition`)."""
    rendition = get_rendition(image, spec)
    if rendition is None:
        return None
    if request is None:
        return rendition.full_url
    return absolute_url(request, rendition.url)


# The renditions public templates use. The templates spell the same specs (a test
# checks they agree), and `warm_renditions` creates them all when a page is
# published, so no reader waits for an image to be resized.
HERO_PICTURE = "format-{avif,webp,jpeg} fill-{800x450,1200x675}"
SECTION_PICTURE = "format-{avif,webp,jpeg} width-{480,960}"
CARD_PICTURE = "format-{avif,webp,jpeg} fill-480x270"
COLLECTION_PICTURE = "format-{avif,webp,jpeg} fill-240x180"
# For JSON-LD and social cards: one of the hero's own renditions (16:9, 1200 px).
HERO_SHARE = "format-jpeg|fill-1200x675"
LOGO = "max-512x512"
AUTHOR_PHOTO = "fill-400x400"


def expand(spec):
    from wagtail.images.models import Filter

    return [Filter(spec=item) for item in Filter.expand_spec(spec)]


def warm(image, spec):
    """Create every rendition of `spec` for `image` (missing originals are skipped)."""
    if image is None:
        return 0
    try:
        return len(image.get_renditions(*expand(spec)))
    except SourceImageIOError:
        return 0
