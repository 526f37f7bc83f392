"""Every change to a meeting, its invitations, agenda, minutes and calendars.

Each function runs in one transaction, records what changed in the audit log and
raises DomainError with a message for the person when the change is refused.
E-mails are queued only when the transaction commits (core.mail.queue_email).

The functions live in modules by subject and are all importable from here:

- ``services_meetings``: planning, changing, cancelling a meeting, the next meeting,
  the roles an ended membership releases;
- ``services_invitations``: the list of invited people, invitations, reminders, answers;
- ``services_attendance``: attendance on the day, walk-ins;
- ``services_agenda``: agenda items and their notes;
- ``services_decisions``: decisions, announcements, next steps;
- ``services_minutes``: the minutes' lifecycle and proposed changes;
- ``services_calendar``: private calendar addresses;
- ``services_common``: what they share (the row lock, the frozen check, the meeting's
  time in words, what is sent to invited people).
"""

from maillage.core.zones import local_datetime

from .services_agenda import (
    ITEM_FIELDS,
    add_item,
    comment_item,
    decide_item,
    move_item,
    save_item_notes,
    update_item,
)
from .services_attendance import add_walk_in, find_on_list, record_attendance, same_name
from .services_calendar import calendar_feed
from .services_common import (
    _locked,
    _recipients,
    _send_to_invited,
    absolute,
    check_not_frozen,
    when_text,
)
from .services_decisions import (
    add_announcement,
    add_decision,
    set_next_steps,
    update_decision,
)
from .services_invitations import (
    answer,
    invite_guest,
    invite_member,
    remove_invitee,
    send_invitations,
    send_reminder,
)
from .services_meetings import (
    CALENDAR_FIELDS,
    MEETING_FIELDS,
    cancel_meeting,
    create_meeting,
    create_next_meeting,
    release_roles,
    update_meeting,
)
from .services_minutes import (
    _minutes,
    approve_minutes,
    decide_amendment,
    propose_amendment,
    start_new_version,
    submit_minutes,
)
from .services_trace import decide_from_statement

__all__ = [
    "CALENDAR_FIELDS",
    "ITEM_FIELDS",
    "MEETING_FIELDS",
    "_locked",
    "_minutes",
    "_recipients",
    "_send_to_invited",
    "absolute",
    "add_announcement",
    "add_decision",
    "add_item",
    "add_walk_in",
    "answer",
    "approve_minutes",
    "calendar_feed",
    "cancel_meeting",
    "check_not_frozen",
    "comment_item",
    "create_meeting",
    "decide_from_statement",
    "create_next_meeting",
    "decide_amendment",
    "decide_item",
    "find_on_list",
    "invite_guest",
    "invite_member",
    "local_datetime",
    "move_item",
    "propose_amendment",
    "record_attendance",
    "release_roles",
    "remove_invitee",
    "same_name",
    "save_item_notes",
    "send_invitations",
    "send_reminder",
    "set_next_steps",
    "start_new_version",
    "submit_minutes",
    "update_decision",
    "update_item",
    "update_meeting",
    "when_text",
]
