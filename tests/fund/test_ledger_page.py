"""The ledger's page, its CSV, and the command that checks the ledgers."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from maillage.fund import ledger
from maillage.fund.models import Account, Line, Movement


def _url(fund, name):
    return reverse(name, args=[fund.world.collective.slug])


def test_the_page_shows_balances_from_the_ledger_and_the_check(client, fund):
    client.force_login(fund.world.facilitator)
    page = client.get(_url(fund, "fund:ledger"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Équilibré" in text and 'id="check-result"' in text
    # Per campaign: 300 raised (50 + 150 + 100 matched); the funder owes its 100.
    assert "300,00" in text and "Abondement Hospice général" in text
    assert "Étude de faisabilité du groupement d&#x27;employeurs" in text
    funders = page.context["funders"]
    assert [(row["matched"], row["paid"], row["owed"]) for row in funders] == [(100, 0, 100)]
    assert page.context["projects"][0]["collected"] == 200
    assert page.context["projects"][0]["matched"] == 100
    assert len(page.context["page"].object_list) == Movement.objects.count() == 4


def test_the_page_lists_the_checks_problems(client, fund):
    movement = Movement.objects.create(
        foundation=fund.foundation,
        kind="received",
        currency="EUR",
        occurred_at=fund.received.pledged_at,
    )
    Line.objects.create(
        movement=movement,
        foundation=fund.foundation,
        account=Account.BANK,
        currency="EUR",
        amount=5,
    )
    client.force_login(fund.world.coordinator)
    text = client.get(_url(fund, "fund:ledger")).content.decode()
    assert f"movement {movement.pk} sums to 5" in text
    assert not ledger.check(fund.foundation).ok


def test_the_csv_has_every_line_and_no_donor_name(client, fund):
    client.force_login(fund.world.facilitator)
    answer = client.get(_url(fund, "fund:ledger_csv"))
    assert answer["Content-Type"].startswith("text/csv")
    text = answer.content.decode("utf-8-sig")
    rows = text.strip().splitlines()
    assert len(rows) == 1 + Line.objects.count()
    assert "Louis Bernard" not in text
    assert fund.received.donor.pseudonym in text


def test_the_command_checks_every_foundation(fund, capsys):
    call_command("check_fund_ledger")
    assert "ok (4 movements, 8 lines)" in capsys.readouterr().out
    call_command("check_fund_ledger", "--collective", fund.world.collective.slug)
    movement = Movement.objects.create(
        foundation=fund.foundation,
        kind="received",
        currency="EUR",
        occurred_at=fund.received.pledged_at,
    )
    Line.objects.create(
        movement=movement,
        foundation=fund.foundation,
        account=Account.BANK,
        currency="EUR",
        amount=5,
    )
    with pytest.raises(SystemExit) as stopped:
        call_command("check_fund_ledger")
    assert stopped.value.code == 1
    assert f"movement {movement.pk} sums to 5" in capsys.readouterr().out
