"""API matrix entries (tests/api/test_api_permissions.py) for an employer group's needs:
the coordinators read them all, the world's member (who acts for a member employer)
theirs; the facilitator and the observer, who act for no member, are refused, as on the
needs' page (``employers.declare_needs``)."""

from ..employers.setting import build_group
from .setting import api_in_collective


def collective(w):
    build_group(w)
    return [w.collective.slug]


def need(w):
    made = build_group(w)
    own = next(need for need in made.needs.values() if need.employer == made.own)
    return [w.collective.slug, own.pk]


NEEDS = {**api_in_collective(200, minimum="member"), "facilitator": 403}

MATRIX = {
    "get api:need-list": (collective, None, NEEDS),
    "get api:need-detail": (need, None, NEEDS),
}
