"""Receipts for gifts: a French tax receipt (Cerfa n° 11580) for gifts in euros, a
Swiss donation certificate for gifts in francs; for one gift, or for a donor's year.

- A gift is **eligible** when it is received, has a named donor with a postal address
  (the Cerfa needs both), is not a round-up total (an employer's sum has no named
  donor), is not covered by a live receipt already, and the foundation issues that
  kind of receipt (``fr_receipts`` for euros, ``ch_certificates`` for francs).
  ``refusal`` says in words why a gift is not.
- **Numbers** are "{year}-{sequence:05d}", per foundation and year of issue, from
  ``ReceiptSequence`` read under its lock: no gap, no duplicate, whoever issues at the
  same time. The gifts are locked first, then the sequence, always in that order.
- A receipt is **never changed**: it keeps a snapshot of the donor, the amount (in
  figures and words), the dates, the form, nature and payment mode, the article. A
  **cancellation** is a new receipt (the next number) that names the one it cancels;
  it frees the gifts so that a corrected receipt can be issued.
- The donor gets the receipt's PDF by e-mail, after the commit, when they gave an
  address.

Receipts move no money: the ledger is not posted to (and stays as it was).
"""

import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError
from maillage.core.payments import normalise_reference

from .models import (
    Currency,
    DonorKind,
    Gift,
    GiftForm,
    GiftNature,
    GiftStatus,
    Method,
    PaymentMode,
    Receipt,
    ReceiptKind,
    ReceiptScope,
    ReceiptSequence,
    TaxArticle,
)
from .words import amount_in_words

log = logging.getLogger(__name__)

REASON_MAX = 300
MODES = {
    Method.CASH: PaymentMode.CASH,
    Method.CHEQUE: PaymentMode.CHEQUE,
    Method.TRANSFER: PaymentMode.TRANSFER,
    Method.PROVIDER: PaymentMode.TRANSFER,
}


def _today(now):
    return timezone.localdate(now)


# ------------------------------------------------------------------ eligibility


def kind_for(foundation, currency):
    """The kind of receipt ``foundation`` issues for gifts in ``currency``, or None."""
    if currency == Currency.EUR and foundation.fr_receipts:
        return ReceiptKind.FR_CERFA
    if currency == Currency.CHF and foundation.ch_certificates:
        return ReceiptKind.CH_CERTIFICATE
    return None


def refusal(gift):
    """Why ``gift`` cannot have a receipt now (a translated sentence), or None."""
    if gift.status != GiftStatus.RECEIVED:
        return _(
            "This gift has not been received (it is promised, cancelled or refunded): a "
            "receipt is issued for money received only."
        )
    if gift.round_up_id is not None or gift.method == Method.ROUND_UP:
        return _(
            "This gift is an employer's round-up total: it has no named donor, so it gets "
            "no receipt."
        )
    if gift.receipt_id is not None:
        # Read from its own row: a row locked after waiting (PostgreSQL) sees the new
        # receipt_id but not the receipt joined before the wait.
        number = Receipt.objects.filter(pk=gift.receipt_id).values_list("number", flat=True).first()
        return _("Receipt %(number)s already covers this gift.") % {"number": number}
    if kind_for(gift.foundation, gift.currency) is None:
        if gift.currency == Currency.EUR:
            return _(
                "The foundation does not issue French tax receipts: a coordinator can turn "
                "them on in the foundation's settings."
            )
        return _(
            "The foundation does not issue Swiss donation certificates: a coordinator can "
            "turn them on in the foundation's settings."
        )
    donor = gift.donor
    if donor is None or donor.erased_at is not None or not donor.name.strip():
        return _("This gift has no named donor: a receipt needs the donor's name.")
    if not donor.address.strip():
        return _(
            "The donor's postal address is missing and the receipt needs it: add it on the "
            "donor's page, then issue the receipt."
        )
    return None


def is_eligible(gift):
    return refusal(gift) is None


def gift_by_number(foundation, number):
    """The gift of ``foundation`` known by ``number``: its number (pk) or its payment
    reference. DomainError when there is none."""
    text = (str(number) if number is not None else "").strip()
    gifts = Gift.objects.filter(foundation=foundation)
    gift = None
    if text.isdigit():
        gift = gifts.filter(pk=int(text)).first()
    if gift is None and text:
        gift = gifts.filter(reference=normalise_reference(text)).first()
    if gift is None:
        raise DomainError(
            _("There is no gift %(number)s in this foundation: check the gift's number.")
            % {"number": text or "—"},
            field="gift",
            code="unknown",
        )
    return gift


# ------------------------------------------------------------------ numbering


def _next_number(foundation, year):
    """The next (sequence, number) of ``foundation`` in ``year``, under the sequence's
    lock (made once, the first time; two first receipts at the same time meet on the
    unique constraint and the second one reads the row the first one made)."""
    try:
        with transaction.atomic():
            ReceiptSequence.objects.get_or_create(foundation=foundation, year=year)
    except IntegrityError:
        pass
    sequence = ReceiptSequence.objects.select_for_update().get(foundation=foundation, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last, f"{year}-{sequence.last:05d}"


# ------------------------------------------------------------------ issuing


def _payment_mode(gifts):
    """The payment mode of the most money among ``gifts`` (a year's gifts may mix them;
    the PDF ticks every mode used)."""
    totals = defaultdict(int)
    for gift in gifts:
        totals[MODES.get(gift.method, PaymentMode.TRANSFER)] += gift.amount
    return max(totals, key=lambda mode: (totals[mode], mode))


def _issue(*, actor, foundation, donor, gifts, scope, now):
    currency = gifts[0].currency
    total = sum((gift.amount for gift in gifts), start=0)
    year = _today(now).year
    sequence, number = _next_number(foundation, year)
    kind = kind_for(foundation, currency)
    dates = sorted(gift.received_on for gift in gifts)
    receipt = Receipt.objects.create(
        foundation=foundation,
        year=year,
        sequence=sequence,
        number=number,
        kind=kind,
        scope=scope,
        donor=donor,
        donor_name=donor.name.strip(),
        donor_address=donor.address.strip(),
        currency=currency,
        amount=total,
        amount_words=amount_in_words(total, currency),
        first_gift_on=dates[0],
        last_gift_on=dates[-1],
        form=GiftForm.MANUAL,
        nature=GiftNature.CASH,
        payment_mode=_payment_mode(gifts),
        article=(
            (TaxArticle.ART_238_BIS if donor.kind == DonorKind.ORGANISATION else TaxArticle.ART_200)
            if kind == ReceiptKind.FR_CERFA
            else ""
        ),
        issued_at=now,
        issued_by=actor if actor is not None and actor.is_authenticated else None,
    )
    receipt.gifts.set(gifts)
    Gift.objects.filter(pk__in=[gift.pk for gift in gifts]).update(receipt=receipt)
    log_action(
        actor=actor,
        action="fund.receipt_issued",
        obj=receipt,
        collective=foundation.collective,
        after={
            "number": number,
            "kind": kind,
            "scope": scope,
            "amount": f"{total} {currency}",
            "gifts": len(gifts),
        },
    )
    _send_on_commit(receipt)
    return receipt


def issue_receipt(*, actor, gift, now=None):
    """A receipt for one ``gift`` (scope GIFT), when it is eligible (``refusal``)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Gift.objects.select_for_update(of=("self",))
            .select_related("foundation__collective", "donor")
            .filter(pk=getattr(gift, "pk", gift))
            .first()
        )
        if locked is None:
            raise DomainError(
                _("There is no such gift: check the gift's number."), field="gift", code="unknown"
            )
        problem = refusal(locked)
        if problem is not None:
            raise DomainError(problem, field="gift", code="ineligible")
        return _issue(
            actor=actor,
            foundation=locked.foundation,
            donor=locked.donor,
            gifts=[locked],
            scope=ReceiptScope.GIFT,
            now=now,
        )


def year_gifts(foundation, year):
    """The gifts of ``foundation`` received in ``year`` that a year's receipt would cover:
    eligible, and the donor did not say they want none."""
    gifts = (
        Gift.objects.filter(
            foundation=foundation,
            status=GiftStatus.RECEIVED,
            received_on__year=year,
            receipt__isnull=True,
            round_up__isnull=True,
            donor__isnull=False,
            donor__erased_at__isnull=True,
            wants_receipt=True,
        )
        .exclude(method=Method.ROUND_UP)
        .exclude(donor__address="")
        .select_related("foundation", "donor")
        .order_by("pk")
    )
    return [gift for gift in gifts if refusal(gift) is None]


def issue_year(*, actor, foundation, year, now=None):
    """The receipts of ``year`` (scope YEAR): one per donor and currency, for their
    eligible gifts received that year and not covered yet (a gift with its own receipt
    is left out). Returns the receipts made, in the order of their numbers."""
    now = now or timezone.now()
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= _today(now).year:
        raise DomainError(_("Choose a year between 2000 and this year."), field="year", code="year")
    with transaction.atomic():
        pks = [gift.pk for gift in year_gifts(foundation, year)]
        # Locked in the order of their keys (as issue_receipt does), then read again.
        locked = list(
            Gift.objects.select_for_update(of=("self",))
            .select_related("foundation__collective", "donor")
            .filter(pk__in=pks)
            .order_by("pk")
        )
        groups = defaultdict(list)
        for gift in locked:
            if refusal(gift) is None:
                groups[(gift.donor_id, gift.currency)].append(gift)
        receipts = []
        for (_donor, _currency), gifts in sorted(groups.items(), key=lambda item: item[0]):
            receipts.append(
                _issue(
                    actor=actor,
                    foundation=foundation,
                    donor=gifts[0].donor,
                    gifts=gifts,
                    scope=ReceiptScope.YEAR,
                    now=now,
                )
            )
        if receipts:
            log_action(
                actor=actor,
                action="fund.receipts_year",
                obj=foundation,
                after={"year": year, "receipts": len(receipts)},
            )
    return receipts


# ------------------------------------------------------------------ cancelling


def cancel_receipt(*, actor, receipt, reason, now=None):
    """Cancel ``receipt``: a new receipt (the next number) that refers to it, for the
    same amount, with ``reason``; its gifts are freed for a corrected receipt."""
    now = now or timezone.now()
    reason = clean_line(
        reason,
        field="reason",
        max_length=REASON_MAX,
        empty_message=_("Say why the receipt is cancelled: the cancellation states it."),
    )
    with transaction.atomic():
        gifts = list(
            Gift.objects.select_for_update(of=("self",)).filter(receipt=receipt).order_by("pk")
        )
        old = (
            Receipt.objects.select_for_update(of=("self",))
            .select_related("foundation__collective", "donor")
            .get(pk=receipt.pk)
        )
        if old.is_cancellation:
            raise DomainError(
                _("This document cancels receipt %(number)s: it cannot be cancelled itself.")
                % {"number": old.cancels.number},
                code="state",
            )
        done = Receipt.objects.filter(cancels=old).first()
        if done is not None:
            raise DomainError(
                _("Receipt %(number)s is already cancelled by %(cancellation)s.")
                % {"number": old.number, "cancellation": done.number},
                code="state",
            )
        sequence, number = _next_number(old.foundation, _today(now).year)
        cancellation = Receipt.objects.create(
            foundation=old.foundation,
            year=_today(now).year,
            sequence=sequence,
            number=number,
            kind=old.kind,
            scope=old.scope,
            donor=old.donor,
            donor_name=old.donor_name,
            donor_address=old.donor_address,
            currency=old.currency,
            amount=old.amount,
            amount_words=old.amount_words,
            first_gift_on=old.first_gift_on,
            last_gift_on=old.last_gift_on,
            form=old.form,
            nature=old.nature,
            payment_mode=old.payment_mode,
            article=old.article,
            cancels=old,
            reason=reason,
            issued_at=now,
            issued_by=actor if actor is not None and actor.is_authenticated else None,
            pseudonymised_at=old.pseudonymised_at,
        )
        cancellation.gifts.set(old.gifts.all())
        Gift.objects.filter(pk__in=[gift.pk for gift in gifts]).update(receipt=None)
        log_action(
            actor=actor,
            action="fund.receipt_cancelled",
            obj=cancellation,
            collective=old.foundation.collective,
            after={"number": number, "cancels": old.number, "reason": reason},
        )
        _send_on_commit(cancellation)
    return cancellation


# ------------------------------------------------------------------ e-mail


def _send(receipt_pk):
    from .documents_receipts import filename, receipt_pdf

    receipt = Receipt.objects.select_related("foundation", "donor", "cancels").get(pk=receipt_pk)
    donor = receipt.donor
    if donor is None or not donor.email or donor.erased_at is not None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        if receipt.is_cancellation:
            subject = _("Cancellation of receipt %(number)s") % {"number": receipt.cancels.number}
            body = _(
                "Hello,\n\n%(foundation)s cancels receipt %(number)s (%(reason)s). The "
                "cancellation is attached; a corrected receipt follows if it is due.\n"
            ) % {
                "foundation": receipt.foundation.name,
                "number": receipt.cancels.number,
                "reason": receipt.reason,
            }
        else:
            subject = _("Your receipt %(number)s") % {"number": receipt.number}
            body = _(
                "Hello,\n\nThank you for your gift to %(foundation)s. Your receipt "
                "%(number)s is attached: keep it for your tax return.\n"
            ) % {"foundation": receipt.foundation.name, "number": receipt.number}
        message = EmailMultiAlternatives(subject=subject, body=body, to=[donor.email])
        message.attach(filename(receipt), receipt_pdf(receipt), "application/pdf")
    try:
        message.send()
    except Exception:  # noqa: BLE001 - the receipt is issued; the treasurer can resend it
        log.exception("receipt %s could not be sent", receipt.number)


def send_receipt(receipt_pk):
    """E-mail the receipt's PDF to its donor (run by the task worker: fund.tasks)."""
    _send(receipt_pk)


def _send_on_commit(receipt):
    from .tasks import send_receipt_email

    transaction.on_commit(lambda pk=receipt.pk: send_receipt_email.enqueue(receipt_pk=pk))
