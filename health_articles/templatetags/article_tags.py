from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, override

from wagtail.models import Site

from shop_links.i18n import content_languages, default_language, without_fallbacks

from ..site_urls import absolute_url
from ..text import plain_text

register = template.Library()


def is_available_in(page, language):
    """Articles know their availability; other pages exist where they have a title."""
    if hasattr(page, "is_available_in"):
        return page.is_available_in(language)
    with override(language), without_fallbacks():
        return bool(page.title)


@register.simple_tag(takes_context=True)
def language_versions(context, page=None):
    """The languages this page can be read in, with its URL in each.

    Used for the language switcher and the hreflang alternates: a language the
    page is not written in is absent from both.
    """
    if "alternate_versions" in context:  # a route that knows its own versions
        return context["alternate_versions"]
    request = context.get("request")
    page = page or context.get("page")
    current = get_language()
    versions = []
    for code in content_languages():
        if page is not None and not is_available_in(page, code):
            continue
        with override(code):
            if page is not None:
                url, full_url = page.get_url(request), page.get_full_url(request)
            else:
                url = full_url = None
        info = get_language_info(code)
        versions.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url or f"/{code}/",
                "full_url": full_url,
                "current": code == current,
            }
        )
    return versions


@register.simple_tag
def default_version(versions):
    """The version for hreflang="x-default": the site's default language, else the first."""
    for version in versions:
        if version["code"] == default_language():
            return version
    return versions[0] if versions else None


def csp_nonce(request):
    """The request's Content-Security-Policy nonce (django-csp), or None without one."""
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce is not None else None


@register.simple_tag(takes_context=True)
def article_json_ld(context):
    """The article's schema.org @graph as an escaped JSON-LD script element."""
    from ..seo.jsonld import article_graph, json_text, script_element

    page, request = context["page"], context["request"]
    fragment = context.get("json_ld_fragment") or page.json_ld_fragment(request)
    text = fragment.get() if fragment is not None else None
    if text is None:
        if fragment is not None:
            fragment.start(request)
        graph = article_graph(page, request, context["versions"], context.get("breadcrumbs", []))
        text = json_text(graph)
        if fragment is not None:
            fragment.store(text, page.json_ld_tags(context))
    return script_element(text, nonce=csp_nonce(request))


BODY_PARTS = {
    "body": "health_articles/includes/article_body.html",
    "shop": "health_articles/includes/shop_aside.html",
}


def body_parts(context):
    """The article's intro, table of contents and body, and its shop aside: from the
    fragment cache while nothing they show has changed (`HealthArticlePage.body_fragment`),
    else rendered (both at once) and kept."""
    parts = context.get("body_parts")
    if parts is None:
        engine = context.template.engine
        parts = {
            name: str(engine.get_template(template).render(context))
            for name, template in BODY_PARTS.items()
        }
        fragment = context.get("body_fragment")
        if fragment is not None:
            fragment.store(parts, context["page"].body_tags(context))
        context["body_parts"] = parts
    return parts


@register.simple_tag(takes_context=True)
def article_body(context):
    """The intro, the table of contents and the body (see `body_parts`)."""
    return mark_safe(body_parts(context)["body"])  # noqa: S308 - our templates' output


@register.simple_tag(takes_context=True)
def article_shop_aside(context):
    """The shop's collections the article links to (see `body_parts`)."""
    return mark_safe(body_parts(context)["shop"])  # noqa: S308 - our templates' output


def kept_html(context, name, template, tags):
    """The stored HTML of a fragment (`context[name + "_html"]`) while nothing it shows
    has changed, else `template` rendered with `context` and kept by the fragment
    (`context[name + "_fragment"]`, if any) under `tags()`."""
    html = context.get(f"{name}_html")
    if html is None:
        html = str(context.template.engine.get_template(template).render(context))
        fragment = context.get(f"{name}_fragment")
        if fragment is not None:
            fragment.store(html, tags())
        context[f"{name}_html"] = html
    return mark_safe(html)  # noqa: S308 - our templates' output


@register.simple_tag(takes_context=True)
def article_list(context):
    """A listing's cards and pagination (`ArticleIndexPage.listing_context`)."""
    return kept_html(
        context, "listing", "health_articles/article_list.html", lambda: context["listing_tags"]
    )


@register.simple_tag(takes_context=True)
def article_more_articles(context):
    """The "More articles" cards (`HealthArticlePage.more_articles_fragment`)."""
    return kept_html(
        context,
        "more_articles",
        "health_articles/includes/more_articles.html",
        lambda: context["page"].more_articles_tags(context),
    )


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's absolute URL without its query string (no ?page=, no tracking)."""
    request = context["request"]
    return absolute_url(request, request.path)


@register.simple_tag(takes_context=True)
def absolute(context, url):
    """`url` made absolute on the request's Wagtail Site (see `health_articles.site_urls`)."""
    return absolute_url(context.get("request"), url)


@register.simple_tag(takes_context=True)
def home_url(context):
    """The site's home page in the active language ("/" when there is no site)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return (site.root_page.get_url(request) if site else None) or "/"


@register.simple_tag(takes_context=True)
def cited(context, rich_text):
    """Rendered rich text with its citation marks ([1], [2, 3]) linked to the references list.

    The page puts `reference_count` in the context; without it (previews, other
    pages) the text renders unchanged.
    """
    from ..citations import link_citations

    count = context.get("reference_count") or 0
    return link_citations(str(rich_text), count) if count else rich_text


@register.filter
def plain(html):
    """Rich text as one line of plain text, paragraphs joined with a space."""
    return plain_text(str(html or ""))
