"""Structured data (schema.org JSON-LD) for an article page, in one @graph."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import escape
from django.utils.safestring import mark_safe

from shop_links.models import ShopSettings

from ..images import AUTHOR_PHOTO, HERO_SHARE, LOGO, get_rendition, rendition_url
from ..models import SeoSettings
from ..site_urls import absolute_url, site_for, site_root_url
from ..text import plain_text

# Characters that could end the <script> element or start an HTML comment.
ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_tag(data, nonce=None):
    """A <script type="application/ld+json"> whose content cannot break out of it.

    `nonce` is the request's Content-Security-Policy nonce, when the host has one.
    """
    return script_element(json_text(data), nonce)


def json_text(data):
    """`data` as JSON in which every "<", ">" and "&" is escaped (`\\u003c`…)."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(ESCAPES)


def script_element(text, nonce=None):
    """The script element around `json_text(…)`'s output."""
    # Escape again what json_text escapes (a no-op on its output): whatever text reaches
    # here, it cannot close the element.
    text = str(text).translate(ESCAPES)
    attributes = f' nonce="{escape(nonce)}"' if nonce else ""
    return mark_safe(f'<script type="application/ld+json"{attributes}>{text}</script>')  # noqa: S308


plain = plain_text


# 16:9 and at least 1200 px wide, as search engines ask of an article's image.
HERO_SPEC = HERO_SHARE
HERO_MIN_WIDTH = 1200


def hero_image(image, request):
    """The hero as an ImageObject (16:9, ≥ 1200 px), or None when it is smaller or missing."""
    rendition = get_rendition(image, HERO_SPEC)
    if rendition is None or rendition.width < HERO_MIN_WIDTH:
        return None
    return {
        "@type": "ImageObject",
        "url": absolute_url(request, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
    }


def author_node(author, organization, request):
    """The author as a Person; the organisation itself when none is set or it is the byline."""
    if author is None or author.name.strip().casefold() == organization["name"].casefold():
        return {"@id": organization["@id"]}
    person = {"@type": "Person", "name": author.name}
    if author.url:
        person["url"] = author.url
    if author.credentials:
        person["hasCredential"] = {
            "@type": "EducationalOccupationalCredential",
            "name": author.credentials,
        }
    if photo := rendition_url(author.photo, AUTHOR_PHOTO, request):
        person["image"] = photo
    return person


def citation(reference):
    """A reference block's value as a schema.org CreativeWork (ScholarlyArticle with a DOI/PMID)."""
    work = {
        "@type": "ScholarlyArticle" if reference.doi or reference.get("pmid") else "CreativeWork",
        "name": reference["title"],
    }
    if reference.get("authors"):
        work["author"] = reference["authors"]
    if reference.get("year"):
        work["datePublished"] = str(reference["year"])
    if reference.get("publisher"):
        work["publisher"] = {"@type": "Organization", "name": reference["publisher"]}
    if reference.href:
        work["url"] = reference.href
    identifiers = []
    if reference.doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": reference.doi})
    if reference.get("pmid"):
        identifiers.append(
            {"@type": "PropertyValue", "propertyID": "PMID", "value": reference["pmid"]}
        )
    if identifiers:
        work["identifier"] = identifiers
    return work


def publishable_questions(faq, language):
    """The FAQ items whose question and answer have no high-severity claims finding.

    Search engines show FAQ rich results out of the article's context; an answer
    that makes a disease claim is left out of the FAQPage data (it stays on the page
    for the editor to fix, and blocks publishing unless someone overrode that).
    """
    from ..claims.service import high_severity_verdicts
    from ..claims.text import Unit, html_unit

    items = list(faq["questions"])
    unit_groups = [
        [Unit("faq question", item["question"]), html_unit("faq answer", item["answer"].source)]
        for item in items
    ]
    # Kept by a digest of the text: a page render runs no check for a question it has seen.
    verdicts = high_severity_verdicts(unit_groups, language) if items else []
    return [item for item, high in zip(items, verdicts, strict=True) if not high]


def article_graph(page, request, versions, ancestors):
    site = site_for(request)
    settings = SeoSettings.for_request(request)
    shop = ShopSettings.for_request(request)
    root_url = site_root_url(request)
    url = page.get_full_url(request)
    organization_id = f"{root_url}/#organization"
    organization = {
        "@type": "Organization",
        "@id": organization_id,
        "name": settings.organization_name or site.site_name or site.hostname,
        "url": settings.organization_url or shop.shop_base_url,
    }
    if settings.organization_logo:
        logo = rendition_url(settings.organization_logo, LOGO, request)
        if logo:
            organization["logo"] = logo
    same_as = [line.strip() for line in settings.same_as.splitlines() if line.strip()]
    if same_as:
        organization["sameAs"] = same_as

    language = next((v["code"] for v in versions if v["current"]), None)
    breadcrumbs = [*ancestors, page]
    article = {
        "@type": ["Article", "MedicalWebPage"],
        "@id": f"{url}#article",
        "url": url,
        # The visible title: always in the page's language (an SEO title may not be).
        "headline": page.title,
        "name": page.title,
        "description": page.search_description or plain(page.intro)[:300],
        "inLanguage": language,
        # The date readers see; the last publish is the last modification.
        "datePublished": page.date.isoformat(),
        "dateModified": (page.last_published_at or page.date).isoformat(),
        "publisher": {"@id": organization_id},
        "isPartOf": {"@id": f"{root_url}/#website"},
        "breadcrumb": {"@id": f"{url}#breadcrumb"},
        "mainEntityOfPage": url,
        "author": author_node(page.author, organization, request),
    }
    if review := page.latest_review:
        reviewer = {"@type": "Person", "name": review.reviewer.name}
        if review.reviewer.credentials:
            reviewer["hasCredential"] = {
                "@type": "EducationalOccupationalCredential",
                "name": review.reviewer.credentials,
            }
        article["reviewedBy"] = reviewer
        article["lastReviewed"] = review.reviewed_on.isoformat()
    if image := hero_image(page.hero_image, request):
        article["image"] = image
    # Only these blocks are read (and made from the stored data): a page whose body
    # comes from the fragment cache builds no other block.
    keywords, faq = [], None
    if found := page.body.blocks_by_name("keywords"):
        keywords = [str(k) for k in found[-1].value["keywords"] if k]
    if found := page.body.blocks_by_name("faq"):
        faq = found[-1].value
    if found := page.body.blocks_by_name("references"):
        article["citation"] = [citation(ref) for ref in found[-1].value["references"]]
    if keywords:
        article["keywords"] = ", ".join(keywords)
    if page.focus_keyphrase:
        article["about"] = {"@type": "Thing", "name": page.focus_keyphrase}

    graph = [
        organization,
        {
            "@type": "WebSite",
            "@id": f"{root_url}/#website",
            "url": f"{root_url}/",
            "name": site.site_name or settings.organization_name,
            "publisher": {"@id": organization_id},
            "inLanguage": [v["code"] for v in versions],
        },
        {
            "@type": "BreadcrumbList",
            "@id": f"{url}#breadcrumb",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": crumb.title,
                    "item": crumb.get_full_url(request),
                }
                for position, crumb in enumerate(breadcrumbs, 1)
            ],
        },
        article,
    ]
    questions = publishable_questions(faq, language) if faq else []
    if questions and settings.faq_structured_data:
        graph.append(
            {
                "@type": "FAQPage",
                "@id": f"{url}#faq",
                "inLanguage": language,
                "isPartOf": {"@id": f"{url}#article"},
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": item["question"],
                        "acceptedAnswer": {"@type": "Answer", "text": plain(item["answer"].source)},
                    }
                    for item in questions
                ],
            }
        )
    return {"@context": "https://schema.org", "@graph": graph}
