"""API matrix entries (tests/api/test_api_permissions.py) for the foundation: its
campaigns and transparency figures are read by the members of a private collective
(observers too), as its public pages (drafts: tests/api/test_api_others.py)."""

from ..fund.setting import build_foundation
from .setting import api_in_collective


def collective(w):
    build_foundation(w)
    return [w.collective.slug]


def campaign(w):
    return [w.collective.slug, build_foundation(w).campaign.pk]


MATRIX = {
    "get api:campaign-list": (collective, None, api_in_collective(200)),
    "get api:campaign-detail": (campaign, None, api_in_collective(200)),
    "get api:campaign-transparency": (collective, None, api_in_collective(200)),
}
