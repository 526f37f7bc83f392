"""The meeting pages: what each person sees, and every form's refusal shown on the
form with what was typed kept. Pages are asked for in English (the source language)
so that the services' messages can be compared as written."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.actions.models import Action
from maillage.collectives.models import Membership, Visibility
from maillage.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    Invitee,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Rsvp,
)

from ..factories import owners_of
from .setting import build_meeting


@pytest.fixture(autouse=True)
def _english(world, client):
    User.objects.update(language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _url(name, setting, *extra):
    meeting = setting.meeting
    return reverse(name, args=[meeting.collective.slug, meeting.pk, *extra])


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _follow(client, url, data):
    return client.post(url, data, follow=True)


# ------------------------------------------------------------------------------ list


def test_the_list_shows_coming_meetings_first_and_marks_cancelled_ones(client, world):
    past = build_meeting(world, days_ahead=-10, title="Réunion passée").meeting
    soon = build_meeting(world, days_ahead=3, title="Réunion bientôt").meeting
    later = build_meeting(world, days_ahead=20, title="Réunion plus tard").meeting
    Meeting.objects.filter(pk=later.pk).update(status=MeetingStatus.CANCELLED)
    client.force_login(world.observer)
    response = client.get(reverse("meetings:list", args=[world.collective.slug]))
    assert response.status_code == 200
    assert [m.pk for m in response.context["upcoming"]] == [soon.pk, later.pk]
    assert [m.pk for m in response.context["past"]] == [past.pk]
    html = response.content.decode()
    assert (
        html.index("Réunion bientôt")
        < html.index("Réunion plus tard")
        < html.index("Réunion passée")
    )
    assert "badge-cancelled" in html
    # Observers read meetings but do not plan them.
    assert reverse("meetings:create", args=[world.collective.slug]) not in html


def test_the_list_never_shows_another_collectives_meeting(client, world):
    build_meeting(world, title="Réunion du collectif")
    other = build_meeting(world, title="Réunion secrète de l'autre collectif").meeting
    Meeting.objects.filter(pk=other.pk).update(collective=world.other)
    client.force_login(world.coordinator)
    html = client.get(reverse("meetings:list", args=[world.collective.slug])).content.decode()
    assert "Réunion du collectif" in html
    assert "Réunion secrète" not in html
    # Nor through the other collective's slug with this collective's address.
    response = client.get(reverse("meetings:detail", args=[world.collective.slug, other.pk]))
    assert response.status_code == 404


def test_a_private_collectives_meetings_do_not_leak_to_an_outsider(client, world):
    setting = build_meeting(world)
    client.force_login(world.outsider)
    for url in [
        reverse("meetings:list", args=[world.collective.slug]),
        _url("meetings:detail", setting),
        _url("meetings:invitees", setting),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert setting.meeting.title.encode() not in response.content


def test_a_public_collectives_meetings_are_for_its_members(client, world):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    setting = build_meeting(world)
    client.force_login(world.outsider)
    assert client.get(_url("meetings:detail", setting)).status_code == 403


# --------------------------------------------------------------------- the meeting form


def _meeting_data(world, **changes):
    day = timezone.localdate() + timedelta(days=14)
    data = {
        "kind": "working_group",
        "title": "Groupe de travail emploi",
        "purpose": "Faire le point",
        "objectives": "Un\nDeux",
        "format": "",
        "date": day.isoformat(),
        "start_time": "09:30",
        "end_time": "11:00",
        "time_zone": "Europe/Paris",
        "place": "Salle du conseil",
        "room": "",
        "address": "",
        "access": "",
        "online_url": "",
        "facilitators": [world.facilitator.pk],
        "secretary": world.member.pk,
        "consultation": "",
    }
    return data | changes


def test_planning_a_meeting_combines_date_and_times_in_its_zone(client, world):
    client.force_login(world.facilitator)
    response = client.post(
        reverse("meetings:create", args=[world.collective.slug]), _meeting_data(world)
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.time_zone == "Europe/Paris"
    start = meeting.local_start
    assert (start.date().isoformat(), start.hour, start.minute) == (
        _meeting_data(world)["date"],
        9,
        30,
    )
    assert meeting.ends_at - meeting.starts_at == timedelta(minutes=90)
    assert meeting.secretary == world.member
    assert list(meeting.facilitators.all()) == [world.facilitator]
    assert meeting.invitees.count() == 4


def test_an_end_before_the_start_is_refused_on_the_form(client, world):
    client.force_login(world.facilitator)
    response = client.post(
        reverse("meetings:create", args=[world.collective.slug]),
        _meeting_data(world, start_time="15:00", end_time="14:00", title="Garder ce titre"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["end_time"] == ["The meeting must end after it starts."]
    assert 'value="Garder ce titre"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_unknown_time_zone_is_refused(client, world):
    client.force_login(world.facilitator)
    response = client.post(
        reverse("meetings:create", args=[world.collective.slug]),
        _meeting_data(world, time_zone="Mars/Olympus"),
    )
    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_the_time_zone_list_starts_with_our_territories(client, world):
    client.force_login(world.facilitator)
    form = client.get(reverse("meetings:create", args=[world.collective.slug])).context["form"]
    zones = [value for value, _label in form.fields["time_zone"].choices[:4]]
    assert zones == ["Europe/Zurich", "Europe/Paris", "Europe/Brussels", "Europe/Luxembourg"]


def test_people_outside_the_collective_are_not_offered(client, world):
    client.force_login(world.facilitator)
    html = client.get(reverse("meetings:create", args=[world.collective.slug])).content.decode()
    assert world.member.display_name in html
    assert world.outsider.display_name not in html


def test_editing_shows_the_current_meeting(client, setting, world):
    client.force_login(world.facilitator)
    form = client.get(_url("meetings:edit", setting)).context["form"]
    assert form.initial["start_time"].strftime("%H:%M") == "14:00"
    assert form.initial["base_version"] == setting.meeting.version
    assert form.initial["secretary"] == world.coordinator


def test_editing_after_someone_else_keeps_what_was_typed(client, setting, world):
    meeting = setting.meeting
    client.force_login(world.facilitator)
    stale = meeting.version
    Meeting.objects.filter(pk=meeting.pk).update(version=stale + 1, title="Changé ailleurs")
    data = _meeting_data(world, title="Mon titre", base_version=stale)
    response = client.post(_url("meetings:edit", setting), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone changed this meeting while you were editing it." in html
    assert 'value="Mon titre"' in html
    assert response.context["form"]["base_version"].value() == stale + 1
    meeting.refresh_from_db()
    assert meeting.title == "Changé ailleurs"
    # Saving again, after checking, goes through.
    data["base_version"] = stale + 1
    assert client.post(_url("meetings:edit", setting), data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Mon titre"


def test_editing_a_meeting_with_approved_minutes_is_refused(client, setting, world):
    Minutes.objects.filter(pk=setting.minutes.pk).update(status=MinutesStatus.APPROVED)
    client.force_login(world.coordinator)
    data = _meeting_data(world, title="Trop tard", base_version=setting.meeting.version)
    response = client.post(_url("meetings:edit", setting), data)
    assert response.status_code == 200
    assert "The minutes of this meeting are approved and frozen." in " ".join(
        response.context["form"].non_field_errors()
    )
    setting.meeting.refresh_from_db()
    assert setting.meeting.title != "Trop tard"


# ---------------------------------------------------------------------- the meeting page


def _moment(client, setting, moment):
    return client.get(_url("meetings:detail", setting) + f"?moment={moment}")


def test_the_meeting_page_shows_everything_to_a_member(client, setting, world):
    client.force_login(world.member)
    response = client.get(_url("meetings:detail", setting))
    assert response.status_code == 200
    assert response.context["moment"] == "before"  # the meeting is next week
    html = response.content.decode()
    for text in [
        "Maison des associations",
        "Salle Gandhi",
        "Tram 12 et 15",
        "Europe/Zurich",
        "Tour de table",
        world.facilitator.display_name,
        _url("meetings:minutes", setting),
        _url("meetings:ics", setting),
    ]:
        assert text in html, text
    # Members answer, propose and comment; they do not plan.
    assert _url("meetings:answer", setting) in html
    assert _url("meetings:item_add", setting) in html
    assert _url("meetings:edit", setting) not in html
    assert _url("meetings:invitees", setting) not in html
    # Guests' addresses are shown on the list of invited people only.
    assert setting.guest.email not in html
    during = _moment(client, setting, "during").content.decode()
    for text in ["Tour de table", "Le groupe adopte le principe", "Rédiger un projet de charte"]:
        assert text in during, text
    assert setting.action.get_absolute_url() in during
    after = _moment(client, setting, "after").content.decode()
    for text in [
        "Le groupe adopte le principe",
        "Rédiger un projet de charte",
        "Forum de l&#x27;économie sociale",
        _url("meetings:minutes", setting),
    ]:
        assert text in after, text
    assert setting.guest.email not in during + after


def test_an_observer_reads_but_does_not_propose(client, setting, world):
    client.force_login(world.observer)
    html = client.get(_url("meetings:detail", setting)).content.decode()
    assert "Tour de table" in html
    assert _url("meetings:item_add", setting) not in html
    after = _moment(client, setting, "after").content.decode()
    assert "Forum de l&#x27;économie sociale" in after
    assert _url("meetings:announcement_add", setting) not in html + after


def test_a_member_answers_from_the_meeting_page(client, setting, world):
    client.force_login(world.member)
    response = _follow(
        client,
        _url("meetings:answer", setting),
        {"answer-rsvp": "excused", "answer-comment": "En congé"},
    )
    assert "Your answer is saved. Thank you." in _messages(response)
    invitee = setting.invitees["member"]
    invitee.refresh_from_db()
    assert (invitee.rsvp, invitee.represented_by, invitee.rsvp_comment) == (
        Rsvp.EXCUSED,
        "",
        "En congé",
    )


def test_a_refused_answer_comes_back_on_the_page(client, setting, world):
    client.force_login(world.observer)
    response = client.post(
        _url("meetings:answer", setting),
        {"answer-rsvp": "represented", "answer-comment": "Je garde ceci"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["represented_by"] == ["Say who will represent you."]
    assert 'value="Je garde ceci"' in response.content.decode()


def test_a_member_proposes_an_item_that_the_planners_keep(client, setting, world):
    client.force_login(world.member)
    response = _follow(client, _url("meetings:item_add", setting), {"item-title": "Budget"})
    item = AgendaItem.objects.get(title="Budget")
    assert item.status == ItemStatus.PROPOSED and item.proposed_by == world.member
    assert any("Your proposal is sent" in m for m in _messages(response))
    client.force_login(world.facilitator)
    assert (
        _url("meetings:item_decide", setting, item.pk)
        in client.get(_url("meetings:detail", setting)).content.decode()
    )
    client.post(_url("meetings:item_decide", setting, item.pk), {"keep": "1"})
    item.refresh_from_db()
    assert item.status == ItemStatus.ACCEPTED
    client.post(_url("meetings:item_move", setting, item.pk), {"direction": "up"})
    order = list(setting.meeting.items.order_by("position").values_list("title", flat=True))
    assert order == ["Tour de table", "Budget", "Notre raison d'être"]


def test_an_item_without_a_title_is_refused_on_the_page(client, setting, world):
    client.force_login(world.facilitator)
    response = client.post(
        _url("meetings:item_add", setting), {"item-title": "", "item-theme": "Finances"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert 'value="Finances"' in response.content.decode()


def test_members_comment_an_item(client, setting, world):
    item = setting.items[0]
    client.force_login(world.member)
    response = client.post(_url("meetings:item_comment", setting, item.pk), {"body": "  "})
    assert response.status_code == 200
    commented = next(i for i in response.context["agenda"] if i.pk == item.pk)
    assert commented.comment_form.errors["body"]
    client.post(_url("meetings:item_comment", setting, item.pk), {"body": "Pensons aux horaires"})
    assert list(item.comments.values_list("body", flat=True)) == ["Pensons aux horaires"]
    html = client.get(_url("meetings:detail", setting)).content.decode()
    assert "Pensons aux horaires" in html


def test_members_share_an_announcement(client, setting, world):
    client.force_login(world.member)
    _follow(
        client,
        _url("meetings:announcement_add", setting),
        {"announcement-title": "Salon de l'emploi", "announcement-link": "https://example.org"},
    )
    assert setting.meeting.announcements.filter(
        title="Salon de l'emploi", shared_by=world.member
    ).exists()


def test_next_steps_are_written_by_the_person_in_charge_of_the_minutes(client, setting, world):
    client.force_login(world.coordinator)
    _follow(
        client,
        _url("meetings:next_steps", setting),
        {"steps-next_steps": "Envoyer la charte", "steps-annexes": "Charte https://ex.org/c"},
    )
    setting.meeting.refresh_from_db()
    assert setting.meeting.next_steps == "Envoyer la charte"
    assert setting.meeting.annex_lines() == ["Charte https://ex.org/c"]


def test_planning_the_next_meeting_leads_to_it(client, setting, world):
    meeting = setting.meeting
    day = (meeting.local_start + timedelta(days=28)).date()
    client.force_login(world.facilitator)
    response = client.post(
        _url("meetings:next_meeting", setting),
        {"next-date": day.isoformat(), "next-start_time": "14:00", "next-end_time": "16:00"},
    )
    following = Meeting.objects.get(previous=meeting)
    assert response.status_code == 302 and response["Location"] == following.get_absolute_url()
    assert following.local_start.date() == day and following.local_start.hour == 14
    assert following.invitees.filter(user=world.member).exists()
    html = client.get(following.get_absolute_url()).content.decode()
    assert meeting.get_absolute_url() in html  # the previous meeting's link
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert following.get_absolute_url() in html  # and the next one's


def test_the_next_meeting_before_this_one_is_refused_on_the_form(client, setting, world):
    day = (setting.meeting.local_start - timedelta(days=1)).date()
    client.force_login(world.facilitator)
    response = client.post(
        _url("meetings:next_meeting", setting),
        {"next-date": day.isoformat(), "next-start_time": "14:00", "next-end_time": "16:00"},
    )
    assert response.status_code == 200
    assert "The next meeting must start after this one." in response.content.decode()
    assert not Meeting.objects.filter(previous=setting.meeting).exists()


def test_cancelling_from_the_meeting_page(
    client, setting, world, django_capture_on_commit_callbacks
):
    client.force_login(world.facilitator)
    response = _follow(client, _url("meetings:cancel", setting), {"cancel-reason": "Grève"})
    setting.meeting.refresh_from_db()
    assert setting.meeting.status == MeetingStatus.CANCELLED
    assert setting.meeting.cancel_reason == "Grève"
    html = response.content.decode()
    assert "This meeting is cancelled." in html and "Grève" in html
    # Nothing to cancel or plan any more on a cancelled meeting.
    assert _url("meetings:cancel", setting) not in html
    assert _url("meetings:edit", setting) not in html


# -------------------------------------------------------------------- the invitation link


def test_a_guest_answers_with_the_key_without_logging_in(client, setting):
    guest = setting.guest
    url = reverse("meetings:rsvp", args=[guest.key])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert setting.meeting.title.replace("'", "&#x27;") in html and "Tour de table" in html
    # Nothing of the others on the list.
    assert world_names_absent(html, setting)
    assert "aussi membre du comité" not in html
    response = client.post(url, {"rsvp": "represented", "comment": "Retenue"})
    assert response.status_code == 200
    assert response.context["form"].errors["represented_by"] == ["Say who will represent you."]
    assert 'value="Retenue"' in response.content.decode()
    response = _follow(
        client, url, {"rsvp": "represented", "represented_by": "Marc Collègue", "comment": ""}
    )
    assert "Your answer is saved. Thank you." in _messages(response)
    guest.refresh_from_db()
    assert (guest.rsvp, guest.represented_by) == (Rsvp.REPRESENTED, "Marc Collègue")
    assert guest.answered_at is not None


def world_names_absent(html, setting):
    """Those who facilitate and keep the minutes are named; not the others invited."""
    others = [setting.invitees["member"], setting.invitees["observer"]]
    return all(invitee.name not in html for invitee in others)


def test_an_unknown_key_is_not_found(client, setting):
    assert client.get(reverse("meetings:rsvp", args=["pas-une-cle"])).status_code == 404


def test_answers_close_when_the_meeting_starts(client, world):
    setting = build_meeting(world, days_ahead=-1)
    url = reverse("meetings:rsvp", args=[setting.guest.key])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["can_answer"] is False
    assert 'name="rsvp"' not in response.content.decode()
    response = client.post(url, {"rsvp": "excused"})
    assert "answers are closed" in " ".join(response.context["form"].non_field_errors())
    setting.guest.refresh_from_db()
    assert setting.guest.rsvp == Rsvp.COMING


# ---------------------------------------------------------------------- invited people


def test_the_list_of_invited_people_by_organisation(client, setting, world):
    client.force_login(world.facilitator)
    response = client.get(_url("meetings:invitees", setting))
    groups = [group["organisation"] for group in response.context["groups"]]
    assert groups == ["Hospice général", "Ville de Genève", ""]
    html = response.content.decode()
    assert "Jeanne Martin, aussi membre du comité" in html
    assert setting.guest.email in html  # guests' addresses: here only
    assert world.member.email not in html


def test_adding_people_to_the_list(client, setting, world):
    Invitee.objects.filter(pk=setting.invitees["observer"].pk).delete()
    client.force_login(world.facilitator)
    _follow(client, _url("meetings:invite_member", setting), {"member-user": world.observer.pk})
    assert setting.meeting.invitees.filter(user=world.observer).exists()
    response = client.post(
        _url("meetings:invite_guest", setting),
        {"guest-name": "Autre", "guest-email": "LEA.invitee@example.org"},
    )
    assert response.status_code == 200
    assert response.context["guest_form"].errors["email"] == ["This address is already invited."]
    _follow(
        client,
        _url("meetings:invite_guest", setting),
        {"guest-name": "Paul Partenaire", "guest-organisation_name": "Caritas"},
    )
    paul = setting.meeting.invitees.get(name="Paul Partenaire")
    assert paul.is_guest and paul.organisation_label == "Caritas"


def test_an_outsider_cannot_be_added_as_a_member(client, setting, world):
    client.force_login(world.facilitator)
    response = client.post(
        _url("meetings:invite_member", setting), {"member-user": world.outsider.pk}
    )
    assert response.status_code == 200
    assert response.context["member_form"].errors["user"]
    assert not setting.meeting.invitees.filter(user=world.outsider).exists()


def test_sending_the_invitations_from_the_page(
    client, setting, world, django_capture_on_commit_callbacks
):
    client.force_login(world.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = _follow(client, _url("meetings:send_invitations", setting), {})
    assert "5 invitations sent, each with its calendar file." in _messages(response)
    assert len(mail.outbox) == 5
    for message in mail.outbox:
        calendars = [a for a in message.attachments if a[2].startswith("text/calendar")]
        assert len(calendars) == 1 and "METHOD:REQUEST" in calendars[0][1]


def test_invitations_for_a_past_meeting_are_refused_with_a_message(client, world):
    setting = build_meeting(world, days_ahead=-3)
    client.force_login(world.coordinator)
    response = _follow(client, _url("meetings:send_invitations", setting), {})
    assert any("in the past" in m for m in _messages(response))
    assert mail.outbox == []


# ------------------------------------------------------------------------- attendance


def test_attendance_is_prefilled_from_the_answers(client, world):
    setting = build_meeting(world, days_ahead=0)
    Invitee.objects.filter(pk=setting.invitees["observer"].pk).update(attendance=Attendance.ABSENT)
    client.force_login(world.coordinator)
    form = client.get(_url("meetings:attendance", setting)).context["form"]
    initial = {invitee.pk: form.fields[name].initial for invitee, name in form.rows}
    assert initial == {
        setting.invitees["coordinator"].pk: Attendance.PRESENT,
        setting.invitees["facilitator"].pk: Attendance.PRESENT,
        setting.invitees["member"].pk: Attendance.REPRESENTED,
        setting.invitees["observer"].pk: Attendance.ABSENT,  # already recorded
        setting.guest.pk: Attendance.PRESENT,
    }


def test_attendance_is_saved_in_one_submit(client, world):
    setting = build_meeting(world, days_ahead=0)
    client.force_login(world.coordinator)
    data = {
        f"mark_{setting.invitees['coordinator'].pk}": "present",
        f"mark_{setting.invitees['member'].pk}": "absent",
        f"mark_{setting.guest.pk}": "excused",
    }
    response = _follow(client, _url("meetings:attendance", setting), data)
    assert "Attendance is saved." in _messages(response)
    marks = dict(setting.meeting.invitees.values_list("pk", "attendance"))
    assert marks[setting.invitees["coordinator"].pk] == Attendance.PRESENT
    assert marks[setting.invitees["member"].pk] == Attendance.ABSENT
    assert marks[setting.guest.pk] == Attendance.EXCUSED
    assert marks[setting.invitees["observer"].pk] == Attendance.UNKNOWN  # left unticked


def test_attendance_before_the_day_is_refused_on_the_form(client, setting, world):
    client.force_login(world.coordinator)
    data = {f"mark_{setting.guest.pk}": "present"}
    response = client.post(_url("meetings:attendance", setting), data)
    assert response.status_code == 200
    assert "on the day of the meeting" in " ".join(response.context["form"].non_field_errors())
    setting.guest.refresh_from_db()
    assert setting.guest.attendance == Attendance.UNKNOWN


def test_a_walk_in_is_added_present(client, world):
    setting = build_meeting(world, days_ahead=0)
    client.force_login(world.coordinator)
    response = _follow(
        client,
        _url("meetings:walk_in", setting),
        {"walkin-name": "Sam Passant", "walkin-organisation_name": "Voisinage"},
    )
    assert "Sam Passant is on the list, marked present." in _messages(response)
    sam = setting.meeting.invitees.get(name="Sam Passant")
    assert sam.attendance == Attendance.PRESENT
    # And the attendance form now has a row for them.
    assert any(invitee.pk == sam.pk for invitee, _name in response.context["form"].rows)


def test_the_attendance_page_is_made_for_phones(client, world):
    setting = build_meeting(world, days_ahead=0)
    client.force_login(world.coordinator)
    html = client.get(_url("meetings:attendance", setting)).content.decode()
    assert 'name="viewport"' in html and "css/meetings.css" in html
    assert html.count('class="attendance-row') == 5
    assert html.count("<legend>") >= 5  # each person's buttons are named by a legend


# ------------------------------------------------------------ items, decisions, actions


def test_notes_written_in_the_meantime_are_not_overwritten(client, setting, world):
    item = setting.items[0]
    client.force_login(world.coordinator)
    form = client.get(_url("meetings:item_edit", setting, item.pk)).context["form"]
    assert "notes" in form.fields
    AgendaItem.objects.filter(pk=item.pk).update(notes="Notes de l'autre", version=item.version + 1)
    data = {"title": item.title, "notes": "Mes notes à moi", "base_version": item.version}
    response = client.post(_url("meetings:item_edit", setting, item.pk), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Mes notes à moi" in html  # what was typed
    assert "Notes de l&#x27;autre" in html  # what is there now
    item.refresh_from_db()
    assert item.notes == "Notes de l'autre"
    data["base_version"] = item.version
    client.post(_url("meetings:item_edit", setting, item.pk), data)
    item.refresh_from_db()
    assert item.notes == "Mes notes à moi"


def test_planners_without_the_minutes_do_not_write_notes(client, setting, world):
    item = setting.items[0]
    client.force_login(world.facilitator)
    form = client.get(_url("meetings:item_edit", setting, item.pk)).context["form"]
    assert "notes" not in form.fields
    client.post(
        _url("meetings:item_edit", setting, item.pk),
        {"title": "Tour de table rapide", "base_version": item.version, "notes": "Ignoré"},
    )
    item.refresh_from_db()
    assert item.title == "Tour de table rapide"
    assert item.notes.startswith("Chaque organisation")


def test_an_item_ending_before_it_starts_is_refused(client, setting, world):
    item = setting.items[0]
    client.force_login(world.coordinator)
    response = client.post(
        _url("meetings:item_edit", setting, item.pk),
        {
            "title": item.title,
            "starts_at": "15:00",
            "ends_at": "14:00",
            "notes": "À garder",
            "base_version": item.version,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == ["The item must end after it starts."]
    assert "À garder" in response.content.decode()


def test_recording_and_changing_a_decision(client, setting, world):
    item = setting.items[0]
    client.force_login(world.coordinator)
    form = client.get(_url("meetings:decision_add", setting) + f"?item={item.pk}").context["form"]
    assert form.initial["item"] == item
    _follow(
        client,
        _url("meetings:decision_add", setting),
        {"text": "Tour de table à chaque séance", "status": "adopted", "item": item.pk},
    )
    decision = Decision.objects.get(text="Tour de table à chaque séance")
    assert decision.item == item and decision.created_by == world.coordinator
    client.post(
        _url("meetings:decision_edit", setting, decision.pk),
        {"text": "Tour de table une fois sur deux", "status": "deferred"},
    )
    decision.refresh_from_db()
    assert (decision.text, decision.status) == ("Tour de table une fois sur deux", "deferred")


def test_a_decision_on_frozen_minutes_is_refused(client, setting, world):
    Minutes.objects.filter(pk=setting.minutes.pk).update(status=MinutesStatus.APPROVED)
    client.force_login(world.coordinator)
    response = client.post(
        _url("meetings:decision_add", setting), {"text": "Encore une", "status": "adopted"}
    )
    assert response.status_code == 200
    assert "approved and frozen" in " ".join(response.context["form"].non_field_errors())
    assert "Encore une" in response.content.decode()
    assert setting.meeting.decisions.count() == 1


def test_adding_an_action_from_a_decision(client, setting, world):
    client.force_login(world.coordinator)
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = _follow(
        client,
        _url("meetings:action_add", setting),
        {
            "title": "Réserver la salle",
            "owners": [world.facilitator.pk],
            "due_date": due,
            "decision": setting.decision.pk,
        },
    )
    action = Action.objects.get(title="Réserver la salle")
    assert (action.meeting, action.decision, owners_of(action)) == (
        setting.meeting,
        setting.decision,
        [world.facilitator],
    )
    assert action.collective == world.collective
    assert "Réserver la salle" in response.content.decode()


def test_an_action_owner_who_left_gets_the_services_message(client, setting, world):
    Membership.objects.filter(user=world.observer, collective=world.collective).update(
        end_date=timezone.localdate()
    )
    client.force_login(world.coordinator)
    form = client.get(_url("meetings:action_add", setting)).context["form"]
    assert world.observer.pk not in [
        value for value, _label in form.fields["owners"].widget.choices
    ]
    response = client.post(
        _url("meetings:action_add", setting),
        {"title": "Relancer la mairie", "owners": [world.observer.pk]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["owners"] == [
        f"{world.observer.display_name} is not a member of the collective: "
        "an action's owner must be one."
    ]
    assert 'value="Relancer la mairie"' in response.content.decode()
    assert not Action.objects.filter(title="Relancer la mairie").exists()


def test_an_owner_from_another_collective_is_refused(client, setting, world):
    client.force_login(world.coordinator)
    response = client.post(
        _url("meetings:action_add", setting),
        {"title": "Relancer la mairie", "owners": [world.outsider.pk]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["owners"]
    assert not Action.objects.filter(title="Relancer la mairie").exists()


def test_an_action_on_frozen_minutes_is_refused(client, setting, world):
    Minutes.objects.filter(pk=setting.minutes.pk).update(status=MinutesStatus.APPROVED)
    client.force_login(world.coordinator)
    response = client.post(
        _url("meetings:action_add", setting),
        {"title": "Trop tard", "owners": [world.member.pk]},
    )
    assert response.status_code == 200
    assert "approved and frozen" in " ".join(response.context["form"].non_field_errors())
    assert not Action.objects.filter(title="Trop tard").exists()


# ------------------------------------------------------------------------------ queries


def test_the_meeting_page_costs_the_same_with_a_long_agenda(client, setting, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.meetings.models import ItemComment

    client.force_login(world.member)
    url = setting.meeting.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    for number in range(8):
        item = AgendaItem.objects.create(
            meeting=setting.meeting, title=f"Point {number}", position=10 + number
        )
        ItemComment.objects.create(item=item, author=world.member, body="Bien")
        Decision.objects.create(
            meeting=setting.meeting, item=item, text="Oui", created_by=world.coordinator
        )
    with CaptureQueriesContext(connection) as long:
        response = client.get(url)
    assert response.content.decode().count('class="agenda-item"') == 10
    assert len(long) == len(short) <= 20
