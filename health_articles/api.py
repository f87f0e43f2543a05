"""The read-only JSON API the shop calls (django-ninja; schema at /api/v1/openapi.json).

Only live, public articles available in the requested language are ever
returned. Responses carry Cache-Control and an ETag (304 on If-None-Match), and
CORS headers for the shop's origin (from ShopSettings) only.
"""

import hashlib
import json
from typing import Annotated

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.translation import override

from ninja import NinjaAPI, Path, Query, Schema
from ninja.errors import ValidationError
from pydantic import Field

from shop_links.i18n import content_languages, default_language, without_fallbacks
from shop_links.lookup import preload_collections, shop_link_context
from shop_links.models import ShopCollection, ShopSettings

from .content_versions import cached_count, versions
from .images import rendition_url
from .models import ArticleKeyword, Keyword, articles_linking_to, available_articles, listing
from .text import plain_text

MAX_LIMIT = 20
PAGE_SIZE = 20
CACHE_SECONDS = 300
FORMAT_VERSION = 1  # part of every ETag: raise it when the responses' format changes
HERO_RENDITION = "fill-800x450"


class ApiError(Exception):
    def __init__(self, status, detail):
        self.status, self.detail = status, detail


api = NinjaAPI(
    title="Health articles API",
    version="1",
    description="Articles that belong with the shop's collections. Read-only.",
    urls_namespace="health_articles_api",
    docs_url=None,  # the interactive docs load scripts from a CDN; the schema is enough
)


@api.exception_handler(ApiError)
def api_error(request, error):
    return api.create_response(request, {"detail": error.detail}, status=error.status)


@api.exception_handler(ValidationError)
def bad_parameters(request, error):
    problems = [
        f"{'.'.join(str(part) for part in item['loc'][1:])}: {item['msg']}" for item in error.errors
    ]
    return api.create_response(request, {"detail": "; ".join(problems)}, status=400)


# --- schemas (for validation and the OpenAPI document) ---------------------------


class Error(Schema):
    detail: str


class ArticleSummary(Schema):
    id: int
    title: str
    url: str
    intro: str
    image: str | None
    date: str
    reading_time: int


class ArticleList(Schema):
    language: str
    count: int
    page: int
    pages: int
    results: list[ArticleSummary]


class CollectionArticles(Schema):
    collection: dict
    language: str
    results: list[ArticleSummary]


class ArticleDetail(ArticleSummary):
    subtitle: str
    author: dict | None
    languages: list[str]
    blocks: list[dict]


# Ids beyond a 64-bit integer would overflow the database driver: 400, not 500.
PathInt = Annotated[int, Path(ge=1, le=2**63 - 1)]
# A collection handle is a slug (ShopCollection.handle); a keyword slug may hold any
# printable character but no control character (edges.HttpEdgesMiddleware refuses those).
Handle = Annotated[str, Path(pattern=r"^[-A-Za-z0-9_]+$", max_length=255)]
KEYWORD_SLUG = r"^[^\x00-\x1f\x7f]+$"

LANGUAGE_CODES = content_languages()
LanguageField = Field(default_language(), pattern="^(" + "|".join(LANGUAGE_CODES) + ")$")


class CollectionQuery(Schema):
    language: str = LanguageField
    limit: int = Field(3, ge=1, description=f"At most {MAX_LIMIT}; larger values are capped.")


class ListQuery(Schema):
    language: str = LanguageField
    keyword: str | None = Field(None, pattern=KEYWORD_SLUG, max_length=100)
    page: int = Field(1, ge=1)


class DetailQuery(Schema):
    language: str = LanguageField


# --- responses -------------------------------------------------------------------


def content_etag(request, tags):
    """An ETag from the versions of what the response shows, before querying it.

    The versions are read first: an edit committed while the response is being
    built changes them, so the next request never gets a 304 for older content.
    """
    state = json.dumps([FORMAT_VERSION, request.get_full_path(), sorted(versions(tags).items())])
    return '"' + hashlib.sha256(state.encode()).hexdigest()[:32] + '"'


def not_modified(request, etag):
    """A 304 when the client already has this version, else None."""
    if etag in request.headers.get("If-None-Match", ""):
        return with_headers(request, HttpResponseNotModified(), etag)
    return None


def json_response(request, data, etag):
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    return with_headers(request, response, etag)


def with_headers(request, response, etag):
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["Vary"] = "Origin"
    origin = request.headers.get("Origin")
    if origin and origin == ShopSettings.for_request(request).shop_origin:
        response["Access-Control-Allow-Origin"] = origin
    return response


def summary(page, request):
    image = rendition_url(page.hero_image, HERO_RENDITION, request)
    return {
        "id": page.pk,
        "title": page.title,
        "url": page.get_full_url(request),
        "intro": plain_text(page.intro),
        "image": image,
        "date": page.date.isoformat(),
        "reading_time": page.reading_time,
    }


def with_images(queryset):
    return queryset.select_related("hero_image").prefetch_related("hero_image__renditions")


def summaries(queryset):
    """Only the columns a summary shows (see `listing`), with the images' renditions."""
    return with_images(listing(queryset, intro=True))


# --- endpoints -------------------------------------------------------------------


def get_and_head(path, **options):
    """`api.get`, plus HEAD on the same view (ninja allows only GET by default).

    HEAD is left out of the OpenAPI document: it would repeat every GET
    operation under the same operationId.
    """

    def decorator(view):
        api.api_operation(["HEAD"], path, response=options["response"], include_in_schema=False)(
            view
        )
        return api.get(path, **options)(view)

    return decorator


@get_and_head(
    "/collections/{handle}/articles/",
    response={200: CollectionArticles, 400: Error, 404: Error},
    summary="Articles about a collection",
    description="Live articles in the language that link to the collection: articles with a "
    "collection block first, then inline mentions; newest first within each.",
)
def collection_articles(request, handle: Handle, query: Query[CollectionQuery]):
    collection = ShopCollection.for_handle(handle, query.language)
    if collection is None:
        raise ApiError(404, f"No collection with the handle {handle!r}.")
    limit = min(query.limit, MAX_LIMIT)
    etag = content_etag(
        request, [f"articles:{query.language}", "collections", "images", "settings"]
    )
    if response := not_modified(request, etag):
        return response
    with override(query.language), shop_link_context(request), without_fallbacks():
        pages = summaries(articles_linking_to(collection, query.language))[:limit]
        data = {
            "collection": {
                "handle": collection.handle_in(query.language),
                "title": collection.title,
                "url": collection.get_url(language=query.language),
                "active": collection.is_active_in(query.language),
            },
            "language": query.language,
            "results": [summary(page, request) for page in pages],
        }
    return json_response(request, data, etag)


@get_and_head(
    "/articles/",
    response={200: ArticleList, 400: Error, 404: Error},
    summary="Articles in a language",
    description=f"Newest first, {PAGE_SIZE} per page; optionally only those with a keyword "
    "(its slug in that language).",
)
def article_list(request, query: Query[ListQuery]):
    etag = content_etag(request, [f"articles:{query.language}", "keywords", "images", "settings"])
    if response := not_modified(request, etag):
        return response
    with override(query.language), shop_link_context(request), without_fallbacks():
        pages = available_articles().order_by("-date", "-pk")
        if query.keyword:
            keyword = Keyword.objects.filter(slug=query.keyword).first()
            if keyword is None:
                raise ApiError(
                    404, f"No keyword with the slug {query.keyword!r} in {query.language}."
                )
            pages = pages.filter(
                pk__in=ArticleKeyword.objects.filter(
                    keyword=keyword, language=query.language
                ).values("page_id")
            )
        paginator = Paginator(summaries(pages), PAGE_SIZE)
        count_tags = [f"articles:{query.language}", "keywords"]
        paginator.count = cached_count(pages, count_tags, f"api:{query.keyword}")
        if query.page > max(paginator.num_pages, 1):
            raise ApiError(404, f"There is no page {query.page}; there are {paginator.num_pages}.")
        page = paginator.page(query.page)
        data = {
            "language": query.language,
            "count": paginator.count,
            "page": query.page,
            "pages": paginator.num_pages,
            "results": [summary(article, request) for article in page.object_list],
        }
    return json_response(request, data, etag)


def block_json(item):
    block, value = item["block"], item["block"].value
    if block.block_type == "section":
        return {
            "type": "section",
            "heading": value["heading"],
            "number": item["number"],
            "anchor": item["anchor"],
            "html": str(value["text"]),
        }
    if block.block_type == "faq":
        return {
            "type": "faq",
            "heading": value["heading"],
            "questions": [
                {"question": qa["question"], "answer_html": str(qa["answer"])}
                for qa in value["questions"]
            ],
        }
    if block.block_type == "keywords":
        return {
            "type": "keywords",
            "heading": value["heading"],
            "keywords": [{"name": k.name, "slug": k.slug} for k in value["keywords"] if k],
        }
    if block.block_type == "collection_link":
        collection = value.get("collection")
        return {
            "type": "collection_link",
            "style": value["style"],
            "label": value.label,
            "url": value.url,
            "handle": collection.handle_in() if collection else None,
        }
    return {"type": block.block_type, "kind": value.get("kind"), "html": str(value.get("text", ""))}


@get_and_head(
    "/articles/{article_id}/",
    response={200: ArticleDetail, 400: Error, 404: Error},
    summary="One article with its blocks",
)
def article_detail(request, article_id: PathInt, query: Query[DetailQuery]):
    tags = [f"page:{article_id}", f"articles:{query.language}", "keywords", "authors"]
    etag = content_etag(request, [*tags, "collections", "images", "settings"])
    if response := not_modified(request, etag):
        return response
    with override(query.language), shop_link_context(request), without_fallbacks():
        page = (
            with_images(available_articles().select_related("author")).filter(pk=article_id).first()
        )
        if page is None:
            raise ApiError(404, f"No published article {article_id} in {query.language}.")
        preload_collections(page.collection_ids())
        data = summary(page, request)
        data.update(
            subtitle=page.subtitle,
            author={"name": page.author.name, "credentials": page.author.credentials}
            if page.author
            else None,
            languages=page.available_languages(),
            blocks=[block_json(item) for item in page.outline],
        )
    return json_response(request, data, etag)
