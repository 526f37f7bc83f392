"""Planning on the pages: an action's start date and phase in its forms, its dates
moved (with the actions that depend on it), its dependencies added and removed, and
the phases of projects and consultations."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from maillage.actions import services_planning
from maillage.actions.models import Action, Dependency, Phase, PhaseKind
from maillage.audit.models import AuditEvent

from ..factories import ConsultationFactory
from ..projects.setting import build_board
from .planning_setting import D, build_chain, dates, task

# The personas read English (the French catalogue is checked where it matters).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def chain(world):
    return build_chain(world)


# ------------------------------------------------------------------------------- forms


def test_a_new_action_takes_a_start_date_and_a_phase(client, world):
    board = build_board(world)
    phase = services_planning.create_phase(
        actor=world.coordinator,
        collective=world.collective,
        project=board.project,
        title="Lancement",
    )
    client.force_login(world.coordinator)
    url = reverse("actions:create", args=[world.collective.slug])
    page = client.get(url).content.decode()
    assert "Lancement — Cafés de l&#x27;emploi" in page
    response = client.post(
        url,
        {
            "title": "Louer les tables",
            "start_date": "2027-01-04",
            "due_date": "2027-01-08",
            "phase": phase.pk,
            "project": board.project.pk,
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Louer les tables")
    assert (action.start_date, action.due_date, action.phase) == (
        D("2027-01-04"),
        D("2027-01-08"),
        phase,
    )


def test_a_start_after_the_due_date_is_refused_in_french_and_nothing_saved(client, world):
    world.coordinator.language = "fr"
    world.coordinator.save(update_fields=["language"])
    client.force_login(world.coordinator)
    url = reverse("actions:create", args=[world.collective.slug])
    response = client.post(
        url,
        {"title": "Louer les tables", "start_date": "2027-01-10", "due_date": "2027-01-08"},
    )
    assert response.status_code == 200
    assert "L&#x27;échéance précède la date de début" in response.content.decode()
    assert not Action.objects.filter(title="Louer les tables").exists()


def test_an_edit_with_the_start_after_the_due_date_changes_nothing(client, world, chain):
    a = chain[0]
    client.force_login(world.coordinator)
    response = client.post(
        a.get_absolute_url(),
        {
            "title": "Autre titre",
            "start_date": "2027-01-20",
            "due_date": "2027-01-08",
            "base_version": Action.objects.get(pk=a.pk).version,
        },
    )
    assert response.status_code == 200
    assert "The due date comes before the start date" in response.content.decode()
    a.refresh_from_db()
    assert a.title == "Réserver la salle" and dates(a) == (D("2027-01-04"), D("2027-01-08"))


def test_a_phase_of_another_project_is_refused(client, world):
    board = build_board(world)
    elsewhere = services_planning.create_phase(
        actor=world.coordinator,
        collective=world.collective,
        project=board.other_project,
        title="Étude",
    )
    client.force_login(world.coordinator)
    response = client.post(
        reverse("actions:create", args=[world.collective.slug]),
        {"title": "Louer les tables", "project": board.project.pk, "phase": elsewhere.pk},
    )
    assert response.status_code == 200
    assert "This phase belongs to another project." in response.content.decode()
    assert not Action.objects.filter(title="Louer les tables").exists()


def test_an_edit_that_moves_others_says_which(client, world, chain):
    a, b, c, d = chain
    client.force_login(world.coordinator)
    response = client.post(
        a.get_absolute_url(),
        {
            "title": a.title,
            "start_date": "2027-01-06",
            "due_date": "2027-01-11",
            "base_version": Action.objects.get(pk=a.pk).version,
        },
    )
    assert response.status_code == 302
    assert dates(b) == (D("2027-01-12"), D("2027-01-15"))
    messages = " ".join(said(response))
    assert "Envoyer les invitations" in messages and "Valider le budget" in messages


# ------------------------------------------------------------------- the action's page


def test_the_planning_section_shows_what_it_depends_on_and_what_waits(client, world, chain):
    a, b, c, d = chain
    client.force_login(world.observer)
    page = client.get(b.get_absolute_url()).content.decode()
    assert "Planning" in page
    assert a.title in page and c.title in page
    # An observer reads; no form to move it or to link it.
    assert reverse("actions:dates", args=[world.collective.slug, b.pk]) not in page
    assert "dependency-before" not in page
    client.force_login(world.coordinator)
    page = client.get(b.get_absolute_url()).content.decode()
    assert reverse("actions:dates", args=[world.collective.slug, b.pk]) in page
    assert reverse("actions:dependency_remove", args=[world.collective.slug, b.pk, a.pk]) in page
    assert "<optgroup" in page


def test_the_dependency_choices_put_the_same_project_first(world):
    from maillage.actions.forms_planning import dependency_choices

    board = build_board(world)
    here = Action.objects.filter(project=board.project).order_by("pk")
    action = here[0]
    outside = task(world, "Hors projet", None, "2027-02-01")
    with translation.override("en"):
        choices = [(str(label), options) for label, options in dependency_choices(action)]
    (first_label, first), (second_label, second) = choices[1], choices[2]
    assert second_label == "Other actions of the collective"
    assert first_label == board.project.title
    assert {pk for pk, _title in first} == {a.pk for a in here.open()} - {action.pk}
    assert outside.pk in {pk for pk, _title in second}


def test_moving_by_typing_the_dates_shifts_the_dependants_and_names_them(client, world, chain):
    a, b, c, d = chain
    client.force_login(world.member)  # the owner of A
    response = client.post(
        reverse("actions:dates", args=[world.collective.slug, a.pk]),
        {
            "start_date": "2027-01-06",
            "due_date": "2027-01-11",
            "base_version": Action.objects.get(pk=a.pk).version,
            "next": "/mes-actions/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/mes-actions/"
    assert dates(a) == (D("2027-01-06"), D("2027-01-11"))
    assert dates(b) == (D("2027-01-12"), D("2027-01-15"))
    assert dates(c) == (D("2027-01-16"), D("2027-01-18"))
    assert dates(d) == (None, D("2027-01-12"))
    messages = " ".join(said(response))
    for title in (b.title, c.title, d.title):
        assert title in messages
    # And the log says it, in words.
    client.force_login(world.coordinator)
    log = client.get(reverse("audit:log", args=[world.collective.slug])).content.decode()
    assert "Moved because of" in log


def test_moving_to_an_outside_next_goes_back_to_the_action(client, world, chain):
    a = chain[0]
    client.force_login(world.coordinator)
    response = client.post(
        reverse("actions:dates", args=[world.collective.slug, a.pk]),
        {
            "start_date": "2027-01-01",
            "due_date": "2027-01-02",
            "base_version": a.version,
            "next": "https://example.org/",
        },
    )
    assert response["Location"] == a.get_absolute_url()


def test_dates_in_the_wrong_order_are_refused_on_the_page(client, world, chain):
    a, b = chain[:2]
    client.force_login(world.coordinator)
    response = client.post(
        reverse("actions:dates", args=[world.collective.slug, a.pk]),
        {"start_date": "2027-01-10", "due_date": "2027-01-05", "base_version": a.version},
    )
    assert response.status_code == 400
    assert "The due date comes before the start date" in response.content.decode()
    assert dates(a) == (D("2027-01-04"), D("2027-01-08"))
    assert dates(b) == (D("2027-01-09"), D("2027-01-12"))


def test_moving_from_an_old_version_is_a_conflict(client, world, chain):
    a = chain[0]
    client.force_login(world.coordinator)
    response = client.post(
        reverse("actions:dates", args=[world.collective.slug, a.pk]),
        {"start_date": "2027-01-01", "due_date": "2027-01-02", "base_version": a.version - 1},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Nothing was changed" in page
    # What was typed is offered again, on top of the current version.
    assert 'value="2027-01-01"' in page and f'value="{a.version}"' in page
    assert dates(a) == (D("2027-01-04"), D("2027-01-08"))


def test_a_dependency_that_loops_is_refused_with_the_tasks_named(client, world, chain):
    a, b, c, d = chain
    client.force_login(world.coordinator)
    response = client.post(
        reverse("actions:dependency_add", args=[world.collective.slug, a.pk]),
        {"before": c.pk},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "These dependencies would go round" in page
    for title in (a.title, b.title, c.title):
        assert title in page
    assert not Dependency.objects.filter(before=c, after=a).exists()
    assert Dependency.objects.count() == 3


def test_adding_a_dependency_moves_the_action_and_removing_it_moves_nothing(client, world, chain):
    a, b, c, d = chain
    e = task(world, "Imprimer le programme", "2027-01-05", "2027-01-06")
    client.force_login(world.coordinator)
    response = client.post(
        reverse("actions:dependency_add", args=[world.collective.slug, e.pk]), {"before": b.pk}
    )
    assert response.status_code == 302
    assert Dependency.objects.filter(before=b, after=e).exists()
    assert dates(e) == (D("2027-01-13"), D("2027-01-14"))
    assert any("Imprimer le programme" in message for message in said(response))
    response = client.post(
        reverse("actions:dependency_remove", args=[world.collective.slug, e.pk, b.pk])
    )
    assert response.status_code == 302
    assert not Dependency.objects.filter(before=b, after=e).exists()
    assert dates(e) == (D("2027-01-13"), D("2027-01-14"))
    assert AuditEvent.objects.filter(action="actions.dependency_removed").count() == 1


def test_removing_a_dependency_that_is_not_there_says_so(client, world, chain):
    a, b = chain[:2]
    client.force_login(world.coordinator)
    response = client.post(
        reverse("actions:dependency_remove", args=[world.collective.slug, a.pk, b.pk])
    )
    assert response.status_code == 302
    assert "This action does not depend on that one." in said(response)


def test_an_observer_cannot_move_or_link(client, world, chain):
    a, b = chain[:2]
    client.force_login(world.observer)
    response = client.post(
        reverse("actions:dates", args=[world.collective.slug, a.pk]),
        {"start_date": "2027-02-01", "due_date": "2027-02-02", "base_version": a.version},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("actions:dependency_remove", args=[world.collective.slug, b.pk, a.pk])
    )
    assert response.status_code == 403
    assert dates(a) == (D("2027-01-04"), D("2027-01-08"))
    assert Dependency.objects.filter(before=a, after=b).exists()


# ------------------------------------------------------------------------------ phases


def test_a_pilot_adds_edits_and_deletes_a_projects_phases(client, world):
    board = build_board(world)
    client.force_login(world.member)  # pilots the project
    url = reverse("actions:project_phases", args=[world.collective.slug, board.project.pk])
    response = client.post(
        url,
        {"title": "Lancement", "kind": "stage", "starts_on": "2027-01-04", "ends_on": "2027-02-26"},
    )
    assert response.status_code == 302
    phase = Phase.objects.get(project=board.project)
    assert (phase.title, phase.starts_on, phase.ends_on) == (
        "Lancement",
        D("2027-01-04"),
        D("2027-02-26"),
    )
    action = board.actions[0]
    Action.objects.filter(pk=action.pk).update(phase=phase)
    page = client.get(url).content.decode()
    assert "Lancement" in page and "<caption" in page
    assert reverse("actions:phase_edit", args=[world.collective.slug, phase.pk]) in page

    edit = reverse("actions:phase_edit", args=[world.collective.slug, phase.pk])
    response = client.post(edit, {"title": "Démarrage", "kind": "stage", "starts_on": "2027-01-11"})
    assert response.status_code == 302
    phase.refresh_from_db()
    assert (phase.title, phase.starts_on, phase.ends_on) == ("Démarrage", D("2027-01-11"), None)

    delete = reverse("actions:phase_delete", args=[world.collective.slug, phase.pk])
    confirm = client.get(delete).content.decode()
    assert "holds 1 action" in confirm and "in no phase" in confirm
    assert Phase.objects.filter(pk=phase.pk).exists()
    response = client.post(delete)
    assert response.status_code == 302
    assert not Phase.objects.filter(pk=phase.pk).exists()
    action.refresh_from_db()
    assert action.phase is None
    assert set(
        AuditEvent.objects.filter(action__startswith="actions.phase_").values_list(
            "action", flat=True
        )
    ) == {"actions.phase_created", "actions.phase_updated", "actions.phase_deleted"}


def test_a_phase_ending_before_it_starts_is_refused(client, world):
    board = build_board(world)
    client.force_login(world.coordinator)
    url = reverse("actions:project_phases", args=[world.collective.slug, board.project.pk])
    response = client.post(
        url,
        {"title": "Lancement", "kind": "stage", "starts_on": "2027-02-01", "ends_on": "2027-01-01"},
    )
    assert response.status_code == 400
    assert "A phase cannot end before it starts." in response.content.decode()
    assert not Phase.objects.exists()


def test_the_spiral_button_adds_the_five_phases_once(client, world):
    consultation = ConsultationFactory(collective=world.collective, created_by=world.facilitator)
    url = reverse("actions:consultation_phases", args=[world.collective.slug, consultation.pk])
    client.force_login(world.observer)
    assert "Add the SPIRAL phases" not in client.get(url).content.decode()
    assert client.post(url, {"spiral": "1"}).status_code == 403
    client.force_login(world.facilitator)
    assert "Add the SPIRAL phases" in client.get(url).content.decode()
    response = client.post(url, {"spiral": "1"})
    assert response.status_code == 302
    kinds = list(consultation.phases.values_list("kind", flat=True))
    assert kinds == [
        PhaseKind.PREPARATION,
        PhaseKind.SESSIONS,
        PhaseKind.SYNTHESES,
        PhaseKind.ROUNDS,
        PhaseKind.FINAL_MEETING,
    ]
    page = client.get(url).content.decode()
    assert "Add the SPIRAL phases" not in page and "Final meeting" in page
    response = client.post(url, {"spiral": "1"})
    assert "This consultation already has phases." in said(response)
    assert consultation.phases.count() == 5


def test_a_phase_of_another_collective_is_not_found(client, world):
    board = build_board(world)
    phase = services_planning.create_phase(
        actor=world.coordinator,
        collective=world.collective,
        project=board.project,
        title="Lancement",
    )
    client.force_login(world.outsider)
    edit = reverse("actions:phase_edit", args=[world.other.slug, phase.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"title": "Volé", "kind": "stage"}).status_code == 404
    phase.refresh_from_db()
    assert phase.title == "Lancement"
