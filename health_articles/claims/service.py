"""Running the checker on stored articles and imported files (the parts that need Django)."""

from django.db.utils import DatabaseError

from .checker import check_units
from .data import claims_from_queryset, shipped_claims
from .sources import article_data_units, page_units


def claims_for(language):
    """`HealthClaim` rows of `language` when any are loaded, else the shipped data file."""
    from ..models import HealthClaim

    try:
        rows = list(HealthClaim.objects.filter(language=language).exclude(function=""))
    except DatabaseError:
        rows = []
    if rows:
        return claims_from_queryset(rows), "database"
    return list(shipped_claims()), "data file"


def check_page(page, language):
    claims, _source = claims_for(language)
    return check_units(page_units(page, language), language, claims)


def check_article_data(data):
    claims, _source = claims_for(data.language)
    return check_units(article_data_units(data), data.language, claims)
