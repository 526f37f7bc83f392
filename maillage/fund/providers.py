"""Online payment through a provider the collective configured (``Foundation.provider``
and its API key). No card is handled here: the donor pays on the provider's page and
comes back; the provider then calls the webhook, and the payment's status is always
fetched from the provider's API, never read from the webhook's body (anyone can post
to a webhook).

- ``Provider``: the interface; ``PROVIDERS`` maps ``Foundation.provider`` to a class.
- ``Mollie``: Mollie's Payments API v2 (``POST /v2/payments``, ``GET /v2/payments/{id}``,
  bearer API key), at ``settings.FUND_MOLLIE_API`` (tests point it at a local fake).
- ``start_checkout(gift, request)``: what the gift form calls once the gift is pledged
  with the method "online payment": the provider's page to send the donor to, or None
  when the foundation has no provider (or the provider did not answer: the gift keeps
  its bank transfer reference, so nothing is lost).
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

import requests
from django.conf import settings
from django.urls import reverse

logger = logging.getLogger(__name__)

MOLLIE_API = "https://api.mollie.com/v2"
TIMEOUT = (5, 15)  # seconds to connect, to read
STATUSES = ("paid", "open", "failed", "canceled", "expired")


class ProviderError(Exception):
    """The provider did not answer, or answered something unexpected."""


@dataclass(frozen=True)
class Checkout:
    payment_id: str
    url: str


class Provider:
    """A payment provider, made with the foundation's API key."""

    code = ""

    def __init__(self, key):
        self.key = key

    def start_checkout(self, gift, return_url, webhook_url):
        """Create the payment of ``gift``: a ``Checkout`` (the provider's payment id and
        the page to redirect the donor to)."""
        raise NotImplementedError

    def payment_status(self, payment_id):
        """One of ``STATUSES``, as the provider says it now."""
        raise NotImplementedError


class Mollie(Provider):
    """https://docs.mollie.com/reference/create-payment and get-payment."""

    code = "mollie"

    @property
    def api(self):
        return getattr(settings, "FUND_MOLLIE_API", MOLLIE_API).rstrip("/")

    def _send(self, method, path, **kwargs):
        try:
            response = requests.request(
                method,
                f"{self.api}{path}",
                headers={"Authorization": f"Bearer {self.key}"},
                timeout=TIMEOUT,
                **kwargs,
            )
        except requests.RequestException as exc:
            raise ProviderError(f"Mollie {method} {path}: {exc}") from exc
        if response.status_code >= 400:
            raise ProviderError(f"Mollie {method} {path}: HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as exc:
            raise ProviderError(f"Mollie {method} {path}: not JSON") from exc

    def start_checkout(self, gift, return_url, webhook_url):
        body = {
            "amount": {"currency": gift.currency, "value": f"{Decimal(gift.amount):.2f}"},
            "description": f"{gift.foundation.name[:200]} {gift.reference}".strip(),
            "redirectUrl": return_url,
            "webhookUrl": webhook_url,
            "metadata": {"gift": gift.pk},
        }
        answer = self._send("POST", "/payments", json=body)
        try:
            return Checkout(payment_id=answer["id"], url=answer["_links"]["checkout"]["href"])
        except (KeyError, TypeError) as exc:
            raise ProviderError("Mollie: no payment id or checkout link") from exc

    def payment_status(self, payment_id):
        if not str(payment_id).startswith("tr_"):
            raise ProviderError(f"Mollie: {payment_id!r} is not a payment id")
        status = self._send("GET", f"/payments/{payment_id}").get("status")
        if status not in STATUSES and status != "authorized" and status != "pending":
            raise ProviderError(f"Mollie: unknown status {status!r}")
        # "pending" and "authorized" are not final: the money is not there yet.
        return "open" if status in ("pending", "authorized") else status


PROVIDERS = {Mollie.code: Mollie}


def provider_for(foundation):
    """The foundation's provider, or None when it has none (or no key)."""
    cls = PROVIDERS.get(foundation.provider or "")
    if cls is None or not foundation.provider_key:
        return None
    return cls(foundation.provider_key)


def start_checkout(gift, request):
    """The provider's page for ``gift`` (pledged with the method "online payment"), the
    payment's id recorded on the gift; None without a provider or when it fails."""
    from . import services_provider

    provider = provider_for(gift.foundation)
    if provider is None:
        return None
    slug = gift.foundation.collective.slug
    return_url = request.build_absolute_uri(reverse("fund:provider_return", args=[slug, gift.key]))
    webhook_url = request.build_absolute_uri(reverse("fund:provider_webhook", args=[slug]))
    try:
        checkout = provider.start_checkout(gift, return_url, webhook_url)
    except ProviderError:
        logger.warning("Payment provider refused gift %s", gift.pk, exc_info=True)
        return None
    services_provider.record_checkout(gift=gift, payment_id=checkout.payment_id)
    return checkout.url
