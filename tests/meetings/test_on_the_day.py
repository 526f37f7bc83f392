"""Attendance as it happens: who represents whom, typed on the sheet for anyone;
walk-ins who are already on the list; people put on the list by mistake."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from maillage.accounts.models import User
from maillage.meetings import documents, services
from maillage.meetings.minutes import build_content, content_text
from maillage.meetings.models import (
    Agreement,
    Attendance,
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
