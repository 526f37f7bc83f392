"""What the payment provider changes (providers.py): the payment id recorded on a gift
when the donor is sent to the provider's page, and the gift received (or its pledge
cancelled) when the provider says the payment is paid (or failed, was cancelled,
expired). Repeated webhooks change nothing more."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.errors import DomainError

from . import services_gifts
from .models import Gift, GiftStatus, Method

FINAL_FAILURES = ("failed", "canceled", "expired")


def record_checkout(*, gift, payment_id):
    with transaction.atomic():
        gift = Gift.objects.select_for_update().get(pk=gift.pk)
        if gift.status != GiftStatus.PLEDGED or gift.method != Method.PROVIDER:
            raise DomainError(_("Only a promised online gift is paid through the provider."))
        gift.provider_payment = payment_id
        gift.version += 1
        gift.save(update_fields=["provider_payment", "version"])
        log_action(
            actor=None,
            action="fund.provider_checkout",
            obj=gift,
            after={"payment": payment_id},
        )
    return gift


def settle_payment(*, gift, status, now=None):
    """Apply the provider's ``status`` (fetched from its API) to ``gift``: "paid" receives
    it once, a final failure cancels its pledge once; anything else waits. Returns what
    was done: "received", "cancelled" or "" (nothing)."""
    now = now or timezone.now()
    try:
        if status == "paid":
            services_gifts.receive_gift(
                actor=None, gift=gift, received_on=timezone.localdate(now), now=now
            )
            return "received"
        if status in FINAL_FAILURES:
            services_gifts.cancel_pledge(
                actor=None, gift=gift, reason=f"provider: {status}", now=now
            )
            return "cancelled"
    except DomainError:
        # Already received or cancelled by an earlier call of the webhook: nothing to do.
        return ""
    return ""
