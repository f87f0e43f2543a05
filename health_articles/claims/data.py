"""The claims data file the app ships, read into plain `Claim` records (no database)."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "health_claims.json"
STATUSES = ("authorised", "unverified", "non_authorised", "pending")


class ClaimsDataError(Exception):
    """A problem in a claims data file, with the place it was found."""


@dataclass(frozen=True)
class Claim:
    key: str
    nutrient: str
    function: str
    language: str
    wording: str
    conditions: str = ""
    status: str = "unverified"
    source: str = ""

    @property
    def usable(self):
        """Authorised, or authorised with a wording still to be verified."""
        return self.status in ("authorised", "unverified")


def _require(mapping, field, place, kind=str):
    value = mapping.get(field)
    if not isinstance(value, kind) or (kind is str and not value.strip()):
        raise ClaimsDataError(f"{place}: '{field}' is missing or not a {kind.__name__}")
    return value


def parse_claims_data(data, source="data"):
    """Check the structure of a loaded claims file; return (nutrient labels, claims)."""
    if not isinstance(data, dict):
        raise ClaimsDataError(f"{source}: expected a JSON object at the top")
    nutrients = _require(data, "nutrients", source, dict)
    rows = _require(data, "claims", source, list)
    claims, seen = [], set()
    for number, row in enumerate(rows, 1):
        place = f"{source}, claims[{number}]"
        if not isinstance(row, dict):
            raise ClaimsDataError(f"{place}: expected an object")
        key = _require(row, "key", place)
        place = f"{source}, claim {key!r}"
        nutrient = _require(row, "nutrient", place)
        if nutrient not in nutrients:
            raise ClaimsDataError(f"{place}: nutrient {nutrient!r} is not listed in 'nutrients'")
        function = _require(row, "function", place)
        conditions = row.get("conditions") or {}
        if not isinstance(conditions, dict):
            raise ClaimsDataError(f"{place}: 'conditions' must map languages to text")
        for language, wording in _require(row, "wordings", place, dict).items():
            where = f"{place}, language {language!r}"
            if not isinstance(wording, dict):
                raise ClaimsDataError(f"{where}: expected an object with 'text' and 'status'")
            text = _require(wording, "text", where)
            status = wording.get("status", "unverified")
            if status not in STATUSES:
                raise ClaimsDataError(
                    f"{where}: unknown status {status!r}; expected one of {', '.join(STATUSES)}"
                )
            if (key, language) in seen:
                raise ClaimsDataError(f"{where}: this claim and language appear twice")
            seen.add((key, language))
            claims.append(
                Claim(
                    key=key,
                    nutrient=nutrient,
                    function=function,
                    language=language,
                    wording=text.strip(),
                    conditions=(conditions.get(language) or "").strip(),
                    status=status,
                    source=(wording.get("source") or "").strip(),
                )
            )
    return nutrients, claims


def read_claims_file(path=None):
    """(nutrient labels, claims) from a claims JSON file (the shipped one by default)."""
    path = Path(path or DATA_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ClaimsDataError(f"{path}: cannot read the file: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise ClaimsDataError(
            f"{path}, line {error.lineno}, column {error.colno}: invalid JSON ({error.msg})"
        ) from error
    return parse_claims_data(data, source=str(path))


@cache
def shipped_claims():
    """The shipped claims, read once per process."""
    return tuple(read_claims_file()[1])


@cache
def shipped_nutrient_labels():
    """{nutrient key: {language: label}} of the shipped data file, read once per process."""
    return read_claims_file()[0]


def claims_from_queryset(queryset):
    """`Claim` records from `HealthClaim` rows (for callers that have a database)."""
    return [
        Claim(
            key=row.key,
            nutrient=row.nutrient,
            function=row.function,
            language=row.language,
            wording=row.wording,
            conditions=row.conditions,
            status=row.status,
            source=row.source,
        )
        for row in queryset
    ]
