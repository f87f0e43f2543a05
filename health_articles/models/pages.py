import math

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from shop_links.i18n import without_fallbacks
from shop_links.lookup import preload_collections, shop_link_context
from shop_links.rich_text import find_collection_ids

from ..blocks import ARTICLE_RICH_TEXT_FEATURES, ArticleBodyBlock
from ..conf import base_template
from ..forms import HealthArticlePageForm
from ..panels import ClaimsChecksPanel, CollectionLinkHealthPanel, SeoChecksPanel
from ..permissions import ArticleSectionPermissions
from .indexes import ArticleCollectionLink, ArticleKeyword
from .snippets import Author, Keyword
from .utils import iter_strings, site_languages

ARTICLES_PER_PAGE = 12
MORE_ARTICLES = 3
WORDS_PER_MINUTE = 200


def available_articles():
    """Live, public articles that are written in the active language."""
    return HealthArticlePage.objects.live().public().filter(available=True)


def articles_linking_to(collection, language):
    """Available articles linking to `collection` in `language`: block links first, then newest."""
    rank = (
        ArticleCollectionLink.objects.filter(
            page_id=models.OuterRef("pk"), collection=collection, language=language
        )
        .annotate(
            rank=models.Case(models.When(kind=ArticleCollectionLink.BLOCK, then=0), default=1)
        )
        .order_by("rank")
        .values("rank")[:1]
    )
    with override(language):
        return (
            available_articles()
            .annotate(rank=models.Subquery(rank))
            .filter(rank__isnull=False)
            .order_by("rank", "-date", "-pk")
        )


class ArticleIndexPage(ArticleSectionPermissions, RoutablePageMixin, Page):
    """Lists the articles available in the reader's language, newest first."""

    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["health_articles.HealthArticlePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("article index")

    def get_articles(self):
        return (
            available_articles()
            .child_of(self)
            .select_related("hero_image")
            .order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = base_template()
        context["breadcrumbs"] = list(self.get_ancestors().filter(depth__gt=1))
        return context

    def paginate(self, request, queryset):
        paginator = Paginator(queryset, ARTICLES_PER_PAGE)
        try:
            return paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            return paginator.page(1)
        except EmptyPage as exc:
            raise Http404 from exc

    @path("")
    def index_route(self, request):
        return self.render(
            request,
            context_overrides={
                "articles": self.paginate(request, self.get_articles()),
            },
        )

    @path("keywords/<str:slug>/")
    def keyword_route(self, request, slug):
        # Slugs are unique per language in the admin; be safe with older data.
        keyword = Keyword.objects.filter(slug=slug).order_by("pk").first()
        if keyword is None:
            raise Http404
        articles = self.get_articles().filter(
            pk__in=ArticleKeyword.objects.filter(keyword=keyword, language=get_language()).values(
                "page_id"
            )
        )
        return self.render(
            request,
            template="health_articles/keyword_page.html",
            context_overrides={
                "keyword": keyword,
                "articles": self.paginate(request, articles),
            },
        )


class HealthArticlePage(ArticleSectionPermissions, Page):
    """A long-form health article, written and translated in the admin."""

    subtitle = models.CharField(_("subtitle"), max_length=255, blank=True)
    intro = RichTextField(_("intro"), blank=True, features=ARTICLE_RICH_TEXT_FEATURES)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    date = models.DateField(
        _("display date"), default=timezone.localdate, help_text=_("The date shown to readers.")
    )
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))
    focus_keyphrase = models.CharField(
        _("focus keyphrase"),
        max_length=100,
        blank=True,
        help_text=_("The search phrase this article should be found for, in this language."),
    )
    related_keyphrases = models.TextField(
        _("related keyphrases"), blank=True, help_text=_("One per line (optional).")
    )
    noindex = models.BooleanField(
        _("hide from search engines"),
        default=False,
        help_text=_("Adds noindex to the page and leaves it out of the sitemap."),
    )
    # Derived per language on save (see translation.py): not edited by hand.
    available = models.BooleanField(_("available"), default=False, editable=False)
    reading_time = models.PositiveSmallIntegerField(
        _("reading time (minutes)"), default=0, editable=False
    )

    # SEO staff see the content read-only: see HealthArticlePageForm.
    content_panels = [
        CollectionLinkHealthPanel(),
        TitleFieldPanel("title"),
        FieldPanel("subtitle"),
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("hero_image")],
            heading=_("Byline and image"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    promote_panels = [
        SeoChecksPanel(heading=_("SEO checks")),
        ClaimsChecksPanel(heading=_("Health claims checks")),
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
                FieldPanel("focus_keyphrase"),
                FieldPanel("related_keyphrases"),
                FieldPanel("noindex"),
            ],
            heading=_("For search engines"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["health_articles.ArticleIndexPage"]
    subpage_types = []
    base_form_class = HealthArticlePageForm

    class Meta:
        verbose_name = _("health article")
        permissions = [("change_article_content", _("Can edit an article's text and images"))]

    site_languages = staticmethod(site_languages)

    # --- derived data, computed on save -------------------------------------------

    def _text_words(self):
        texts = [self.intro or "", *iter_strings(self.body.raw_data)]
        return sum(len(strip_tags(text).split()) for text in texts)

    def _keyword_ids(self):
        """Ids of the keywords in this language's keywords block (deleted ones left out)."""
        ids = set()
        for block in self.body.raw_data:
            if block["type"] == "keywords":
                ids.update(self._raw_ids(block["value"].get("keywords", [])))
        return set(Keyword.objects.filter(pk__in=ids).values_list("pk", flat=True)) if ids else ids

    @staticmethod
    def _raw_ids(items):
        # ListBlock raw data is either [{"type": "item", "value": id}, …] or [id, …].
        for item in items:
            value = item.get("value") if isinstance(item, dict) else item
            if isinstance(value, int):
                yield value

    def refresh_language_data(self):
        """Set `available` and `reading_time` for every language, from this instance's content.

        Computed on every save; a save that writes only some columns (Wagtail
        storing a draft revision) leaves the stored values as they are.
        """
        for language in site_languages():
            with override(language), without_fallbacks():
                self.available = bool(self.title) and bool(self.body)
                self.reading_time = (
                    max(1, math.ceil(self._text_words() / WORDS_PER_MINUTE))
                    if self.available
                    else 0
                )

    def save(self, *args, **kwargs):
        self.refresh_language_data()
        return super().save(*args, **kwargs)

    def publish(self, revision, *args, **kwargs):
        """Every way of publishing ends here: refuse links to unavailable collections."""
        from ..publishing import may_publish

        if not may_publish(self, revision, kwargs.get("user")):
            return None
        return super().publish(revision, *args, **kwargs)

    @transaction.atomic
    def rebuild_live_data(self):
        """Rebuild ArticleKeyword and ArticleCollectionLink from this (live) content."""
        ArticleKeyword.objects.filter(page=self).delete()
        ArticleCollectionLink.objects.filter(page=self).delete()
        keywords, links = [], []
        for language in site_languages():
            with override(language), without_fallbacks():
                if not (self.title and self.body):
                    continue
                keywords += [
                    ArticleKeyword(page=self, keyword_id=pk, language=language)
                    for pk in self._keyword_ids()
                ]
                links += [
                    ArticleCollectionLink(page=self, collection_id=pk, language=language, kind=kind)
                    for kind, ids in self.collection_links().items()
                    for pk in ids
                ]
        ArticleKeyword.objects.bulk_create(keywords)
        ArticleCollectionLink.objects.bulk_create(links)

    @transaction.atomic
    def clear_live_data(self):
        """Nothing of this article is live any more."""
        ArticleKeyword.objects.filter(page=self).delete()
        ArticleCollectionLink.objects.filter(page=self).delete()

    # --- availability per language ------------------------------------------------

    def is_written_in(self, language):
        """This instance (a draft, say) has a title and body in `language`."""
        with override(language), without_fallbacks():
            return bool(self.title) and bool(self.body)

    def is_available_in(self, language):
        with override(language), without_fallbacks():
            return bool(self.available)

    def available_languages(self):
        return [language for language in site_languages() if self.is_available_in(language)]

    def serve(self, request, *args, **kwargs):
        if not self.is_available_in(get_language()):
            raise Http404
        # Only this language's text: an empty English subtitle stays empty
        # rather than showing the Dutch one.
        with shop_link_context(request), without_fallbacks():
            response = super().serve(request, *args, **kwargs)
            # Render now, while the shared collection cache is active.
            response.render()
        return response

    # --- what the template needs ----------------------------------------------------

    @cached_property
    def outline(self):
        """Body blocks with their section number and anchor, in page order."""
        items = []
        used_anchors = set()
        number = 0
        for position, block in enumerate(self.body):
            entry = {"block": block, "number": None, "anchor": None, "heading": None}
            if block.block_type in ("section", "faq", "keywords"):
                heading = block.value["heading"]
                if block.block_type == "section" and block.value["numbered"]:
                    number += 1
                    entry["number"] = number
                base = slugify(heading) or f"{block.block_type}-{position + 1}"
                anchor, suffix = base, 2
                while anchor in used_anchors:
                    anchor, suffix = f"{base}-{suffix}", suffix + 1
                used_anchors.add(anchor)
                entry.update(anchor=anchor, heading=heading)
            items.append(entry)
        return items

    def collection_links(self):
        """{"block": ids, "inline": ids}: the collections this language links to."""
        blocks = set()
        for block in self.body.raw_data:
            if block["type"] == "collection_link" and block["value"].get("collection"):
                blocks.add(int(block["value"]["collection"]))
        inline = find_collection_ids([self.intro or "", *iter_strings(self.body.raw_data)])
        return {ArticleCollectionLink.BLOCK: blocks, ArticleCollectionLink.INLINE: inline}

    def collection_ids(self):
        """Every collection this language's intro and body link to, blocks and inline."""
        return set().union(*self.collection_links().values())

    def more_articles(self):
        """Other available articles: most keywords shared first, then the newest. One query."""
        language = get_language()
        my_keywords = ArticleKeyword.objects.filter(page=self, language=language).values(
            "keyword_id"
        )
        shared = (
            ArticleKeyword.objects.filter(
                page_id=models.OuterRef("pk"), language=language, keyword_id__in=my_keywords
            )
            .values("page_id")
            .annotate(count=models.Count("id"))
            .values("count")
        )
        return list(
            available_articles()
            .exclude(pk=self.pk)
            .select_related("hero_image")
            .annotate(shared=Coalesce(models.Subquery(shared), 0))
            .order_by("-shared", "-date", "-pk")[:MORE_ARTICLES]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = base_template()
        preload_collections(self.collection_ids())
        breadcrumbs = list(self.get_ancestors().filter(depth__gt=1))
        context["breadcrumbs"] = breadcrumbs
        if breadcrumbs:
            context["keyword_base_url"] = breadcrumbs[-1].get_url(request)
        context["outline"] = self.outline
        context["toc"] = [item for item in self.outline if item["anchor"]]
        context["more_articles"] = self.more_articles()
        return context
