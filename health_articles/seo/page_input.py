"""Builds the SeoInput of one language of an article."""

from django.utils.html import strip_tags
from django.utils.translation import override

from shop_links.i18n import without_fallbacks

from ..models import iter_strings
from .checks import SeoInput


def _alt_missing(image):
    return image is not None and not (getattr(image, "description", "") or "").strip()


def seo_input(page, language):
    with override(language), without_fallbacks():
        headings, html, missing_alt = [], [page.intro or ""], []
        if _alt_missing(page.hero_image):
            missing_alt.append(page.hero_image.title)
        for block in page.body:
            value = block.value
            if block.block_type in ("section", "faq", "keywords"):
                headings.append(value["heading"])
            # A section picture's caption (in this language) is its alt text.
            if (
                block.block_type == "section"
                and not (value.get("caption") or "").strip()
                and _alt_missing(value.get("image"))
            ):
                missing_alt.append(value["image"].title)
        html += list(iter_strings(page.body.raw_data))
        joined = " ".join(html)
        block_links = sum(1 for b in page.body.raw_data if b["type"] == "collection_link")
        return SeoInput(
            language=language,
            keyphrase=page.focus_keyphrase or "",
            title=page.title or "",
            seo_title=page.seo_title or "",
            slug=page.slug or "",
            description=page.search_description or "",
            intro_html=page.intro or "",
            headings=[h for h in headings if h],
            body_text=" ".join(strip_tags(part.replace("</p>", "</p>\n")) for part in html),
            images_without_alt=missing_alt,
            internal_links=joined.count('linktype="page"'),
            collection_links=joined.count('linktype="collection"') + block_links,
            url=page.full_url or "",
            languages=tuple(page.site_languages()),
        )
