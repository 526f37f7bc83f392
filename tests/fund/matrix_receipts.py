"""Entries of the permission matrix (tests/test_permissions.py) for the receipts, the
donors and the ledger (tests/fund/setting.py, plus one receipt for Louis Bernard's
received gift).

- Every page is the money's: the foundation's treasurer (the world's facilitator) and
  the collective's coordinators; members and observers are refused (403).
- Outsiders never learn a private collective's foundation exists (404); on a public
  collective they may see the collective, and are refused (403).
- Erasing a donor and cancelling a receipt are POSTs after a GET page: the POST with a
  missing confirmation or reason is refused by the form (400) for those allowed.
"""

from maillage.fund.models import Receipt
from maillage.fund.services_receipts import issue_receipt

from ..permission_helpers import in_collective
from .setting import build_foundation

MONEY = in_collective(200, minimum="facilitator")
MONEY_PUBLIC = {**MONEY, "outsider": 403}


def collective(w):
    build_foundation(w)
    return [w.collective.slug]


def donor(w):
    return [w.collective.slug, build_foundation(w).received.donor_id]


def gift(w):
    return [w.collective.slug, build_foundation(w).received.pk]


def receipt(w):
    fund = build_foundation(w)
    made = Receipt.objects.filter(foundation=fund.foundation).first()
    if made is None:
        made = issue_receipt(actor=w.facilitator, gift=fund.received)
    return [w.collective.slug, made.pk]


MATRIX = {
    "fund:donors": ("get", collective, None, MONEY),
    "fund:donor": ("get", donor, None, MONEY),
    "fund:donor_erase": ("get", donor, None, MONEY),
    "fund:receipts": ("get", collective, None, MONEY),
    "fund:receipt_issue": ("get", gift, None, MONEY),
    "fund:receipts_year": ("get", collective, None, MONEY),
    "fund:receipt": ("get", receipt, None, MONEY),
    "fund:receipt_pdf": ("get", receipt, None, MONEY),
    "fund:receipt_cancel": ("get", receipt, None, MONEY),
    "fund:ledger": ("get", collective, None, MONEY),
    "fund:ledger_csv": ("get", collective, None, MONEY),
}

PUBLIC_MATRIX = {
    "fund:donors": ("get", collective, None, MONEY_PUBLIC),
    "fund:donor": ("get", donor, None, MONEY_PUBLIC),
    "fund:receipts": ("get", collective, None, MONEY_PUBLIC),
    "fund:receipt": ("get", receipt, None, MONEY_PUBLIC),
    "fund:receipt_pdf": ("get", receipt, None, MONEY_PUBLIC),
    "fund:ledger": ("get", collective, None, MONEY_PUBLIC),
}
