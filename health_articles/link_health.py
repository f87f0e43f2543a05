"""Links from articles to collections that no longer work (inactive or deleted)."""

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from shop_links.i18n import without_fallbacks
from shop_links.lookup import cached_collections
from shop_links.models import ShopCollection

from .models import ArticleCollectionLink, site_languages

INACTIVE, DELETED = "inactive", "deleted"
PROBLEM_LABELS = {INACTIVE: _("inactive collection"), DELETED: _("deleted collection")}


def _inactive_in_its_language():
    """True when the row's collection is inactive in the row's own language."""
    cases = []
    for language in site_languages():
        with override(language):  # modeltranslation reads this language's column
            inactive = ShopCollection.objects.filter(pk=OuterRef("collection_id"), is_active=False)
        cases.append(When(language=language, then=Exists(inactive)))
    return Case(*cases, default=Value(False), output_field=BooleanField())


def broken_collection_links():
    """ArticleCollectionLink rows (live content) whose collection is gone or inactive there."""
    collections = ShopCollection.objects.filter(pk=OuterRef("collection_id"))
    return (
        ArticleCollectionLink.objects.annotate(
            collection_exists=Exists(collections),
            collection_inactive=_inactive_in_its_language(),
            collection_handle=Subquery(collections.values("handle")[:1]),
        )
        .filter(Q(collection_exists=False) | Q(collection_inactive=True))
        .annotate(
            problem=Case(
                When(collection_exists=False, then=Value(DELETED)), default=Value(INACTIVE)
            )
        )
        .select_related("page")
        .order_by("page__path", "language", "collection_id")
    )


def link_problems(page):
    """[(language, collection id, handle or None, problem)] in the page's current content."""
    by_language = {}
    for language in site_languages():
        with override(language), without_fallbacks():
            if page.title and page.body:
                by_language[language] = sorted(page.collection_ids())
    wanted = {pk for ids in by_language.values() for pk in ids}
    collections = cached_collections(wanted)  # the editor's request cache, if primed
    if collections is None:
        collections = ShopCollection.objects.in_bulk(wanted)
    problems = []
    for language, ids in by_language.items():
        for pk in ids:
            collection = collections.get(pk)
            if collection is None:
                problems.append((language, pk, None, DELETED))
            elif not collection.is_active_in(language):
                problems.append((language, pk, collection.handle_in(language), INACTIVE))
    return problems
