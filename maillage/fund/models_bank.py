"""Bank statements imported for reconciliation (services_bank.py): a statement file
(ISO 20022 camt.053 or CSV) and its lines. A statement file is known by its SHA-256;
a line by a key made of what identifies it at the bank, so that importing the same
statement twice, or two statements that overlap, adds nothing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

__all__ = ["BankLine", "BankStatement", "LineStatus", "StatementFormat"]


class StatementFormat(models.TextChoices):
    CAMT053 = "camt053", _("ISO 20022 camt.053 (XML)")
    CSV = "csv", _("CSV")


class BankStatement(models.Model):
    foundation = models.ForeignKey(
        "fund.Foundation", on_delete=models.PROTECT, related_name="statements"
    )
    format = models.CharField(max_length=8, choices=StatementFormat.choices)
    file_name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(max_length=64)
    account = models.CharField(_("account"), max_length=40, blank=True)
    bank_id = models.CharField(_("statement identifier"), max_length=100, blank=True)
    lines_count = models.PositiveIntegerField(default=0)
    new_lines = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("bank statement")
        constraints = [
            models.UniqueConstraint(fields=["foundation", "sha256"], name="fund_statement_once")
        ]

    def __str__(self):
        return self.file_name


class LineStatus(models.TextChoices):
    MATCHED = "matched", _("Matched")
    REVIEW = "review", _("To review")
    IGNORED = "ignored", _("Not a gift")


class BankLine(models.Model):
    """A credit of a statement (debits are not kept)."""

    statement = models.ForeignKey(BankStatement, on_delete=models.PROTECT, related_name="lines")
    foundation = models.ForeignKey("fund.Foundation", on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=64)
    booked_on = models.DateField(_("booked on"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    debtor_name = models.CharField(_("from"), max_length=200, blank=True)
    debtor_iban = models.CharField(max_length=40, blank=True)
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    remittance = models.CharField(_("message"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=LineStatus.choices, default=LineStatus.REVIEW)
    # How it was matched: "reference", "name" (amount and name) or "hand".
    matched_how = models.CharField(max_length=10, blank=True)
    gift = models.ForeignKey(
        "fund.Gift", on_delete=models.PROTECT, null=True, blank=True, related_name="bank_lines"
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    matched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["booked_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["foundation", "key"], name="fund_bank_line_once")
        ]
        indexes = [models.Index(fields=["foundation", "status"], name="fund_bank_line_status")]

    def __str__(self):
        return pgettext("bank", "Line no. %(number)s") % {"number": self.pk}
