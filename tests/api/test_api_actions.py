"""The API's actions: read as the pages show them, created, changed and marked done
through the actions' services, with the pages' permissions."""

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.actions.models import Action, ActionStatus
from maillage.audit.models import AuditEvent
from maillage.projects import services as projects

from ..factories import ConsultationFactory, make_action, owners_of
from ..meetings.setting import build_meeting
from .setting import assert_constant_queries, give_tokens, headers


@pytest.fixture
def api_world(world):
    return give_tokens(world)


def url(world, name, *args):
    return reverse(f"api:{name}", args=[world.collective.slug, *args])


def membership(world, persona):
    return world.collective.memberships.get(user=getattr(world, persona)).pk


def send(client, world, persona, method, address, body, language=None):
    extra = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    return getattr(client, method)(
        address,
        data=json.dumps(body),
        content_type="application/json",
        headers=headers(world, persona),
        **extra,
    )


def budget(world, **fields):
    return make_action(
        collective=world.collective,
        title=fields.pop("title", "Préparer le budget"),
        owners=fields.pop("owners", [world.member]),
        due_date=fields.pop("due_date", timezone.localdate() + timedelta(days=7)),
        created_by=world.coordinator,
        **fields,
    )


# ------------------------------------------------------------------------------- reading


def test_the_list_names_owners_as_the_page_does_never_their_address(client, api_world):
    w = api_world
    action = budget(w, owners=[w.member, w.organisation, "Léa Dupuis"], description="Chiffrer.")
    response = client.get(url(w, "action-list"), headers=headers(w, "observer"))
    (row,) = response.json()["results"]
    assert row["id"] == action.pk
    assert row["title"] == "Préparer le budget"
    assert row["status"] == "todo" and row["done"] is False and row["overdue"] is False
    assert row["due_date"] == action.due_date.isoformat()
    assert row["version"] == 1
    assert row["owners"] == [
        {
            "kind": "member",
            "name": w.member.display_name,
            "member": membership(w, "member"),
            "organisation": None,
        },
        {
            "kind": "organisation",
            "name": "Hospice général",
            "member": None,
            "organisation": w.organisation.pk,
        },
        {"kind": "guest", "name": "Léa Dupuis", "member": None, "organisation": None},
    ]
    assert w.member.email not in response.content.decode()
    detail = client.get(url(w, "action-detail", action.pk), headers=headers(w, "observer"))
    assert detail.json() == row


def test_the_list_is_filtered_and_ordered_by_due_date(client, api_world):
    w = api_world
    today = timezone.localdate()
    setting = build_meeting(w)  # its action, for the member, due in 30 days
    late = budget(w, title="En retard", due_date=today - timedelta(days=3), owners=["Léa"])
    done = budget(w, title="Fait", due_date=today + timedelta(days=1), status=ActionStatus.DONE)
    undated = budget(w, title="Sans date", due_date=None, owners=[w.facilitator])
    make_action(collective=w.other, title="Ailleurs", owners=[w.outsider], created_by=w.outsider)
    head = headers(w, "member")

    def titles(query):
        response = client.get(url(w, "action-list") + query, headers=head)
        assert response.status_code == 200, response.content[:300]
        return [row["title"] for row in response.json()["results"]]

    assert titles("") == ["En retard", "Fait", "Rédiger un projet de charte", "Sans date"]
    assert titles("?done=true") == ["Fait"]
    assert titles("?done=false") == ["En retard", "Rédiger un projet de charte", "Sans date"]
    assert titles("?owner=me") == ["Fait", "Rédiger un projet de charte"]
    assert titles(f"?due_before={today.isoformat()}") == ["En retard"]
    assert titles(f"?due_after={(today + timedelta(days=2)).isoformat()}") == [
        "Rédiger un projet de charte"
    ]
    assert titles(f"?meeting={setting.meeting.pk}") == ["Rédiger un projet de charte"]
    assert titles(f"?decision={setting.decision.pk}") == ["Rédiger un projet de charte"]
    assert titles("?ordering=-due_date")[:3] == ["Rédiger un projet de charte", "Fait", "En retard"]
    assert late.pk and done.pk and undated.pk
    response = client.get(url(w, "action-list") + "?owner=someone", headers=head)
    assert response.status_code == 400


def test_the_list_makes_as_many_queries_for_many_actions(client, api_world):
    w = api_world

    def add_rows(n):
        for index in range(n):
            budget(w, title=f"Action {index}", owners=[w.member, w.organisation, f"Invité {index}"])

    assert_constant_queries(client, url(w, "action-list"), headers(w, "member"), add_rows)


# ------------------------------------------------------------------------------ creating


def test_a_facilitator_creates_an_action_with_members_organisations_and_guests(client, api_world):
    w = api_world
    setting = build_meeting(w)
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    response = send(
        client,
        w,
        "facilitator",
        "post",
        url(w, "action-list"),
        {
            "title": "Écrire aux communes",
            "due_date": due,
            "members": [membership(w, "member"), membership(w, "observer")],
            "organisations": [w.organisation.pk],
            "guests": ["Léa Dupuis"],
            "decision": setting.decision.pk,
        },
    )
    assert response.status_code == 201, response.content
    action = Action.objects.get(pk=response.json()["id"])
    assert action.title == "Écrire aux communes"
    assert action.due_date.isoformat() == due
    assert action.decision == setting.decision
    assert action.meeting == setting.meeting  # the decision's meeting
    assert action.created_by == w.facilitator
    assert owners_of(action) == [w.member, w.observer, w.organisation, "Léa Dupuis"]
    assert response.json()["owners"][0]["member"] == membership(w, "member")
    event = AuditEvent.objects.get(action="actions.created", object_id=str(action.pk))
    assert event.actor == w.facilitator
    assert event.after["title"] == "Écrire aux communes"


def test_an_action_goes_in_a_project_its_person_pilots(client, api_world):
    w = api_world
    stream = projects.create_work_stream(
        actor=w.coordinator, collective=w.collective, title="Emploi"
    )
    theirs = projects.create_project(
        actor=w.coordinator, work_stream=stream, title="Cafés", pilots=[w.facilitator]
    )
    others = projects.create_project(
        actor=w.coordinator, work_stream=stream, title="Groupement", pilots=[w.member]
    )
    address = url(w, "action-list")
    created = send(client, w, "facilitator", "post", address, {"title": "A", "project": theirs.pk})
    assert created.status_code == 201, created.content
    assert Action.objects.get(pk=created.json()["id"]).project == theirs
    refused = send(client, w, "facilitator", "post", address, {"title": "B", "project": others.pk})
    assert refused.status_code == 400
    assert refused.json() == {
        "project": [f"Vous ne pouvez pas mettre d'actions dans le projet {others.pk}."]
    }
    assert not Action.objects.filter(title="B").exists()


def test_a_refused_creation_says_why_in_the_readers_language_and_changes_nothing(client, api_world):
    w = api_world
    outsider = w.other.memberships.get(user=w.outsider).pk
    address = url(w, "action-list")
    body = {"title": "Écrire", "members": [outsider]}
    french = send(client, w, "coordinator", "post", address, body)
    assert french.status_code == 400
    assert french.json() == {
        "members": [f"Aucun membre du collectif n'a l'identifiant {outsider}."]
    }
    english = send(client, w, "coordinator", "post", address, body, language="en")
    assert english.json() == {"members": [f"No member of the collective has the id {outsider}."]}
    # The service's refusal: a guest is named by a name, not an address.
    guest = send(client, w, "coordinator", "post", address, {"title": "É", "guests": ["a@b.org"]})
    assert guest.status_code == 400
    assert guest.json() == {
        "detail": "Écrivez le nom de la personne, pas une adresse e-mail\u00a0: a@b.org.",
        "field": "other_owners",
    }
    assert not Action.objects.exists()
    assert not AuditEvent.objects.filter(action="actions.created").exists()


# ------------------------------------------------------------------------------ changing


def test_an_owner_changes_the_title_due_date_and_owners(client, api_world):
    w = api_world
    action = budget(w)
    due = (timezone.localdate() + timedelta(days=40)).isoformat()
    response = send(
        client,
        w,
        "member",
        "patch",
        url(w, "action-detail", action.pk),
        {
            "version": 1,
            "title": "Préparer le budget 2027",
            "due_date": due,
            "members": [membership(w, "member")],
            "guests": ["Léa Dupuis"],
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    action.refresh_from_db()
    assert action.title == "Préparer le budget 2027"
    assert action.due_date.isoformat() == due
    assert owners_of(action) == [w.member, "Léa Dupuis"]
    event = AuditEvent.objects.get(action="actions.updated", object_id=str(action.pk))
    assert event.after["title"] == "Préparer le budget 2027"
    # Owners are kept when none of their fields is sent.
    send(
        client,
        w,
        "member",
        "patch",
        url(w, "action-detail", action.pk),
        {"version": 2, "title": "X"},
    )
    assert owners_of(action) == [w.member, "Léa Dupuis"]


def test_a_change_from_an_old_version_is_a_conflict_and_changes_nothing(client, api_world):
    w = api_world
    action = budget(w)
    address = url(w, "action-detail", action.pk)
    send(client, w, "coordinator", "patch", address, {"version": 1, "title": "Budget 2027"})
    late = send(client, w, "member", "patch", address, {"version": 1, "title": "Budget 2028"})
    assert late.status_code == 409
    assert late.json()["code"] == "conflict"
    assert w.coordinator.display_name in late.json()["detail"]
    english = send(
        client, w, "member", "patch", address, {"version": 1, "title": "Budget"}, language="en"
    )
    assert "changed this action while you were looking at it" in english.json()["detail"]
    action.refresh_from_db()
    assert action.title == "Budget 2027" and action.version == 2
    missing = send(client, w, "member", "patch", address, {"title": "Sans version"})
    assert missing.status_code == 400 and "version" in missing.json()


def test_who_may_not_change_an_action_is_refused_and_nothing_changes(client, api_world):
    w = api_world
    action = budget(w)  # the member's
    address = url(w, "action-detail", action.pk)
    assert (
        send(client, w, "observer", "patch", address, {"version": 1, "title": "X"}).status_code
        == 403
    )
    assert (
        send(client, w, "reader", "patch", address, {"version": 1, "title": "X"}).status_code == 403
    )
    facilitators = budget(w, owners=[w.facilitator])
    other = url(w, "action-detail", facilitators.pk)
    assert (
        send(client, w, "member", "patch", other, {"version": 1, "title": "X"}).status_code == 403
    )
    assert not Action.objects.filter(title="X").exists()


def test_an_owner_marks_the_action_done_and_not_done(client, api_world):
    w = api_world
    action = budget(w)
    address = url(w, "action-done", action.pk)
    done = send(client, w, "member", "post", address, {"done": True})
    assert done.status_code == 200, done.content
    assert done.json()["done"] is True and done.json()["completed_at"]
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.completed_by == w.member
    event = AuditEvent.objects.get(action="actions.status_changed", object_id=str(action.pk))
    assert event.before == {"status": "todo"} and event.after == {"status": "done"}
    stale = send(client, w, "member", "post", address, {"done": False, "version": 1})
    assert stale.status_code == 409
    again = send(client, w, "member", "post", address, {"done": False, "version": 2})
    assert again.status_code == 200
    action.refresh_from_db()
    assert action.status == ActionStatus.TODO and action.completed_by is None
    assert send(client, w, "observer", "post", address, {"done": True}).status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.TODO


# ------------------------------------------------------------------------------ planning


def planned(world, title, start, end):
    return make_action(
        collective=world.collective,
        title=title,
        owners=[world.member],
        start_date=date.fromisoformat(start) if start else None,
        due_date=date.fromisoformat(end),
        created_by=world.coordinator,
    )


def test_actions_show_their_start_phase_and_dependencies(client, api_world):
    from maillage.actions import services_planning

    w = api_world
    first = planned(w, "Réserver la salle", "2027-01-04", "2027-01-08")
    then = planned(w, "Envoyer les invitations", "2027-01-09", "2027-01-12")
    services_planning.add_dependency(actor=w.coordinator, action=then, before=first)
    consultation = ConsultationFactory(collective=w.collective, created_by=w.facilitator)
    phase = services_planning.create_phase(
        actor=w.coordinator, collective=w.collective, consultation=consultation, title="Préparation"
    )
    Action.objects.filter(pk=then.pk).update(phase=phase)
    body = client.get(url(w, "action-detail", then.pk), headers=headers(w, "observer")).json()
    assert body["start_date"] == "2027-01-09" and body["due_date"] == "2027-01-12"
    assert body["phase"] == phase.pk
    assert body["depends_on"] == [first.pk]
    listed = client.get(url(w, "action-list"), headers=headers(w, "observer")).json()
    assert {row["id"]: row["depends_on"] for row in listed["results"]} == {
        first.pk: [],
        then.pk: [first.pk],
    }


def test_new_dates_move_the_dependants_and_the_answer_lists_them(client, api_world):
    from maillage.actions import services_planning

    w = api_world
    first = planned(w, "Réserver la salle", "2027-01-04", "2027-01-08")
    then = planned(w, "Envoyer les invitations", "2027-01-09", "2027-01-12")
    last = planned(w, "Relancer les territoires", "2027-01-13", "2027-01-15")
    services_planning.add_dependency(actor=w.coordinator, action=then, before=first)
    services_planning.add_dependency(actor=w.coordinator, action=last, before=then)
    version = Action.objects.get(pk=first.pk).version
    response = send(
        client,
        w,
        "member",
        "patch",
        url(w, "action-detail", first.pk),
        {"version": version, "start_date": "2027-01-06", "due_date": "2027-01-11"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["start_date"] == "2027-01-06" and body["due_date"] == "2027-01-11"
    assert sorted(body["moved"]) == sorted([then.pk, last.pk])
    then.refresh_from_db()
    assert (then.start_date, then.due_date) == (date(2027, 1, 12), date(2027, 1, 15))
    # A change of title moves nothing.
    again = send(
        client,
        w,
        "member",
        "patch",
        url(w, "action-detail", first.pk),
        {"version": body["version"], "title": "Réserver la grande salle"},
    )
    assert again.json()["moved"] == []


def test_a_start_after_the_due_date_is_refused_and_nothing_changes(client, api_world):
    w = api_world
    first = planned(w, "Réserver la salle", "2027-01-04", "2027-01-08")
    response = send(
        client,
        w,
        "coordinator",
        "patch",
        url(w, "action-detail", first.pk),
        {"version": first.version, "start_date": "2027-01-20"},
        language="en",
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The due date comes before the start date: an action cannot end before "
        "it starts.",
        "field": "due_date",
    }
    first.refresh_from_db()
    assert (first.start_date, first.version) == (date(2027, 1, 4), 1)


def test_an_action_is_created_in_a_phase_with_its_start(client, api_world):
    from maillage.actions import services_planning

    w = api_world
    consultation = ConsultationFactory(collective=w.collective, created_by=w.facilitator)
    phase = services_planning.create_phase(
        actor=w.coordinator, collective=w.collective, consultation=consultation, title="Synthèses"
    )
    body = {"title": "Rédiger", "start_date": "2027-02-01", "due_date": "2027-02-05"}
    created = send(
        client, w, "facilitator", "post", url(w, "action-list"), body | {"phase": phase.pk}
    )
    assert created.status_code == 201, created.content
    action = Action.objects.get(pk=created.json()["id"])
    assert (action.start_date, action.phase) == (date(2027, 2, 1), phase)
    other = ConsultationFactory(collective=w.other, created_by=w.outsider)
    elsewhere = services_planning.create_phase(
        actor=w.outsider, collective=w.other, consultation=other, title="Ailleurs"
    )
    refused = send(
        client, w, "facilitator", "post", url(w, "action-list"), body | {"phase": elsewhere.pk}
    )
    assert refused.status_code == 400
    assert refused.json() == {"phase": [f"Le collectif n'a pas de phase {elsewhere.pk}."]}
    assert Action.objects.filter(title="Rédiger").count() == 1
