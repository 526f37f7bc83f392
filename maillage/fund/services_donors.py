"""Donors: correcting what a receipt will say, and erasing a donor on request.

Erasing keeps what the law and the accounts need and nothing that names the person:
the gifts (amounts, dates, how), the ledger, and the receipts (the law keeps them for
years), whose donor's name becomes the donor's pseudonym and whose address is blanked
(``Receipt.PSEUDONYM_FIELDS``, the only change a receipt accepts). The donor's name,
e-mail address and postal address are blanked, the messages of their gifts cleared,
their name no longer shown on any campaign, their standing orders ended, and the name
and account of the bank lines matched to their gifts blanked.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError

from .models import BankLine, Donor, DonorKind, Gift, MonthlyGift, Receipt

NAME_MAX = 200
ADDRESS_MAX = 500


def _locked(donor):
    donor = (
        Donor.objects.select_for_update(of=("self",))
        .select_related("foundation__collective")
        .get(pk=donor.pk)
    )
    if donor.erased_at is not None:
        raise DomainError(
            _("This donor was erased on %(date)s: there is nothing left to change.")
            % {"date": date_format(timezone.localdate(donor.erased_at), "DATE_FORMAT")},
            code="erased",
        )
    return donor


def change_donor(*, actor, donor, name, address, kind):
    """Correct the donor's name, postal address and kind (a person, or a company or
    organisation), before a receipt is issued: receipts already issued keep what they
    said (cancel one and issue it again to correct it)."""
    name = clean_line(
        name, field="name", max_length=NAME_MAX, empty_message=_("Write the donor's name.")
    )
    address = "\n".join(line.strip() for line in (address or "").splitlines() if line.strip())
    if len(address) > ADDRESS_MAX:
        raise DomainError(
            _("The address is at most %(count)d characters.") % {"count": ADDRESS_MAX},
            field="address",
        )
    if kind not in DonorKind.values:
        raise DomainError(_("Choose a person, or a company or organisation."), field="kind")
    with transaction.atomic():
        donor = _locked(donor)
        changed = [
            field
            for field, value in (("name", name), ("address", address), ("kind", kind))
            if getattr(donor, field) != value
        ]
        if not changed:
            return donor
        before = {"kind": donor.kind}
        donor.name, donor.address, donor.kind = name, address, kind
        donor.save(update_fields=changed)
        log_action(
            actor=actor,
            action="fund.donor_changed",
            obj=donor,
            collective=donor.foundation.collective,
            before=before,
            # Which fields changed, never their values: they name the person.
            after={"kind": kind, "fields": sorted(changed)},
        )
    return donor


def erase_donor(*, actor, donor, now=None):
    """Erase ``donor`` on their request (see the module's text for what is kept)."""
    now = now or timezone.now()
    with transaction.atomic():
        donor = _locked(donor)
        gifts = list(Gift.objects.select_for_update().filter(donor=donor).order_by("pk").only("pk"))
        gift_pks = [gift.pk for gift in gifts]
        Gift.objects.filter(pk__in=gift_pks).update(message="", shown=False)
        ended = MonthlyGift.objects.filter(donor=donor, ended_at__isnull=True).update(
            ended_at=now, shown=False
        )
        MonthlyGift.objects.filter(donor=donor).update(shown=False)
        BankLine.objects.filter(gift__in=gift_pks).update(debtor_name="", debtor_iban="")
        receipts = list(Receipt.objects.select_for_update().filter(donor=donor).order_by("pk"))
        for receipt in receipts:
            receipt.donor_name = donor.pseudonym
            receipt.donor_address = ""
            receipt.pseudonymised_at = now
            receipt.save(update_fields=list(Receipt.PSEUDONYM_FIELDS))
        donor.name = donor.pseudonym
        donor.email = ""
        donor.address = ""
        donor.organisation = None
        donor.erased_at = now
        donor.save(update_fields=["name", "email", "address", "organisation", "erased_at"])
        log_action(
            actor=actor,
            action="fund.donor_erased",
            obj=donor,
            collective=donor.foundation.collective,
            after={
                "pseudonym": donor.pseudonym,
                "gifts": len(gift_pks),
                "receipts": len(receipts),
                "monthlies_ended": ended,
            },
        )
    return donor
