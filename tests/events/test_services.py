"""The rules of events and registrations: clear refusals that store nothing, the waiting
list, check-in and attendance, the e-mails (with their calendar file) and erasure."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone, translation

from maillage.core.errors import DomainError
from maillage.events import services
from maillage.events.models import Registration, RegistrationStatus

from .setting import build_event, register

CONFIRMED = RegistrationStatus.CONFIRMED
WAITING = RegistrationStatus.WAITING
CANCELLED = RegistrationStatus.CANCELLED

pytestmark = pytest.mark.django_db


def refused(call, **kwargs):
    """The message of the DomainError raised by ``call(**kwargs)``, in English."""
    with translation.override("en"), pytest.raises(DomainError) as error:
        call(**kwargs)
    return str(error.value.message)


def calendars(message):
    """The parsed ``event.ics`` attachments of an e-mail."""
    found = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment[0], attachment[1], attachment[2]
        if filename == "event.ics":
            assert mimetype.startswith("text/calendar")
            found.append(icalendar.Calendar.from_ical(content))
    return found


def vevent(message):
    (calendar,) = calendars(message)
    (component,) = calendar.walk("VEVENT")
    return calendar, component


# ------------------------------------------------------------------ opening and closing


def test_registration_before_opening_is_refused_with_the_date(world):
    opens = timezone.now() + timedelta(days=2)
    event = build_event(world, registration_opens_at=opens)
    message = refused(register, event=event, number=1)
    local = timezone.localtime(opens, event.zone)
    assert message == f"Registrations open on {local:%d.%m.%Y} at {local:%H:%M}."
    assert not Registration.objects.exists()


def test_registration_after_closing_is_refused(world):
    closes = timezone.now() + timedelta(days=1)
    event = build_event(world, registration_closes_at=closes)
    message = refused(register, event=event, number=1, now=closes + timedelta(minutes=1))
    assert message == "Registrations for this event are closed."
    assert not Registration.objects.exists()
    # Without a closing date, registrations close when the event starts.
    later = build_event(world, title="Atelier")
    message = refused(register, event=later, number=2, now=later.starts_at)
    assert message == "Registrations for this event are closed."


def test_registration_after_a_manual_close_is_refused_then_reopened(world):
    event = build_event(world)
    services.close_registrations(actor=world.facilitator, event=event)
    assert refused(register, event=event, number=1) == "Registrations for this event are closed."
    assert not Registration.objects.exists()
    services.reopen_registrations(actor=world.facilitator, event=event)
    assert register(event, 1).status == CONFIRMED


def test_an_event_that_is_over_cannot_be_cancelled(world, mailoutbox):
    event = build_event(world, days_ahead=-2)
    register(event, 1, now=event.starts_at - timedelta(days=1))
    mailoutbox.clear()
    with (
        translation.override("en"),
        pytest.raises(DomainError, match="This event is over: it can no longer be cancelled."),
    ):
        services.cancel_event(actor=world.coordinator, event=event)
    event.refresh_from_db()
    assert event.status == "published" and mailoutbox == []


def test_registration_to_a_cancelled_or_draft_event_is_refused(world):
    cancelled = build_event(world)
    services.cancel_event(actor=world.coordinator, event=cancelled)
    assert refused(register, event=cancelled, number=1) == "This event is cancelled."
    draft = build_event(world, publish=False, title="Brouillon")
    assert refused(register, event=draft, number=2) == "This event is not published."
    assert not Registration.objects.exists()


# ------------------------------------------------------------------------ bad input


def test_capacity_below_the_confirmed_count_is_refused_with_the_count(world):
    event = build_event(world, capacity=5)
    for number in range(1, 4):
        register(event, number)
    message = refused(services.set_capacity, actor=world.coordinator, event=event, capacity=2)
    assert message == (
        "3 people are already confirmed: the event cannot have fewer seats. Cancel "
        "registrations first if you must."
    )
    event.refresh_from_db()
    assert event.capacity == 5
    assert refused(services.set_capacity, actor=world.coordinator, event=event, capacity=0) == (
        "Give at least one seat, or leave it empty for no limit."
    )
    services.set_capacity(actor=world.coordinator, event=event, capacity=3)
    event.refresh_from_db()
    assert event.capacity == 3


def test_an_invalid_email_or_an_empty_name_is_refused(world):
    event = build_event(world)
    message = refused(services.register, event=event, name="Alice", email="alice@")
    assert message == "“alice@” is not a valid e-mail address."
    assert refused(services.register, event=event, name="Alice", email=" ") == (
        "Give your e-mail address."
    )
    assert refused(services.register, event=event, name="  ", email="a@example.org") == (
        "Give your name."
    )
    assert not Registration.objects.exists()


def test_missing_required_answer_and_wrong_choice_are_refused(world):
    event = build_event(world, kind="job_cafe")
    sector = services.add_question(
        actor=world.facilitator,
        event=event,
        label="Secteur recherché",
        kind="choice",
        choices="Social\nSanté\nLogistique",
        required=True,
    )
    cv = services.add_question(
        actor=world.facilitator, event=event, label="Apportez-vous un CV ?", kind="yes_no"
    )
    assert refused(register, event=event, number=1, answers={}) == (
        "Please answer “Secteur recherché”."
    )
    assert refused(register, event=event, number=1, answers={str(sector.pk): "Banque"}) == (
        "Choose one of the answers offered to “Secteur recherché”."
    )
    assert not Registration.objects.exists()
    registration = register(event, 1, answers={str(sector.pk): "Santé", str(cv.pk): "oui"})
    assert registration.answers == {str(sector.pk): "Santé", str(cv.pk): True}
    # Once people registered, questions can no longer be added.
    assert (
        refused(
            services.add_question, actor=world.facilitator, event=event, label="Âge", kind="text"
        )
        == "People have already registered: questions can no longer be added."
    )


def test_the_same_address_registers_once_and_gets_its_link_again(
    world, django_capture_on_commit_callbacks
):
    event = build_event(world, capacity=1)
    first = register(event, 1, language="en")
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        # Within the hour of the first e-mail: nothing new, nothing sent.
        again = services.register(
            event=event, name="Autre nom", email="personne1@EXAMPLE.org", now=now
        )
        # Later, the link is sent again, once an hour at most.
        later = now + timedelta(hours=1, minutes=1)
        for minutes in (0, 30):
            services.register(
                event=event,
                name="Autre nom",
                email="personne1@example.org",
                now=later + timedelta(minutes=minutes),
            )
    assert again == first and again.name == "Personne 1"
    assert Registration.objects.count() == 1
    (message,) = mail.outbox
    assert message.to == ["personne1@example.org"] and first.get_absolute_url() in message.body
    assert message.subject.startswith("Already registered:")
    assert "Your registration is confirmed: a seat is kept for you." in message.body
    # Once cancelled, the address may register again.
    services.cancel_registration(registration=first)
    assert register(event, 1).position == 2


def test_rate_limit_per_address(world, settings):
    settings.EVENTS_RATE_PER_ADDRESS = 2
    event = build_event(world, capacity=10)
    services.cancel_registration(registration=register(event, 1))
    register(event, 1)
    other = build_event(world, title="Atelier")
    message = refused(register, event=other, number=1)
    assert message.startswith("Too many registrations with this address in the last hour.")
    assert Registration.objects.count() == 2
    # An hour later, it works again.
    later = timezone.now() + timedelta(hours=1, minutes=1)
    assert register(other, 1, now=later).status == CONFIRMED


def test_rate_limit_per_ip(world, settings):
    settings.EVENTS_RATE_PER_IP = 2
    event = build_event(world, capacity=10)
    register(event, 1, ip="203.0.113.7")
    register(event, 2, ip="203.0.113.7")
    message = refused(register, event=event, number=3, ip="203.0.113.7")
    assert message.startswith("Too many registrations from your connection in the last hour.")
    assert Registration.objects.count() == 2
    assert register(event, 3, ip="198.51.100.1").status == CONFIRMED
    # Only a keyed hash of the address is stored.
    assert "203.0.113.7" not in Registration.objects.first().ip_hash


def test_a_cancelled_link_reused_is_refused(world):
    event = build_event(world)
    registration = register(event, 1)
    services.cancel_registration(registration=registration)
    message = refused(services.cancel_registration, registration=registration)
    assert message == "This registration was already cancelled."
    assert refused(services.confirm_address, registration=registration) == message
    services.delete_registration(registration=registration)
    assert refused(services.delete_registration, registration=registration) == (
        "This registration was deleted."
    )
    registration.refresh_from_db()
    assert (registration.status, registration.name, registration.email) == (CANCELLED, "", "")


# --------------------------------------------------------------------- waiting list


def test_waiting_people_are_promoted_once_their_address_is_confirmed_in_arrival_order(world):
    event = build_event(world, capacity=1)
    first, second, third, fourth = (register(event, n) for n in range(1, 5))
    assert [r.status for r in (first, second, third, fourth)] == [CONFIRMED] + [WAITING] * 3
    services.confirm_address(registration=fourth)
    services.confirm_address(registration=third)

    services.cancel_registration(registration=first)

    def status(registration):
        registration.refresh_from_db()
        return registration.status

    # The second has not confirmed their address: the third gets the seat, not the fourth.
    assert [status(r) for r in (second, third, fourth)] == [WAITING, CONFIRMED, WAITING]
    services.confirm_address(registration=second)  # no seat free: still waiting
    assert status(second) == WAITING
    services.set_capacity(actor=world.coordinator, event=event, capacity=3)
    assert [status(r) for r in (second, third, fourth)] == [CONFIRMED] * 3
    third.refresh_from_db()
    assert third.promoted_at is not None


def test_confirming_the_address_takes_a_free_seat_at_once(world):
    event = build_event(world, capacity=1)
    first, second = register(event, 1), register(event, 2)
    services.cancel_registration(registration=first)
    second.refresh_from_db()
    assert second.status == WAITING  # address not confirmed: the seat stays free
    assert services.confirm_address(registration=second).status == CONFIRMED


def test_promote_by_hand_is_refused_when_full(world):
    event = build_event(world, capacity=1)
    register(event, 1)
    waiting = register(event, 2)
    message = refused(services.promote, actor=world.facilitator, registration=waiting)
    assert message == "No seat is free: raise the number of seats first, then give this one."
    waiting.refresh_from_db()
    assert waiting.status == WAITING
    services.set_capacity(actor=world.coordinator, event=event, capacity=2)
    # An organiser may give a seat to someone who has not confirmed their address.
    assert services.promote(actor=world.facilitator, registration=waiting).status == CONFIRMED
    message = refused(services.promote, actor=world.facilitator, registration=waiting)
    assert message == "Only someone on the waiting list can be given a seat."


# ---------------------------------------------------------------- check-in, attendance


def test_walk_ins_and_attendance_counts(world):
    event = build_event(world, capacity=2)
    first, second, third, fourth = (register(event, n) for n in range(1, 5))
    services.cancel_registration(registration=fourth)
    services.check_in(actor=world.facilitator, registration=first)
    assert refused(services.check_in, actor=world.facilitator, registration=third) == (
        "Only confirmed registrations can be checked in."
    )
    walk_in = services.add_walk_in(actor=world.facilitator, event=event, name="Sans inscription")
    assert (walk_in.status, walk_in.walk_in, walk_in.position) == (CONFIRMED, True, 5)
    assert walk_in.checked_in_at is not None
    assert (
        refused(
            services.add_walk_in,
            actor=world.facilitator,
            event=event,
            name="Double",
            email="personne2@example.org",
        )
        == "This address is already registered: tick the person in the list."
    )

    assert services.attendance(event) == {
        "confirmed": 2,
        "waiting": 1,
        "cancelled": 1,
        "present": 2,
        "walk_ins": 1,
        "absent": 1,
    }
    # Unticking someone counts them absent again.
    services.check_in(actor=world.facilitator, registration=first, present=False)
    counts = services.attendance(event)
    assert (counts["present"], counts["absent"]) == (1, 2)
    # Walk-ins are not held to the rate limit and do not take a seat from the list.
    third.refresh_from_db()
    assert third.status == WAITING


# ------------------------------------------------------------------------- e-mails


def test_confirmation_e_mail_has_a_calendar_file(world, django_capture_on_commit_callbacks):
    event = build_event(world, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(event, 1)
        register(event, 2)
    assert [m.to for m in mail.outbox] == [["personne1@example.org"], ["personne2@example.org"]]
    calendar, component = vevent(mail.outbox[0])
    assert calendar["METHOD"] == "REQUEST"
    assert str(component["UID"]) == event.ical_uid
    assert int(component["SEQUENCE"]) == 0
    assert component.decoded("DTSTART") == event.starts_at
    assert first.get_absolute_url() in mail.outbox[0].body


def test_the_calendar_file_comes_with_the_seat(world, django_capture_on_commit_callbacks):
    event = build_event(world, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(event, 1, language="en")
        waiting = register(event, 2, language="en")
    seat, wait = mail.outbox
    assert len(calendars(seat)) == 1
    # On the waiting list: no calendar file, and the e-mail says when it comes.
    assert wait.to == ["personne2@example.org"] and calendars(wait) == []
    assert "The event's calendar file comes with your seat" in wait.body
    assert "calendar file comes with your seat" in wait.alternatives[0][0]

    # The event moves: the confirmed person's calendar is updated, nothing is added to
    # the waiting person's.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = services.update_event(
            actor=world.coordinator,
            event=event,
            base_version=event.version,
            starts_at=event.starts_at + timedelta(hours=1),
            ends_at=event.ends_at + timedelta(hours=1),
        )
    by_address = {message.to[0]: message for message in mail.outbox}
    assert len(calendars(by_address["personne1@example.org"])) == 1
    moved = by_address["personne2@example.org"]
    assert calendars(moved) == [] and "You are still on the waiting list" in moved.body

    # A seat frees up: the e-mail that gives it carries the calendar file, accepted.
    services.confirm_address(registration=waiting)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=first)
    (promoted,) = mail.outbox
    assert promoted.to == ["personne2@example.org"]
    calendar, component = vevent(promoted)
    assert calendar["METHOD"] == "REQUEST" and str(component["UID"]) == event.ical_uid
    assert component["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert "The event is attached as a calendar file." in promoted.body


def test_a_cancelled_event_sends_no_calendar_file_to_the_waiting_list(
    world, django_capture_on_commit_callbacks
):
    event = build_event(world, capacity=1)
    register(event, 1, language="en")
    register(event, 2, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(actor=world.coordinator, event=event)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert len(calendars(by_address["personne1@example.org"])) == 1
    waiting = by_address["personne2@example.org"]
    assert calendars(waiting) == [] and "and its waiting list with it" in waiting.body


def test_moved_event_grows_sequence_and_cancelled_event_sends_cancel(
    world, django_capture_on_commit_callbacks
):
    event = build_event(world, capacity=1)
    register(event, 1)
    register(event, 2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = services.update_event(
            actor=world.coordinator,
            event=event,
            base_version=event.version,
            starts_at=event.starts_at + timedelta(hours=1),
            ends_at=event.ends_at + timedelta(hours=1),
        )
    assert len(mail.outbox) == 2  # confirmed and waiting people
    _calendar, component = vevent(mail.outbox[0])
    assert str(component["UID"]) == event.ical_uid
    assert int(component["SEQUENCE"]) == 1
    assert component.decoded("DTSTART") == event.starts_at

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(actor=world.coordinator, event=event)
    assert len(mail.outbox) == 2
    calendar, component = vevent(mail.outbox[0])
    assert calendar["METHOD"] == "CANCEL"
    assert component["STATUS"] == "CANCELLED"
    assert str(component["UID"]) == event.ical_uid
    assert int(component["SEQUENCE"]) == 2


def test_reminders_go_once_per_start_time_to_confirmed_people_only(
    world, django_capture_on_commit_callbacks
):
    event = build_event(world, capacity=2)
    for number in (1, 2, 3):
        register(event, number)  # 3 waits
    services.cancel_registration(registration=Registration.objects.get(position=2))
    mail.outbox.clear()
    day_before = event.starts_at - timedelta(hours=12)
    too_early = event.starts_at - timedelta(days=3)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(now=too_early) == 0
        assert services.send_reminders(now=day_before) == 1
        assert services.send_reminders(now=day_before + timedelta(hours=1)) == 0
    assert [m.to for m in mail.outbox] == [["personne1@example.org"]]
    assert calendars(mail.outbox[0])


def test_a_moved_event_is_reminded_again(world, django_capture_on_commit_callbacks):
    event = build_event(world, capacity=2)
    register(event, 1)
    day_before = event.starts_at - timedelta(hours=12)
    assert services.send_reminders(now=day_before) == 1
    event = services.update_event(
        actor=world.coordinator,
        event=event,
        base_version=event.version,
        starts_at=event.starts_at + timedelta(hours=2),
        ends_at=event.ends_at + timedelta(hours=2),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(now=day_before + timedelta(hours=1)) == 1
    assert [m.to for m in mail.outbox] == [["personne1@example.org"]]


def test_report_e_mails_confirmed_registrants_once(world, django_capture_on_commit_callbacks):
    event = build_event(world, capacity=1)
    register(event, 1)
    register(event, 2)  # waits: no report e-mail
    mail.outbox.clear()
    assert refused(services.publish_report, actor=world.facilitator, event=event, report=" ") == (
        "Write the report before publishing it."
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_report(
            actor=world.facilitator,
            event=event,
            report="Une **belle** soirée.",
            links=[("video", "Captation", "https://example.org/video")],
        )
        services.publish_report(actor=world.facilitator, event=event, report="Corrigé.")
    assert [m.to for m in mail.outbox] == [["personne1@example.org"]]
    event.refresh_from_db()
    assert event.report_html.strip() == "<p>Corrigé.</p>"
    assert event.links.get().url == "https://example.org/video"


# ------------------------------------------------------------------------- privacy


def test_personal_data_of_past_events_is_erased_and_counts_stay(world, settings):
    settings.EVENTS_ERASE_AFTER_DAYS = 30
    event = build_event(world, capacity=2, days_ahead=-40)
    before_start = event.starts_at - timedelta(days=1)
    for number in (1, 2, 3, 4):
        register(event, number, now=before_start, ip="203.0.113.9")
    services.cancel_registration(registration=Registration.objects.get(position=4))
    services.check_in(actor=world.facilitator, registration=Registration.objects.get(position=1))
    services.add_walk_in(actor=world.facilitator, event=event, name="Passante")
    recent = build_event(world, capacity=2, days_ahead=-10, title="Récent")
    register(recent, 9, now=recent.starts_at - timedelta(days=1))
    counts = services.attendance(event)

    assert services.erase_past_personal_data() == 1
    assert services.erase_past_personal_data() == 0

    assert services.attendance(event) == counts
    for registration in Registration.objects.filter(event=event):
        assert (registration.name, registration.email, registration.answers) == ("", "", {})
        assert registration.ip_hash == "" and registration.erased_at is not None
    kept = Registration.objects.get(event=recent)
    assert (kept.name, kept.email) == ("Personne 9", "personne9@example.org")


def test_an_event_moves_into_a_programme_of_its_collective_only(world):
    event = build_event(world)
    month = services.create_programme(
        actor=world.coordinator, collective=world.collective, title="Mois", slug="mois"
    )
    elsewhere = services.create_programme(
        actor=world.coordinator, collective=world.other, title="Ailleurs", slug="ailleurs"
    )
    event = services.update_event(
        actor=world.coordinator, event=event, base_version=event.version, programme=month
    )
    assert event.programme == month
    with translation.override("en"), pytest.raises(DomainError) as refused:
        services.update_event(
            actor=world.coordinator, event=event, base_version=event.version, programme=elsewhere
        )
    assert refused.value.message == "This programme belongs to another collective."
    event.refresh_from_db()
    assert event.programme == month
    # Left out, the programme stays; None takes the event out of it.
    event = services.update_event(
        actor=world.coordinator, event=event, base_version=event.version, title="Autre titre"
    )
    assert event.programme == month
    event = services.update_event(
        actor=world.coordinator, event=event, base_version=event.version, programme=None
    )
    assert event.programme is None
