"""Turn an ArticleData into (one language of) a HealthArticlePage, in one transaction."""

import re
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import override

from modeltranslation.settings import DEFAULT_LANGUAGE
from modeltranslation.utils import fallbacks

from shop_links.models import ShopCollection

from ..models import Author, HealthArticlePage, Keyword

COLLECTION_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]{2})?/)?collections/([a-z0-9][a-z0-9-]*)/?$")
A_HREF = re.compile(r'<a href="([^"]*)">')


def collection_handle(url):
    """The collection handle of a shop collection URL, else None."""
    match = COLLECTION_PATH.match(urlsplit(url).path)
    return match.group(1) if match else None


class ArticleWriter:
    def __init__(self, parent):
        self.parent = parent
        self.created_collections = []

    def _collection_for(self, handle):
        collection = ShopCollection.objects.filter(handle=handle).first()
        if collection is None:
            collection = ShopCollection.objects.create(handle=handle, title=handle, is_active=False)
            self.created_collections.append(collection)
        return collection

    def _rewrite_links(self, html):
        def replace(match):
            handle = collection_handle(match.group(1).replace("&amp;", "&"))
            if handle is None:
                return match.group(0)
            return f'<a linktype="collection" id="{self._collection_for(handle).pk}">'

        return A_HREF.sub(replace, html)

    def _keywords(self, names, page):
        """Match keywords by name in this language; align a translation by position."""
        existing = []
        if page is not None and page.pk:
            with override(DEFAULT_LANGUAGE):
                existing = [
                    keyword
                    for block in page.body
                    if block.block_type == "keywords"
                    for keyword in block.value["keywords"]
                    if keyword
                ]
        keywords = []
        for index, name in enumerate(names):
            keyword = Keyword.objects.filter(name__iexact=name).first()
            if keyword is None and index < len(existing):
                candidate = existing[index]
                with fallbacks(False):
                    if not candidate.name:
                        keyword = candidate
            if keyword is None:
                keyword = Keyword()
            if not keyword.name or keyword.name.casefold() != name.casefold():
                keyword.name = name
                keyword.slug = slugify(name, allow_unicode=True)
                keyword.save()
            if keyword not in keywords:
                keywords.append(keyword)
        return keywords

    def body(self, data, page):
        body = []
        for section in data.sections:
            body.append(
                {
                    "type": "section",
                    "value": {
                        "heading": section.heading,
                        "text": self._rewrite_links("".join(section.paragraphs)),
                        "image": None,
                        "caption": "",
                        "numbered": section.numbered,
                    },
                }
            )
        if data.faq:
            body.append(
                {
                    "type": "faq",
                    "value": {
                        "heading": data.faq_heading,
                        "questions": [
                            {
                                "question": item.question,
                                "answer": self._rewrite_links("".join(item.answer)),
                            }
                            for item in data.faq
                        ],
                    },
                }
            )
        if data.keywords:
            body.append(
                {
                    "type": "keywords",
                    "value": {
                        "heading": data.keywords_heading,
                        "keywords": [keyword.pk for keyword in self._keywords(data.keywords, page)],
                    },
                }
            )
        return body

    @transaction.atomic
    def write(self, data, page=None, publish=False):
        """Fill `data.language` of `page` (a new page under the parent when None)."""
        is_new = page is None
        if is_new:
            page = HealthArticlePage()
        with override(data.language):
            page.title = data.title
            page.seo_title = data.seo_title
            page.slug = slugify(data.title)[:200]
            page.intro = self._rewrite_links("".join(data.intro))
            page.body = self.body(data, None if is_new else page)
            if data.date:
                page.date = data.date
            if data.author:
                page.author, _created = Author.objects.get_or_create(name=data.author)
            if is_new:
                page.live = publish
                self.parent.add_child(instance=page)
            revision = page.save_revision()
            if publish:
                revision.publish()
        return page
