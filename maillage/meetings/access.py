"""Finding a collective's meetings, a meeting and the things of a meeting from a request.

Like ``collectives.access.get_collective``: a person who may not see the collective
gets 404 (a private collective's existence is never revealed); a person who sees it
but is not allowed what they ask gets 403. A meeting is read by its collective's
members, observers included (meetings.view_meeting).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from maillage.collectives.access import get_collective
from maillage.collectives.rules import is_in_collective

from .models import AgendaItem, Decision, Invitee, Meeting


def get_meetings_collective(request, slug, perm=None):
    """The collective whose meetings are asked for: 404 when the person may not see
    it, 403 when they see it (a public collective) without belonging to it, or when
    ``perm`` (checked against the collective, e.g. meetings.add_meeting) is refused."""
    collective = get_collective(request, slug)
    if not is_in_collective(request.user, collective):
        raise PermissionDenied
    if perm and not request.user.has_perm(perm, collective):
        raise PermissionDenied
    return collective


def get_meeting(request, slug, pk, perm="meetings.view_meeting"):
    """The meeting ``pk`` of the collective ``slug``, checked against ``perm`` (403).

    404 when the person may not see the collective or the meeting is not one of its
    meetings; a person outside the collective, even a public one, never reads it."""
    collective = get_collective(request, slug)
    meeting = get_object_or_404(
        Meeting.objects.select_related("collective", "secretary", "consultation", "previous"),
        collective=collective,
        pk=pk,
    )
    if not request.user.has_perm("meetings.view_meeting", meeting):
        raise PermissionDenied
    if perm and perm != "meetings.view_meeting" and not request.user.has_perm(perm, meeting):
        raise PermissionDenied
    return meeting


def get_invitee(meeting, pk):
    return get_object_or_404(Invitee, meeting=meeting, pk=pk)


def get_item(meeting, pk):
    return get_object_or_404(
        AgendaItem.objects.select_related("proposed_by"), meeting=meeting, pk=pk
    )


def get_decision(meeting, pk):
    return get_object_or_404(Decision, meeting=meeting, pk=pk)
