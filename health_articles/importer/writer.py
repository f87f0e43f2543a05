"""Turn an ArticleData into one language of a HealthArticlePage, in one transaction."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.text import slugify
from django.utils.translation import get_language, override

from wagtail.admin.rich_text.converters.db_html import DbHTMLConverter

from modeltranslation.settings import DEFAULT_LANGUAGE

from shop_links.i18n import without_fallbacks
from shop_links.lookup import current_shop_settings
from shop_links.models import ShopCollection

from ..blocks import ARTICLE_RICH_TEXT_FEATURES
from ..models import Author, HealthArticlePage, Keyword
from .structure import ArticleImportError

A_HREF = re.compile(r'<a href="([^"]*)">')


def article_slug(data):
    """The slug an imported article gets in its language: from its title."""
    return slugify(data.title)[:200] or "article"


def collection_path_pattern(shop_settings):
    """A regex for the shop's collection paths, built from ShopSettings' pattern."""
    parts = re.split(r"(\{language\}|\{handle\})", shop_settings.collection_path_pattern)
    regex = "".join(
        r"[a-z]{2}(?:-[a-z]{2})?"
        if part == "{language}"
        else r"(?P<handle>[A-Za-z0-9][A-Za-z0-9_-]*)"
        if part == "{handle}"
        else re.escape(part)
        for part in parts
    )
    return re.compile(f"^{regex}/?$")


class CollectionURLs:
    """Which URLs point at one of the shop's collections, and with which handle."""

    def __init__(self, shop_settings):
        self.path = collection_path_pattern(shop_settings)
        self.host = urlsplit(shop_settings.shop_base_url).netloc

    def handle(self, url):
        """The handle of a URL pointing at a shop collection, else None."""
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != self.host:
            return None
        match = self.path.match(parts.path)
        return match.group("handle") if match else None


class ArticleWriter:
    """Writes parsed articles under `parent`. Remembers the collections it had to create."""

    def __init__(self, parent):
        self.parent = parent
        self.created_collections = []
        self.held_back = []  # link problems that kept the last write from being published
        self.held_back_claims = {}  # {language: high-severity findings} that did too
        self.collection_urls = CollectionURLs(current_shop_settings())
        self._collections = {}  # (handle, language) -> collection, within this transaction

    # --- links ---------------------------------------------------------------------

    def _collection_for(self, handle):
        key = (handle, get_language())
        if key not in self._collections:
            self._collections[key] = self._find_or_create_collection(handle)
        return self._collections[key]

    def _find_or_create_collection(self, handle):
        attempts = 3
        for attempt in range(attempts):
            collection = ShopCollection.for_handle(handle)
            if collection is not None:
                return collection
            # Unknown to the shop until a feed reports it: inactive in every language.
            collection = ShopCollection(handle=handle, title=handle)
            collection.set_active(False)
            try:
                with transaction.atomic():  # a savepoint: the import goes on after a clash
                    collection.save()
            except IntegrityError:
                # Another import (or a sync) made it meanwhile: use theirs.
                if attempt == attempts - 1:
                    raise
                continue
            self.created_collections.append(collection)
            return collection
        raise AssertionError("unreachable")

    def _linked_handle(self, match):
        """The collection handle an `A_HREF` match links to, else None."""
        return self.collection_urls.handle(match.group(1).replace("&amp;", "&"))

    def find_collections(self, htmls):
        """Look up the collections these HTML fragments link to in one query (new ones
        are still made as each link is written)."""
        handles = {
            handle
            for html in htmls
            for match in A_HREF.finditer(html)
            if (handle := self._linked_handle(match))
        }
        language = get_language()
        unknown = {handle for handle in handles if (handle, language) not in self._collections}
        for handle, collection in ShopCollection.for_handles(unknown, language).items():
            self._collections[(handle, language)] = collection

    def rich_text(self, html):
        """Sanitise HTML from a file with Wagtail's converter, then link collections by id."""
        cleaned, _removals = DbHTMLConverter(ARTICLE_RICH_TEXT_FEATURES).clean(html)

        def replace(match):
            handle = self._linked_handle(match)
            if handle is None:
                return match.group(0)
            return f'<a linktype="collection" id="{self._collection_for(handle).pk}">'

        return A_HREF.sub(replace, cleaned)

    # --- keywords -------------------------------------------------------------------

    def _keywords(self, names, page):
        """Match keywords by name in this language; a translation is aligned by position."""
        existing = []
        if page is not None:
            with override(DEFAULT_LANGUAGE):
                existing = [
                    keyword
                    for block in page.body
                    if block.block_type == "keywords"
                    for keyword in block.value["keywords"]
                    if keyword
                ]
        # One query for every name, in any case: a name spelled as it is wins over
        # another spelling; among equals, the oldest keyword.
        known, folded = {}, {}
        if names:
            spelled = models.Q()
            for name in set(names):
                spelled |= models.Q(name__iexact=name)
            with without_fallbacks():
                for keyword in Keyword.objects.filter(spelled).order_by("-pk"):
                    known[keyword.name] = keyword  # the oldest keyword last, so it wins
                    folded[keyword.name.casefold()] = keyword
        keywords = []
        for index, name in enumerate(names):
            keyword = known.get(name) or folded.get(name.casefold())
            if keyword is None and index < len(existing):
                with without_fallbacks():
                    if not existing[index].name:
                        keyword = existing[index]
                        keyword.name = name
                        keyword.slug = ""  # Keyword.save makes a unique one from the name
                        keyword.save()
            if keyword is None:
                try:
                    # The query above found no keyword with this name.
                    keyword, _created = Keyword.get_or_create_named(name, looked_up=True)
                except ValidationError as error:
                    raise ArticleImportError(
                        f"the keyword {name!r}: {' '.join(error.messages)}"
                    ) from error
            # A later spelling of this name (another case) finds it, as it would in the
            # database.
            folded.setdefault(name.casefold(), keyword)
            if keyword not in keywords:
                keywords.append(keyword)
        return keywords

    # --- body -----------------------------------------------------------------------

    def body(self, data, page):
        body = [
            {
                "type": "section",
                "value": {
                    "heading": section.heading,
                    "text": self.rich_text("".join(section.paragraphs)),
                    "image": None,
                    "caption": "",
                    "numbered": section.numbered,
                },
            }
            for section in data.sections
        ]
        if data.faq:
            questions = [
                {"question": item.question, "answer": self.rich_text("".join(item.answer))}
                for item in data.faq
            ]
            body.append(
                {"type": "faq", "value": {"heading": data.faq_heading, "questions": questions}}
            )
        if data.references:
            body.append(
                {
                    "type": "references",
                    "value": {
                        "heading": data.references_heading,
                        "references": [
                            {
                                "title": ref.title,
                                "authors": ref.authors,
                                "year": ref.year,
                                "publisher": ref.publisher,
                                "doi": ref.doi,
                                "pmid": ref.pmid,
                                "url": ref.url,
                            }
                            for ref in data.references
                        ],
                    },
                }
            )
        if data.keywords:
            keyword_ids = [keyword.pk for keyword in self._keywords(data.keywords, page)]
            body.append(
                {
                    "type": "keywords",
                    "value": {"heading": data.keywords_heading, "keywords": keyword_ids},
                }
            )
        return body

    # --- pages ----------------------------------------------------------------------

    def find_page(self, reference):
        """An article by id or by slug (in any language)."""
        articles = HealthArticlePage.objects.all()
        if str(reference).isdigit():
            page = articles.filter(pk=int(reference)).first()
        else:
            page = None
            for language in HealthArticlePage.site_languages():
                with override(language):
                    page = articles.filter(slug=reference).first()
                if page:
                    break
        if page is None:
            raise ArticleImportError(f"no article {reference!r} to update")
        return page

    def sibling_with_slug(self, slug, language, exclude=None):
        with override(language):
            siblings = HealthArticlePage.objects.child_of(self.parent).filter(slug=slug)
            if exclude is not None:
                siblings = siblings.exclude(pk=exclude.pk)
            return siblings.first()

    @transaction.atomic
    def write(self, data, page=None, publish=False, slug=None, claims_override=""):
        """Fill `data.language` of `page` (a new page under the parent when None)."""
        slug = slug or article_slug(data)
        clash = self.sibling_with_slug(slug, data.language, exclude=page)
        if clash is not None:
            raise ArticleImportError(
                f"the slug {slug!r} is already used by article {clash.pk} in {data.language}"
                " (use --update to change that article)"
            )
        is_new = page is None
        if is_new:
            page = HealthArticlePage()
            with override(DEFAULT_LANGUAGE):
                # Wagtail needs a title and slug in the default language; the article
                # still is not available in it until that language's body is written.
                page.title, page.slug = data.title, slug
        with override(data.language):
            page.title = data.title
            page.seo_title = data.seo_title
            page.slug = slug
            self.find_collections(
                [
                    *data.intro,
                    *(p for section in data.sections for p in section.paragraphs),
                    *(p for item in data.faq for p in item.answer),
                ]
            )
            page.intro = self.rich_text("".join(data.intro))
            page.body = self.body(data, None if is_new else page)
            if data.date:
                page.date = data.date
            if data.author:
                page.author, _created = Author.objects.get_or_create(name=data.author)
            if is_new:
                page.live = False  # goes live below, through a published revision
                self.parent.add_child(instance=page)
            # A new page was just validated by add_child's save, and is unchanged since.
            revision = page.save_revision(clean=not is_new)
            self.held_back, self.held_back_claims = [], {}
            if publish:
                from ..claims import guard
                from ..publishing import publish_problems

                # The editor's rules: no links to unavailable collections, no
                # high-severity claims unless the command was given a reason.
                self.held_back = publish_problems(page)
                self.held_back_claims = guard.unresolved_problems(page)
                if self.held_back_claims and claims_override and not self.held_back:
                    guard.log_override(page, None, claims_override, self.held_back_claims)
                    self.held_back_claims = {}
                if not self.held_back and not self.held_back_claims:
                    revision.publish()
        return page
