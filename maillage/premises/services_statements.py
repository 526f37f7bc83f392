"""Changes to prices and statements of shared premises, each in one transaction.

Numbering: a statement or credit note takes the next number of its site and year
("2026-0001", "2026-0002"...) from a ``StatementSequence`` row read with
``select_for_update``, after the site's lock (``halfdays.lock_site``): two issuers at
once wait for each other, so numbers have no gap and no duplicate, and a tenancy is
never billed twice for a month (also a unique constraint). Each statement keeps the
hash of the site's previous one (``previous_hash``) and its own, over its amounts and
lines: ``verify_chain`` finds a row changed outside the application.
"""

import calendar
from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError
from maillage.core.payments import creditor_reference, is_qr_iban, qr_reference
from maillage.core.zones import zone_or_default

from . import halfdays, pricing
from .models import Booking, Tenancy
from .models_statements import (
    GENESIS,
    Price,
    PriceUnit,
    Statement,
    StatementKind,
    StatementLine,
    StatementSequence,
    TenancyService,
)
from .money import CENT

MAX_AMOUNT = Decimal("99999999.99")


# ------------------------------------------------------------------ price grid


def check_amount(amount, *, field="amount"):
    """``amount`` as a Decimal of the grid, or DomainError: never negative, at most
    two decimals."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise DomainError(_("Give the price as a number, such as 12.50."), field=field)
    if amount < 0:
        raise DomainError(_("A price cannot be negative."), field=field)
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(CENT):
        raise DomainError(_("A price has at most two decimals (cents)."), field=field)
    if amount > MAX_AMOUNT:
        raise DomainError(_("This price is too high."), field=field)
    return amount.quantize(CENT)


@transaction.atomic
def set_prices(*, actor, site, prices):
    """Set the grid's prices of ``site``: ``prices`` maps (category, kind, unit) to an
    amount, or None to remove the price. Returns how many changed."""
    categories = {c.pk: c for c in site.price_categories.all()}
    current = {
        (p.category_id, p.kind, p.unit): p
        for p in Price.objects.select_for_update().filter(site=site, service="")
    }
    changed = 0
    for (category, kind, unit), amount in prices.items():
        category_id = getattr(category, "pk", category)
        if category_id not in categories:
            raise DomainError(_("This price category is not of this site."))
        if unit == PriceUnit.SERVICE:
            raise DomainError(_("A service has a name: add it as a service."))
        row = current.get((category_id, kind or "", unit))
        if amount is None:
            if row is not None:
                row.delete()
                changed += 1
            continue
        amount = check_amount(amount, field=f"p_{category_id}_{kind or 'none'}_{unit}")
        if row is None:
            Price.objects.create(
                site=site, category_id=category_id, kind=kind or "", unit=unit, amount=amount
            )
            changed += 1
        elif row.amount != amount:
            row.amount = amount
            row.save(update_fields=["amount"])
            changed += 1
    if changed:
        log_action(
            actor=actor, action="premises.prices_changed", obj=site, after={"changed": changed}
        )
    return changed


@transaction.atomic
def set_service_price(*, actor, site, category, service, amount):
    """A service (concierge, equipment...) at ``amount`` a month for ``category``."""
    if category.site_id != site.pk:
        raise DomainError(_("This price category is not of this site."), field="category")
    service = clean_line(
        service, field="service", max_length=100, empty_message=_("Name the service.")
    )
    amount = check_amount(amount)
    price, created = Price.objects.get_or_create(
        site=site,
        category=category,
        kind="",
        unit=PriceUnit.SERVICE,
        service=service,
        defaults={"amount": amount},
    )
    if not created:
        price.amount = amount
        price.save(update_fields=["amount"])
    log_action(
        actor=actor,
        action="premises.service_price_set",
        obj=site,
        after={"service": service, "amount": f"{amount} {site.currency}"},
    )
    return price


@transaction.atomic
def subscribe_service(*, actor, tenancy, price, quantity=Decimal(1)):
    """``tenancy`` takes the service ``price`` each month, ``quantity`` times."""
    if price.site_id != tenancy.site_id or price.unit != PriceUnit.SERVICE:
        raise DomainError(_("Choose a service of this site."), field="price")
    if price.category_id != tenancy.category_id:
        raise DomainError(
            _("Choose the service at the tenancy's price category (%(category)s).")
            % {"category": tenancy.category.name},
            field="price",
        )
    if quantity is None or quantity <= 0:
        raise DomainError(_("The quantity must be more than 0."), field="quantity")
    subscription, _created = TenancyService.objects.update_or_create(
        tenancy=tenancy, price=price, defaults={"quantity": quantity}
    )
    log_action(
        actor=actor,
        action="premises.service_subscribed",
        obj=tenancy,
        after={"service": price.service, "quantity": str(quantity)},
    )
    return subscription


@transaction.atomic
def unsubscribe_service(*, actor, subscription):
    log_action(
        actor=actor,
        action="premises.service_unsubscribed",
        obj=subscription.tenancy,
        before={"service": subscription.price.service, "quantity": str(subscription.quantity)},
    )
    subscription.delete()


# ------------------------------------------------------------------ references


def payment_reference(site, year, sequence):
    body = f"{site.pk}{year:04d}{sequence:06d}"
    if site.iban and is_qr_iban(site.iban):
        return qr_reference(body)
    return creditor_reference(body)


# ------------------------------------------------------------------ statements


def _month_bounds(year, month):
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _check_month(site, year, month, now):
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise DomainError(_("Choose a month between 2000 and 2100."), field="month")
    last = _month_bounds(year, month)[1]
    if halfdays.local_today(site, now) <= last:
        raise DomainError(
            _("The statements of %(month)s are issued once the month is over.")
            % {"month": date_format(date(year, month, 1), "YEAR_MONTH_FORMAT")},
            field="month",
        )


class _Numbers:
    """The site's sequence of the year and its chain, read under their locks."""

    def __init__(self, site, year):
        StatementSequence.objects.get_or_create(site=site, year=year)
        self.sequence = StatementSequence.objects.select_for_update().get(site=site, year=year)
        self.year = year
        previous = Statement.objects.filter(site=site).order_by("-chain_index").first()
        self.index = previous.chain_index if previous else 0
        self.hash = previous.hash if previous else GENESIS

    def take(self):
        self.sequence.last += 1
        self.index += 1
        return f"{self.year:04d}-{self.sequence.last:04d}", self.sequence.last, self.index

    def save(self):
        self.sequence.save(update_fields=["last"])


def _write(statement, lines, numbers):
    """Write ``statement`` (numbered, chained) with its ``lines`` (pricing.Line or
    StatementLine not saved); returns it."""
    statement.previous_hash = numbers.hash
    rows = [
        StatementLine(
            position=position,
            kind=line.kind,
            label=line.label[:300],
            quantity=line.quantity,
            unit_price=line.unit_price,
            amount=line.amount,
            booking=line.booking,
            credits=getattr(line, "credits", None),
        )
        for position, line in enumerate(lines, start=1)
    ]
    statement.total = sum((row.amount for row in rows), Decimal("0.00"))
    statement.hash = statement.digest(rows)
    statement.save()
    for row in rows:
        row.statement = statement
    StatementLine.objects.bulk_create(rows)
    numbers.hash = statement.hash
    return statement


def statement_lines(site, tenancy, year, month, grid, bookings):
    """What ``tenancy`` owes for the month: its rent and services, then its priced
    bookings in date order (lines of 0 are left out)."""
    lines = pricing.rent_lines(
        tenancy,
        year,
        month,
        grid,
        spaces=list(tenancy.spaces.all()),
        services=list(tenancy.services.all()),
    )
    priced = [pricing.booking_price(booking, grid) for booking in bookings]
    lines += pricing.whole_days([line for line in priced if line is not None], grid)
    return [line for line in lines if line.amount != 0]


@transaction.atomic
def issue_statements(*, actor, site, year, month, now=None):
    """The statements of ``month`` for every tenancy of ``site`` with something to bill
    (rent, services, priced bookings), numbered in sequence; a tenancy billed for the
    month already is left as it is. Returns the new statements."""
    now = now or timezone.now()
    site = halfdays.lock_site(site)
    _check_month(site, year, month, now)
    halfdays.expire_holds(site, now)
    first, last = _month_bounds(year, month)
    grid = pricing.Grid(site)
    billed = set(
        Statement.objects.filter(
            site=site, year=year, month=month, kind=StatementKind.STATEMENT
        ).values_list("tenancy_id", flat=True)
    )
    tenancies = (
        Tenancy.objects.filter(site=site)
        .filter(
            Q(starts_on__lte=last, ends_on__isnull=True)
            | Q(starts_on__lte=last, ends_on__gte=first)
            | Q(bookings__date__range=(first, last))
        )
        .exclude(pk__in=billed)
        .distinct()
        .select_related("category", "organisation")
        .prefetch_related("spaces", "services__price")
        .order_by("organisation__name", "pk")
    )
    tenancies = list(tenancies)
    bookings = {}
    for booking in (
        Booking.objects.filter(
            site=site, date__range=(first, last), tenancy__in=[t.pk for t in tenancies]
        )
        .select_related("space")
        .order_by("date", "starts_at", "space__position", "pk")
    ):
        bookings.setdefault(booking.tenancy_id, []).append(booking)
    numbers = None
    issued = []
    for tenancy in tenancies:
        for booking in bookings.get(tenancy.pk, []):
            booking.tenancy = tenancy
        lines = statement_lines(site, tenancy, year, month, grid, bookings.get(tenancy.pk, []))
        if not lines:
            continue
        if numbers is None:
            numbers = _Numbers(site, halfdays.local_today(site, now).year)
        number, sequence, index = numbers.take()
        statement = Statement(
            site=site,
            tenancy=tenancy,
            organisation=tenancy.organisation,
            kind=StatementKind.STATEMENT,
            number=number,
            chain_index=index,
            year=year,
            month=month,
            currency=site.currency,
            reference=payment_reference(site, numbers.year, sequence),
            issued_at=now,
            issued_by=actor if actor is not None and actor.is_authenticated else None,
        )
        issued.append(_write(statement, lines, numbers))
        log_action(
            actor=actor,
            action="premises.statement_issued",
            obj=statement,
            collective=site.collective,
            after={"number": number, "total": f"{statement.total} {site.currency}"},
        )
    if numbers is not None:
        numbers.save()
    return issued


@transaction.atomic
def credit_note(*, actor, statement, lines=None, reason, now=None):
    """A credit note for ``statement``: its ``lines`` (StatementLine or their ids;
    None: every line not credited yet) with the opposite amounts, under a new number of
    the same sequence. The statement itself never changes."""
    now = now or timezone.now()
    site = halfdays.lock_site(statement.site)
    reason = clean_line(
        reason,
        field="reason",
        max_length=300,
        empty_message=_("Say why the statement is corrected."),
    )
    statement = Statement.objects.get(pk=statement.pk)
    if statement.is_credit_note:
        raise DomainError(_("A credit note is not corrected by another one."))
    available = list(statement.lines.filter(credited_by__isnull=True).order_by("position"))
    if lines is not None:
        wanted = {getattr(line, "pk", line) for line in lines}
        if not wanted:
            raise DomainError(_("Choose the lines to credit."), field="lines")
        known = {line.pk for line in available}
        if not wanted <= known:
            raise DomainError(
                _("A line chosen is not of this statement, or is credited already."),
                field="lines",
            )
        available = [line for line in available if line.pk in wanted]
    if not available:
        raise DomainError(_("Every line of this statement is credited already."), field="lines")
    numbers = _Numbers(site, halfdays.local_today(site, now).year)
    number, sequence, index = numbers.take()
    note = Statement(
        site=site,
        tenancy_id=statement.tenancy_id,
        organisation_id=statement.organisation_id,
        kind=StatementKind.CREDIT_NOTE,
        number=number,
        chain_index=index,
        year=statement.year,
        month=statement.month,
        currency=statement.currency,
        reference=statement.reference,
        credits=statement,
        reason=reason,
        issued_at=now,
        issued_by=actor if actor is not None and actor.is_authenticated else None,
    )
    negative = [
        pricing.Line(
            kind=line.kind,
            label=_("Credit: %(what)s") % {"what": line.label},
            quantity=line.quantity,
            unit_price=-line.unit_price,
            amount=-line.amount,
        )
        for line in available
    ]
    for credit, line in zip(negative, available, strict=True):
        credit.credits = line
    _write(note, negative, numbers)
    numbers.save()
    log_action(
        actor=actor,
        action="premises.credit_note_issued",
        obj=note,
        collective=site.collective,
        after={
            "number": number,
            "total": f"{note.total} {note.currency}",
            "reason": reason,
        },
    )
    return note


@transaction.atomic
def mark_paid(*, actor, statement, paid_on):
    """The treasurer records that ``statement`` was paid on ``paid_on`` (no payment
    is processed here)."""
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.is_credit_note:
        raise DomainError(_("A credit note is not paid: it reduces what is owed."))
    if statement.is_paid:
        raise DomainError(
            _("This statement was marked paid on %(date)s.")
            % {"date": date_format(statement.paid_on)},
            field="paid_on",
        )
    if paid_on is None:
        raise DomainError(_("Give the date of the payment."), field="paid_on")
    statement.paid_on = paid_on
    statement.paid_by = actor
    statement.save(update_fields=["paid_on", "paid_by"])
    log_action(
        actor=actor,
        action="premises.statement_paid",
        obj=statement,
        collective=statement.site.collective,
        after={"paid_on": paid_on.isoformat()},
    )
    return statement


def verify_chain(site):
    """The numbers of the statements of ``site`` whose stored hash does not match
    their content or whose previous hash does not match the one before (an empty
    list: the chain holds)."""
    broken = []
    previous = GENESIS
    statements = (
        Statement.objects.filter(site=site).order_by("chain_index").prefetch_related("lines")
    )
    for statement in statements:
        lines = sorted(statement.lines.all(), key=lambda line: line.position)
        if statement.previous_hash != previous or statement.digest(lines) != statement.hash:
            broken.append(statement.number)
        previous = statement.hash
    return broken


def local_day_start(site, day):
    """Midnight of ``day`` at the site, aware (for tests and callers giving a ``now``)."""
    return timezone.make_aware(datetime.combine(day, time(0)), zone_or_default(site.time_zone))
