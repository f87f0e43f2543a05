import datetime
import json
import math

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections, models, transaction
from django.db.models.functions import Coalesce, JSONObject, Length, Substr
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import get_language, get_language_info, override
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.pages import AbstractPage
from wagtail.search import index
from wagtail.url_routing import RouteResult

from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from shop_links.i18n import content_languages, default_language, without_fallbacks
from shop_links.lookup import (
    get_collections,
    preload_collections,
    prime_site_settings,
    shop_link_context,
)
from shop_links.models import ShopSettings
from shop_links.rich_text import find_collection_ids, find_link_ids, link_tag

from ..blocks import ARTICLE_RICH_TEXT_FEATURES, ArticleBodyBlock
from ..citations import reference_count
from ..conf import base_template, keyword_segment, keyword_segments
from ..content_versions import Fragment, cached_by_versions, cached_count
from ..forms import HealthArticlePageForm
from ..images import prefetch_renditions
from ..page_cache import cacheable
from ..panels import (
    ClaimsChecksPanel,
    CollectionLinkHealthPanel,
    SeoChecksPanel,
    StaleTranslationsPanel,
)
from ..permissions import ArticleSectionPermissions
from ..site_urls import absolute_url, prime_site_root_paths
from .indexes import ArticleCollectionLink, ArticleKeyword
from .settings import SeoSettings
from .snippets import Author, Keyword
from .utils import iter_strings, site_languages

ARTICLES_PER_PAGE = 12
MORE_ARTICLES = 3
WORDS_PER_MINUTE = 200


REVIEW_FIELDS = ("pk", "reviewed_on", "reviewer_id", "reviewer__name")


def latest_review_data():
    """A subquery of what the article page shows of its latest medical review, as JSON:
    the date and the reviewer's name and credentials (every language's column)."""
    from .review import MedicalReview

    fields = {name.replace("__", "_"): name for name in REVIEW_FIELDS}
    fields.update(
        {
            f"reviewer_{column}": f"reviewer__{column}"
            for column in (build_localized_fieldname("credentials", c) for c in content_languages())
        }
    )
    latest = MedicalReview.objects.filter(page=models.OuterRef("pk")).order_by(
        "-reviewed_on", "-pk"
    )
    return models.Subquery(latest.values(data=JSONObject(**fields))[:1])


def review_from_data(data):
    """The `MedicalReview` (and its reviewer) `latest_review_data` describes, or None."""
    from .review import MedicalReview

    if not data:
        return None
    if isinstance(data, str):  # SQLite hands JSON back as text
        data = json.loads(data)
    reviewer = Author(
        pk=data["reviewer_id"],
        name=data["reviewer_name"],
        **{
            key.removeprefix("reviewer_"): value
            for key, value in data.items()
            if key.startswith("reviewer_credentials")
        },
    )
    return MedicalReview(
        pk=data["pk"],
        reviewer=reviewer,
        reviewed_on=datetime.date.fromisoformat(str(data["reviewed_on"])[:10]),
    )


def searchable_articles():
    """`available_articles()` in a form Wagtail's search accepts (plain field filters)."""
    return HealthArticlePage.objects.live().public().filter(available=True)


def available_articles():
    """Live, public articles that are written in the active language.

    Public as Wagtail's `.public()` means it (no view restriction on the article or an
    ancestor), but as a subquery of this one query: `.public()` first loads every
    restriction in a query of its own. (Wagtail's search takes only field filters: it
    searches `searchable_articles()`.)
    """
    return HealthArticlePage.objects.live().filter(public_q(), available=True)


def public_q():
    """Pages with no view restriction on them or an ancestor, as a filter of one query."""
    restricted = PageViewRestriction.objects.annotate(
        page_path=models.ExpressionWrapper(models.OuterRef("path"), output_field=models.CharField())
    ).filter(page_path__startswith=models.F("page__path"))
    return ~models.Exists(restricted)


def listing(queryset, *, intro=False, renditions=True):
    """`queryset` with only what an article card (or an API summary) shows.

    No StreamField and, of the translated columns, only the active language's
    (and the default language's, which modeltranslation falls back to), plus the
    hero image. `intro=True` keeps the intro (the API's summaries show it).
    `renditions=False` leaves the heroes' renditions to the caller.
    """
    keep = {get_language(), default_language()}
    deferred = [
        build_localized_fieldname(name, language)
        for name in translator.get_options_for_model(HealthArticlePage).all_fields
        for language in site_languages()
        if language not in keep
    ]
    unshown = ["focus_keyphrase", "related_keyphrases", "search_description", "seo_title"]
    if not intro:
        unshown.append("intro")
    deferred += [build_localized_fieldname(name, language) for name in unshown for language in keep]
    queryset = queryset.defer_streamfields().defer(*deferred).select_related("hero_image")
    # The cards' pictures: every hero's renditions in one query.
    return queryset.prefetch_related("hero_image__renditions") if renditions else queryset


def candidates(first, second):
    """pk in either sliced subquery: one UNION where the database allows (PostgreSQL
    plans it as a semi-join; an OR of two IN clauses scans every article), else OR."""
    if connections[first.db].features.supports_slicing_ordering_in_compound:
        return models.Q(pk__in=first.union(second))
    return models.Q(pk__in=first) | models.Q(pk__in=second)


def view_restrictions(page):
    """Wagtail's `get_view_restrictions` in one query instead of two: the restrictions of
    `page` and its ancestors (known from the tree path), an alias among them counting as
    its source."""
    paths = [page.path[: page.steplen * depth] for depth in range(1, page.depth + 1)]
    return PageViewRestriction.objects.filter(
        models.Q(page__path__in=paths, page__alias_of__isnull=True)
        | models.Q(page__aliases__path__in=paths)
    ).distinct()


def has_view_restrictions():
    """Whether a page (the outer query's row) or an ancestor has a view restriction: the
    rule of `view_restrictions`, asked inside the routing query."""
    outer = models.OuterRef("path")
    return models.Exists(
        PageViewRestriction.objects.filter(
            models.Q(
                page__path=Substr(outer, 1, Length("page__path")),
                page__alias_of__isnull=True,
            )
            | models.Q(page__aliases__path=Substr(outer, 1, Length("page__aliases__path")))
        )
    )


def slug_clashes(siblings, slugs):
    """The languages in which a sibling's slug (with its fallbacks) is `slugs[language]`.

    wagtail-modeltranslation checks this for each translated page class (its `clean`,
    and its admin form's) by loading every sibling and comparing their slugs in Python:
    10,000 articles under an index means 10,000 pages for each save, import and publish.
    Here one query on the indexed slug columns finds the few siblings that use any of
    the slugs in any language; the same comparison then runs on them alone.
    """
    wanted = {slug for slug in slugs.values() if slug}
    if not wanted:
        return set()
    uses_one = models.Q()
    for language in content_languages():
        uses_one |= models.Q(**{f"{build_localized_fieldname('slug', language)}__in": wanted})
    found = list(siblings.filter(uses_one))
    clashes = set()
    for language, slug in slugs.items():
        with override(language):
            if slug and slug in {sibling.slug for sibling in found}:
                clashes.add(language)
    return clashes


def sibling_slug_errors(page):
    """wagtail-modeltranslation's model check: `page`'s slug in every language (with
    its fallbacks) against its siblings' (see `slug_clashes`)."""
    if not page.path or not page.depth or page.depth <= 1:
        return {}  # the root's slug is free; so is a page not in the tree yet
    slugs = {}
    for language in content_languages():
        with override(language):
            slugs[language] = page.slug
    clashes = slug_clashes(page.get_siblings(inclusive=False), slugs)
    return {
        build_localized_fieldname("slug", language): _("This slug is already in use")
        for language in clashes
    }


def clean_with_indexed_slug_check(page):
    """`Page.clean` with `sibling_slug_errors` in place of wagtail-modeltranslation's
    loop (assigned to the plugin's page classes by `HealthArticlesConfig.ready()`)."""
    errors = sibling_slug_errors(page)
    if errors:
        raise ValidationError(errors)
    AbstractPage.clean(page)


def slug_lookup(slug):
    """Pages whose slug in the active language is `slug` (with the default language's fallback).

    Each language's slug column is indexed (migration 0010_performance_indexes).
    """
    column = build_localized_fieldname("slug", get_language())
    default = build_localized_fieldname("slug", default_language())
    lookup = models.Q(**{column: slug})
    if default != column:
        lookup |= models.Q(**{default: slug}) & (
            models.Q(**{f"{column}__isnull": True}) | models.Q(**{column: ""})
        )
    return lookup


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

    def route(self, request, path_components):
        """Find a child article by its slug in the active language with one indexed query.

        wagtail-modeltranslation's `route` (which it assigns to every translated
        page class, see `HealthArticlesConfig.ready`) compares the slug of every
        child in Python: its cost grows with the number of articles. Like that
        route, an empty slug in the active language falls back to the default
        language's slug (the page then answers 404 unless it is available).
        """
        if not path_components or not self.live:
            return super().route(request, path_components)
        try:
            view, args, kwargs = self.resolve_subpage("/" + "/".join(path_components) + "/")
        except Http404:
            pass
        else:
            return RouteResult(self, args=(view, args, kwargs))
        slug, remaining = path_components[0], path_components[1:]
        child = (
            HealthArticlePage.objects.child_of(self)
            .filter(slug_lookup(slug))
            # The article page shows these; one query instead of three more.
            .select_related("author__photo", "hero_image")
            .annotate(
                latest_review_data=latest_review_data(),
                has_view_restrictions=has_view_restrictions(),
            )
            .first()
        )
        if child is None:
            raise Http404
        child.routed_from = self  # its breadcrumb parent, already loaded
        return child.route(request, remaining)

    indexed_route = route  # restored by HealthArticlesConfig.ready()

    def get_articles(self):
        # The cards show the intro's first words where there is no subtitle.
        return listing(available_articles().child_of(self), intro=True).order_by("-date", "-pk")

    def is_available_in(self, language):
        """Worth advertising in `language`: a title there and at least one available article.

        An index without articles in a language still answers (it says so), but it is
        noindex and absent from hreflang links, the language switcher and the sitemap.
        """
        with override(language), without_fallbacks():
            if not self.title:
                return False
        return language in self.languages_with_articles

    @cached_property
    def languages_with_articles(self):
        """The site languages with an available article under this index.

        Asked for every language on each of its pages (hreflang links, the language
        switcher, noindex): kept under the versions of every language's articles.
        """

        def find():
            found = []
            for code in site_languages():
                with override(code), without_fallbacks():
                    if available_articles().child_of(self).exists():
                        found.append(code)
            return found

        tags = [f"articles:{code}" for code in site_languages()]
        name = f"index-languages:{self.pk}"
        return set(cached_by_versions(tags, name, find, per_language=False))

    def get_view_restrictions(self):
        return view_restrictions(self)

    @cached_property
    def ancestor_pages(self):
        """Its ancestors, root first: for the breadcrumbs and the cache tags, one query."""
        return list(self.get_ancestors())

    def breadcrumbs(self):
        return [page for page in self.ancestor_pages if page.depth > 1]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = base_template()
        context["breadcrumbs"] = self.breadcrumbs()
        context["noindex"] = not self.is_available_in(get_language())
        from .search import ArticleSearchPage

        # The site's article search, if it has one (shown as a search box): one query,
        # on the request's site (already loaded), public as `available_articles` checks.
        site = Site.find_for_request(request) or self.get_site()
        context["search_page"] = (
            ArticleSearchPage.objects.live().filter(public_q()).in_site(site).first()
            if site is not None
            else None
        )
        return context

    def paginate(self, request, queryset, tags, name):
        """A page of `queryset`; the count comes from `cached_count` under `tags`."""
        paginator = Paginator(queryset, ARTICLES_PER_PAGE)
        paginator.count = cached_count(queryset, tags, name)  # a cached_property
        try:
            return paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            return paginator.page(1)
        except EmptyPage as exc:
            raise Http404 from exc

    def listing_context(self, request, queryset, tags, name):
        """A page of `queryset` (see `paginate`) as the template's `articles`, and its
        cards and pagination as a fragment kept under the listing's `tags` (see
        `content_versions.Fragment`), keyed by `name`, page number, host and language:
        a render with nothing changed neither loads nor renders the cards
        (`{% article_list %}`). A preview shows the same cards (live articles only)."""
        articles = self.paginate(request, queryset, tags, name)
        fragment = Fragment(
            "article-list:1", name, articles.number, request.get_host(), get_language()
        )
        if fragment.get() is None:
            fragment.start(request)
        return {
            "articles": articles,
            "listing_fragment": fragment,
            "listing_html": fragment.value,
            "listing_tags": tags,
        }

    def listing_tags(self):
        """What the index and keyword pages show (see health_articles.content_versions)."""
        return {
            f"page:{self.pk}",
            *(f"page:{page.pk}" for page in self.ancestor_pages),
            f"articles:{get_language()}",
            "settings",
            "images",
        }

    def serve(self, request, *args, **kwargs):
        prime_site_root_paths()  # for its hreflang links, in one query
        self.ancestors_from_site(request)
        return super().serve(request, *args, **kwargs)

    def ancestors_from_site(self, request):
        """Take the ancestors from the request's site, without a query, when this index
        sits right under the site's home page (routing came through it): the home page
        is then its only ancestor a page shows or is made of (the tree's root is in no
        URL and shows nothing)."""
        home = site_home_above(request, self)
        if home is not None and "ancestor_pages" not in self.__dict__:
            self.__dict__["ancestor_pages"] = [home]

    @path("")
    def index_route(self, request):
        tags = self.listing_tags()
        response = self.render(
            request,
            context_overrides=self.listing_context(
                request, self.get_articles(), tags, f"index:{self.pk}"
            ),
        )
        return cacheable(response, tags)

    def keyword_base_url(self, request=None, language=None):
        """Where keyword pages of this index live in the active language (ends with "/")."""
        url = self.get_url(request)
        if not url:
            return None
        return f"{url}{keyword_segment(language or get_language())}/"

    def keyword_versions(self, request, keyword):
        """The keyword page in each language where the keyword has articles under this index.

        The languages are kept under the versions of every language's articles and the
        keyword's (a distinct over the keyword's links grows with the articles).
        """

        def find_languages():
            return sorted(
                ArticleKeyword.objects.filter(
                    keyword=keyword,
                    page__live=True,
                    page__path__startswith=self.path,
                    page__depth=self.depth + 1,
                )
                .values_list("language", flat=True)
                .distinct()
            )

        tags = [f"articles:{code}" for code in site_languages()] + [f"keyword:{keyword.pk}"]
        name = f"keyword-languages:{self.pk}:{keyword.pk}"
        languages = set(cached_by_versions(tags, name, find_languages, per_language=False))
        current, versions = get_language(), []
        for code in site_languages():
            if code not in languages:
                continue
            with override(code), without_fallbacks():
                base = self.keyword_base_url(request, code) if self.title else None
                if not base or not keyword.slug:
                    continue
                url = f"{base}{keyword.slug}/"
            versions.append(
                {
                    "code": code,
                    "name": get_language_info(code)["name_local"],
                    "url": url,
                    "full_url": absolute_url(request, url),
                    "current": code == current,
                }
            )
        return versions

    @path("<str:segment>/<str:slug>/")
    def keyword_route(self, request, segment, slug):
        language = get_language()
        if segment != keyword_segment(language):
            if segment not in keyword_segments().values():
                raise Http404
            # An old or other language's segment ("keywords" in a Dutch URL): move on.
            return HttpResponsePermanentRedirect(f"{self.keyword_base_url(request)}{slug}/")
        # Slugs are unique per language in the admin; be safe with older data.
        keyword = Keyword.objects.filter(slug=slug).order_by("pk").first()
        if keyword is None:
            raise Http404
        articles = self.get_articles().filter(
            pk__in=ArticleKeyword.objects.filter(keyword=keyword, language=language).values(
                "page_id"
            )
        )
        tags = {*self.listing_tags(), f"keyword:{keyword.pk}"}
        listing = self.listing_context(request, articles, tags, f"keyword:{self.pk}:{keyword.pk}")
        page = listing["articles"]
        response = self.render(
            request,
            template="health_articles/keyword_page.html",
            context_overrides={
                **listing,
                "keyword": keyword,
                # A keyword without articles in this language is not worth a search result.
                "noindex": not page.paginator.count,
                "alternate_versions": self.keyword_versions(request, keyword),
                # The index is a crumb like its ancestors; the keyword is the current item.
                "breadcrumbs": [*self.breadcrumbs(), self],
                "breadcrumb_current": keyword.name,
            },
        )
        return cacheable(response, tags)


PAGE_A_TAG = link_tag("page")


def site_home_above(request, page):
    """The home page of the request's site (kept by the page cache, or loaded by Wagtail's
    routing) when `page` sits right under it, else None: `page`'s ancestors without a
    query (the tree's root is in no URL and shows nothing)."""
    site = getattr(request, "_wagtail_site", None)
    home = site.root_page if site is not None else None
    if home is not None and home.depth == 2 and page.depth == 3 and page.path.startswith(home.path):
        return home
    return None


def pages_and_ancestors(paths, known=None, from_depth=1):
    """The ids of the pages at `paths` ({id: path}) and of their ancestors from
    `from_depth` down (a page's URL is made of their slugs): those in `known`
    ({path: id}) without a query, the others in one."""
    known = known or {}
    prefixes = {
        path[:end]
        for path in paths.values()
        for end in range(from_depth * Page.steplen, len(path), Page.steplen)
    }
    ids = set(paths) | {known[prefix] for prefix in prefixes if prefix in known}
    if missing := prefixes.difference(known):
        ids.update(Page.objects.filter(path__in=missing).values_list("pk", flat=True))
    return ids


def linked_pages_and_ancestors(ids):
    """`ids` and the ids of their ancestors (a link's URL is made of their slugs).

    No query without links; two with them.
    """
    if not ids:
        return set()
    return set(ids) | pages_and_ancestors(
        dict(Page.objects.filter(pk__in=ids).values_list("pk", "path"))
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
        StaleTranslationsPanel(),
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
        FieldPanel("claims_override_reason"),
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

    # Every language's text is indexed (modeltranslation keeps a column per language);
    # searches then keep the articles available in the reader's language.
    # Indexed by health_articles.indexing (deferred to the end of an import), not modelsearch.
    search_auto_update, deferrable_search_index = False, True
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        *[
            index.SearchField(build_localized_fieldname(name, language))
            for language in content_languages()
            for name in ("title", "intro", "body")
        ],
        *[
            index.FilterField(build_localized_fieldname("available", language))
            for language in content_languages()
        ],
    ]

    parent_page_types = ["health_articles.ArticleIndexPage"]
    subpage_types = []
    base_form_class = HealthArticlePageForm

    class Meta:
        verbose_name = _("health article")
        permissions = [
            ("change_article_content", _("Can edit an article's text and images")),
            (
                "override_claims",
                _("May publish articles despite high-severity health-claim findings"),
            ),
        ]
        # Listings (index, keyword pages, API, "More articles") are newest first.
        indexes = [models.Index(fields=["-date", "-page_ptr"], name="article_newest_first")]

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

    def save_revision(self, *args, **kwargs):
        """Save a revision and record which blocks changed in which language (staleness.py)."""
        from ..staleness import record_block_edits

        with transaction.atomic():
            revision = super().save_revision(*args, **kwargs)
            record_block_edits(self, revision.created_at)
        return revision

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

    def get_view_restrictions(self):
        """See `view_restrictions`; none at all when routing found there are none
        (`has_view_restrictions`)."""
        if getattr(self, "has_view_restrictions", None) is False:
            return PageViewRestriction.objects.none()
        return view_restrictions(self)

    def serve(self, request, *args, **kwargs):
        if not self.is_available_in(get_language()):
            raise Http404
        # Only this language's text: an empty English subtitle stays empty
        # rather than showing the Dutch one.
        # The page reads two site settings; one query for both.
        prime_site_settings(request, ShopSettings, SeoSettings)
        prime_site_root_paths()  # for its hreflang links, in one query
        with shop_link_context(request), without_fallbacks():
            response = super().serve(request, *args, **kwargs)
            # Render now, while the shared collection cache is active.
            response.render()
            tags = self.page_cache_tags(response.context_data or {})
        return cacheable(response, tags)

    def page_cache_tags(self, context):
        """What this page shows in the active language (see health_articles.content_versions)."""
        return {*self.json_ld_tags(context), *self.more_articles_tags(context)}

    def more_articles_tags(self, context):
        """What the "More articles" cards show: as stored with them, or for their render
        any article in this language (`articles:<language>`, which every publish, move
        or delete in it changes), the cards' pages and their ancestors (the cards'
        URLs), images and settings."""
        fragment = context.get("more_articles_fragment")
        if fragment is not None and fragment.tags is not None:
            return fragment.tags
        return {
            f"articles:{get_language()}",
            f"page:{self.pk}",
            "images",
            "settings",
            *(f"page:{pk}" for pk in self._cards_and_ancestors(context)),
        }

    def _cards_and_ancestors(self, context):
        """The cards' pages and their ancestors below the root: without a query when the
        ancestors are this page's breadcrumbs (cards from the same index), else one."""
        cards = {card.pk: card.path for card in context.get("more_articles") or ()}
        known = {page.path: page.pk for page in context.get("breadcrumbs") or ()}
        return pages_and_ancestors(cards, known, from_depth=2)

    def json_ld_tags(self, context):
        """What the JSON-LD shows: the body's tags, the author and the medical
        reviewer, and the health claims (the FAQ's questions are checked against them)."""
        review = self.latest_review
        return {
            *self.body_tags(context),
            f"author:{self.author_id}",
            *([f"author:{review.reviewer_id}"] if review is not None else []),
            "claims",
        }

    def body_tags(self, context):
        """What the intro, table of contents, body and shop aside show in the active
        language: as stored with them, or as `get_context` worked out for their render
        (`_body_tags`)."""
        fragment = context.get("body_fragment")
        if fragment is not None and fragment.tags is not None:
            return fragment.tags
        return context["body_tags"]

    def _body_tags(self, breadcrumbs, collections):
        """The page, its keywords (their URLs start at the breadcrumbs' index),
        `collections`, images and settings, and the pages its text links to (their
        URLs: they and their ancestors)."""
        keywords = set()
        for block in self.body.raw_data:
            if block["type"] == "keywords":
                keywords.update(self._raw_ids(block["value"].get("keywords", [])))
        return {
            f"page:{self.pk}",
            *(f"page:{page.pk}" for page in breadcrumbs),
            "settings",
            "images",
            *(f"keyword:{pk}" for pk in keywords),
            *(f"collection:{pk}" for pk in collections),
            *(f"page:{pk}" for pk in linked_pages_and_ancestors(self.linked_page_ids())),
        }

    def linked_page_ids(self):
        """The pages this language's intro and body link to in their rich text."""
        return find_link_ids([self.intro or "", *iter_strings(self.body.raw_data)], PAGE_A_TAG)

    def body_fragment(self, request):
        """The stored table of contents and body of this live page in the active
        language, on the request's host (see `content_versions.Fragment`); None for a
        preview (not what is live)."""
        return self._fragment("article-body", request)

    def json_ld_fragment(self, request):
        """The stored JSON-LD text of this live page, as `body_fragment`."""
        return self._fragment("article-json-ld", request)

    def more_articles_fragment(self, request):
        """The stored "More articles" cards of this live page, as `body_fragment`."""
        return self._fragment("article-more", request)

    def _fragment(self, name, request):
        if getattr(request, "is_preview", True) is not False:
            return None
        # The version in the name: what an older release stored is not read.
        return Fragment(
            f"{name}:2", self.pk, self.live_revision_id, request.get_host(), get_language()
        )

    # --- what the template needs ----------------------------------------------------

    @cached_property
    def latest_review(self):
        """The most recent medical review (a `MedicalReview` with its reviewer), or None.

        Routing brings what the page shows of it along (`latest_review_data`); elsewhere
        it is a query.
        """
        if not self.pk:
            return None
        if hasattr(self, "latest_review_data"):
            return review_from_data(self.latest_review_data)
        return self.medical_reviews.select_related("reviewer").first()

    @cached_property
    def outline(self):
        """Body blocks with their section number and anchor, in page order."""
        items = []
        used_anchors = set()
        number = 0
        for position, block in enumerate(self.body):
            entry = {"block": block, "number": None, "anchor": None, "heading": None}
            if block.block_type in ("section", "faq", "keywords", "references"):
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

    def collection_ids_in_all_languages(self):
        ids = set()
        for language in site_languages():
            with override(language), without_fallbacks():
                ids |= self.collection_ids()
        return ids

    def more_articles(self):
        """Up to three other available articles: most keywords shared first, then the newest.

        The ranking is one query, bounded whatever the number of articles: the
        candidates are the three articles sharing most of this one's keywords (found
        from the keyword index) and the few newest (from the date index); only they
        are counted and ordered. It is kept under the version of `articles:<language>`
        (any article's publish, move or delete changes it, as it does this page's
        cache), so a render usually runs only the query of the three cards by id.
        """
        computed = []

        def rank():
            computed.extend(self._rank_more_articles())
            return [page.pk for page in computed]

        ranked = cached_by_versions(
            [f"articles:{get_language()}"], f"more-articles:{self.pk}", rank
        )
        if computed:
            return computed  # the ranking query brought the cards along
        cards = {
            page.pk: page
            for page in listing(
                available_articles().filter(pk__in=ranked), intro=True, renditions=False
            )
        }
        return [cards[pk] for pk in ranked if pk in cards]

    def _rank_more_articles(self):
        language = get_language()
        others = available_articles().exclude(pk=self.pk)
        links = ArticleKeyword.objects.filter(
            language=language,
            keyword_id__in=ArticleKeyword.objects.filter(page=self, language=language).values(
                "keyword_id"
            ),
        )
        most_shared = (
            links.filter(page_id__in=others.values("pk"))
            .values("page_id")
            .annotate(shared=models.Count("id"))
            .order_by("-shared", "-page__date", "-page_id")
            .values("page_id")[:MORE_ARTICLES]
        )
        newest = others.order_by("-date", "-pk").values("pk")[: MORE_ARTICLES * 2]
        shared = (
            links.filter(page_id=models.OuterRef("pk"))
            .values("page_id")
            .annotate(count=models.Count("id"))
            .values("count")
        )
        return list(
            listing(others.filter(candidates(most_shared, newest)), intro=True, renditions=False)
            .annotate(shared_keywords=Coalesce(models.Subquery(shared), 0))
            .order_by("-shared_keywords", "-date", "-pk")[:MORE_ARTICLES]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = base_template()
        # The intro, table of contents, body and shop aside come from the fragment cache
        # while nothing they show has changed ({% article_body %}); only their render
        # needs the collections, the outline and the sections' images.
        fragment = self.body_fragment(request)
        context["body_fragment"] = fragment
        context["json_ld_fragment"] = self.json_ld_fragment(request)
        more = context["more_articles_fragment"] = self.more_articles_fragment(request)
        if fragment is not None:
            # One read for the three.
            Fragment.fetch([fragment, context["json_ld_fragment"], more])
        context["body_parts"] = fragment.get() if fragment is not None else None
        context["more_articles_html"] = more.get() if more is not None else None
        body_rendered = context["body_parts"] is None
        breadcrumbs = self.breadcrumbs(request)
        context["breadcrumbs"] = breadcrumbs
        if breadcrumbs:
            # Keyword pages are routes of the parent index (ArticleIndexPage.keyword_route).
            context["keyword_base_url"] = (
                f"{breadcrumbs[-1].get_url(request)}{keyword_segment(get_language())}/"
            )
        collections = set()
        if body_rendered:
            if fragment is not None:
                fragment.start(request)
            # Scanned once per render (intro and body): the collections it links to.
            collections = self.collection_ids()
            # Their images' renditions are loaded below, with the page's other images.
            preload_collections(collections, renditions=False)
            context["body_tags"] = self._body_tags(breadcrumbs, collections)
            context["outline"] = self.outline
            context["toc"] = [item for item in self.outline if item["anchor"]]
            context["reference_count"] = reference_count(self)
            context["shop_collections"] = self.shop_collections(collections)
        # Ranked and loaded only when the stored cards are not current.
        context["more_articles"] = []
        if context["more_articles_html"] is None:
            if more is not None:
                more.start(request)
            context["more_articles"] = self.more_articles()
        context["medical_review"] = self.latest_review
        prefetch_renditions(
            self.shown_images(request, collections, context["more_articles"], body_rendered)
        )
        return context

    def shown_images(self, request, collections, cards, body=True):
        """Every image the page shows: the hero, the author's photo, the logo (JSON-LD),
        the sections' and the collections' (when the body is rendered) and the "More
        articles" cards' pictures."""
        yield self.hero_image
        if self.author is not None:
            yield self.author.photo
        yield SeoSettings.for_request(request).organization_logo
        if body:
            for block in self.body:
                if block.block_type == "section":
                    yield block.value.get("image")
            for collection in get_collections(collections).values():
                yield collection.image
        for card in cards:
            yield card.hero_image

    def breadcrumbs(self, request):
        """The ancestors below the root: from routing when the article sits under an index
        under the site's home page (no query), else from the tree."""
        index = getattr(self, "routed_from", None)
        if index is not None and self.path.startswith(index.path):
            home = site_home_above(request, index)
            if home is not None:
                return [home, index]
        return list(self.get_ancestors().filter(depth__gt=1))

    def shop_collections(self, ids):
        """The active collections of `ids` (`collection_ids()`), by title, with their shop URL.

        Read from the render's collection cache (`preload_collections`): no query.
        """
        collections = get_collections(ids).values()
        return sorted(
            ({"collection": c, "url": c.get_url()} for c in collections if c.is_active),
            key=lambda item: str(item["collection"]).casefold(),
        )
