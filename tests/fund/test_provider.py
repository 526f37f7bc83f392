"""The payment provider: Mollie's Payments API v2 against a local fake of it
(tests/fund/fake_provider.py), the donor's return page and the webhook, which fetches
the status from the provider and receives the gift once, however often it is called."""

from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from maillage.fund import ledger, providers, services_gifts
from maillage.fund.models import DrawKind, GiftStatus, MatchDraw, Method

from .fake_provider import FakeMollie


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def mollie(settings):
    fake = FakeMollie().start()
    settings.FUND_MOLLIE_API = fake.url
    yield fake
    fake.stop()


@pytest.fixture
def online(fund, mollie):
    fund.foundation.provider = "mollie"
    fund.foundation.provider_key = mollie.key
    fund.foundation.save()
    gift = services_gifts.pledge_gift(
        foundation=fund.foundation,
        campaign=fund.campaign,
        name="Inès Moreau",
        email="ines@example.org",
        amount="40",
        currency="EUR",
        method=Method.PROVIDER,
    )
    return gift


def _request():
    return RequestFactory().get("/", HTTP_HOST="maillage.example.org")


def test_start_checkout_creates_the_payment_at_the_provider(fund, mollie, online):
    url = providers.start_checkout(online, _request())
    online.refresh_from_db()
    assert online.provider_payment.startswith("tr_")
    assert url == f"https://www.mollie.com/checkout/select-method/{online.provider_payment}"
    payment = mollie.payments[online.provider_payment]
    assert payment["amount"] == {"currency": "EUR", "value": "40.00"}
    slug = fund.world.collective.slug
    assert payment["redirectUrl"].endswith(reverse("fund:provider_return", args=[slug, online.key]))
    assert payment["webhookUrl"] == "http://maillage.example.org" + reverse(
        "fund:provider_webhook", args=[slug]
    )
    assert payment["metadata"] == {"gift": online.pk}


def test_no_provider_means_no_checkout_and_no_request(fund, mollie):
    gift = fund.pledged
    assert providers.start_checkout(gift, _request()) is None
    assert mollie.requests == []


def test_a_wrong_key_or_a_provider_down_leaves_the_gift_to_the_bank_transfer(
    fund, mollie, online, settings
):
    fund.foundation.provider_key = "test_wrong"
    fund.foundation.save()
    online.foundation.refresh_from_db()
    assert providers.start_checkout(online, _request()) is None
    settings.FUND_MOLLIE_API = "http://127.0.0.1:9/v2"  # nothing listens there
    assert providers.start_checkout(online, _request()) is None
    online.refresh_from_db()
    assert online.provider_payment == "" and online.status == GiftStatus.PLEDGED
    assert online.reference  # the donor can still pay by transfer


def test_payment_status_reads_the_provider(mollie):
    provider = providers.Mollie(mollie.key)
    assert isinstance(provider, providers.Provider)
    assert providers.PROVIDERS["mollie"] is providers.Mollie
    with pytest.raises(providers.ProviderError):
        provider.payment_status("tr_unknown")
    with pytest.raises(providers.ProviderError):
        provider.payment_status("not-a-payment")


def _webhook(client, fund, payment_id):
    url = reverse("fund:provider_webhook", args=[fund.world.collective.slug])
    return client.post(url, {"id": payment_id})


def test_webhook_receives_a_paid_gift_once_and_draws_its_matching(client, fund, mollie, online):
    providers.start_checkout(online, _request())
    online.refresh_from_db()
    # The body says nothing of the status: while the provider says "open", nothing happens.
    assert _webhook(client, fund, online.provider_payment).status_code == 200
    online.refresh_from_db()
    assert online.status == GiftStatus.PLEDGED
    mollie.set_status(online.provider_payment, "paid")
    for _again in range(3):
        assert _webhook(client, fund, online.provider_payment).status_code == 200
    online.refresh_from_db()
    assert online.status == GiftStatus.RECEIVED
    assert online.received_on == timezone.localdate()
    assert online.movements.filter(kind="received").count() == 1
    draws = MatchDraw.objects.filter(gift=online, kind=DrawKind.DRAWN)
    assert [draw.amount for draw in draws] == [Decimal("40.00")]
    assert ledger.check(fund.foundation).ok


@pytest.mark.parametrize("status", ["failed", "canceled", "expired"])
def test_webhook_cancels_a_failed_payment_once(client, fund, mollie, online, status):
    providers.start_checkout(online, _request())
    online.refresh_from_db()
    mollie.set_status(online.provider_payment, status)
    assert _webhook(client, fund, online.provider_payment).status_code == 200
    assert _webhook(client, fund, online.provider_payment).status_code == 200
    online.refresh_from_db()
    assert online.status == GiftStatus.CANCELLED
    assert online.movements.filter(kind="cancelled").count() == 1
    assert ledger.check(fund.foundation).ok


def test_webhook_ignores_unknown_ids_without_asking_the_provider(client, fund, mollie, online):
    before = mollie.requests[:]
    assert _webhook(client, fund, "tr_doesnotexist").status_code == 200
    assert _webhook(client, fund, "").status_code == 200
    assert mollie.requests == before
    online.refresh_from_db()
    assert online.status == GiftStatus.PLEDGED


def test_webhook_answers_503_when_the_provider_is_down(client, fund, mollie, online, settings):
    providers.start_checkout(online, _request())
    online.refresh_from_db()
    settings.FUND_MOLLIE_API = "http://127.0.0.1:9/v2"
    assert _webhook(client, fund, online.provider_payment).status_code == 503
    online.refresh_from_db()
    assert online.status == GiftStatus.PLEDGED


def test_return_page_says_the_payment_is_being_confirmed_then_received(
    client, fund, mollie, online
):
    url = reverse("fund:provider_return", args=[fund.world.collective.slug, online.key])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "being confirmed" in page.content.decode()
    services_gifts.receive_gift(actor=None, gift=online, received_on=timezone.localdate())
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "is received" in page.content.decode()
    bad = reverse("fund:provider_return", args=[fund.world.collective.slug, "nope"])
    assert client.get(bad).status_code == 404
