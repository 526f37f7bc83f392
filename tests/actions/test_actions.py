"""Actions: the services' rules, and the pages by role (list, detail, status, mine, dashboard)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.actions import services
from maillage.actions.models import Action, ActionStatus
from maillage.audit.models import AuditEvent
from maillage.collectives.models import Membership
from maillage.collectives.services import end_membership
from maillage.core.errors import ConflictError, DomainError

from ..factories import MembershipFactory, make_action, owners_of
from ..htmx import htmx_post
from ..meetings.setting import build_meeting

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def make(world, title="Préparer le budget", *, owner=None, days=7, **fields):
    return make_action(
        collective=fields.pop("collective", world.collective),
        title=title,
        owners=[owner or world.member],
        due_date=TODAY() + timedelta(days=days) if days is not None else None,
        created_by=world.coordinator,
        **fields,
    )


# ------------------------------------------------------------------------- services


def test_an_owner_outside_the_collective_is_refused_with_a_message(world):
    with pytest.raises(DomainError) as exc:
        services.create_action(
            actor=world.facilitator,
            collective=world.collective,
            title="Appeler la Ville",
            owners=[world.outsider],
        )
    assert exc.value.field == "owners"
    assert "Outsider" in exc.value.message
    assert not Action.objects.exists()
    assert not AuditEvent.objects.filter(action="actions.created").exists()


def test_an_empty_title_is_refused(world):
    with pytest.raises(DomainError) as exc:
        services.create_action(actor=world.facilitator, collective=world.collective, title="   ")
    assert exc.value.field == "title"
    assert not Action.objects.exists()


def test_creating_and_editing_are_in_the_audit_log(world):
    action = services.create_action(
        actor=world.facilitator,
        collective=world.collective,
        title="  Appeler   la Ville ",
        owners=[world.member],
        due_date=TODAY() + timedelta(days=3),
    )
    assert action.title == "Appeler la Ville"
    created = AuditEvent.objects.get(action="actions.created")
    assert created.actor == world.facilitator and created.collective == world.collective
    assert created.after["owner"] == str(world.member)

    services.update_action(
        actor=world.coordinator, action=action, base_version=1, owners=[world.observer]
    )
    updated = AuditEvent.objects.get(action="actions.updated")
    assert updated.before == {"owner": str(world.member)}
    assert updated.after == {"owner": str(world.observer)}
    action.refresh_from_db()
    assert (action.version, action.updated_by) == (2, world.coordinator)


def test_giving_an_action_to_someone_who_left_is_refused(world):
    action = make(world)
    membership = Membership.objects.get(user=world.observer, collective=world.collective)
    end_membership(actor=world.coordinator, membership=membership)
    with pytest.raises(DomainError) as exc:
        services.update_action(
            actor=world.coordinator, action=action, base_version=1, owners=[world.observer]
        )
    assert exc.value.field == "owners"
    action.refresh_from_db()
    assert (owners_of(action), action.version) == ([world.member], 1)


def test_done_records_who_and_when_and_reopening_clears_it(world):
    action = make(world)
    before = timezone.now()
    action = services.set_status(
        actor=world.member, action=action, status=ActionStatus.DONE, base_version=1
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.completed_by == world.member
    assert action.completed_at >= before
    event = AuditEvent.objects.get(action="actions.status_changed")
    assert (event.before, event.after) == ({"status": "todo"}, {"status": "done"})

    services.set_status(
        actor=world.facilitator, action=action, status=ActionStatus.TODO, base_version=2
    )
    action.refresh_from_db()
    assert (action.status, action.completed_by, action.completed_at) == ("todo", None, None)
    assert AuditEvent.objects.filter(action="actions.status_changed").count() == 2


def test_a_change_made_meanwhile_is_a_conflict_and_nothing_changes(world):
    """Two people saw version 1; the facilitator drops it, then the member marks it done."""
    action = make(world)
    services.set_status(
        actor=world.facilitator, action=action, status=ActionStatus.DROPPED, base_version=1
    )
    with pytest.raises(ConflictError) as exc:
        services.set_status(
            actor=world.member, action=action, status=ActionStatus.DONE, base_version=1
        )
    assert exc.value.code == "conflict"
    assert str(world.facilitator) in exc.value.message
    action.refresh_from_db()
    assert (action.status, action.version, action.updated_by) == (
        ActionStatus.DROPPED,
        2,
        world.facilitator,
    )
    assert action.completed_by is None
    assert AuditEvent.objects.filter(action="actions.status_changed").count() == 1


def test_an_unknown_status_is_refused(world):
    action = make(world)
    with pytest.raises(DomainError):
        services.set_status(actor=world.member, action=action, status="lost", base_version=1)


# --------------------------------------------------------------------------- the list


def test_the_list_marks_overdue_actions_and_hides_other_collectives(client, english):
    world = english
    late = make(world, "Envoyer le compte rendu", days=-3)
    soon = make(world, "Réserver la salle", days=5)
    done = make(world, "Déjà fait", days=-10, status=ActionStatus.DONE)
    elsewhere = make(world, "Action d'un autre collectif", collective=world.other, owner=None)
    client.force_login(world.observer)
    response = client.get(reverse("actions:list", args=[world.collective.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert late.title in html and soon.title in html
    assert done.title not in html  # open ones by default
    assert elsewhere.title not in html
    rows = [action.title for action in response.context["actions"]]
    assert rows == [late.title, soon.title]  # overdue first
    late_row = html[html.index(f'id="action-{late.pk}"') :]
    late_row = late_row[: late_row.index("</li>")]
    assert "is-overdue" in late_row and ">Overdue<" in late_row
    soon_row = html[html.index(f'id="action-{soon.pk}"') :]
    assert "Overdue" not in soon_row[: soon_row.index("</li>")]
    # Observers read, but neither add nor move actions.
    assert "New action" not in html
    assert reverse("actions:status", args=[world.collective.slug, late.pk]) not in html


def test_the_list_shows_where_an_action_comes_from(client, english):
    world = english
    setting = build_meeting(world)
    client.force_login(world.member)
    html = client.get(reverse("actions:list", args=[world.collective.slug])).content.decode()
    assert setting.action.title in html
    assert f'href="{setting.meeting.get_absolute_url()}"' in html
    assert "Le groupe adopte le principe d&#x27;une charte commune." in html
    assert world.member.display_name in html


def test_the_filters_work_from_the_query_string(client, english):
    world = english
    setting = build_meeting(world)
    late = make(world, "En retard", days=-2, owner=world.facilitator)
    done = make(world, "Terminée", status=ActionStatus.DONE)
    dropped = make(world, "Abandonnée", status=ActionStatus.DROPPED)
    url = reverse("actions:list", args=[world.collective.slug])
    client.force_login(world.member)

    def titles(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return {action.title for action in response.context["actions"]}

    everything = {setting.action.title, late.title, done.title, dropped.title}
    assert titles() == {setting.action.title, late.title}
    assert titles(status="done") == {done.title}
    assert titles(status="dropped") == {dropped.title}
    assert titles(status="all") == everything
    assert titles(owner=world.facilitator.pk) == {late.title}
    assert titles(overdue="on") == {late.title}
    assert titles(meeting=setting.meeting.pk, status="all") == {setting.action.title}
    # A wrong value is ignored rather than failing the page.
    assert titles(status="lost", owner="nobody") == {setting.action.title, late.title}
    assert (
        "No action matches these filters."
        in client.get(url, {"overdue": "on", "status": "done"}).content.decode()
    )


def test_the_list_costs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    setting = build_meeting(world)
    for number in range(30):
        make(world, f"Action {number}", days=number - 10, meeting=setting.meeting)
    client.force_login(world.facilitator)
    url = reverse("actions:list", args=[world.collective.slug])
    # 15: the collective's tabs ask whether it has shared premises and whether it has an
    # orientation catalogue, and the new action's form reads the phases it offers (one
    # query each, whatever the number of actions).
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert len(response.context["actions"]) == 31


# ------------------------------------------------------------------------- creating


def test_a_facilitator_adds_an_action_from_the_list(client, english):
    world = english
    setting = build_meeting(world)
    client.force_login(world.facilitator)
    list_url = reverse("actions:list", args=[world.collective.slug])
    assert "New action" in client.get(list_url).content.decode()
    response = client.post(
        reverse("actions:create", args=[world.collective.slug]),
        {
            "title": "Écrire à la Ville",
            "owners": [world.observer.pk],
            "due_date": "2031-05-04",
            "description": "Demander une salle.",
            "meeting": setting.meeting.pk,
            "next": list_url,
        },
    )
    assert response.status_code == 302 and response["Location"] == list_url
    action = Action.objects.get(title="Écrire à la Ville")
    assert (owners_of(action), action.due_date.isoformat(), action.meeting) == (
        [world.observer],
        "2031-05-04",
        setting.meeting,
    )
    assert action.created_by == world.facilitator
    assert AuditEvent.objects.filter(action="actions.created", object_id=str(action.pk)).exists()


def test_a_member_cannot_add_an_action(client, world):
    client.force_login(world.member)
    response = client.post(
        reverse("actions:create", args=[world.collective.slug]), {"title": "En douce"}
    )
    assert response.status_code == 403
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    "field, data, message",
    [
        ("owners", {"owners": "OUTSIDER"}, "Choose a member of the collective."),
        ("due_date", {"due_date": "31/02/2031"}, "Enter a date, for example 2026-03-31."),
        ("title", {"title": "   "}, "Say what is to be done."),
    ],
)
def test_bad_input_is_shown_on_the_form_and_what_was_typed_is_kept(
    client, english, field, data, message
):
    world = english
    if data.get("owners") == "OUTSIDER":  # a forged POST: the form only offers members
        data = {"owners": [world.outsider.pk]}
    typed = {
        "title": "Préparer la plénière",
        "owners": [world.member.pk],
        "due_date": "2031-06-01",
        "description": "Avec l'ordre du jour.",
    } | data
    client.force_login(world.facilitator)
    response = client.post(reverse("actions:create", args=[world.collective.slug]), typed)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] == [message]
    html = response.content.decode()
    assert message in html
    assert "Avec l&#x27;ordre du jour." in html
    if field != "title":
        assert 'value="Préparer la plénière"' in html
    assert not Action.objects.exists()


def test_the_owners_offered_are_the_collectives_members(client, world):
    client.force_login(world.facilitator)
    response = client.get(reverse("actions:create", args=[world.collective.slug]))
    field = response.context["form"].fields["owners"]
    offered = {value for value, _label in field.widget.choices}
    people = (world.coordinator, world.facilitator, world.member, world.observer)
    assert offered == {person.pk for person in people}


def test_an_action_of_approved_minutes_cannot_be_added(client, english):
    world = english
    setting = build_meeting(world)
    setting.minutes.status = "approved"
    setting.minutes.save()
    client.force_login(world.facilitator)
    response = client.post(
        reverse("actions:create", args=[world.collective.slug]),
        {"title": "Trop tard", "meeting": setting.meeting.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Action.objects.filter(title="Trop tard").exists()


# --------------------------------------------------------------------- one action


def test_an_observer_reads_an_action_without_changing_it(client, english):
    world = english
    action = make(world, description="Avec les chiffres de 2025.")
    url = action.get_absolute_url()
    client.force_login(world.observer)
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert action.title in html and "Avec les chiffres de 2025." in html
    assert response.context["form"] is None
    assert reverse("actions:status", args=[world.collective.slug, action.pk]) not in html
    assert client.post(url, {"title": "Non", "base_version": 1}).status_code == 403
    status = reverse("actions:status", args=[world.collective.slug, action.pk])
    assert client.post(status, {"status": "done", "base_version": 1}).status_code == 403
    action.refresh_from_db()
    assert (action.title, action.status) == ("Préparer le budget", ActionStatus.TODO)


def test_an_action_of_another_collective_is_not_found(client, world):
    action = make(world, collective=world.other, owner=None)
    client.force_login(world.coordinator)
    # Under its own collective's address, to someone who does not belong to it: 404.
    assert client.get(action.get_absolute_url()).status_code == 404
    # Under the address of a collective the person belongs to: 404 as well.
    url = reverse("actions:detail", args=[world.collective.slug, action.pk])
    assert client.get(url).status_code == 404


def test_the_owner_edits_their_action(client, english):
    world = english
    action = make(world)
    client.force_login(world.member)
    url = action.get_absolute_url()
    form = client.get(url).context["form"]
    assert form.initial["base_version"] == 1
    response = client.post(
        url,
        {
            "title": "Préparer le budget 2027",
            "owners": [world.member.pk],
            "due_date": "2031-01-15",
            "description": "Avec la trésorière.",
            "base_version": 1,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.due_date.isoformat(), action.version) == (
        "Préparer le budget 2027",
        "2031-01-15",
        2,
    )
    event = AuditEvent.objects.get(action="actions.updated")
    assert event.actor == world.member and "owner" not in event.after


def test_editing_a_stale_version_answers_409_and_keeps_what_was_typed(client, english):
    world = english
    action = make(world)
    services.update_action(
        actor=world.coordinator, action=action, base_version=1, title="Budget (coordination)"
    )
    client.force_login(world.member)
    response = client.post(
        action.get_absolute_url(),
        {
            "title": "Mon titre",
            "owners": [world.member.pk],
            "due_date": "",
            "description": "",
            "base_version": 1,
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert str(world.coordinator) in html and 'value="Mon titre"' in html
    assert response.context["form"]["base_version"].value() == 2
    action.refresh_from_db()
    assert (action.title, action.version) == ("Budget (coordination)", 2)


def test_an_owner_who_left_keeps_the_action_until_it_is_given_to_someone_else(client, english):
    world = english
    action = make(world, owner=world.observer)
    membership = Membership.objects.get(user=world.observer, collective=world.collective)
    end_membership(actor=world.coordinator, membership=membership)
    client.force_login(world.facilitator)
    response = client.post(
        action.get_absolute_url(),
        {"title": "Nouveau titre", "owners": [world.observer.pk], "base_version": 1},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, owners_of(action)) == ("Nouveau titre", [world.observer])


# -------------------------------------------------------------------------- status


def test_the_owner_marks_it_done_and_the_page_says_who_and_when(client, english):
    world = english
    action = make(world)
    client.force_login(world.member)
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Mark as done" in page and 'name="base_version" value="1"' in page
    status = reverse("actions:status", args=[world.collective.slug, action.pk])
    response = client.post(status, {"status": "done", "base_version": 1})
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    action.refresh_from_db()
    assert (action.status, action.completed_by) == (ActionStatus.DONE, world.member)
    page = client.get(action.get_absolute_url()).content.decode()
    assert f"marked done by {world.member.display_name}" in page


def test_a_status_change_from_an_old_page_answers_409_and_changes_nothing(client, english):
    world = english
    action = make(world)
    services.set_status(
        actor=world.facilitator, action=action, status=ActionStatus.IN_PROGRESS, base_version=1
    )
    client.force_login(world.member)
    status = reverse("actions:status", args=[world.collective.slug, action.pk])
    response = client.post(status, {"status": "dropped", "base_version": 1})
    assert response.status_code == 409
    html = response.content.decode()
    assert world.facilitator.display_name in html and "In progress" in html
    assert "Nothing was changed" in html
    # The buttons offered now carry the current version.
    assert 'name="base_version" value="2"' in html
    action.refresh_from_db()
    assert (action.status, action.version) == (ActionStatus.IN_PROGRESS, 2)


def test_with_htmx_the_status_button_returns_the_row(client, english):
    world = english
    action = make(world, days=-1)
    client.force_login(world.facilitator)
    status = reverse("actions:status", args=[world.collective.slug, action.pk])
    response = htmx_post(client, status, {"status": "done", "base_version": 1, "show_owner": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="action-{action.pk}"')
    assert "Done" in html and "Overdue" not in html
    assert world.member.display_name in html  # the owner column, as in the list
    # From a stale row, the row comes back as it is now, with the explanation.
    again = htmx_post(client, status, {"status": "dropped", "base_version": 1})
    assert again.status_code == 200 and "Nothing was changed" in again.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_a_member_cannot_move_someone_elses_action(client, world):
    action = make(world, owner=world.facilitator)
    client.force_login(world.member)
    status = reverse("actions:status", args=[world.collective.slug, action.pk])
    assert client.post(status, {"status": "done", "base_version": 1}).status_code == 403
    assert client.get(status).status_code == 405


# ---------------------------------------------------------------- my actions, dashboard


def test_my_actions_across_collectives_open_first_overdue_marked(client, english):
    world = english
    MembershipFactory(collective=world.other, user=world.member)
    late = make(world, "En retard", days=-1)
    other = make(world, "Dans l'autre collectif", collective=world.other, days=2)
    undated = make(world, "Sans date", days=None)
    done = make(world, "Faite", status=ActionStatus.DONE)
    not_mine = make(world, "Pas à moi", owner=world.facilitator)
    client.force_login(world.member)
    response = client.get(reverse("actions:mine"))
    assert [a.title for a in response.context["open_actions"]] == [
        late.title,
        other.title,
        undated.title,
    ]
    assert [a.title for a in response.context["closed_actions"]] == [done.title]
    html = response.content.decode()
    assert not_mine.title not in html
    assert "Overdue" in html and "1 overdue" in html
    assert world.other.short_name in html and world.collective.short_name in html


def test_my_actions_leave_out_the_collectives_i_left(client, world):
    action = make(world, owner=world.observer)
    membership = Membership.objects.get(user=world.observer, collective=world.collective)
    end_membership(actor=world.coordinator, membership=membership)
    client.force_login(world.observer)
    response = client.get(reverse("actions:mine"))
    assert response.context["open_actions"] == []
    assert action.title not in response.content.decode()


def test_the_dashboard_shows_my_open_actions(client, english):
    world = english
    late = make(world, "Relancer la Ville", days=-4)
    make(world, "Terminée", status=ActionStatus.DONE)
    for number in range(12):
        make(world, f"Action {number:02d}", days=number + 1)
    client.force_login(world.member)
    response = client.get(reverse("core:dashboard"))
    html = response.content.decode()
    shown = list(response.context["my_actions"])
    assert len(shown) == 10 and shown[0] == late
    assert "My actions" in html and "Overdue" in html
    assert "Terminée" not in html and "Action 11" not in html
    assert reverse("actions:mine") in html and "All my actions (13 open)" in html


def test_the_dashboard_without_actions(client, english):
    client.force_login(english.outsider)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "No open action for you." in html


def test_the_pages_of_a_long_list_keep_the_filters(client, world):
    for number in range(55):
        make(world, f"Action {number:02d}", days=number, owner=world.facilitator)
    client.force_login(world.member)
    url = reverse("actions:list", args=[world.collective.slug])
    first = client.get(url, {"owner": world.facilitator.pk})
    assert len(first.context["actions"]) == 50
    html = first.content.decode()
    assert f"?owner={world.facilitator.pk}&amp;page=2" in html
    second = client.get(url, {"owner": world.facilitator.pk, "page": 2})
    assert [a.title for a in second.context["actions"]] == [f"Action {n}" for n in range(50, 55)]
