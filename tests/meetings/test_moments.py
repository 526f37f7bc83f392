"""The meeting's page by moment (before, during, after), its forms opened on demand,
cancelling only before the start, and the items' notes typed on the page during the
meeting (saved as they are typed with htmx, or with a button without JavaScript).
Pages are asked for in English, the source language."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.audit.models import AuditEvent
from maillage.meetings.models import AgendaItem, Meeting, MeetingStatus, Minutes, MinutesStatus
from maillage.meetings.views import default_moment

from ..htmx import post_form
from .setting import build_meeting


@pytest.fixture(autouse=True)
def _english(world, client):
    User.objects.update(language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _url(name, setting, *extra):
    meeting = setting.meeting
    return reverse(name, args=[meeting.collective.slug, meeting.pk, *extra])


def _running(setting, minutes_ago=30):
    """The meeting started ``minutes_ago`` minutes ago and lasts two hours."""
    started = timezone.now() - timedelta(minutes=minutes_ago)
    Meeting.objects.filter(pk=setting.meeting.pk).update(
        starts_at=started, ends_at=started + timedelta(hours=2)
    )
    setting.meeting.refresh_from_db()
    return setting


def _page(client, setting, moment=""):
    url = _url("meetings:detail", setting) + (f"?moment={moment}" if moment else "")
    return client.get(url)


# ------------------------------------------------------------------------ the moments


def test_the_moment_follows_the_meetings_time(world):
    setting = build_meeting(world)
    meeting = setting.meeting
    assert default_moment(meeting, meeting.starts_at - timedelta(minutes=1)) == "before"
    assert default_moment(meeting, meeting.starts_at) == "during"
    assert default_moment(meeting, meeting.ends_at - timedelta(minutes=1)) == "during"
    assert default_moment(meeting, meeting.ends_at) == "after"


@pytest.mark.parametrize(("days", "moment"), [(7, "before"), (None, "during"), (-2, "after")])
def test_the_page_opens_at_the_moment_of_the_meeting(client, world, days, moment):
    setting = build_meeting(world, days_ahead=days or 0)
    if days is None:
        _running(setting)
    client.force_login(world.member)
    response = _page(client, setting)
    assert response.context["moment"] == moment
    html = response.content.decode()
    # The tabs are links to each moment; the current one is marked.
    assert re.search(rf'href="\?moment={moment}"\s+aria-current="page"', html)
    assert html.count('aria-current="page"') == 1


def test_each_moment_has_its_own_address_and_an_unknown_one_is_the_default(client, setting, world):
    client.force_login(world.member)
    assert _page(client, setting, "after").context["moment"] == "after"
    assert _page(client, setting, "nimporte").context["moment"] == "before"


def test_before_the_purpose_place_answers_and_agenda(client, setting, world):
    client.force_login(world.facilitator)
    html = _page(client, setting, "before").content.decode()
    for text in [
        "Faire connaissance et préciser",  # purpose
        "Définir notre raison d",  # objectives
        "Salle Gandhi",
        _url("meetings:ics", setting),
        _url("meetings:invitees", setting),  # the answers summary links to the list
        'id="agenda"',
        "Tour de table",
    ]:
        assert text in html, text
    # The primary action of the moment, and the agenda's form opened on demand.
    assert "Edit the agenda" in html
    assert f'hx-get="{_url("meetings:item_add", setting)}"' in html
    # No form is open: every one of them is behind a disclosure or on its own page.
    assert 'name="item-title"' not in html
    assert '<details class="disclosure" open' not in html


def test_the_answers_are_counted_for_everyone_and_listed_for_planners(client, setting, world):
    client.force_login(world.observer)
    response = _page(client, setting, "before")
    answers = {value: count for value, _label, count in response.context["answers"]}
    assert answers == {"coming": 3, "represented": 1, "excused": 1, "pending": 0}
    assert _url("meetings:invitees", setting) not in response.content.decode()


def test_an_invitee_who_has_not_answered_is_asked_to_first(client, setting, world):
    setting.invitees["observer"].__class__.objects.filter(
        pk=setting.invitees["observer"].pk
    ).update(rsvp="pending")
    client.force_login(world.observer)
    html = _page(client, setting, "before").content.decode()
    answer = _url("meetings:answer", setting)
    assert f'class="button" href="{answer}"' in html and "Answer the invitation" in html


def test_during_the_agenda_attendance_decisions_and_actions(client, world):
    setting = _running(build_meeting(world, days_ahead=0))
    client.force_login(world.member)
    response = _page(client, setting)
    html = response.content.decode()
    assert response.context["moment"] == "during"
    for text in [
        "Chaque organisation présente",  # the notes, to read
        "Le groupe adopte le principe",  # under its item
        "Rédiger un projet de charte",
        'id="attendance"',
    ]:
        assert text in html, text
    # A member reads the notes; only those who keep the minutes type them.
    assert "<textarea" not in html
    assert _url("meetings:item_notes", setting, setting.items[0].pk) not in html
    assert _url("meetings:attendance", setting) not in html


def test_during_the_person_in_charge_of_the_minutes_has_the_attendance_sheet_first(client, world):
    setting = _running(build_meeting(world, days_ahead=0))
    client.force_login(world.coordinator)
    html = _page(client, setting).content.decode()
    attendance = _url("meetings:attendance", setting)
    assert f'class="button" href="{attendance}"' in html
    assert html.count("<textarea") == len(setting.items)


def test_after_decisions_actions_announcements_next_steps_minutes_and_the_next_meeting(
    client, world
):
    setting = build_meeting(world, days_ahead=-2)
    client.force_login(world.coordinator)
    response = _page(client, setting)
    html = response.content.decode()
    assert response.context["moment"] == "after"
    for text in [
        "Le groupe adopte le principe",
        "Rédiger un projet de charte",
        "Forum de l&#x27;économie sociale",
        'id="next-steps"',
        'id="minutes"',
        f'hx-get="{_url("meetings:decision_add", setting)}"',
        f'hx-get="{_url("meetings:action_add", setting)}"',
        f'hx-get="{_url("meetings:announcement_add", setting)}"',
        f'hx-get="{_url("meetings:next_steps", setting)}"',
        f'hx-get="{_url("meetings:next_meeting", setting)}"',
    ]:
        assert text in html, text
    minutes = _url("meetings:minutes", setting)
    assert f'class="button" href="{minutes}"' in html


def test_a_cancelled_meeting_shows_its_notice_at_every_moment(client, setting, world):
    Meeting.objects.filter(pk=setting.meeting.pk).update(
        status=MeetingStatus.CANCELLED, cancel_reason="Salle fermée"
    )
    client.force_login(world.facilitator)
    for moment in ("before", "during", "after"):
        html = _page(client, setting, moment).content.decode()
        assert "This meeting is cancelled." in html and "Salle fermée" in html
        assert _url("meetings:cancel", setting) not in html
        assert _url("meetings:edit", setting) not in html


def test_the_page_costs_the_same_at_every_moment_with_a_long_agenda(client, setting, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.coordinator)
    counts = {}
    for moment in ("before", "during", "after"):
        _page(client, setting, moment)
        with CaptureQueriesContext(connection) as short:
            _page(client, setting, moment)
        counts[moment] = len(short)
    for number in range(8):
        AgendaItem.objects.create(
            meeting=setting.meeting, title=f"Point {number}", position=10 + number
        )
    for moment in ("before", "during", "after"):
        with CaptureQueriesContext(connection) as long:
            _page(client, setting, moment)
        assert len(long) == counts[moment] <= 22, moment


# --------------------------------------------------------------- forms opened on demand

FORM_PAGES = [
    ("meetings:item_add", "facilitator"),
    ("meetings:answer", "member"),
    ("meetings:announcement_add", "member"),
    ("meetings:next_steps", "coordinator"),
    ("meetings:next_meeting", "facilitator"),
    ("meetings:cancel", "facilitator"),
    ("meetings:decision_add", "coordinator"),
    ("meetings:action_add", "coordinator"),
]


@pytest.mark.parametrize(("name", "persona"), FORM_PAGES)
def test_each_form_has_its_own_page_that_a_disclosure_loads(client, setting, world, name, persona):
    client.force_login(getattr(world, persona))
    response = client.get(_url(name, setting))
    assert response.status_code == 200
    html = response.content.decode()
    # The part htmx takes into the meeting's page, with a form that says where it posts.
    part = html[html.index("<div data-disclosure-content>") :]
    assert f'<form method="post" action="{_url(name, setting)}"' in part
    assert 'class="page-header"' in html


def test_a_decision_form_on_an_item_keeps_the_item_in_its_action(client, setting, world):
    item = setting.items[0]
    client.force_login(world.coordinator)
    url = _url("meetings:decision_add", setting) + f"?item={item.pk}"
    html = client.get(url).content.decode()
    assert f'action="{url}"' in html


def test_a_refused_form_comes_back_on_its_page_and_back_leads_to_its_moment(client, setting, world):
    client.force_login(world.member)
    response = client.post(_url("meetings:announcement_add", setting), {"announcement-body": "Hé"})
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert "Hé" in response.content.decode()
    response = client.post(
        _url("meetings:announcement_add", setting), {"announcement-title": "Forum"}
    )
    assert response["Location"] == _url("meetings:detail", setting) + "?moment=after#announcements"


# ------------------------------------------------------------------------- cancelling


def test_cancelling_is_offered_only_before_the_meeting_starts(client, world):
    setting = build_meeting(world)
    client.force_login(world.facilitator)
    cancel = _url("meetings:cancel", setting)
    for moment in ("before", "during", "after"):
        assert cancel in _page(client, setting, moment).content.decode(), moment
    _running(setting)
    for moment in ("before", "during", "after"):
        assert cancel not in _page(client, setting, moment).content.decode(), moment


def test_a_meeting_under_way_cannot_be_cancelled(client, world):
    """Regression: the page offered "cancel the meeting" while it ran, and the service
    accepted it until the meeting's end."""
    setting = _running(build_meeting(world, days_ahead=0))
    client.force_login(world.facilitator)
    response = client.post(_url("meetings:cancel", setting), {"cancel-reason": "Trop tard"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This meeting has already started: it can no longer be cancelled."
    ]
    setting.meeting.refresh_from_db()
    assert setting.meeting.status == MeetingStatus.PLANNED
    # Asking for the form says so too, on the meeting's page.
    response = client.get(_url("meetings:cancel", setting), follow=True)
    assert response.redirect_chain[-1][0] == _url("meetings:detail", setting)
    assert "This meeting has already started: it can no longer be cancelled." in [
        str(message) for message in response.context["messages"]
    ]


# ------------------------------------------------------------------ notes during the meeting


def _notes(client, setting, item, notes, version, htmx=True, **extra):
    data = {"notes": notes, "base_version": version, **extra}
    return post_form(client, _url("meetings:item_notes", setting, item.pk), data, htmx=htmx)


def test_notes_typed_on_the_page_are_saved_as_they_are_typed(client, world):
    setting = _running(build_meeting(world, days_ahead=0))
    item = setting.items[0]
    client.force_login(world.coordinator)
    html = _page(client, setting).content.decode()
    url = _url("meetings:item_notes", setting, item.pk)
    # The textarea posts itself as it is typed; a Save button does it without JavaScript.
    assert f'hx-post="{url}"' in html and 'hx-trigger="input changed delay:800ms' in html
    assert f'<form method="post" action="{url}"' in html
    response = _notes(client, setting, item, "Tour rapide : dix organisations.", item.version)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment and "Saved at" in fragment
    item.refresh_from_db()
    assert item.notes == "Tour rapide : dix organisations." and item.version == 2
    # The next save goes on from the new version.
    assert 'name="base_version" value="2"' in fragment
    assert AuditEvent.objects.filter(action="meetings.item_updated", object_id=str(item.pk))
    # The same text again changes nothing (leaving the box saves too).
    _notes(client, setting, item, "Tour rapide : dix organisations.", 2)
    item.refresh_from_db()
    assert item.version == 2


def test_without_javascript_the_notes_are_saved_with_a_button(client, world):
    setting = _running(build_meeting(world, days_ahead=0))
    item = setting.items[1]
    client.force_login(world.coordinator)
    response = _notes(client, setting, item, "Trois ateliers.", item.version, htmx=False)
    assert response.status_code == 302
    assert response["Location"] == (
        _url("meetings:detail", setting) + f"?moment=during#item-{item.pk}"
    )
    item.refresh_from_db()
    assert item.notes == "Trois ateliers."


def test_two_people_typing_the_same_notes_lose_nothing(client, world):
    setting = _running(build_meeting(world, days_ahead=0))
    item = setting.items[0]
    typed_on = item.version
    # Someone else saved first.
    AgendaItem.objects.filter(pk=item.pk).update(notes="Leur texte", version=typed_on + 1)
    client.force_login(world.coordinator)
    response = _notes(client, setting, item, "Mon texte", typed_on)
    fragment = response.content.decode()
    assert response.status_code == 200
    assert "Leur texte" in fragment and "Mon texte" in fragment  # both texts
    assert "Someone else saved these notes" in fragment
    # Typing on keeps the version the text was typed on: nothing is overwritten...
    assert f'name="base_version" value="{typed_on}"' in fragment
    _notes(client, setting, item, "Mon texte, plus long", typed_on)
    item.refresh_from_db()
    assert item.notes == "Leur texte"
    # ...until the person saves, having read the other text (its version).
    assert f'name="seen_version" value="{typed_on + 1}"' in fragment
    response = _notes(
        client, setting, item, "Leur texte. Mon texte.", typed_on, seen_version=typed_on + 1
    )
    assert "Saved at" in response.content.decode()
    item.refresh_from_db()
    assert item.notes == "Leur texte. Mon texte."


def test_without_javascript_a_conflict_shows_the_page_with_both_texts(client, world):
    setting = _running(build_meeting(world, days_ahead=0))
    item = setting.items[0]
    AgendaItem.objects.filter(pk=item.pk).update(notes="Leur texte", version=item.version + 1)
    client.force_login(world.coordinator)
    response = _notes(client, setting, item, "Mon texte", item.version, htmx=False)
    assert response.status_code == 409
    assert response.context["moment"] == "during"
    html = response.content.decode()
    assert "Leur texte" in html and "Mon texte" in html
    assert f'name="base_version" value="{item.version}"' in html
    item.refresh_from_db()
    assert item.notes == "Leur texte"


def test_notes_of_approved_minutes_are_refused_and_not_offered(client, world):
    setting = _running(build_meeting(world, days_ahead=0))
    item = setting.items[0]
    Minutes.objects.filter(pk=setting.minutes.pk).update(status=MinutesStatus.APPROVED)
    client.force_login(world.coordinator)
    assert "<textarea" not in _page(client, setting).content.decode()
    response = _notes(client, setting, item, "Trop tard", item.version)
    assert "approved and frozen" in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    response = _notes(client, setting, item, "Trop tard", item.version, htmx=False)
    assert response.status_code == 200 and "approved and frozen" in response.content.decode()
    item.refresh_from_db()
    assert item.notes.startswith("Chaque organisation")


def test_a_planner_without_the_minutes_cannot_write_notes(client, world):
    setting = _running(build_meeting(world, days_ahead=0))
    item = setting.items[0]
    client.force_login(world.facilitator)
    assert "<textarea" not in _page(client, setting).content.decode()
    assert _notes(client, setting, item, "Non", item.version).status_code == 403
    item.refresh_from_db()
    assert item.notes.startswith("Chaque organisation")
