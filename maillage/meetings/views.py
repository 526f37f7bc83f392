"""The meeting pages, in modules by subject, all importable from here (urls.py names
them as ``views.<name>``):

- ``views_meeting``: the list, planning and changing a meeting, the meeting's page by
  moment (before, during, after), cancelling it, the next meeting; what the others share;
- ``views_invitations``: answers (from the page or an invitation's link), the list of
  invited people;
- ``views_attendance``: the attendance sheet and walk-ins;
- ``views_agenda``: agenda items and their notes;
- ``views_decisions``: decisions, actions, next steps, announcements.

The minutes (views_minutes) and the calendars (views_calendar) have their own modules.
"""

from .views_agenda import item_add, item_comment, item_decide, item_edit, item_move, item_notes
from .views_attendance import attendance, walk_in
from .views_decisions import action_add, announcement_add, decision_add, decision_edit, next_steps
from .views_invitations import (
    answer,
    invite_guest,
    invite_member,
    invitees,
    remove_invitee,
    rsvp,
    send_invitations,
)
from .views_meeting import (
    AFTER,
    BEFORE,
    DURING,
    MOMENTS,
    cancel,
    create,
    default_moment,
    detail,
    edit,
    meeting_list,
    next_meeting,
)

__all__ = [
    "AFTER",
    "BEFORE",
    "DURING",
    "MOMENTS",
    "action_add",
    "announcement_add",
    "answer",
    "attendance",
    "cancel",
    "create",
    "decision_add",
    "decision_edit",
    "default_moment",
    "detail",
    "edit",
    "invite_guest",
    "invite_member",
    "invitees",
    "item_add",
    "item_comment",
    "item_decide",
    "item_edit",
    "item_move",
    "item_notes",
    "meeting_list",
    "next_meeting",
    "next_steps",
    "remove_invitee",
    "rsvp",
    "send_invitations",
    "walk_in",
]
