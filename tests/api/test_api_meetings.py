"""The API's meetings and decisions: what their pages show, to whom they show it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.meetings.models import (
    AgendaItem,
    Decision,
    DecisionStatus,
    ItemStatus,
    Meeting,
    MeetingKind,
)

from ..factories import ConsultationFactory, RoundFactory, StatementFactory, make_action
from ..meetings.setting import build_meeting
from .setting import assert_constant_queries, give_tokens, headers


@pytest.fixture
def api_world(world):
    return give_tokens(world)


@pytest.fixture
def setting(api_world):
    return build_meeting(api_world)


def url(world, name, *args):
    return reverse(f"api:{name}", args=[world.collective.slug, *args])


def get(client, world, persona, address):
    response = client.get(address, headers=headers(world, persona))
    assert response.status_code == 200, response.content[:300]
    return response.json()


# ------------------------------------------------------------------------------ meetings


def test_the_list_shows_each_meeting_in_its_own_time_zone(client, api_world, setting):
    w, meeting = api_world, setting.meeting
    listed = get(client, w, "observer", url(w, "meeting-list"))
    (row,) = listed["results"]
    local = meeting.local_start
    assert row == {
        "id": meeting.pk,
        "title": meeting.title,
        "kind": "plenary",
        "status": "planned",
        "starts_at": local.isoformat(),
        "ends_at": meeting.local_end.isoformat(),
        "time_zone": "Europe/Zurich",
        "where": "Maison des associations, Salle Gandhi, Rue des Savoises 15 1205 Genève",
        "online": False,
    }
    assert "T14:00:00+0" in row["starts_at"]


def test_the_list_is_filtered_by_day_and_kind_and_ordered_by_start(client, api_world, setting):
    w = api_world
    soon = build_meeting(w, days_ahead=2, kind=MeetingKind.WORKING_GROUP, title="Groupe emploi")
    later = build_meeting(w, days_ahead=20, title="Plénière de printemps")
    Meeting.objects.create(
        collective=w.other,
        kind=MeetingKind.WORKING_GROUP,
        title="Ailleurs",
        starts_at=setting.meeting.starts_at,
        ends_at=setting.meeting.ends_at,
        created_by=w.outsider,
    )
    base = url(w, "meeting-list")
    head = headers(w, "member")
    day = (timezone.localdate() + timedelta(days=7)).isoformat()
    first = client.get(f"{base}?from={day}&to={day}", headers=head).json()
    assert [row["id"] for row in first["results"]] == [setting.meeting.pk]
    groups = client.get(f"{base}?kind=working_group", headers=head).json()
    assert [row["title"] for row in groups["results"]] == ["Groupe emploi"]
    by_start = client.get(f"{base}?ordering=starts_at", headers=head).json()
    assert [row["id"] for row in by_start["results"]] == [
        soon.meeting.pk,
        setting.meeting.pk,
        later.meeting.pk,
    ]
    # Newest first by default.
    default = client.get(base, headers=head).json()
    assert [row["id"] for row in default["results"]] == [
        later.meeting.pk,
        setting.meeting.pk,
        soon.meeting.pk,
    ]


def test_a_wrong_filter_is_refused_with_a_message(client, api_world, setting):
    w = api_world
    response = client.get(url(w, "meeting-list") + "?kind=picnic", headers=headers(w, "member"))
    assert response.status_code == 400
    assert "kind" in response.json()


def test_the_meetings_page_details_its_agenda_kept_and_decisions(client, api_world, setting):
    w, meeting = api_world, setting.meeting
    Meeting.objects.filter(pk=meeting.pk).update(online_url="https://visio.example.org/rte")
    AgendaItem.objects.create(
        meeting=meeting, position=3, title="Point refusé", status=ItemStatus.DECLINED
    )
    AgendaItem.objects.create(
        meeting=meeting, position=4, title="Point proposé", status=ItemStatus.PROPOSED
    )
    detail = get(client, w, "observer", url(w, "meeting-detail", meeting.pk))
    assert detail["purpose"] == meeting.purpose
    assert detail["objectives"] == [
        "Se présenter",
        "Définir notre raison d'être",
        "Choisir les prochains chantiers",
    ]
    assert detail["place"] == "Maison des associations"
    assert detail["room"] == "Salle Gandhi"
    assert detail["online_url"] == "https://visio.example.org/rte"
    assert detail["online"] is True
    assert detail["facilitators"] == [w.facilitator.display_name]
    assert detail["secretary"] == w.coordinator.display_name
    assert [item["title"] for item in detail["agenda"]] == ["Tour de table", "Notre raison d'être"]
    assert detail["agenda"][1]["put_forward_by"] == w.member.display_name
    assert detail["agenda"][0]["starts_at"] == "14:00:00"
    assert detail["decisions"] == [
        {
            "id": setting.decision.pk,
            "text": "Le groupe adopte le principe d'une charte commune.",
            "status": "adopted",
            "item": setting.items[1].pk,
        }
    ]
    assert detail["answers"] == {"coming": 3, "represented": 1, "excused": 1, "pending": 0}


def test_who_is_invited_only_to_those_who_plan_the_meeting(client, api_world, setting):
    w, meeting = api_world, setting.meeting
    address = url(w, "meeting-detail", meeting.pk)
    for persona in ("observer", "member"):
        response = client.get(address, headers=headers(w, persona))
        assert response.json()["invitees"] is None
        assert "lea.invitee@example.org" not in response.content.decode()
        assert "Léa Invitée" not in response.content.decode()
    invitees = get(client, w, "facilitator", address)["invitees"]
    by_name = {row["name"]: row for row in invitees}
    assert by_name["Léa Invitée"]["guest"] is True
    assert by_name["Léa Invitée"]["email"] == "lea.invitee@example.org"
    assert by_name["Léa Invitée"]["organisation"] == "Ville de Genève"
    member = by_name[w.member.display_name]
    # A member is reached through their account: the address is not shown, as on the page.
    assert member["guest"] is False and member["email"] is None
    assert member["rsvp"] == "represented"
    assert member["represented_by"] == "Jeanne Martin, aussi membre du comité"
    assert member["organisation"] == w.organisation.name


def test_the_meetings_list_makes_as_many_queries_for_many_meetings(client, api_world):
    w = api_world
    start = timezone.now() + timedelta(days=3)

    def add_rows(n):
        for index in range(n):
            Meeting.objects.create(
                collective=w.collective,
                kind=MeetingKind.PLENARY,
                title=f"Séance {index}",
                starts_at=start + timedelta(days=index),
                ends_at=start + timedelta(days=index, hours=2),
                created_by=w.coordinator,
            )

    assert_constant_queries(client, url(w, "meeting-list"), headers(w, "member"), add_rows)


# ----------------------------------------------------------------------------- decisions


def decided_from_a_statement(world):
    """A decision by consultation: a statement of a closed rating round, with its figures."""
    consultation = ConsultationFactory(collective=world.collective, created_by=world.coordinator)
    round_ = RoundFactory(consultation=consultation, kind="rate", status="closed", number=2)
    statement = StatementFactory(
        consultation=consultation, text="Un revenu pour les projets de transition"
    )
    return Decision.objects.create(
        collective=world.collective,
        text="Nous créons un revenu de transition.",
        statement=statement,
        round=round_,
        agree_share=0.8333,
        consensus=True,
        votes=12,
        created_by=world.coordinator,
    )


def test_decisions_keep_the_rounds_figures_and_the_actions_they_led_to(client, api_world, setting):
    w = api_world
    by_consultation = decided_from_a_statement(w)
    action = make_action(
        collective=w.collective,
        title="Chiffrer le revenu",
        decision=by_consultation,
        created_by=w.coordinator,
    )
    detail = get(client, w, "observer", url(w, "decision-detail", by_consultation.pk))
    assert detail["text"] == "Nous créons un revenu de transition."
    assert detail["by_consultation"] is True
    assert detail["meeting"] is None
    assert detail["round"] == {
        "consultation": by_consultation.round.consultation_id,
        "round": 2,
        "statement": "Un revenu pour les projets de transition",
        "agree_percent": 83,
        "consensus": True,
        "votes": 12,
    }
    assert detail["actions"] == [
        {"id": action.pk, "title": "Chiffrer le revenu", "status": "todo", "due_date": None}
    ]
    of_meeting = get(client, w, "member", url(w, "decision-detail", setting.decision.pk))
    assert of_meeting["meeting"] == setting.meeting.pk
    assert of_meeting["meeting_title"] == setting.meeting.title
    assert of_meeting["item"] == "Notre raison d'être"
    assert of_meeting["round"] is None
    assert of_meeting["date"] == setting.meeting.starts_at.date().isoformat()
    assert [a["title"] for a in of_meeting["actions"]] == ["Rédiger un projet de charte"]


def test_decisions_are_filtered_by_meeting_outcome_and_day(client, api_world, setting):
    w = api_world
    by_consultation = decided_from_a_statement(w)
    deferred = Decision.objects.create(
        meeting=setting.meeting,
        text="Le budget attendra.",
        status=DecisionStatus.DEFERRED,
        created_by=w.coordinator,
    )
    base = url(w, "decision-list")
    head = headers(w, "member")

    def ids(query):
        response = client.get(f"{base}?{query}", headers=head)
        assert response.status_code == 200, response.content[:300]
        return [row["id"] for row in response.json()["results"]]

    assert set(ids(f"meeting={setting.meeting.pk}")) == {setting.decision.pk, deferred.pk}
    assert ids("outcome=deferred") == [deferred.pk]
    today = timezone.localdate().isoformat()
    assert ids(f"from={today}&to={today}") == [by_consultation.pk]
    assert ids("by_consultation=true") == [by_consultation.pk]
    # The newest first: the meeting's, a week ahead, before today's by consultation.
    assert ids("")[-1] == by_consultation.pk


def test_the_decisions_list_makes_as_many_queries_for_many_decisions(client, api_world, setting):
    w = api_world

    def add_rows(n):
        for index in range(n):
            decision = Decision.objects.create(
                meeting=setting.meeting, text=f"Décision {index}", created_by=w.coordinator
            )
            make_action(
                collective=w.collective, title="Suite", decision=decision, created_by=w.member
            )
        decided_from_a_statement(w)

    assert_constant_queries(client, url(w, "decision-list"), headers(w, "member"), add_rows)
