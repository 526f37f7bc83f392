"""Bank reconciliation (maillage/fund/services_bank.py): a statement imported once,
its credits matched by reference, then by amount and name, the rest in review; the
ledger balanced and equal to the records after every service."""

import secrets
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import override

from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError
from maillage.fund import ledger, services_bank, services_gifts
from maillage.fund.models import (
    Gift,
    GiftStatus,
    MatchDraw,
    MonthlyGift,
    Movement,
    RoundUpProgramme,
    RoundUpReport,
)
from maillage.fund.models_bank import BankLine, BankStatement, LineStatus

from .statements.build import camt

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _import(fund, data, name="releve.xml"):
    return services_bank.import_statement(
        actor=fund.world.facilitator, foundation=fund.foundation, file_name=name, data=data
    )


def _balanced(fund):
    result = ledger.check(fund.foundation)
    assert result.ok, result.problems


def _state():
    return (
        BankStatement.objects.count(),
        BankLine.objects.count(),
        Movement.objects.count(),
        list(Gift.objects.order_by("pk").values_list("status", "amount")),
    )


def test_a_credit_with_the_gifts_reference_receives_it(fund):
    today = _today()
    reference = fund.pledged.reference
    spaced = " ".join(reference[i : i + 4] for i in range(0, len(reference), 4)).lower()
    result = _import(
        fund,
        camt(
            [
                {"amount": "50.00", "booked_on": today, "reference": spaced, "bank_ref": "B1"},
                {"amount": "9.00", "booked_on": today, "debit": True, "bank_ref": "B2"},
            ]
        ),
    )
    assert (result.by_reference, result.by_name, result.review) == (1, 0, 0)
    gift = Gift.objects.get(pk=fund.pledged.pk)
    assert gift.status == GiftStatus.RECEIVED and gift.received_on == today
    line = BankLine.objects.get()
    assert (line.status, line.matched_how, line.gift_id) == (
        LineStatus.MATCHED,
        "reference",
        gift.pk,
    )
    assert Movement.objects.get(gift=gift, kind="received").bank_line == line
    assert MatchDraw.objects.get(gift=gift).amount == Decimal("50.00")  # doubled
    statement = result.statement
    assert (statement.lines_count, statement.new_lines, statement.format) == (1, 1, "camt053")
    event = AuditEvent.objects.get(action="fund.statement_imported")
    assert event.after["matched"] == 1 and event.after["debits"] == 1
    assert "Martin" not in str(event.after)
    _balanced(fund)


def test_the_same_file_twice_changes_nothing(fund):
    data = camt([{"amount": "50.00", "booked_on": _today(), "reference": fund.pledged.reference}])
    _import(fund, data)
    before = _state()
    with override("en"), pytest.raises(DomainError) as refused:
        _import(fund, data, name="encore.xml")
    assert "already imported on" in refused.value.message
    assert refused.value.field == "file"
    assert _state() == before
    _balanced(fund)


def test_an_overlapping_statement_adds_only_its_new_lines(fund):
    today = _today()
    first = [
        {"amount": "10.00", "booked_on": today, "name": "Inconnu", "bank_ref": "A"},
        {"amount": "11.00", "booked_on": today, "name": "Inconnue", "bank_ref": "B"},
    ]
    _import(fund, camt(first, statement_id="S-1"))
    second = [*first[1:], {"amount": "12.00", "booked_on": today, "name": "Autre", "bank_ref": "C"}]
    result = _import(fund, camt(second, statement_id="S-2"))
    assert (result.statement.lines_count, result.statement.new_lines) == (2, 1)
    assert sorted(BankLine.objects.values_list("amount", flat=True)) == [
        Decimal("10.00"),
        Decimal("11.00"),
        Decimal("12.00"),
    ]
    assert result.review == 1
    _balanced(fund)


def _pledge(fund, name, amount="40", email=None):
    return services_gifts.pledge_gift(
        foundation=fund.foundation,
        campaign=fund.campaign,
        name=name,
        email=email or f"{secrets.token_hex(4)}@example.org",
        amount=amount,
        currency="EUR",
    )


def test_amount_and_name_match_when_only_one_gift_fits(fund):
    gift = _pledge(fund, "Élise Dupré-Léger", "40")
    _pledge(fund, "Élise Dupré-Léger", "45")  # another amount: not a candidate
    result = _import(
        fund,
        camt([{"amount": "40.00", "booked_on": _today(), "name": "MME LEGER ELISE DUPRE"}]),
    )
    assert (result.by_reference, result.by_name) == (0, 1)
    line = BankLine.objects.get()
    assert (line.matched_how, line.gift_id) == ("name", gift.pk)
    _balanced(fund)


def test_two_gifts_of_the_same_amount_and_name_go_to_review(fund):
    _pledge(fund, "Paul Morel", "40")
    _pledge(fund, "Paul Morel", "40")
    result = _import(fund, camt([{"amount": "40.00", "booked_on": _today(), "name": "Paul Morel"}]))
    assert result.review == 1
    assert BankLine.objects.get().status == LineStatus.REVIEW
    assert Gift.objects.filter(status=GiftStatus.PLEDGED).count() == 3
    _balanced(fund)


def test_another_currency_than_the_gifts_goes_to_review(fund):
    result = _import(
        fund,
        camt(
            [
                {
                    "amount": "50.00",
                    "currency": "CHF",
                    "booked_on": _today(),
                    "reference": fund.pledged.reference,
                }
            ]
        ),
    )
    assert result.review == 1
    assert Gift.objects.get(pk=fund.pledged.pk).status == GiftStatus.PLEDGED
    _balanced(fund)


def test_an_absurd_amount_waits_in_review(fund):
    result = _import(
        fund,
        camt(
            [{"amount": "2000000.00", "booked_on": _today(), "reference": fund.pledged.reference}]
        ),
    )
    assert result.review == 1
    assert Gift.objects.get(pk=fund.pledged.pk).status == GiftStatus.PLEDGED
    _balanced(fund)


def test_a_standing_orders_reference_makes_and_receives_the_months_gift(fund):
    donor = services_gifts.donor_for(fund.foundation, name="Nadia Haddad", email="n@example.org")
    monthly = MonthlyGift.objects.create(
        foundation=fund.foundation,
        campaign=fund.campaign,
        donor=donor,
        amount=Decimal("15.00"),
        currency="EUR",
        reference=services_gifts.new_reference(fund.foundation, "EUR", MonthlyGift),
        key=secrets.token_urlsafe(32),
        starts_on=_today() - timedelta(days=40),
    )
    today = _today()
    _import(fund, camt([{"amount": "15.00", "booked_on": today, "reference": monthly.reference}]))
    gift = Gift.objects.get(monthly=monthly)
    assert gift.status == GiftStatus.RECEIVED
    assert gift.month == today.replace(day=1)
    assert BankLine.objects.get().gift == gift
    _balanced(fund)


def test_a_round_up_reference_receives_the_oldest_promised_total(fund):
    programme = RoundUpProgramme.objects.create(
        foundation=fund.foundation,
        organisation=fund.world.organisation,
        campaign=fund.campaign,
        name="Arrondi sur salaire",
        currency="EUR",
        reference="RF3120260001",
        starts_on=_today() - timedelta(days=90),
    )
    gifts = []
    for month, total in ((2, "80.00"), (1, "64.00")):
        report = RoundUpReport.objects.create(
            programme=programme,
            month=_today().replace(day=1) - timedelta(days=28 * month),
            total=Decimal(total),
            reported_by=fund.world.coordinator,
            reported_at=timezone.now(),
        )
        report.month = report.month.replace(day=1)
        report.save()
        gifts.append(
            services_gifts._pledge(
                fund.foundation,
                campaign=fund.campaign,
                project=None,
                donor=None,
                amount=report.total,
                currency="EUR",
                method="transfer",
                round_up=report,
            )
        )
    _import(
        fund, camt([{"amount": "80.00", "booked_on": _today(), "text": "Arrondi RF31 2026 0001"}])
    )
    assert Gift.objects.get(pk=gifts[0].pk).status == GiftStatus.RECEIVED
    assert Gift.objects.get(pk=gifts[1].pk).status == GiftStatus.PLEDGED
    _balanced(fund)


def _review_line(fund, amount="42.00", currency="EUR"):
    _import(
        fund,
        camt([{"amount": amount, "currency": currency, "booked_on": _today(), "name": "C. M."}]),
        name=f"{secrets.token_hex(3)}.xml",
    )
    return BankLine.objects.get(status=LineStatus.REVIEW, amount=amount)


def test_a_line_matched_by_hand_with_another_amount(fund):
    line = _review_line(fund)
    services_bank.match_line(actor=fund.world.facilitator, line=line, gift=fund.pledged)
    gift = Gift.objects.get(pk=fund.pledged.pk)
    assert (gift.status, gift.amount) == (GiftStatus.RECEIVED, Decimal("42.00"))
    line.refresh_from_db()
    assert (line.status, line.matched_how, line.gift_id) == (LineStatus.MATCHED, "hand", gift.pk)
    assert line.matched_by == fund.world.facilitator
    assert ledger.figures(fund.foundation, campaign=fund.campaign).received == Decimal("192.00")
    event = AuditEvent.objects.get(action="fund.bank_line_matched")
    assert event.after["gift"] == gift.pk and event.after["amount"] == "42.00 EUR"
    _balanced(fund)


@pytest.mark.parametrize("case", ["currency", "received", "done"])
def test_a_manual_match_refused_changes_nothing(fund, case):
    line = _review_line(fund, currency="CHF" if case == "currency" else "EUR")
    gift = fund.received if case == "received" else fund.pledged
    if case == "done":
        services_bank.ignore_line(actor=fund.world.facilitator, line=line, reason="Frais")
    before = _state()
    with override("en"), pytest.raises(DomainError) as refused:
        services_bank.match_line(actor=fund.world.facilitator, line=line, gift=gift)
    expected = {
        "currency": "This gift is in EUR and the line in CHF",
        "received": "not waiting for its money any more",
        "done": "not waiting for review any more",
    }[case]
    assert expected in refused.value.message
    assert _state() == before
    _balanced(fund)


def test_ignore_needs_a_reason_and_can_be_undone(fund):
    line = _review_line(fund)
    with override("en"), pytest.raises(DomainError) as refused:
        services_bank.ignore_line(actor=fund.world.facilitator, line=line, reason="  ")
    assert "Say what this money is" in refused.value.message
    assert BankLine.objects.get(pk=line.pk).status == LineStatus.REVIEW
    services_bank.ignore_line(actor=fund.world.facilitator, line=line, reason="Frais remboursés")
    assert BankLine.objects.get(pk=line.pk).status == LineStatus.IGNORED
    services_bank.unignore_line(actor=fund.world.facilitator, line=line)
    assert BankLine.objects.get(pk=line.pk).status == LineStatus.REVIEW
    assert list(
        AuditEvent.objects.filter(action__startswith="fund.bank_line")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["fund.bank_line_ignored", "fund.bank_line_unignored"]
    _balanced(fund)


def test_a_malformed_statement_is_refused_in_french_and_imports_nothing(fund):
    before = _state()
    with override("fr"), pytest.raises(DomainError) as refused:
        _import(fund, b"date;montant;devise\n2026-03-02;dix;EUR\n", name="releve.csv")
    assert (
        refused.value.message == "Ligne 2\u00a0: le montant «\u00a0dix\u00a0» n'est pas un nombre."
    )
    assert _state() == before


def test_a_csv_statement_matches_too(fund):
    data = (
        "Date;Nom;Référence;Montant;Devise\n"
        f"{_today():%d/%m/%Y};Camille Martin;{fund.pledged.reference};50,00;EUR\n"
    ).encode("latin-1")
    result = _import(fund, data, name="releve.csv")
    assert result.by_reference == 1 and result.statement.format == "csv"
    _balanced(fund)


def test_matching_loads_the_gifts_once_not_per_line(fund, django_assert_max_num_queries):
    today = _today()
    entries = [
        {
            "amount": f"{number + 1}.00",
            "booked_on": today,
            "name": f"P {number}",
            "bank_ref": str(number),
        }
        for number in range(60)
    ]
    with django_assert_max_num_queries(15):  # whatever the number of lines to review
        result = _import(fund, camt(entries))
    assert result.review == 60


def _pledges(fund, count, amount="20.00"):
    return [
        services_gifts.pledge_gift(
            foundation=fund.foundation,
            campaign=fund.campaign,
            name=f"Donatrice {number}",
            email=f"donatrice{number}@example.org",
            amount=amount,
            currency="EUR",
        )
        for number in range(count)
    ]


def _credits(gifts):
    return camt(
        [
            {
                "amount": str(gift.amount),
                "booked_on": _today(),
                "name": f"Donatrice {number}",
                "reference": gift.reference,
                "bank_ref": f"B{len(gifts)}-{number}",
            }
            for number, gift in enumerate(gifts)
        ]
    )


def _queries_to_receive(fund, count, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gifts = _pledges(fund, count)
    with CaptureQueriesContext(connection) as captured:
        result = _import(fund, _credits(gifts))
    assert result.by_reference == count
    import re

    return [re.sub(r"\d+", "N", q["sql"])[:90] for q in captured.captured_queries]


def test_receiving_a_statement_does_not_query_per_gift(fund, django_assert_max_num_queries):
    """The gifts of a statement are received together: the queries do not grow with
    them (matching draws included: the setting's fund doubles these gifts)."""
    few = _queries_to_receive(fund, 5, django_assert_max_num_queries)
    many = _queries_to_receive(fund, 40, django_assert_max_num_queries)
    # 8 times the gifts: only the INSERTs split into batches (the database's limit on
    # parameters per statement); no query per gift.
    extra = list(many)
    for query in few:
        extra.remove(query)
    assert len(extra) <= 3 and all(query.startswith("INSERT") for query in extra), extra
    assert ledger.check(fund.foundation).ok
    # The matching fund drew for every gift until its total ran out, never beyond.
    drawn = sum(draw.amount for draw in MatchDraw.objects.filter(fund=fund.matching))
    assert drawn <= fund.matching.total
    assert MatchDraw.objects.filter(fund=fund.matching).count() > 40
