from django.db import models
from django.utils.translation import gettext_lazy as _


class HealthClaim(models.Model):
    """One wording of an EU health claim (Reg. 1924/2006, 432/2012) in one language.

    Rows come from the data file the app ships (`load_health_claims`) or from the
    EU register's Excel export (`load_health_claims --register FILE`). The claims
    checker reads them to tell authorised claims from unauthorised ones.
    """

    class Status(models.TextChoices):
        AUTHORISED = "authorised", _("Authorised (wording checked against the official text)")
        UNVERIFIED = "unverified", _("Unverified wording (check against EUR-Lex before use)")
        NON_AUTHORISED = "non_authorised", _("Not authorised")
        PENDING = "pending", _("Pending, on hold or withdrawn")

    class Origin(models.TextChoices):
        DATA_FILE = "data_file", _("Data file shipped with the app")
        REGISTER = "register", _("EU register export")

    key = models.CharField(
        _("claim key"),
        max_length=150,
        help_text=_("Identifies the claim across languages, e.g. vitamin_b12.nervous_system."),
    )
    nutrient = models.CharField(_("nutrient"), max_length=150, db_index=True)
    function = models.CharField(
        _("function"),
        max_length=60,
        blank=True,
        help_text=_("What the claim is about (nervous_system, bones…); used by the checker."),
    )
    language = models.CharField(_("language"), max_length=10, db_index=True)
    wording = models.TextField(_("authorised wording"))
    conditions = models.TextField(_("conditions of use"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNVERIFIED
    )
    origin = models.CharField(
        _("origin"), max_length=20, choices=Origin.choices, default=Origin.DATA_FILE
    )
    source = models.CharField(_("source"), max_length=500, blank=True)
    claim_type = models.CharField(_("claim type"), max_length=50, blank=True)
    entry_id = models.CharField(_("register entry id"), max_length=50, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["nutrient", "language", "key"]
        verbose_name = _("health claim")
        verbose_name_plural = _("health claims")
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="unique_claim_key_language")
        ]

    def __str__(self):
        return self.wording

    @property
    def unverified(self):
        return self.status == self.Status.UNVERIFIED
