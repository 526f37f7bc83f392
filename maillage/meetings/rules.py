"""Who may do what with a meeting (docs/permissions.md has the matrix in words).

Predicates take (user, meeting), except ``add_meeting`` which takes the collective.
Members of the collective (observers included) read its meetings; facilitators,
coordinators and the meeting's own facilitators plan them; the person in charge of
the minutes and the coordinators write and approve the minutes; members propose
agenda items, comment, answer invitations and amend submitted minutes.
"""

import rules

from maillage.collectives.rules import (
    is_coordinator,
    is_facilitator_or_above,
    is_in_collective,
    is_member_or_above,
)


def _collective(meeting):
    return meeting.collective if meeting is not None else None


@rules.predicate
def reads_collective(user, meeting):
    return meeting is not None and is_in_collective(user, _collective(meeting))


@rules.predicate
def member_of_collective(user, meeting):
    return meeting is not None and is_member_or_above(user, _collective(meeting))


@rules.predicate
def runs_collective(user, meeting):
    return meeting is not None and is_facilitator_or_above(user, _collective(meeting))


@rules.predicate
def coordinates_collective(user, meeting):
    return meeting is not None and is_coordinator(user, _collective(meeting))


@rules.predicate
def facilitates_meeting(user, meeting):
    if meeting is None or not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_maillage_meetings", {})
    if meeting.pk not in cache:
        cache[meeting.pk] = meeting.facilitators.filter(pk=user.pk).exists()
    return cache[meeting.pk] and reads_collective(user, meeting)


@rules.predicate
def keeps_minutes(user, meeting):
    return (
        meeting is not None
        and user.is_authenticated
        and meeting.secretary_id == user.pk
        and reads_collective(user, meeting)
    )


rules.add_perm("meetings.view_meeting", reads_collective)
rules.add_perm("meetings.add_meeting", is_facilitator_or_above)
rules.add_perm("meetings.change_meeting", runs_collective | facilitates_meeting | keeps_minutes)
rules.add_perm("meetings.change_minutes", coordinates_collective | keeps_minutes)
rules.add_perm("meetings.take_part", member_of_collective)
# Who answered what, and the guests' addresses: those who plan the meeting.
rules.add_perm("meetings.view_invitees", runs_collective | facilitates_meeting | keeps_minutes)
