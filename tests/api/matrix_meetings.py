"""API matrix entries (tests/api/test_api_permissions.py) for meetings and decisions:
read by the collective's members, observers included, as their pages."""

from tests.meetings.setting import build_meeting

from .setting import api_in_collective


def collective(w):
    return [w.collective.slug]


def meeting(w):
    return [w.collective.slug, build_meeting(w).meeting.pk]


def decision(w):
    return [w.collective.slug, build_meeting(w).decision.pk]


MATRIX = {
    "get api:meeting-list": (collective, None, api_in_collective(200)),
    "get api:meeting-detail": (meeting, None, api_in_collective(200)),
    "get api:decision-list": (collective, None, api_in_collective(200)),
    "get api:decision-detail": (decision, None, api_in_collective(200)),
}
