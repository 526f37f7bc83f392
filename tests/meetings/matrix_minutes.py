"""Entries of the permission matrix (tests/test_permissions.py) for these URLs.

Same shape as there: name: (method, args builder or None, POST data, expected
status by persona). Builders get the world.

The minutes are read by everyone in the collective, observers included; members
propose changes while they are submitted; the person in charge of the minutes (the
world's coordinator, see setting.py) and the coordinators submit, answer, approve and
start new versions. The world's facilitator facilitates the meeting but does not keep
its minutes: 403 for every change of the minutes.
"""

from django.utils import timezone

from maillage.meetings.minutes import build_content
from maillage.meetings.models import (
    Amendment,
    AmendmentTarget,
    Minutes,
    MinutesStatus,
    MinutesVersion,
)

from ..permission_helpers import in_collective
from .setting import build_meeting


def meeting(w):
    return [w.collective.slug, build_meeting(w).meeting.pk]


def _past(w):
    return build_meeting(w, days_ahead=-7)


def past_meeting(w):
    return [w.collective.slug, _past(w).meeting.pk]


def _submitted(w):
    setting = _past(w)
    Minutes.objects.filter(pk=setting.minutes.pk).update(
        status=MinutesStatus.SUBMITTED, submitted_at=timezone.now()
    )
    return setting


def submitted(w):
    return [w.collective.slug, _submitted(w).meeting.pk]


def amendment(w):
    setting = _submitted(w)
    proposal = Amendment.objects.create(
        minutes=setting.minutes,
        number=1,
        target=AmendmentTarget.GENERAL,
        comment="Il manque le nom de la Ville de Genève.",
        author=w.member,
    )
    return [w.collective.slug, setting.meeting.pk, proposal.pk]


def _approved(w):
    setting = _past(w)
    Minutes.objects.filter(pk=setting.minutes.pk).update(
        status=MinutesStatus.APPROVED, approved_at=timezone.now(), approved_by=w.coordinator
    )
    MinutesVersion.objects.create(
        minutes=setting.minutes,
        number=1,
        content=build_content(setting.meeting),
        approved_by=w.coordinator,
    )
    return setting


def approved(w):
    return [w.collective.slug, _approved(w).meeting.pk]


def reopened(w):
    """Version 1 approved, version 2 being written."""
    setting = _approved(w)
    Minutes.objects.filter(pk=setting.minutes.pk).update(status=MinutesStatus.DRAFT, number=2)
    return [w.collective.slug, setting.meeting.pk]


def first_version(w):
    return [*reopened(w), 1]


READERS = in_collective(200)
KEEPS = in_collective(302, minimum="coordinator")

MATRIX = {
    "meetings:minutes": ("get", meeting, None, READERS),
    "meetings:minutes_docx": ("get", meeting, None, READERS),
    "meetings:minutes_odt": ("get", meeting, None, READERS),
    "meetings:minutes_pdf": ("get", meeting, None, READERS),
    "meetings:minutes_submit": ("post", past_meeting, {}, KEEPS),
    "meetings:minutes_approve": ("post", past_meeting, {"comment": ""}, KEEPS),
    "meetings:minutes_new_version": ("post", approved, {}, KEEPS),
    "meetings:amendment_propose": (
        "post",
        submitted,
        {"subject": "general", "comment": "Une précision sur le tour de table."},
        in_collective(302, minimum="member"),
    ),
    "meetings:amendment_decide": ("post", amendment, {"answer": "accept"}, KEEPS),
    "meetings:versions": ("get", reopened, None, READERS),
    "meetings:version": ("get", first_version, None, READERS),
    "meetings:version_docx": ("get", first_version, None, READERS),
    "meetings:version_odt": ("get", first_version, None, READERS),
    "meetings:version_pdf": ("get", first_version, None, READERS),
    "meetings:compare": ("get", reopened, None, READERS),
}
PUBLIC_MATRIX = {}
