"""The counts of referrals per offer, a view on non-take-up: sent, accepted, refused by
reason, cancelled, and still waiting for an answer after ORIENTATION_REFERRAL_PENDING_DAYS.

Two aggregate queries whatever the number of referrals: one per offer with conditional
counts, one of refusals grouped by offer and reason. Erased referrals count as the
others (their offer, dates, status and reason are kept).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from .models import Offer
from .models_referrals import Referral, ReferralStatus, RefusalReason

ACCEPTED = (ReferralStatus.ACCEPTED, ReferralStatus.CLOSED)


@dataclass
class Line:
    offer: object
    sent: int = 0
    accepted: int = 0
    refused: int = 0
    cancelled: int = 0
    waiting: int = 0
    late: int = 0
    reasons: list = field(default_factory=list)  # (label, count), in RefusalReason's order


def referral_counts(offers, *, now=None):
    """One ``Line`` per offer of ``offers`` that received at least one referral, and the
    totals (a ``Line`` with ``offer=None``)."""
    now = now or timezone.now()
    late_before = now - timedelta(days=settings.ORIENTATION_REFERRAL_PENDING_DAYS)
    rows = (
        Offer.objects.filter(pk__in=offers.values("pk"))
        .select_related("structure")
        .annotate(
            sent=Count("referrals"),
            accepted=Count("referrals", filter=Q(referrals__status__in=ACCEPTED)),
            refused=Count("referrals", filter=Q(referrals__status=ReferralStatus.REFUSED)),
            cancelled=Count("referrals", filter=Q(referrals__status=ReferralStatus.CANCELLED)),
            waiting=Count("referrals", filter=Q(referrals__status=ReferralStatus.SENT)),
            late=Count(
                "referrals",
                filter=Q(
                    referrals__status=ReferralStatus.SENT,
                    referrals__created_at__lt=late_before,
                ),
            ),
        )
        .filter(sent__gt=0)
        .order_by("structure__name", "name")
    )
    refusals = (
        Referral.objects.filter(offer__in=offers.values("pk"), status=ReferralStatus.REFUSED)
        .values("offer", "reason")
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_offer = {}
    for row in refusals:
        by_offer.setdefault(row["offer"], {})[row["reason"]] = row["count"]
    labels = dict(RefusalReason.choices)
    lines, total, total_reasons = [], Line(offer=None), {}
    for offer in rows:
        counted = by_offer.get(offer.pk, {})
        line = Line(
            offer=offer,
            sent=offer.sent,
            accepted=offer.accepted,
            refused=offer.refused,
            cancelled=offer.cancelled,
            waiting=offer.waiting,
            late=offer.late,
            reasons=[(labels[code], counted[code]) for code in labels if counted.get(code)],
        )
        lines.append(line)
        for name in ("sent", "accepted", "refused", "cancelled", "waiting", "late"):
            setattr(total, name, getattr(total, name) + getattr(line, name))
        for code, count in counted.items():
            total_reasons[code] = total_reasons.get(code, 0) + count
    total.reasons = [
        (labels[code], total_reasons[code]) for code in labels if total_reasons.get(code)
    ]
    return lines, total
