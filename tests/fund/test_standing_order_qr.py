"""A standing order's page shows the payment code of its monthly transfer: the EPC
GiroCode with the order's own reference and amount."""

from django.urls import reverse

from maillage.fund import qr, services_recurring


def test_the_standing_orders_page_has_its_girocode(client, fund):
    monthly = services_recurring.start_monthly(
        foundation=fund.foundation,
        campaign=fund.campaign,
        name="Rachid Haddad",
        email="rachid.haddad@example.org",
        address="",
        amount="15",
        currency="EUR",
        shown=False,
    )
    kind, text = qr.payload(fund.foundation, monthly)
    assert kind == "epc"
    lines = text.split("\n")
    assert "EUR15.00" in lines and monthly.reference in lines
    page = client.get(reverse("fund:monthly", args=[fund.world.collective.slug, monthly.key]))
    assert page.status_code == 200
    assert 'role="img"' in page.content.decode()
