"""Entries of the permission matrix (tests/test_permissions.py) for matching funds,
standing orders, round-ups and the payment provider (tests/fund/setting.py, plus a
standing order and a round-up programme of the world's organisation made here).

- Matching funds: the coordinators and the foundation's treasurer (the world's
  facilitator) see them and record a funder's payment; only the coordinators create,
  change and end them.
- Standing orders: any member may start one (anyone on a public collective); the
  donor's page answers to its key, account or not; the list and ending one are for the
  treasurer and the coordinators.
- Round-ups: every member sees the list (filtered to what they may see); a programme
  and its report form are for the treasurer, the coordinators, and the people who
  represent its employer (the world's member); creating and ending one, the
  coordinators.
- The provider's return page (by the gift's key) and its webhook answer everyone.
- Outsiders never learn a private collective's foundation exists (404).
"""

from django.utils import timezone

from maillage.fund import services_recurring
from maillage.fund.models import MonthlyGift, RoundUpProgramme

from ..permission_helpers import everyone, in_collective
from .setting import build_foundation

COORDINATORS = in_collective(200, minimum="coordinator")
MONEY = in_collective(200, minimum="facilitator")
REPORTERS = {**MONEY, "member": 200}
MEMBERS = in_collective(200)


def collective(w):
    build_foundation(w)
    return [w.collective.slug]


def fund_of(w):
    return [w.collective.slug, build_foundation(w).matching.pk]


def _monthly(w):
    fund = build_foundation(w)
    existing = MonthlyGift.objects.filter(foundation=fund.foundation).first()
    return existing or services_recurring.start_monthly(
        foundation=fund.foundation,
        campaign=fund.campaign,
        name="Nadia Benali",
        email="nadia@example.org",
        address="",
        amount="15",
        currency="EUR",
        shown=False,
    )


def monthly_key(w):
    return [w.collective.slug, _monthly(w).key]


def monthly_pk(w):
    return [w.collective.slug, _monthly(w).pk]


def programme(w):
    fund = build_foundation(w)
    made = RoundUpProgramme.objects.filter(foundation=fund.foundation).first()
    made = made or services_recurring.create_round_up(
        actor=w.coordinator,
        foundation=fund.foundation,
        organisation=w.organisation,
        name="Arrondi sur salaire",
        currency="EUR",
        campaign=fund.campaign,
        now=timezone.now(),
    )
    return [w.collective.slug, made.pk]


def gift_key(w):
    return [w.collective.slug, build_foundation(w).pledged.key]


MATRIX = {
    "fund:matching_funds": ("get", collective, None, MONEY),
    "fund:matching_add": ("get", collective, None, COORDINATORS),
    "fund:matching": ("get", fund_of, None, MONEY),
    "fund:matching_edit": ("get", fund_of, None, COORDINATORS),
    "fund:matching_end": ("get", fund_of, None, COORDINATORS),
    "fund:funder_payment": ("get", fund_of, None, MONEY),
    "fund:give_monthly": ("get", collective, None, MEMBERS),
    "fund:monthly": ("get", monthly_key, None, everyone(200)),
    "fund:monthlies": ("get", collective, None, MONEY),
    "fund:monthly_end": ("get", monthly_pk, None, MONEY),
    "fund:round_ups": ("get", collective, None, MEMBERS),
    "fund:round_up_add": ("get", collective, None, COORDINATORS),
    "fund:round_up": ("get", programme, None, REPORTERS),
    "fund:round_up_report": ("get", programme, None, REPORTERS),
    "fund:round_up_end": ("get", programme, None, COORDINATORS),
    "fund:provider_return": ("get", gift_key, None, everyone(200)),
    "fund:provider_webhook": ("post", collective, {"id": "tr_unknown"}, everyone(200)),
}

PUBLIC_MATRIX = {
    "fund:give_monthly": ("get", collective, None, everyone(200)),
    "fund:monthly": ("get", monthly_key, None, everyone(200)),
    "fund:matching_funds": ("get", collective, None, {**MONEY, "outsider": 403}),
    "fund:matching": ("get", fund_of, None, {**MONEY, "outsider": 403}),
    "fund:round_ups": ("get", collective, None, in_collective(200, outsider=403)),
    "fund:round_up": ("get", programme, None, {**REPORTERS, "outsider": 403}),
    "fund:monthlies": ("get", collective, None, {**MONEY, "outsider": 403}),
}
