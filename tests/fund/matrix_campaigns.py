"""Entries of the permission matrix (tests/test_permissions.py) for the foundation's
home, settings, campaigns, public pages and gifts (tests/fund/setting.py).

- Home and campaigns' list: every member; creating the foundation (it exists: back to
  its home), the settings and the campaigns' changes: the coordinators.
- A campaign's page, the gift form and the transparency page: the members of a private
  collective; anyone when it is public (never a draft).
- The donor's page and QR code by their secret key: anyone who has the key.
- Gifts: the treasurers (the facilitator) and the coordinators.
- Outsiders never learn a private collective's foundation exists (404).
"""

from ..permission_helpers import everyone, in_collective
from .setting import build_foundation

MEMBERS = in_collective(200)
COORDINATORS = in_collective(200, minimum="coordinator")
MONEY = in_collective(200, minimum="facilitator")
OPEN_TO_ALL = everyone(200)


def collective(w):
    build_foundation(w)
    return [w.collective.slug]


def campaign(w):
    return [w.collective.slug, build_foundation(w).campaign.pk]


def draft(w):
    return [w.collective.slug, build_foundation(w).draft.pk]


def pledged(w):
    return [w.collective.slug, build_foundation(w).pledged.pk]


def received(w):
    return [w.collective.slug, build_foundation(w).received.pk]


def key(w):
    return [build_foundation(w).pledged.key]


MATRIX = {
    "fund:home": ("get", collective, None, MEMBERS),
    "fund:create": ("get", collective, None, in_collective(302, minimum="coordinator")),
    "fund:settings": ("get", collective, None, COORDINATORS),
    "fund:campaigns": ("get", collective, None, MEMBERS),
    "fund:campaign_add": ("get", collective, None, COORDINATORS),
    "fund:campaign": ("get", campaign, None, MEMBERS),
    "fund:campaign_edit": ("get", campaign, None, COORDINATORS),
    "fund:campaign_open": ("get", draft, None, COORDINATORS),
    "fund:campaign_close": ("get", campaign, None, COORDINATORS),
    "fund:news_add": ("get", campaign, None, COORDINATORS),
    "fund:give": ("get", campaign, None, MEMBERS),
    "fund:pledge": ("get", key, None, OPEN_TO_ALL),
    "fund:pledge_qr": ("get", key, None, OPEN_TO_ALL),
    "fund:transparency": ("get", collective, None, MEMBERS),
    "fund:gifts": ("get", collective, None, MONEY),
    "fund:gift": ("get", pledged, None, MONEY),
    "fund:gift_receive": ("get", pledged, None, MONEY),
    "fund:gift_cancel": ("get", pledged, None, MONEY),
    "fund:gift_refund": ("get", received, None, MONEY),
    "fund:cash_add": ("get", collective, None, MONEY),
}

PUBLIC_MATRIX = {
    "fund:home": ("get", collective, None, {**MEMBERS, "outsider": 403}),
    "fund:campaign": ("get", campaign, None, OPEN_TO_ALL),
    "fund:give": ("get", campaign, None, OPEN_TO_ALL),
    "fund:transparency": ("get", collective, None, OPEN_TO_ALL),
    "fund:pledge": ("get", key, None, OPEN_TO_ALL),
    "fund:gifts": ("get", collective, None, {**MONEY, "outsider": 403}),
    "fund:settings": ("get", collective, None, {**COORDINATORS, "outsider": 403}),
}
