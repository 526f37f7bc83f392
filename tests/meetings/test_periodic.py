"""Reminders before a meeting, run by the periodic tick (core/periodic.py)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from maillage.core import periodic
from maillage.core.tasks import tick
from maillage.meetings import services
from maillage.meetings.models import Invitee, Meeting, Rsvp
from maillage.meetings.tasks import send_due_reminders


def _starts_in(meeting, delta):
    starts = timezone.now() + delta
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a job as if its transaction committed: e-mails are queued on commit."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def invited(setting):
    """The setting's meeting, with its invitations sent (the outbox emptied after)."""
    services.send_invitations(actor=setting.meeting.created_by, meeting=setting.meeting)
    mail.outbox.clear()
    return setting


def test_people_are_reminded_once_the_day_before(invited, committed):
    meeting = _starts_in(invited.meeting, timedelta(hours=20))
    assert committed(send_due_reminders) == 4  # the observer excused themselves
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert invited.invitees["observer"].email not in recipients
    assert invited.guest.email in recipients
    assert all(meeting.title in message.body for message in mail.outbox)
    # The job runs every few minutes: nobody is reminded twice for the same time.
    assert committed(send_due_reminders) == 0
    assert len(mail.outbox) == 4


def test_a_meeting_far_away_or_not_yet_announced_is_not_reminded(setting, invited, committed):
    _starts_in(invited.meeting, timedelta(days=3))
    assert committed(send_due_reminders) == 0
    assert mail.outbox == []


def test_moving_the_meeting_sends_a_new_reminder(invited, committed):
    meeting = _starts_in(invited.meeting, timedelta(hours=20))
    committed(send_due_reminders)
    mail.outbox.clear()
    meeting = _starts_in(meeting, timedelta(hours=22))
    assert committed(send_due_reminders) == 4


def test_a_cancelled_meeting_is_not_reminded(invited, committed):
    meeting = _starts_in(invited.meeting, timedelta(hours=20))
    services.cancel_meeting(actor=meeting.created_by, meeting=meeting, reason="Salle indisponible")
    mail.outbox.clear()
    assert committed(send_due_reminders) == 0 and mail.outbox == []


def test_invitations_are_needed_before_reminders(setting, committed):
    _starts_in(setting.meeting, timedelta(hours=20))
    Invitee.objects.filter(meeting=setting.meeting).update(rsvp=Rsvp.COMING)
    assert committed(send_due_reminders) == 0


def test_the_tick_runs_every_registered_job(invited, committed):
    assert {"meetings.reminders", "actions.weekly_digest"} <= set(periodic.JOBS)
    _starts_in(invited.meeting, timedelta(hours=20))
    result = committed(tick.enqueue).return_value
    assert result["meetings.reminders"] == "4"
    assert len(mail.outbox) == 4


def test_a_failing_job_does_not_stop_the_others(monkeypatch, invited, committed):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setitem(periodic.JOBS, "a.broken", broken)
    _starts_in(invited.meeting, timedelta(hours=20))
    done = committed(periodic.run_jobs)
    assert done["a.broken"] == "failed" and done["meetings.reminders"] == 4


def test_start_ticking_runs_the_jobs_with_the_immediate_backend(invited, committed):
    _starts_in(invited.meeting, timedelta(hours=20))
    out = StringIO()
    committed(call_command, "start_ticking", stdout=out)
    assert "scheduled" in out.getvalue()
    assert len(mail.outbox) == 4
