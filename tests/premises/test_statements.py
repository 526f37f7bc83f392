"""Monthly statements: exact totals, months, the change of time, holidays, quotas,
credit notes, immutability and the hash chain."""

from datetime import UTC, date
from decimal import Decimal

import pytest
from stdnum import iso11649
from stdnum.ch import esr

from maillage.core.errors import DomainError
from maillage.core.payments import creditor_reference
from maillage.premises import services_statements as services
from maillage.premises.models import BookingStatus, ClosedPeriod
from maillage.premises.models_statements import (
    ImmutableStatement,
    LineKind,
    Statement,
    StatementKind,
    StatementLine,
)

from .statements_setting import after, book, occasional_tenant, priced_site

pytestmark = pytest.mark.django_db


def issue(world, premises, year, month):
    return services.issue_statements(
        actor=world.coordinator, site=premises.site, year=year, month=month, now=after(year, month)
    )


def lines_of(statement):
    return [(line.kind, line.amount) for line in statement.lines.order_by("position")]


def assert_adds_up(statement):
    total = sum((line.amount for line in statement.lines.all()), Decimal("0.00"))
    assert statement.total == total


def test_a_permanent_tenant_pays_its_office_and_the_fifth_half_day_at_the_outside_rate(world):
    premises = priced_site(world)
    # Quota 4: five meeting-room half-days in March 2030, the fifth beyond it.
    for day in (4, 5, 6, 7, 8):
        book(premises, premises.small_room, date(2030, 3, day), organisation=world.organisation)
    (statement,) = issue(world, premises, 2030, 3)
    assert statement.number == "2030-0001"
    assert statement.organisation == world.organisation
    assert lines_of(statement) == [
        (LineKind.RENT, Decimal("405.00")),  # 18 m² × 22.50
        (LineKind.OVER_QUOTA, Decimal("60.00")),  # the 5th half-day, outside rate
    ]
    assert statement.total == Decimal("465.00")
    assert_adds_up(statement)
    over = statement.lines.get(kind=LineKind.OVER_QUOTA)
    assert over.booking.date == date(2030, 3, 8)


def test_totals_equal_their_lines_with_desks_and_late_cancellations(world):
    premises = priced_site(world)
    tenant = occasional_tenant(premises)
    org = tenant.organisation
    book(premises, premises.desks, date(2030, 3, 4), organisation=org, desks=3)
    book(premises, premises.modular_room, date(2030, 3, 5), "afternoon", organisation=org)
    late = book(premises, premises.small_room, date(2030, 3, 6), organisation=org)
    early = book(premises, premises.other_room, date(2030, 3, 6), organisation=org)
    late.status = early.status = BookingStatus.CANCELLED
    late.late_cancellation = True
    late.save()
    early.save()
    (statement,) = [s for s in issue(world, premises, 2030, 3) if s.tenancy == tenant]
    assert lines_of(statement) == [
        (LineKind.BOOKING, Decimal("30.00")),  # 3 desks × 10.00
        (LineKind.BOOKING, Decimal("120.00")),
        (LineKind.LATE_CANCELLATION, Decimal("40.00")),
    ]
    assert statement.total == Decimal("190.00")
    assert_adds_up(statement)


def test_a_late_cancellation_is_free_where_the_site_does_not_charge_it(world):
    premises = priced_site(world, late_cancellation_charged=False)
    tenant = occasional_tenant(premises)
    late = book(premises, premises.small_room, date(2030, 3, 6), organisation=tenant.organisation)
    late.status, late.late_cancellation = BookingStatus.CANCELLED, True
    late.save()
    statements = issue(world, premises, 2030, 3)
    assert [s.tenancy for s in statements] == [premises.tenancy]  # the office's rent only


def test_bookings_on_the_31st_and_the_1st_go_to_their_own_months(world):
    premises = priced_site(world)
    tenant = occasional_tenant(premises)
    book(premises, premises.small_room, date(2030, 10, 31), organisation=tenant.organisation)
    book(premises, premises.small_room, date(2030, 11, 1), organisation=tenant.organisation)
    october = next(s for s in issue(world, premises, 2030, 10) if s.tenancy == tenant)
    november = next(s for s in issue(world, premises, 2030, 11) if s.tenancy == tenant)
    assert [line.booking.date for line in october.lines.all()] == [date(2030, 10, 31)]
    assert [line.booking.date for line in november.lines.all()] == [date(2030, 11, 1)]
    assert october.total == november.total == Decimal("40.00")


@pytest.mark.parametrize("zone, currency", [("Europe/Zurich", "CHF"), ("Europe/Paris", "EUR")])
def test_the_monday_after_the_change_of_time_is_priced_once_in_its_month(world, zone, currency):
    # In 2030 the clocks go forward on Sunday 31 March and back on Sunday 27 October.
    premises = priced_site(world, time_zone=zone, currency=currency)
    tenant = occasional_tenant(premises)
    spring = book(premises, premises.small_room, date(2030, 4, 1), organisation=tenant.organisation)
    autumn = book(
        premises,
        premises.small_room,
        date(2030, 10, 28),
        "afternoon",
        organisation=tenant.organisation,
    )
    assert spring.starts_at.astimezone(UTC).hour == 6  # 08:00 summer time is 06:00 UTC
    assert autumn.starts_at.astimezone(UTC).hour == 12  # 13:00 winter time is 12:00 UTC
    march = [s for s in issue(world, premises, 2030, 3) if s.tenancy == tenant]
    april = [s for s in issue(world, premises, 2030, 4) if s.tenancy == tenant]
    october = [s for s in issue(world, premises, 2030, 10) if s.tenancy == tenant]
    assert march == []
    assert [line.booking for line in april[0].lines.all()] == [spring]
    assert [line.booking for line in october[0].lines.all()] == [autumn]
    assert april[0].total == october[0].total == Decimal("40.00")
    assert april[0].currency == currency


def test_a_holiday_cannot_be_booked_and_nothing_is_billed_for_it(world):
    premises = priced_site(world)
    tenant = occasional_tenant(premises)
    ClosedPeriod.objects.create(
        site=premises.site, starts_on=date(2030, 5, 1), ends_on=date(2030, 5, 1), reason="1er mai"
    )
    with pytest.raises(DomainError):
        book(premises, premises.small_room, date(2030, 5, 1), organisation=tenant.organisation)
    statements = issue(world, premises, 2030, 5)
    assert [s.tenancy for s in statements] == [premises.tenancy]
    assert lines_of(statements[0]) == [(LineKind.RENT, Decimal("405.00"))]


def test_rent_is_prorated_by_days_and_rounded_once_per_line(world):
    premises = priced_site(world)
    premises.tenancy.starts_on = date(2030, 3, 11)  # 21 days of 31
    premises.tenancy.save()
    part_time = occasional_tenant(
        premises, name="BGE", kind="part_time", weekdays=[0, 1], ends_on=date(2030, 2, 14)
    )
    (february,) = [s for s in issue(world, premises, 2030, 2) if s.tenancy == part_time]
    assert lines_of(february) == [(LineKind.RENT, Decimal("150.00"))]  # 300 × 14/28
    (march,) = issue(world, premises, 2030, 3)
    assert march.tenancy == premises.tenancy
    assert lines_of(march) == [(LineKind.RENT, Decimal("274.35"))]  # 405 × 21/31 = 274.354…


def test_issuing_a_month_twice_does_not_bill_twice(world):
    premises = priced_site(world)
    first = issue(world, premises, 2030, 3)
    assert issue(world, premises, 2030, 3) == []
    assert Statement.objects.filter(site=premises.site).count() == len(first) == 1


def test_a_month_is_issued_once_it_is_over(world):
    premises = priced_site(world)
    with pytest.raises(DomainError) as refused:
        services.issue_statements(
            actor=world.coordinator, site=premises.site, year=2030, month=3, now=after(2030, 2)
        )
    assert refused.value.field == "month"
    assert not Statement.objects.exists()


def test_a_credit_note_takes_the_next_number_and_negative_lines(world):
    premises = priced_site(world)
    for day in (4, 5, 6, 7, 8):
        book(premises, premises.small_room, date(2030, 3, day), organisation=world.organisation)
    (statement,) = issue(world, premises, 2030, 3)
    over = statement.lines.get(kind=LineKind.OVER_QUOTA)
    note = services.credit_note(
        actor=world.coordinator,
        statement=statement,
        lines=[over],
        reason="Salle inondée",
        now=after(2030, 3),
    )
    assert note.kind == StatementKind.CREDIT_NOTE
    assert note.number == "2030-0002"
    assert note.credits == statement
    assert lines_of(note) == [(LineKind.OVER_QUOTA, Decimal("-60.00"))]
    assert note.total == Decimal("-60.00")
    statement.refresh_from_db()
    assert statement.total == Decimal("465.00")
    with pytest.raises(DomainError):
        services.credit_note(
            actor=world.coordinator,
            statement=statement,
            lines=[over],
            reason="Encore",
            now=after(2030, 3),
        )
    rest = services.credit_note(
        actor=world.coordinator, statement=statement, reason="Erreur", now=after(2030, 3)
    )
    assert rest.number == "2030-0003"
    assert rest.total == Decimal("-405.00")
    assert statement.total + note.total + rest.total == Decimal("0.00")
    with pytest.raises(DomainError):
        services.credit_note(actor=world.coordinator, statement=statement, reason="Tout")
    assert services.verify_chain(premises.site) == []


def test_an_issued_statement_cannot_be_edited_and_a_changed_row_breaks_the_chain(world):
    premises = priced_site(world)
    (march,) = issue(world, premises, 2030, 3)
    (april,) = issue(world, premises, 2030, 4)
    assert april.previous_hash == march.hash
    assert services.verify_chain(premises.site) == []
    march.total = Decimal("1.00")
    with pytest.raises(ImmutableStatement):
        march.save()
    with pytest.raises(ImmutableStatement):
        march.lines.first().save()
    # Changed behind the application's back: the chain check finds it.
    Statement.objects.filter(pk=march.pk).update(total=Decimal("400.00"))
    assert services.verify_chain(premises.site) == ["2030-0001"]
    Statement.objects.filter(pk=march.pk).update(total=Decimal("405.00"))
    StatementLine.objects.filter(statement=april).update(amount=Decimal("1.00"))
    assert services.verify_chain(premises.site) == ["2030-0002"]


def test_the_treasurer_marks_a_statement_paid_once(world):
    premises = priced_site(world)
    (statement,) = issue(world, premises, 2030, 3)
    services.mark_paid(actor=world.coordinator, statement=statement, paid_on=date(2030, 4, 20))
    statement.refresh_from_db()
    assert statement.paid_on == date(2030, 4, 20)
    assert statement.paid_by == world.coordinator
    with pytest.raises(DomainError):
        services.mark_paid(actor=world.coordinator, statement=statement, paid_on=date(2030, 4, 21))
    assert services.verify_chain(premises.site) == []


def test_payment_references(world):
    premises = priced_site(world)
    (statement,) = issue(world, premises, 2030, 3)
    assert iso11649.is_valid(statement.reference)
    premises.site.iban = "CH44 3199 9123 0008 8901 2"  # a QR-IBAN
    premises.site.save()
    (april,) = issue(world, premises, 2030, 4)
    assert len(april.reference) == 27
    assert esr.is_valid(april.reference)
    assert creditor_reference("539007547034") == "RF18539007547034"


def test_issuing_takes_a_few_queries_per_tenant(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    premises = priced_site(world)
    for n in range(6):
        tenant = occasional_tenant(premises, name=f"Structure {n}")
        book(
            premises,
            premises.small_room,
            date(2030, 3, 4 + n % 5),
            f"{'morning' if n < 5 else 'afternoon'}",
            organisation=tenant.organisation,
        )
    with CaptureQueriesContext(connection) as queries:
        issued = issue(world, premises, 2030, 3)
    assert len(issued) == 7  # the world's office and six occasional tenants
    # A fixed number of reads, then a statement, its lines and its log line each.
    assert len(queries) <= 20 + 3 * len(issued)
