"""Who may do what with a meeting (docs/permissions.md has the matrix in words).

Predicates take (user, meeting), except ``add_meeting`` which takes the collective.
Members of the collective (observers included) read its meetings; facilitators,
coordinators and the meeting's own facilitators plan them; the person in charge of
the minutes and the coordinators write and approve the minutes; members propose
agenda items, comment, answer invitations and amend submitted minutes.
"""

import rules

from maillage.collectives.rules import (
    cached_holds,
    is_coordinator,
    is_facilitator_or_above,
    is_in_collective,
    is_member_or_above,
    object_role,
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


facilitates_meeting = object_role(
    "facilitates_meeting",
    cached_holds(
        "_maillage_meetings", lambda user, meeting: meeting.facilitators.filter(pk=user.pk).exists()
    ),
)
keeps_minutes = object_role("keeps_minutes", lambda user, meeting: meeting.secretary_id == user.pk)
# A member's invitation link (the key in their e-mail) works while they are a member; a
# guest's (no account) needs no membership.
answers_invitation = object_role(
    "answers_invitation",
    lambda user, invitee: invitee.user_id == user.pk,
    collectives=lambda invitee: (invitee.meeting.collective,),
)


rules.add_perm("meetings.view_meeting", reads_collective)
rules.add_perm("meetings.add_meeting", is_facilitator_or_above)
rules.add_perm("meetings.change_meeting", runs_collective | facilitates_meeting | keeps_minutes)
rules.add_perm("meetings.change_minutes", coordinates_collective | keeps_minutes)
rules.add_perm("meetings.take_part", member_of_collective)
# Who answered what, and the guests' addresses: those who plan the meeting.
rules.add_perm("meetings.view_invitees", runs_collective | facilitates_meeting | keeps_minutes)
# A statement of a closed round becomes a decision (of a meeting, or by consultation):
# it commits the collective, as approving minutes does, so its coordinators.
# Takes the collective.
rules.add_perm("meetings.decide_from_statement", is_coordinator)
