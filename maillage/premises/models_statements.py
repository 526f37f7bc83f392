"""Prices and statements of shared premises.

- ``Price``: a row of a site's price grid: a price category × a space kind (or none)
  × a unit (half-day, day, month, m² a month, service), an amount >= 0 with two
  decimals in the site's currency. A service (concierge, equipment...) has a label.
- ``TenancyService``: a service a tenancy subscribes to, billed each month.
- ``StatementSequence``: the last number given at a site in a year, read under
  ``select_for_update`` so that numbers have no gap and no duplicate.
- ``Statement`` and its ``StatementLine``s: a tenant's monthly statement, or a credit
  note (``credits``: the statement it corrects, negative lines). Once issued, nothing
  of what it bills changes (``save()`` refuses it; only its payment is recorded), and
  each keeps the hash of the site's previous one: ``services_statements.verify_chain``
  finds a row changed behind the application's back.
"""

import hashlib
from datetime import UTC, date

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Currency, PriceCategory, Site, SpaceKind, Tenancy

GENESIS = "0" * 64

__all__ = [
    "GENESIS",
    "ImmutableStatement",
    "LineKind",
    "Price",
    "PriceUnit",
    "Statement",
    "StatementKind",
    "StatementLine",
    "StatementSequence",
    "TenancyService",
]


class PriceUnit(models.TextChoices):
    HALF_DAY = "half_day", _("a half-day")
    DAY = "day", _("a day")
    MONTH = "month", _("a month")
    M2_MONTH = "m2_month", _("a m² a month")
    SERVICE = "service", _("a service, a month")


class Price(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="prices")
    category = models.ForeignKey(
        PriceCategory, on_delete=models.CASCADE, related_name="prices", verbose_name=_("category")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SpaceKind.choices, blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=PriceUnit.choices)
    service = models.CharField(_("service"), max_length=100, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        ordering = ["category__position", "kind", "unit", "service"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "kind", "unit", "service"], name="premises_price_once"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="premises_price_not_negative"),
            models.CheckConstraint(
                condition=Q(unit="service", kind="") & ~Q(service="")
                | ~Q(unit="service") & Q(service=""),
                name="premises_price_service_named",
            ),
        ]

    def __str__(self):
        return self.service or f"{self.category} {self.kind} {self.unit}"


class TenancyService(models.Model):
    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="services")
    price = models.ForeignKey(
        Price, on_delete=models.PROTECT, related_name="subscriptions", verbose_name=_("service")
    )
    quantity = models.DecimalField(
        _("quantity"), max_digits=8, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("subscribed service")
        verbose_name_plural = _("subscribed services")
        constraints = [
            models.UniqueConstraint(fields=["tenancy", "price"], name="premises_service_once"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="premises_service_quantity"),
        ]

    def __str__(self):
        return f"{self.tenancy}: {self.price}"


class StatementSequence(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "year"], name="premises_sequence_once")
        ]

    def __str__(self):
        return f"{self.year}: {self.last}"


class StatementKind(models.TextChoices):
    STATEMENT = "statement", pgettext_lazy("premises", "statement")
    CREDIT_NOTE = "credit_note", _("credit note")


class ImmutableStatement(Exception):
    """Raised when code tries to change what an issued statement bills."""


class Statement(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="statements")
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="statements")
    organisation = models.ForeignKey(
        "collectives.Organisation", on_delete=models.PROTECT, related_name="premises_statements"
    )
    kind = models.CharField(max_length=12, choices=StatementKind.choices)
    number = models.CharField(_("number"), max_length=20)
    chain_index = models.PositiveIntegerField()
    year = models.PositiveIntegerField()
    month = models.PositiveSmallIntegerField()
    currency = models.CharField(max_length=3, choices=Currency.choices)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    reference = models.CharField(_("payment reference"), max_length=40, blank=True)
    credits = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credit_notes"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # What only the payment may change once issued.
    PAYMENT_FIELDS = ("paid_on", "paid_by")

    class Meta:
        verbose_name = pgettext_lazy("premises", "statement")
        verbose_name_plural = pgettext_lazy("premises", "statements")
        ordering = ["-chain_index"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="premises_statement_number"),
            models.UniqueConstraint(
                fields=["site", "chain_index"], name="premises_statement_chain"
            ),
            # Issuing a month twice never bills it twice.
            models.UniqueConstraint(
                fields=["tenancy", "year", "month"],
                condition=Q(kind="statement"),
                name="premises_statement_once_a_month",
            ),
        ]
        indexes = [models.Index(fields=["site", "year", "month"], name="premises_statement_month")]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if self.pk is not None:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= set(self.PAYMENT_FIELDS):
                raise ImmutableStatement("An issued statement is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableStatement("An issued statement is never deleted.")

    @property
    def is_credit_note(self):
        return self.kind == StatementKind.CREDIT_NOTE

    @property
    def is_paid(self):
        return self.paid_on is not None

    @property
    def first_day(self):
        """The first day of the month billed (for ``|date:"YEAR_MONTH_FORMAT"``)."""
        return date(self.year, self.month, 1)

    def digest(self, lines):
        """The hash of this statement with ``lines`` (in order) and its previous hash."""
        parts = [
            self.previous_hash,
            str(self.site_id),
            self.number,
            str(self.chain_index),
            self.kind,
            str(self.tenancy_id),
            str(self.organisation_id),
            f"{self.year:04d}-{self.month:02d}",
            self.currency,
            f"{self.total:.2f}",
            self.reference,
            str(self.credits_id or ""),
            self.reason,
            self.issued_at.astimezone(UTC).isoformat(),
        ]
        for line in lines:
            parts.append(
                "|".join(
                    [
                        str(line.position),
                        line.kind,
                        line.label,
                        f"{line.quantity:.2f}",
                        f"{line.unit_price:.2f}",
                        f"{line.amount:.2f}",
                    ]
                )
            )
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class LineKind(models.TextChoices):
    RENT = "rent", _("rent")
    BOOKING = "booking", _("booking")
    OVER_QUOTA = "over_quota", _("booking beyond the quota")
    LATE_CANCELLATION = "late_cancellation", _("late cancellation")
    SERVICE = "service", _("service")


class StatementLine(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=LineKind.choices)
    label = models.CharField(_("what"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit_price = models.DecimalField(_("unit price"), max_digits=10, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    booking = models.ForeignKey(
        "premises.Booking", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    credits = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credited_by"
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "position"], name="premises_line_position"
            ),
            # A line is credited at most once.
            models.UniqueConstraint(fields=["credits"], name="premises_line_credited_once"),
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableStatement("A line of an issued statement is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableStatement("A line of an issued statement is never deleted.")
