"""What the meetings app holds about a person, and how it is erased (core/personal.py).

Export: the meetings the person was invited to (by account, or as a guest by address),
with their answer and attendance; the meetings they facilitate, keep the minutes of or
created; the agenda items they put forward, their comments, amendments and shared
announcements; their private calendar addresses.

Erase: an invitation row stays, so that the attendance and the quorum of past meetings
stay true, but it no longer says who: the name becomes "deleted person", the address
and the comment are blanked and the key changes, so that the links already e-mailed
stop working. Comments, amendments and decisions are the group's work: they stay,
signed by the account that the privacy app anonymises. Calendar addresses are deleted.
Free texts (agenda, minutes, decisions, announcements, comments) that name the person
are scrubbed, the approved minutes included.
"""

from django.db.models import Q

from maillage.core import personal

from .models import AgendaItem, Announcement, Decision, Invitee, ItemComment, Meeting, new_key
from .models_minutes import Amendment, CalendarFeed, MinutesVersion


def _meeting(meeting):
    return {
        "collective": meeting.collective.name,
        "meeting": meeting.title,
        "starts_at": personal.iso(meeting.starts_at),
    }


def _invitations(person):
    return person.within(
        Invitee.objects.filter(person.by(user_field="user", email_field="email")),
        "meeting__collective",
    )


def export(person):
    user = person.user
    data = {
        "invitations": [
            _meeting(i.meeting)
            | {
                "name": i.name,
                "email": i.email,
                "organisation": i.organisation_label,
                "answer": i.rsvp,
                "represented_by": i.represented_by,
                "comment": i.rsvp_comment,
                "attendance": i.attendance,
            }
            for i in _invitations(person)
            .select_related("meeting__collective", "organisation")
            .order_by("meeting__starts_at", "pk")
        ]
    }
    if user is not None:
        within = person.within
        meetings = within(Meeting.objects.select_related("collective"))
        data["meetings"] = [
            _meeting(m)
            | {
                "your_part": [
                    role
                    for role, yes in (
                        ("facilitator", m.facilitators.filter(pk=user.pk).exists()),
                        ("secretary", m.secretary_id == user.pk),
                        ("created", m.created_by_id == user.pk),
                    )
                    if yes
                ]
            }
            for m in meetings.filter(Q(facilitators=user) | Q(secretary=user) | Q(created_by=user))
            .distinct()
            .order_by("starts_at", "pk")
        ]
        data["agenda_items_put_forward"] = [
            _meeting(item.meeting) | {"item": item.title, "description": item.description}
            for item in within(
                AgendaItem.objects.filter(proposed_by=user).select_related("meeting__collective"),
                "meeting__collective",
            ).order_by("pk")
        ]
        data["comments"] = [
            _meeting(c.item.meeting)
            | {"item": c.item.title, "comment": c.body, "created_at": personal.iso(c.created_at)}
            for c in within(
                ItemComment.objects.filter(author=user).select_related("item__meeting__collective"),
                "item__meeting__collective",
            ).order_by("created_at", "pk")
        ]
        data["amendments"] = [
            _meeting(a.minutes.meeting)
            | {
                "comment": a.comment,
                "proposed_text": a.proposed_text,
                "status": a.status,
                "created_at": personal.iso(a.created_at),
            }
            for a in within(
                Amendment.objects.filter(author=user).select_related(
                    "minutes__meeting__collective"
                ),
                "minutes__meeting__collective",
            ).order_by("created_at", "pk")
        ]
        data["decisions_recorded"] = [
            {
                "collective": d.collective.name,
                "decision": d.text,
                "created_at": personal.iso(d.created_at),
            }
            for d in within(
                Decision.objects.filter(created_by=user).select_related("collective")
            ).order_by("created_at", "pk")
        ]
        data["announcements_shared"] = [
            _meeting(a.meeting) | {"title": a.title, "details": a.body}
            for a in within(
                Announcement.objects.filter(shared_by=user).select_related("meeting__collective"),
                "meeting__collective",
            ).order_by("pk")
        ]
        feeds = CalendarFeed.objects.filter(user=user).select_related("collective")
        if person.collectives is not None:
            feeds = feeds.filter(collective__in=person.collectives)
        data["calendar_feeds"] = [
            {
                "collective": feed.collective.name if feed.collective else None,
                "created_at": personal.iso(feed.created_at),
            }
            for feed in feeds.order_by("pk")
        ]
    return {kind: rows for kind, rows in data.items() if rows}


def erase(person):
    counts = {}
    invitations = 0
    for invitee in _invitations(person).select_for_update().order_by("pk"):
        if invitee.name:
            person.names.add(invitee.name)
        invitee.name = personal.deleted_name()
        invitee.email = ""
        invitee.rsvp_comment = ""
        invitee.key = new_key()
        invitee.save(update_fields=["name", "email", "rsvp_comment", "key"])
        invitations += 1
    counts["invitations"] = invitations
    if person.user is not None:
        feeds = CalendarFeed.objects.filter(user=person.user)
        if person.collectives is not None:
            feeds = feeds.filter(collective__in=person.collectives)
        counts["calendar_feeds"] = feeds.delete()[0]
    within = person.within
    counts["texts"] = (
        personal.scrub_rows(
            within(Meeting.objects.all()),
            ["title", "purpose", "objectives", "format", "next_steps", "annexes", "cancel_reason"],
            person,
        )
        + personal.scrub_rows(
            within(Invitee.objects.all(), "meeting__collective"),
            ["represented_by", "rsvp_comment"],
            person,
        )
        + personal.scrub_rows(
            within(AgendaItem.objects.all(), "meeting__collective"),
            ["title", "description", "presenter", "notes"],
            person,
        )
        + personal.scrub_rows(
            within(ItemComment.objects.all(), "item__meeting__collective"), ["body"], person
        )
        + personal.scrub_rows(within(Decision.objects.all()), ["text"], person)
        + personal.scrub_rows(
            within(Announcement.objects.all(), "meeting__collective"), ["title", "body"], person
        )
        + personal.scrub_rows(
            within(MinutesVersion.objects.all(), "minutes__meeting__collective"),
            ["comment"],
            person,
            json_fields=["content"],
        )
        + personal.scrub_rows(
            within(Amendment.objects.all(), "minutes__meeting__collective"),
            ["comment", "proposed_text", "reason"],
            person,
        )
    )
    return {what: count for what, count in counts.items() if count}


personal.register("meetings", export=export, erase=erase)
