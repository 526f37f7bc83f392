"""Receipts for gifts: French tax receipts (the fields of Cerfa n° 11580) and Swiss
donation certificates, for one gift or for a donor's year. Numbered per foundation and
year in an unbroken sequence (``ReceiptSequence``, read under its lock): a receipt is
never changed nor deleted; a cancellation is a new receipt that refers to the old one.
The only change allowed is the law's: erasing a donor replaces their name and address
by a pseudonym (``PSEUDONYM_FIELDS``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import ImmutableRow

__all__ = [
    "GiftForm",
    "GiftNature",
    "PaymentMode",
    "Receipt",
    "ReceiptKind",
    "ReceiptScope",
    "ReceiptSequence",
    "TaxArticle",
]


class ReceiptKind(models.TextChoices):
    FR_CERFA = "fr_11580", _("French tax receipt (Cerfa n° 11580)")
    CH_CERTIFICATE = "ch_certificate", _("Swiss donation certificate")


class ReceiptScope(models.TextChoices):
    GIFT = "gift", _("For one gift")
    YEAR = "year", _("For the year's gifts")


class TaxArticle(models.TextChoices):
    ART_200 = "200", _("Article 200 of the General Tax Code (individuals)")
    ART_238_BIS = "238 bis", _("Article 238 bis of the General Tax Code (companies)")
    ART_978 = "978", _("Article 978 of the General Tax Code (property wealth tax)")


class GiftForm(models.TextChoices):
    AUTHENTIC = "authentic", _("Authentic deed")
    PRIVATE = "private", _("Private deed")
    MANUAL = "manual", _("Manual gift")
    OTHER = "other", _("Other")


class GiftNature(models.TextChoices):
    CASH = "cash", _("Money")
    SECURITIES = "securities", _("Listed securities")
    OTHER = "other", _("Other")


class PaymentMode(models.TextChoices):
    CASH = "cash", _("Cash")
    CHEQUE = "cheque", _("Cheque")
    TRANSFER = "transfer", _("Transfer, direct debit, card")


class ReceiptSequence(models.Model):
    foundation = models.ForeignKey("fund.Foundation", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["foundation", "year"], name="fund_receipt_sequence")
        ]

    def __str__(self):
        return f"{self.year}: {self.last}"


class Receipt(models.Model):
    foundation = models.ForeignKey(
        "fund.Foundation", on_delete=models.PROTECT, related_name="receipts"
    )
    year = models.PositiveIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=20)
    kind = models.CharField(max_length=16, choices=ReceiptKind.choices)
    scope = models.CharField(max_length=6, choices=ReceiptScope.choices)
    donor = models.ForeignKey(
        "fund.Donor", on_delete=models.PROTECT, null=True, related_name="receipts"
    )
    gifts = models.ManyToManyField("fund.Gift", related_name="receipts")
    donor_name = models.CharField(max_length=200)
    donor_address = models.TextField(blank=True)
    currency = models.CharField(max_length=3)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    amount_words = models.CharField(max_length=300)
    first_gift_on = models.DateField()
    last_gift_on = models.DateField()
    form = models.CharField(max_length=10, choices=GiftForm.choices, default=GiftForm.MANUAL)
    nature = models.CharField(max_length=10, choices=GiftNature.choices, default=GiftNature.CASH)
    payment_mode = models.CharField(max_length=10, choices=PaymentMode.choices)
    article = models.CharField(max_length=8, choices=TaxArticle.choices, blank=True)
    cancels = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="cancelled_by"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    pseudonymised_at = models.DateTimeField(null=True, blank=True)

    # What erasing a donor may change, and nothing else.
    PSEUDONYM_FIELDS = ("donor_name", "donor_address", "pseudonymised_at")

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("receipt")
        constraints = [
            models.UniqueConstraint(
                fields=["foundation", "year", "sequence"], name="fund_receipt_number"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_receipt_positive"),
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if self.pk is not None:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= set(self.PSEUDONYM_FIELDS):
                raise ImmutableRow("An issued receipt is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRow("An issued receipt is never deleted.")

    @property
    def is_cancellation(self):
        return self.cancels_id is not None
