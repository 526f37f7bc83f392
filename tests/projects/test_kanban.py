"""The kanban of actions (columns, filters, moves and conflicts) and "My work"."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from maillage.actions.models import Action, ActionStatus
from maillage.actions.services import create_action, set_status
from maillage.audit.models import AuditEvent
from maillage.projects import services as project_services

from ..htmx import htmx_post

pytestmark = pytest.mark.django_db


def kanban_url(world, **query):
    url = reverse("projects:kanban", args=[world.collective.slug])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def move_url(world, action):
    return reverse("projects:kanban_move", args=[world.collective.slug, action.pk])


def column(response, status):
    (found,) = [c for c in response.context["columns"] if c["status"] == status]
    return [action.title for action in found["cards"]]


def loose_action(world, title="Écrire la lettre", **fields):
    return create_action(
        actor=world.coordinator, collective=world.collective, title=title, **fields
    )


# --------------------------------------------------------------------------- columns


def test_each_column_holds_the_actions_of_its_status(client, world, board):
    salle, recruteurs = board.actions
    set_status(actor=world.coordinator, action=recruteurs, status="in_progress", base_version=1)
    done = loose_action(world, "Publier l'annonce")
    set_status(actor=world.coordinator, action=done, status="done", base_version=1)
    dropped = loose_action(world, "Louer un bus")
    set_status(actor=world.coordinator, action=dropped, status="dropped", base_version=1)
    create_action(actor=world.outsider, collective=world.other, title="Action de PCPE")
    client.force_login(world.observer)
    response = client.get(kanban_url(world))
    assert response.status_code == 200
    assert column(response, "todo") == ["Réserver la salle"]
    assert column(response, "in_progress") == ["Inviter les recruteurs"]
    assert column(response, "done") == ["Publier l'annonce"]
    assert column(response, "dropped") == ["Louer un bus"]
    html = response.content.decode()
    assert "Action de PCPE" not in html
    assert board.project.get_absolute_url() in html
    assert salle.get_absolute_url() in html
    # An observer reads the board but is offered no move.
    assert 'name="base_version"' not in html


def test_a_card_says_overdue_in_words_and_shows_its_origin(client, english, board):
    world = english
    client.force_login(world.member)
    response = client.get(kanban_url(world), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    # "Réserver la salle" was due two days ago.
    card = html.split(f'id="card-{board.actions[0].pk}"')[1].split("</article>")[0]
    assert (
        "Overdue" in card and world.member.display_name in card and "Cafés de l&#x27;emploi" in card
    )
    other = html.split(f'id="card-{board.actions[1].pk}"')[1].split("</article>")[0]
    assert "Overdue" not in other


def test_done_and_dropped_show_only_the_most_recent(client, english, board):
    world = english
    for number in range(32):
        action = loose_action(world, f"Fait {number:02d}")
        set_status(actor=world.coordinator, action=action, status="done", base_version=1)
    client.force_login(world.member)
    response = client.get(kanban_url(world), HTTP_ACCEPT_LANGUAGE="en")
    done = [c for c in response.context["columns"] if c["status"] == "done"][0]
    assert len(done["cards"]) == 30 and done["total"] == 32 and done["truncated"]
    assert done["cards"][0].title == "Fait 31"
    assert "The 30 most recent of 32." in response.content.decode()


def test_the_board_costs_a_fixed_number_of_queries(
    client, world, board, django_assert_max_num_queries
):
    client.force_login(world.facilitator)
    client.get(kanban_url(world))  # warm up
    with django_assert_max_num_queries(20) as few:
        client.get(kanban_url(world))
    before = len(few.captured_queries)
    for number in range(10):
        action = loose_action(
            world, f"Encore {number}", owners=[world.member], project=board.project
        )
        if number % 2:
            set_status(actor=world.member, action=action, status="done", base_version=1)
    with django_assert_max_num_queries(before):
        response = client.get(kanban_url(world))
    assert len(column(response, "todo")) == 7


# --------------------------------------------------------------------------- filters


def test_the_filters_narrow_the_board(client, world, board):
    loose_action(world, "Sans projet", owners=[world.facilitator])
    autre = create_action(
        actor=world.coordinator,
        collective=world.collective,
        title="Étudier la faisabilité",
        project=board.other_project,
    )
    client.force_login(world.observer)
    by_project = client.get(kanban_url(world, project=board.project.pk))
    assert column(by_project, "todo") == ["Réserver la salle", "Inviter les recruteurs"]
    by_owner = client.get(kanban_url(world, owner=world.facilitator.pk))
    assert column(by_owner, "todo") == ["Inviter les recruteurs", "Sans projet"]
    by_stream = client.get(kanban_url(world, work_stream=board.streams[1].pk))
    assert column(by_stream, "todo") == [autre.title]
    both = client.get(kanban_url(world, project=board.project.pk, owner=world.member.pk))
    assert column(both, "todo") == ["Réserver la salle"]
    # A value that is not offered (another collective's, or nonsense) is ignored.
    wrong = client.get(kanban_url(world, project="abc"))
    assert len(column(wrong, "todo")) == 4


def test_the_filters_do_not_offer_another_collectives_projects(client, world, board):
    stream = project_services.create_work_stream(
        actor=world.outsider, collective=world.other, title="Ailleurs"
    )
    elsewhere = project_services.create_project(
        actor=world.outsider, work_stream=stream, title="Projet de PCPE", pilots=[world.outsider]
    )
    client.force_login(world.coordinator)
    response = client.get(kanban_url(world, project=elsewhere.pk))
    assert elsewhere not in response.context["filters"].fields["project"].queryset
    assert len(column(response, "todo")) == 2


# ----------------------------------------------------------------------------- moves


def test_moving_with_the_current_version_changes_the_status(client, world, board):
    action = board.actions[0]  # owned by the member
    client.force_login(world.member)
    response = client.post(
        move_url(world, action),
        {"status": "in_progress", "base_version": action.version, "project": board.project.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == kanban_url(world, project=board.project.pk)
    action.refresh_from_db()
    assert (action.status, action.version) == (ActionStatus.IN_PROGRESS, 2)
    event = AuditEvent.objects.get(action="actions.status_changed", object_id=str(action.pk))
    assert event.actor == world.member
    page = client.get(response["Location"])
    assert column(page, "in_progress") == [action.title]


def test_moving_with_a_stale_version_changes_nothing_and_says_who(client, english, board):
    world = english
    action = board.actions[0]
    set_status(actor=world.facilitator, action=action, status="done", base_version=1)
    client.force_login(world.member)
    response = client.post(
        move_url(world, action),
        {"status": "dropped", "base_version": 1},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    notes = [str(message) for message in get_messages(response.wsgi_request)]
    assert len(notes) == 1
    assert world.facilitator.display_name in notes[0] and "Done" in notes[0]
    assert "Nothing was changed" in notes[0]
    action.refresh_from_db()
    assert (action.status, action.version) == (ActionStatus.DONE, 2)
    assert AuditEvent.objects.filter(action="actions.status_changed").count() == 1


def test_the_message_is_shown_on_the_board_after_the_redirect(client, english, board):
    world = english
    action = board.actions[0]
    set_status(actor=world.facilitator, action=action, status="done", base_version=1)
    client.force_login(world.member)
    response = client.post(
        move_url(world, action),
        {"status": "dropped", "base_version": 1},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert response.status_code == 200
    assert "Nothing was changed" in response.content.decode()


def test_an_observer_cannot_move_an_action(client, world, board):
    action = board.actions[0]
    client.force_login(world.observer)
    response = client.post(move_url(world, action), {"status": "done", "base_version": 1})
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.TODO


def test_a_member_cannot_move_someone_elses_action(client, world, board):
    action = board.actions[1]  # owned by the facilitator
    client.force_login(world.member)
    page = client.get(kanban_url(world))
    assert move_url(world, action) not in page.content.decode()
    assert move_url(world, board.actions[0]) in page.content.decode()
    response = client.post(move_url(world, action), {"status": "done", "base_version": 1})
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.TODO


def test_an_action_of_another_collective_cannot_be_moved_from_this_board(client, world):
    action = create_action(actor=world.outsider, collective=world.other, title="Ailleurs")
    client.force_login(world.coordinator)
    response = client.post(move_url(world, action), {"status": "done", "base_version": 1})
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.TODO


def test_an_unknown_status_is_refused(client, world, board):
    action = board.actions[0]
    client.force_login(world.coordinator)
    response = client.post(move_url(world, action), {"status": "lost", "base_version": 1})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.version) == (ActionStatus.TODO, 1)


def test_with_htmx_a_move_returns_the_board(client, english, board):
    world = english
    action = board.actions[0]
    client.force_login(world.member)
    response = htmx_post(
        client,
        move_url(world, action),
        {"status": "done", "base_version": 1},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="kanban-board"')
    assert "<html" not in html
    assert column(response, "done") == [action.title]
    # The message goes to the page's live region (out of band).
    assert 'hx-swap-oob="innerHTML:#messages"' in html
    assert "is now" in html.split('hx-swap-oob="innerHTML:#messages"')[1]
    # The moved card gets the focus, in its new column.
    focused = f'id="card-{action.pk}" class="kanban-card" aria-labelledby="card-title-{action.pk}"'
    assert focused + ' tabindex="-1" autofocus' in html
    # From a stale card, the board comes back as it is now, with the explanation.
    again = htmx_post(
        client,
        move_url(world, action),
        {"status": "dropped", "base_version": 1},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert again.status_code == 200
    html = again.content.decode()
    board_part, live_part = html.split('hx-swap-oob="innerHTML:#messages"')
    assert 'role="alert"' in live_part and "Nothing was changed" in live_part
    # The card says it too, where the focus is.
    card = board_part.split(f'id="card-{action.pk}"')[1].split("</article>")[0]
    assert "autofocus" in card and "Nothing was changed" in card
    assert column(again, "done") == [action.title]
    # No message is left over for the next page.
    after = client.get(kanban_url(world), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nothing was changed" not in after and "is now" not in after
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_the_move_buttons_are_real_forms_for_each_other_status(client, english, board):
    world = english
    client.force_login(world.member)
    html = client.get(kanban_url(world), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    card = html.split(f'id="card-{board.actions[0].pk}"')[1].split("</article>")[0]
    assert card.count('<form method="post"') == 3
    assert "Move to In progress" in card and "Move to Done" in card
    assert "Move to Dropped" in card and "Move to To do" not in card
    assert 'hx-target="#kanban-board"' in card


# --------------------------------------------------------------------------- my work


def test_my_work_lists_my_projects_and_open_actions(client, english, board):
    world = english
    project_services.reach_milestone(actor=world.coordinator, milestone=board.milestone)
    later = loose_action(world, "Plus tard", owners=[world.member])
    finished = loose_action(world, "Déjà fait", owners=[world.member])
    set_status(actor=world.member, action=finished, status="done", base_version=1)
    create_action(actor=world.outsider, collective=world.other, title="Action de PCPE")
    client.force_login(world.member)
    response = client.get(reverse("projects:mine"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["projects"] == [board.project]
    assert response.context["projects"][0].progress_shown == 100
    titles = [action.title for action in response.context["actions"]]
    # The overdue one first; the one without a date last; nothing closed.
    assert titles == ["Réserver la salle", later.title]
    html = response.content.decode()
    assert "Cafés de l&#x27;emploi" in html and "Running" in html and "100&nbsp;%" in html
    assert "Overdue" in html
    assert "Déjà fait" not in html and "Action de PCPE" not in html
    assert "Groupement d&#x27;employeurs" not in html  # piloted by the facilitator


def test_my_work_never_shows_another_collectives_actions(client, world, board):
    client.force_login(world.outsider)
    create_action(
        actor=world.outsider, collective=world.other, title="Mon action", owners=[world.outsider]
    )
    response = client.get(reverse("projects:mine"))
    assert response.status_code == 200
    assert [a.title for a in response.context["actions"]] == ["Mon action"]
    assert response.context["projects"] == []
    html = response.content.decode()
    assert "Réserver la salle" not in html and "Cafés de l&#x27;emploi" not in html


def test_my_work_leaves_out_a_collective_i_left(client, world, board):
    from maillage.collectives.models import Membership

    Membership.objects.filter(user=world.member, collective=world.collective).update(
        end_date=timezone.localdate()
    )
    client.force_login(world.member)
    response = client.get(reverse("projects:mine"))
    assert response.context["projects"] == [] and response.context["actions"] == []


def test_my_work_needs_a_login(client):
    response = client.get(reverse("projects:mine"))
    assert response.status_code == 302
    assert not Action.objects.exists()
