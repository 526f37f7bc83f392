"""How the changes of meetings and their minutes read in the collective's log (audit.history)."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import (
    Choice,
    DateTime,
    Field,
    Number,
    Reference,
    YesNo,
    model_field,
    model_fields,
    register,
)

from .models import (
    AgendaItem,
    Amendment,
    AmendmentStatus,
    DecisionStatus,
    Invitee,
    ItemStatus,
    Meeting,
)
from .services import ITEM_FIELDS, MEETING_FIELDS

TITLE = Field(_("Title"))
REASON = Field(_("Reason"))
VERSION = Field(_("Version"), Number())

register(
    "meetings.meeting_created", {"title": TITLE, "starts_at": model_field(Meeting, "starts_at")}
)
register(
    "meetings.meeting_updated",
    model_fields(Meeting, [*MEETING_FIELDS, "facilitators", "secretary"], title=TITLE),
)
register("meetings.meeting_cancelled", {"reason": REASON})
register("meetings.invitations_sent", {"sent": Field(_("Invitations sent"), Number())})
register("meetings.invitee_added", {"name": Field(_("Name"))})
register("meetings.rsvp", model_fields(Invitee, ["rsvp", "represented_by"]))
register(
    "meetings.invitee_removed",
    {"name": Field(_("Name")), **model_fields(Invitee, ["rsvp", "attendance"])},
)
register(
    "meetings.attendance_recorded", {"changed": Field(_("Attendance marks changed"), Number())}
)
register(
    ["meetings.item_added", "meetings.item_proposed", "meetings.item_updated"],
    model_fields(AgendaItem, ITEM_FIELDS),
)
register("meetings.item_decided", {"status": Field(_("Status"), Choice(ItemStatus))})
register("meetings.item_moved", {"position": Field(_("Place on the agenda"), Number())})
register("meetings.item_commented", {"body": Field(_("Comment"))})
register(
    ["meetings.decision_added", "meetings.decision_updated"],
    {"text": Field(_("Decision")), "status": Field(_("Status"), Choice(DecisionStatus))},
)
register(
    "meetings.decision_from_statement",
    {
        "text": Field(_("Decision")),
        "status": Field(_("Status"), Choice(DecisionStatus)),
        "statement": Field(_("Statement")),
        "round": Field(_("Round")),
        "meeting": Field(_("Meeting")),
        "agree_share": Field(_("Share agreeing (%)"), Number()),
        "consensus": Field(_("Consensus"), YesNo()),
        "votes": Field(_("Votes"), Number()),
    },
)
register("meetings.announcement_added", {"title": TITLE})
register("meetings.next_steps_set", model_fields(Meeting, ["next_steps", "annexes"]))
register(
    "meetings.next_meeting_created",
    {
        # Rows written before names were recorded hold the previous meeting's id.
        "previous": Field(_("Previous meeting"), Reference("meetings.Meeting")),
        "starts_at": Field(model_field(Meeting, "starts_at").label, DateTime()),
    },
)
register(
    ["meetings.minutes_submitted", "meetings.minutes_approved", "meetings.minutes_reopened"],
    {"number": VERSION},
)
register(
    "meetings.amendment_proposed",
    model_fields(Amendment, ["target", "comment", "proposed_text"]),
)
register(
    "meetings.amendment_decided",
    {"status": Field(_("Answer"), Choice(AmendmentStatus)), "reason": REASON},
)
register(
    "meetings.feed_created",
    {"renewed": Field(_("Replaces an earlier address"), YesNo())},
)
