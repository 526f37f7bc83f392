"""Entries of the permission matrix (tests/test_permissions.py) for these URLs.

Same shape as there: name: (method, args builder or None, POST data, expected
status by persona). Builders get the world.

In ``build_meeting`` the world's coordinator keeps the minutes and its facilitator
facilitates the meeting; every persona of the collective is invited. Members read
meetings (observers included); facilitators and above plan them; the coordinator
and the person in charge of the minutes write what the minutes hold; members (not
observers) propose items, comment and share announcements.
"""

from datetime import timedelta

from django.utils import timezone

from ..permission_helpers import everyone, in_collective
from .setting import build_meeting

IN_A_MONTH = (timezone.localdate() + timedelta(days=30)).isoformat()


def collective(w):
    return [w.collective.slug]


def meeting(w):
    return [w.collective.slug, build_meeting(w).meeting.pk]


def yesterday_meeting(w):
    """Attendance is recorded on the day or after it."""
    return [w.collective.slug, build_meeting(w, days_ahead=-1).meeting.pk]


def item(w):
    setting = build_meeting(w)
    return [w.collective.slug, setting.meeting.pk, setting.items[0].pk]


def decision(w):
    setting = build_meeting(w)
    return [w.collective.slug, setting.meeting.pk, setting.decision.pk]


def guest(w):
    setting = build_meeting(w)
    return [w.collective.slug, setting.meeting.pk, setting.guest.pk]


def guest_key(w):
    return [build_meeting(w).guest.key]


PLANNERS = in_collective(200, minimum="facilitator")
MINUTES = in_collective(200, minimum="coordinator")

MATRIX = {
    "meetings:list": ("get", collective, None, in_collective(200)),
    "meetings:create": ("get", collective, None, PLANNERS),
    "meetings:detail": ("get", meeting, None, in_collective(200)),
    "meetings:edit": ("get", meeting, None, PLANNERS),
    "meetings:cancel": (
        "post",
        meeting,
        {"cancel-reason": "Salle indisponible"},
        in_collective(302, minimum="facilitator"),
    ),
    "meetings:next_meeting": (
        "post",
        meeting,
        {"next-date": IN_A_MONTH, "next-start_time": "14:00", "next-end_time": "17:00"},
        in_collective(302, minimum="facilitator"),
    ),
    "meetings:next_steps": (
        "post",
        meeting,
        {"steps-next_steps": "Rédiger la charte", "steps-annexes": ""},
        in_collective(302, minimum="coordinator"),
    ),
    "meetings:announcement_add": (
        "post",
        meeting,
        {"announcement-title": "Forum de l'emploi"},
        in_collective(302, minimum="member"),
    ),
    # The link of an invitation: the key is the only credential.
    "meetings:rsvp": ("get", guest_key, None, everyone(200)),
    # Every persona of the collective is invited, observers included.
    "meetings:answer": ("post", meeting, {"answer-rsvp": "coming"}, in_collective(302)),
    "meetings:invitees": ("get", meeting, None, PLANNERS),
    # Everyone is already on the list: the form comes back with its message.
    "meetings:invite_member": ("post", meeting, {}, PLANNERS),
    "meetings:invite_guest": (
        "post",
        meeting,
        {"guest-name": "Paul Invité", "guest-email": "paul@example.org"},
        in_collective(302, minimum="facilitator"),
    ),
    "meetings:send_invitations": ("post", meeting, {}, in_collective(302, minimum="facilitator")),
    "meetings:remove_invitee": ("post", guest, {}, in_collective(302, minimum="facilitator")),
    "meetings:attendance": ("get", yesterday_meeting, None, MINUTES),
    "meetings:walk_in": (
        "post",
        yesterday_meeting,
        {"walkin-name": "Arrivée sur place"},
        in_collective(302, minimum="coordinator"),
    ),
    "meetings:item_add": (
        "post",
        meeting,
        {"item-title": "Budget 2026"},
        in_collective(302, minimum="member"),
    ),
    "meetings:item_edit": ("get", item, None, PLANNERS),
    "meetings:item_decide": (
        "post",
        item,
        {"keep": "1"},
        in_collective(302, minimum="facilitator"),
    ),
    "meetings:item_move": (
        "post",
        item,
        {"direction": "down"},
        in_collective(302, minimum="facilitator"),
    ),
    "meetings:item_comment": (
        "post",
        item,
        {"body": "Pensons aux horaires."},
        in_collective(302, minimum="member"),
    ),
    # An item's notes typed on the meeting's page: those who keep the minutes.
    "meetings:item_notes": (
        "post",
        item,
        {"notes": "Tour de table rapide", "base_version": "1"},
        in_collective(302, minimum="coordinator"),
    ),
    "meetings:decision_add": ("get", meeting, None, MINUTES),
    "meetings:decision_edit": ("get", decision, None, MINUTES),
    "meetings:action_add": ("get", meeting, None, MINUTES),
}

# On a public collective, people outside it see the collective but not its meetings.
PUBLIC_MATRIX = {
    "meetings:list": ("get", collective, None, in_collective(200, outsider=403)),
    "meetings:detail": ("get", meeting, None, in_collective(200, outsider=403)),
    "meetings:invitees": (
        "get",
        meeting,
        None,
        in_collective(200, outsider=403, minimum="facilitator"),
    ),
}
