"""Background work of meetings: reminders before a meeting (a periodic job)."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

REMINDER_BEFORE = timedelta(hours=24)


def send_due_reminders(now=None):
    """Remind the invited people of meetings starting within the next 24 hours.

    Safe to run twice: a meeting is reminded once for a given start time; if it is
    moved, the people are reminded again for the new time.
    """
    from . import services
    from .models import Meeting, MeetingStatus

    now = now or timezone.now()
    due = (
        Meeting.objects.filter(
            status=MeetingStatus.PLANNED,
            invitations_sent_at__isnull=False,
            starts_at__gt=now,
            starts_at__lte=now + REMINDER_BEFORE,
        )
        .exclude(reminded_for=F("starts_at"))
        .select_related("collective")
    )
    sent = 0
    for meeting in due:
        sent += services.send_reminder(meeting)
    return sent
