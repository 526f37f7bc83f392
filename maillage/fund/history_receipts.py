"""How the foundation's receipts and donors read in the collective's log
(audit.history): numbers, kinds, amounts, counts; never a donor's name or address."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Choice, Choices, Field, Money, register
from maillage.audit.models import ACTION_LABELS

from .models import DonorKind, ReceiptKind, ReceiptScope

register(
    ["fund.receipt_issued", "fund.receipt_cancelled"],
    {
        "number": Field(_("Receipt number")),
        "kind": Field(_("Kind of receipt"), Choice(ReceiptKind.choices)),
        "scope": Field(_("Covers"), Choice(ReceiptScope.choices)),
        "amount": Field(_("Amount"), Money()),
        "gifts": Field(_("Gifts covered")),
        "cancels": Field(_("Cancels receipt")),
        "reason": Field(_("Reason")),
    },
)
register(
    ["fund.receipts_year"],
    {"year": Field(_("Year")), "receipts": Field(_("Receipts issued"))},
)
register(
    ["fund.donor_changed"],
    {
        "kind": Field(_("Donor"), Choice(DonorKind.choices)),
        "fields": Field(
            _("Fields corrected"),
            Choices([("name", _("Name")), ("address", _("Postal address")), ("kind", _("Donor"))]),
        ),
    },
)
register(
    ["fund.donor_erased"],
    {
        "pseudonym": Field(_("Pseudonym")),
        "gifts": Field(_("Gifts kept")),
        "receipts": Field(_("Receipts pseudonymised")),
        "monthlies_ended": Field(_("Standing orders ended")),
    },
)

ACTION_LABELS.update(
    {
        "fund.receipt_issued": _("Receipt issued"),
        "fund.receipt_cancelled": _("Receipt cancelled"),
        "fund.receipts_year": _("Year's receipts issued"),
        "fund.donor_changed": _("Donor's details corrected"),
        "fund.donor_erased": _("Donor erased on request"),
    }
)
