"""A fast generator of published articles for benchmarks (thousands per second).

Wagtail's `add_child` and publishing cost tens of milliseconds per article, so
10,000 would take many minutes. This writes the same rows in bulk instead: the
Wagtail page rows (treebeard paths, translated titles, slugs and url_paths),
the article rows (a short body in every language, `available`, reading time)
and the keyword index, `BATCH` at a time. Use on a benchmark database only.
"""

import datetime
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from wagtail.models import Locale, Page

from modeltranslation.utils import build_localized_fieldname

from health_articles.models import ArticleIndexPage, ArticleKeyword, HealthArticlePage, Keyword
from shop_links.i18n import content_languages

BATCH = 1000


def body(language, number, keyword_ids):
    text = " ".join(["Vitamines en mineralen in balans."] * 40)
    return [
        {
            "type": "section",
            "id": str(uuid.uuid4()),
            "value": {
                "heading": f"Sectie {number} ({language})",
                "text": f"<p>{text}</p>",
                "numbered": True,
                "image": None,
                "caption": "",
            },
        },
        {
            "type": "keywords",
            "id": str(uuid.uuid4()),
            "value": {"heading": "Zoekwoorden", "keywords": list(keyword_ids)},
        },
    ]


def generate(count, seed=13, progress=print):
    """Add `count` published articles in every content language under the first index."""
    rng = random.Random(seed)
    index = ArticleIndexPage.objects.order_by("path").first()
    languages = content_languages()
    keyword_ids = list(Keyword.objects.values_list("pk", flat=True))
    content_type = ContentType.objects.get_for_model(HealthArticlePage)
    locale = Locale.get_default()
    start = index.numchild
    now = timezone.now()
    child_fields = list(HealthArticlePage._meta.local_concrete_fields)
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        pages, articles, links = [], [], []
        for offset in range(size):
            number = start + done + offset + 1
            slug = f"artikel-{number}"
            page = Page(
                path=Page._get_path(index.path, index.depth + 1, number),
                depth=index.depth + 1,
                numchild=0,
                content_type=content_type,
                locale=locale,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                title=f"Artikel {number}",
                draft_title=f"Artikel {number}",
                slug=slug,
                url_path=f"{index.url_path}{slug}/",
                translation_key=uuid.uuid4(),
            )
            for language in languages:
                parent_path = getattr(index, build_localized_fieldname("url_path", language))
                localized_slug = f"{slug}-{language}"
                setattr(page, build_localized_fieldname("title", language), f"Artikel {number}")
                setattr(page, build_localized_fieldname("slug", language), localized_slug)
                setattr(
                    page,
                    build_localized_fieldname("url_path", language),
                    f"{parent_path or index.url_path}{localized_slug}/",
                )
            pages.append(page)
        Page.objects.bulk_create(pages)
        if connection.vendor != "postgresql":  # bulk_create returns ids on PostgreSQL only
            by_path = dict(
                Page.objects.filter(path__in=[p.path for p in pages]).values_list("path", "pk")
            )
            for page in pages:
                page.pk = page.id = by_path[page.path]
        for page in pages:
            article = HealthArticlePage(page_ptr_id=page.pk)
            article.date = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(2000))
            article.noindex = False
            chosen = rng.sample(keyword_ids, min(3, len(keyword_ids)))
            for language in languages:
                setattr(article, build_localized_fieldname("subtitle", language), "Een ondertitel")
                setattr(
                    article, build_localized_fieldname("intro", language), "<p>Een inleiding.</p>"
                )
                setattr(
                    article,
                    build_localized_fieldname("body", language),
                    body(language, page.pk, chosen),
                )
                setattr(article, build_localized_fieldname("available", language), True)
                setattr(article, build_localized_fieldname("reading_time", language), 1)
                links += [
                    ArticleKeyword(page_id=page.pk, keyword_id=pk, language=language)
                    for pk in chosen
                ]
            articles.append(article)
        with transaction.atomic():
            # Multi-table inheritance has no bulk_create: insert the child rows directly.
            HealthArticlePage.objects._insert(articles, fields=child_fields)
            ArticleKeyword.objects.bulk_create(links)
        done += size
        progress(f"  generated {done}/{count} articles")
    Page.objects.filter(pk=index.pk).update(numchild=start + count)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics, as a live database has them
    return count
