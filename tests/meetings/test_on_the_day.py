"""Attendance as it happens: who represents whom, typed on the sheet for anyone;
walk-ins who are already on the list; people put on the list by mistake."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from maillage.accounts.models import User
from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError
from maillage.meetings import documents, services
from maillage.meetings.minutes import build_content, content_text
from maillage.meetings.models import (
    Agreement,
    Attendance,
    Invitee,
    Minutes,
    MinutesStatus,
    Rsvp,
)

from .setting import build_meeting
from .test_documents import docx_text, odt_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(world):
    """A meeting of today: attendance can be recorded."""
    return build_meeting(world, days_ahead=0)


def _sheet(setting):
    return reverse(
        "meetings:attendance", args=[setting.meeting.collective.slug, setting.meeting.pk]
    )


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _english(client):
    User.objects.update(language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# ----------------------------------------------------------------- represented by


def _represent_the_coordinator(setting, world, agreement=Agreement.FEMININE):
    """The coordinator answered "coming"; on the day, M. Dunand came in her place."""
    coordinator = setting.invitees["coordinator"]
    assert coordinator.rsvp == Rsvp.COMING and not coordinator.represented_by
    services.record_attendance(
        actor=world.coordinator,
        meeting=setting.meeting,
        marks={setting.invitees["facilitator"].pk: Attendance.PRESENT},
        proxies={coordinator.pk: ("  M.  Dunand ", agreement)},
    )
    coordinator.refresh_from_db()
    return coordinator


def test_who_represents_anyone_is_typed_on_the_sheet_and_marks_them_represented(today, world):
    coordinator = _represent_the_coordinator(today, world)
    assert (coordinator.attendance, coordinator.represented_by, coordinator.agreement) == (
        Attendance.REPRESENTED,
        "M. Dunand",
        Agreement.FEMININE,
    )


def test_the_minutes_say_represented_by_with_the_french_agreement(today, world):
    coordinator = _represent_the_coordinator(today, world)
    name = coordinator.name
    with translation.override("fr"):
        content = build_content(today.meeting)
    expected = f"{name}, représentée par M. Dunand"
    people = [p["text"] for group in content["participants"] for p in group["people"]]
    assert expected in people
    # Between people of a group, a semicolon: the comma belongs to "représentée par".
    group = next(g for g in content["participants"] if expected in g["names"])
    assert "\u00a0; " in group["names"]
    assert expected in content_text(content)
    with translation.override("fr"):
        for write, read in (
            (documents.minutes_docx, docx_text),
            (documents.minutes_odt, odt_text),
            (documents.minutes_pdf, pdf_text),
        ):
            assert expected in read(write(content)), write.__name__
    with translation.override("en"):
        english = build_content(today.meeting)
    people = [p["text"] for group in english["participants"] for p in group["people"]]
    assert f"{name}, represented by M. Dunand" in people


@pytest.mark.parametrize(
    "agreement, words",
    [(Agreement.MASCULINE, "représenté par"), (Agreement.NEUTRAL, "représenté·e par")],
)
def test_without_a_feminine_the_words_agree_or_stay_neutral(today, world, agreement, words):
    coordinator = _represent_the_coordinator(today, world, agreement)
    with translation.override("fr"):
        content = build_content(today.meeting)
    assert f"{coordinator.name}, {words} M. Dunand" in content_text(content)


def test_the_minutes_page_shows_who_represented_whom(client, today, world):
    coordinator = _represent_the_coordinator(today, world)
    client.force_login(world.facilitator)
    meeting = today.meeting
    html = client.get(
        reverse("meetings:minutes", args=[meeting.collective.slug, meeting.pk])
    ).content.decode()
    assert f"{coordinator.name}, représentée par M. Dunand" in html


def test_the_sheet_has_a_representative_field_for_everyone(client, today, world):
    client.force_login(world.coordinator)
    html = client.get(_sheet(today)).content.decode()
    for invitee in today.meeting.invitees.all():
        assert f'name="proxy_{invitee.pk}"' in html
        assert f'name="agreement_{invitee.pk}"' in html
    # What the answer to the invitation said is there to check.
    member = today.invitees["member"]
    assert f'value="{member.represented_by}"' in html


def test_a_representative_typed_on_the_sheet_is_saved(client, today, world):
    _english(client)
    client.force_login(world.coordinator)
    guest = today.guest
    response = client.post(
        _sheet(today),
        {f"proxy_{guest.pk}": "M. Dunand", f"agreement_{guest.pk}": Agreement.FEMININE},
        follow=True,
    )
    assert "Attendance is saved." in _messages(response)
    guest.refresh_from_db()
    assert (guest.attendance, guest.represented_by, guest.agreement) == (
        Attendance.REPRESENTED,
        "M. Dunand",
        Agreement.FEMININE,
    )


def test_a_representative_for_someone_marked_present_is_refused_and_kept(client, today, world):
    _english(client)
    client.force_login(world.coordinator)
    guest = today.guest
    response = client.post(
        _sheet(today),
        {f"mark_{guest.pk}": "present", f"proxy_{guest.pk}": "M. Dunand"},
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert guest.name in errors and "Represented" in errors
    assert 'value="M. Dunand"' in response.content.decode()
    guest.refresh_from_db()
    assert (guest.attendance, guest.represented_by) == (Attendance.UNKNOWN, "")


def test_clearing_the_representative_of_someone_who_came_is_saved(today, world):
    member = today.invitees["member"]
    assert member.represented_by
    services.record_attendance(
        actor=world.coordinator,
        meeting=today.meeting,
        marks={member.pk: Attendance.PRESENT},
        proxies={member.pk: ("", "")},
    )
    member.refresh_from_db()
    assert (member.attendance, member.represented_by) == (Attendance.PRESENT, "")


# ----------------------------------------------------------------------- walk-ins


def _walk_in(world, setting, **fields):
    return services.add_walk_in(actor=world.coordinator, meeting=setting.meeting, **fields)


def test_a_walk_in_with_the_address_of_someone_on_the_list_marks_them_present(today, world):
    count = today.meeting.invitees.count()
    invitee, already = _walk_in(world, today, name="L. Invitée", email="LEA.invitee@example.org")
    assert already and invitee.pk == today.guest.pk
    assert invitee.attendance == Attendance.PRESENT
    assert today.meeting.invitees.count() == count


def test_a_walk_in_with_the_address_of_a_members_account_is_that_member(today, world):
    member = today.invitees["member"]
    assert member.represented_by  # they answered they would be represented, then came
    # The row keeps the address the invitation went to; the account has another one now.
    Invitee.objects.filter(pk=member.pk).update(email="ancienne@example.org")
    count = today.meeting.invitees.count()
    invitee, already = _walk_in(world, today, name="Quelqu'un", email=world.member.email)
    assert already and invitee.pk == member.pk and invitee.attendance == Attendance.PRESENT
    assert invitee.represented_by == ""
    assert today.meeting.invitees.count() == count


def test_a_walk_in_without_address_is_known_by_name_without_case_accents_or_spaces(today, world):
    count = today.meeting.invitees.count()
    invitee, already = _walk_in(world, today, name="  LEA   invitee ")
    assert already and invitee.pk == today.guest.pk
    assert invitee.attendance == Attendance.PRESENT
    member_name = today.invitees["facilitator"].name.upper()
    invitee, already = _walk_in(world, today, name=member_name)
    assert already and invitee.pk == today.invitees["facilitator"].pk
    assert today.meeting.invitees.count() == count


def test_a_walk_in_with_another_address_and_the_same_name_is_someone_else(today, world):
    invitee, already = _walk_in(world, today, name="Léa Invitée", email="autre.lea@example.org")
    assert not already and invitee.pk != today.guest.pk
    assert invitee.attendance == Attendance.PRESENT


def test_a_member_not_on_the_list_who_walks_in_is_added_as_the_member(world):
    setting = build_meeting(world, days_ahead=0)
    Invitee.objects.filter(pk=setting.invitees["observer"].pk).delete()
    invitee, already = _walk_in(world, setting, name="Observatrice", email=world.observer.email)
    assert not already and invitee.user == world.observer
    assert invitee.name == world.observer.display_name
    assert invitee.attendance == Attendance.PRESENT


def test_the_walk_in_page_says_the_person_was_already_on_the_list(client, today, world):
    _english(client)
    client.force_login(world.coordinator)
    count = today.meeting.invitees.count()
    response = client.post(
        reverse("meetings:walk_in", args=[world.collective.slug, today.meeting.pk]),
        {"walkin-name": "léa INVITÉE"},
        follow=True,
    )
    assert (
        "Léa Invitée was already on the list: no one was added, Léa Invitée is marked present."
        in _messages(response)
    )
    assert today.meeting.invitees.count() == count


def test_inviting_a_member_whose_address_a_guest_has_is_refused_with_a_message(world):
    setting = build_meeting(world)
    Invitee.objects.filter(pk=setting.invitees["observer"].pk).delete()
    Invitee.objects.create(meeting=setting.meeting, name="Obs.", email=world.observer.email)
    with pytest.raises(DomainError) as error:
        services.invite_member(
            actor=world.coordinator, meeting=setting.meeting, user=world.observer
        )
    assert "Obs." in error.value.message and error.value.field == "user"


# ------------------------------------------------------------ removed from the list


def test_someone_added_by_mistake_is_removed_with_their_answer(today, world):
    services.record_attendance(
        actor=world.coordinator,
        meeting=today.meeting,
        marks={
            today.invitees["coordinator"].pk: Attendance.PRESENT,
            today.guest.pk: Attendance.PRESENT,
            today.invitees["member"].pk: Attendance.REPRESENTED,
        },
    )
    for invitee in (today.guest, today.invitees["member"]):
        assert services.remove_invitee(actor=world.facilitator, invitee=invitee) == invitee.name
        assert not Invitee.objects.filter(pk=invitee.pk).exists()
        event = AuditEvent.objects.get(action="meetings.invitee_removed", object_id=str(invitee.pk))
        assert event.actor == world.facilitator and event.collective == world.collective
        assert event.before["name"] == invitee.name
    content = build_content(today.meeting)
    named = [p["name"] for group in content["participants"] for p in group["people"]]
    assert named == [today.invitees["coordinator"].name]
    assert "Ville de Genève" not in [g["organisation"] for g in content["participants"]]
    assert "Jeanne Martin" not in content_text(content)  # who was to represent the member


def test_nobody_is_removed_from_the_list_of_approved_minutes(today, world):
    Minutes.objects.filter(pk=today.minutes.pk).update(status=MinutesStatus.APPROVED)
    with pytest.raises(DomainError) as error:
        services.remove_invitee(actor=world.coordinator, invitee=today.guest)
    message = error.value.message
    assert "Léa Invitée" in message and ("approved" in message or "approuvé" in message)
    assert Invitee.objects.filter(pk=today.guest.pk).exists()
    # A new version of the minutes opens the list again.
    services.start_new_version(actor=world.coordinator, meeting=today.meeting)
    services.remove_invitee(actor=world.coordinator, invitee=today.guest)
    assert not Invitee.objects.filter(pk=today.guest.pk).exists()


def test_someone_who_received_the_invitation_is_told_with_a_calendar_cancellation(
    world, django_capture_on_commit_callbacks
):
    setting = build_meeting(world, days_ahead=5)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(actor=world.coordinator, meeting=setting.meeting)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_invitee(actor=world.coordinator, invitee=setting.guest)
    assert [message.to for message in mail.outbox] == [["lea.invitee@example.org"]]
    message = mail.outbox[0]
    assert "by mistake" in message.body or "par erreur" in message.body
    (name, calendar, _kind) = message.attachments[0]
    assert name == "annulation.ics" and "METHOD:CANCEL" in calendar
    assert setting.meeting.ical_uid in calendar


def test_the_list_page_removes_someone_and_says_so(client, world):
    _english(client)
    setting = build_meeting(world, days_ahead=-1)
    client.force_login(world.facilitator)
    invitees = reverse("meetings:invitees", args=[world.collective.slug, setting.meeting.pk])
    remove = reverse(
        "meetings:remove_invitee",
        args=[world.collective.slug, setting.meeting.pk, setting.guest.pk],
    )
    assert remove in client.get(invitees).content.decode()
    response = client.post(remove, follow=True)
    assert "Léa Invitée is no longer on the list." in _messages(response)
    assert not Invitee.objects.filter(pk=setting.guest.pk).exists()
    Minutes.objects.filter(meeting=setting.meeting).update(
        status=MinutesStatus.APPROVED, approved_at=timezone.now()
    )
    member = setting.invitees["member"]
    page = client.get(invitees).content.decode()
    assert "/retirer/" not in page
    response = client.post(
        reverse(
            "meetings:remove_invitee", args=[world.collective.slug, setting.meeting.pk, member.pk]
        ),
        follow=True,
    )
    assert any("approved" in message for message in _messages(response))
    assert Invitee.objects.filter(pk=member.pk).exists()


def test_an_invitee_of_another_meeting_cannot_be_removed_through_this_one(client, world):
    setting = build_meeting(world)
    other = build_meeting(world, title="Autre")
    client.force_login(world.coordinator)
    response = client.post(
        reverse(
            "meetings:remove_invitee",
            args=[world.collective.slug, setting.meeting.pk, other.guest.pk],
        )
    )
    assert response.status_code == 404
    assert Invitee.objects.filter(pk=other.guest.pk).exists()
