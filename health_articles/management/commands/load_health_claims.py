"""Load EU health claims from the shipped data file, a JSON file or the EU register's export."""

import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from health_articles.claims.data import DATA_FILE, ClaimsDataError, read_claims_file
from health_articles.claims.register import read_register
from health_articles.models import HealthClaim

PROGRESS_EVERY = 100
# Any constant; names this command's advisory lock.
LOCK_ID = 0x4845414C5448  # 'HEALTH'
FIELDS = (
    "nutrient",
    "function",
    "wording",
    "conditions",
    "status",
    "origin",
    "source",
    "claim_type",
    "entry_id",
)


def _normal(text):
    return re.sub(r"\s+", " ", text).strip().casefold()


class Command(BaseCommand):
    help = (
        "Load health claims into the HealthClaim table: by default from the data file the "
        "app ships (nl, en, de, fr), or from another JSON file of the same shape, or with "
        "--register from the EU register's Excel export. Idempotent; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", help=f"A claims JSON file (default: the shipped {DATA_FILE.name})."
        )
        parser.add_argument(
            "--register", metavar="XLSX", help="Load the EU register's Excel export instead."
        )
        parser.add_argument(
            "--language",
            default="en",
            help="Language of the register export's wordings (default: en).",
        )

    def handle(self, *args, **options):
        if options["file"] and options["register"]:
            raise CommandError("Give either a JSON file or --register, not both.")
        counts = {"created": 0, "updated": 0, "unchanged": 0, "kept": 0}
        try:
            if options["register"]:
                rows = self.register_rows(options["register"], options["language"])
                source = options["register"]
            else:
                _nutrients, claims = read_claims_file(options["file"])
                rows = [
                    (
                        claim.key,
                        claim.language,
                        {
                            "nutrient": claim.nutrient,
                            "function": claim.function,
                            "wording": claim.wording,
                            "conditions": claim.conditions,
                            "status": claim.status,
                            "origin": HealthClaim.Origin.DATA_FILE,
                            "source": claim.source[:500],
                            "claim_type": "Art.13(1)",
                            "entry_id": "",
                        },
                    )
                    for claim in claims
                ]
                source = options["file"] or str(DATA_FILE)
        except ClaimsDataError as error:
            raise CommandError(str(error)) from error

        with transaction.atomic():
            self.lock()
            existing = {(c.key, c.language): c for c in HealthClaim.objects.all()}
            for number, (key, language, values) in enumerate(rows, 1):
                counts[self.store(existing, key, language, values)] += 1
                if number % PROGRESS_EVERY == 0:
                    self.stdout.write(f"[{number}/{len(rows)}] …")
        self.stdout.write(
            f"{len(rows)} claim wordings from {source}: {counts['created']} created, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged, "
            f"{counts['kept']} kept (loaded from the EU register)"
        )

    def lock(self):
        """Two loads at once take turns, so the second sees the first's rows (PostgreSQL)."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])

    def store(self, existing, key, language, values):
        claim = existing.get((key, language))
        if claim is None:
            claim = HealthClaim.objects.create(key=key, language=language, **values)
            existing[(key, language)] = claim
            return "created"
        if (
            values["origin"] == HealthClaim.Origin.DATA_FILE
            and claim.origin == HealthClaim.Origin.REGISTER
        ):
            # The register's own export is the better source: the data file never overrides it.
            return "kept"
        changed = [field for field in FIELDS if getattr(claim, field) != values[field]]
        if not changed:
            return "unchanged"
        for field in changed:
            setattr(claim, field, values[field])
        claim.save(update_fields=[*changed, "updated_at"])
        return "updated"

    def register_rows(self, path, language):
        """(key, language, values) per row; a row matching a shipped wording takes its key."""
        _nutrients, claims = read_claims_file()
        shipped = {_normal(claim.wording): claim for claim in claims if claim.language == language}
        rows, seen = [], {}
        for row in read_register(path):
            match = shipped.get(_normal(row.wording))
            key = match.key if match else row.key
            if key in seen:
                raise ClaimsDataError(
                    f"{path}: rows {seen[key]} and {row.line} hold the same claim ({key})"
                )
            seen[key] = row.line
            rows.append(
                (
                    key,
                    language,
                    {
                        "nutrient": match.nutrient if match else row.nutrient[:150],
                        "function": match.function if match else "",
                        "wording": row.wording,
                        "conditions": row.conditions,
                        "status": row.status,
                        "origin": HealthClaim.Origin.REGISTER,
                        "claim_type": row.claim_type[:50],
                        "entry_id": row.entry_id[:50],
                        "source": (
                            f"EU register export {path}, row {row.line}"
                            + (f", {row.regulation}" if row.regulation else "")
                        )[:500],
                    },
                )
            )
        return rows
