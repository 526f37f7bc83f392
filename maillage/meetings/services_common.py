"""What the meetings' services share: the row lock, the frozen minutes check, the
meeting's time in words, and what is written to invited people (their context, the
calendar file, the update or cancellation sent to them)."""

import logging

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from maillage.core.errors import DomainError
from maillage.core.feeds import CannotWrite
from maillage.core.mail import queue_email

from .models import (
    ItemStatus,
    Meeting,
    Minutes,
    Rsvp,
)

logger = logging.getLogger(__name__)


def absolute(url):
    return settings.SITE_URL + url


def check_not_frozen(meeting):
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.is_frozen:
        raise DomainError(
            _(
                "The minutes of this meeting are approved and frozen. "
                "To change anything, start a new version of the minutes first."
            ),
            code="frozen",
        )


def _locked(meeting):
    return Meeting.objects.select_for_update().select_related("collective").get(pk=meeting.pk)


def _describe_changes(before, meeting):
    """What changed, in words, for the update e-mail."""
    changes = []
    if before["starts_at"] != meeting.starts_at or before["ends_at"] != meeting.ends_at:
        changes.append(_("Date and time: %(when)s") % {"when": when_text(meeting)})
    if before["title"] != meeting.title:
        changes.append(_("Title: %(title)s") % {"title": meeting.title})
    place_fields = ("place", "address", "room", "time_zone")
    if any(before[name] != getattr(meeting, name) for name in place_fields):
        changes.append(_("Place: %(place)s") % {"place": meeting.where() or "—"})
    return changes


def when_text(meeting):
    from django.utils.formats import date_format

    start, end = meeting.local_start, meeting.local_end
    day, start_time = date_format(start, "DATE_FORMAT"), date_format(start, "TIME_FORMAT")
    return f"{day}, {start_time}–{date_format(end, 'TIME_FORMAT')} ({meeting.time_zone})"


def _invitee_context(meeting, invitee):
    return {
        "meeting": meeting,
        "invitee": invitee,
        "meeting_url": absolute(meeting.get_absolute_url()),
        "rsvp_url": absolute(invitee.get_rsvp_url()),
        "items": list(meeting.items.filter(status=ItemStatus.ACCEPTED)),
    }


def _calendar_attachments(meeting, invitee, method):
    """The calendar file for one invited person, as a list of attachments: empty when
    the meeting's dates cannot be written (a row stored outside 1900–2100: an update or
    a cancellation still reaches people, without the file)."""
    from . import ical

    name = "annulation.ics" if method == "CANCEL" else "invitation.ics"
    try:
        text = ical.invitation(meeting, invitee, method=method)
    except CannotWrite:
        logger.warning("Meeting %s: e-mail sent without its calendar file.", meeting.pk)
        return []
    return [(name, text, "text/calendar")]


def _send_to_invited(meeting, template, *, before=None, **extra):
    """Send an update (``before`` holds the old values) or a cancellation to those
    already invited, each in their own language."""
    method = "CANCEL" if template.endswith("cancellation") else "REQUEST"
    invitees = meeting.invitees.reachable().exclude(email="").exclude(invited_at=None)
    for invitee in invitees:
        context = _invitee_context(meeting, invitee) | extra
        if before is not None:
            with translation.override(invitee.language):
                context["changes"] = _describe_changes(before, meeting)
        attachments = _calendar_attachments(meeting, invitee, method)
        queue_email(
            template=template,
            to=invitee.email,
            context=context | {"calendar_attached": bool(attachments)},
            language=invitee.language,
            attachments=attachments,
        )
    invitees.update(sent_sequence=meeting.sequence)


def _recipients(meeting):
    return (
        meeting.invitees.reachable().exclude(email="").exclude(rsvp=Rsvp.PENDING, invited_at=None)
    )
